namespace Protmem.Platform.DeviceTree;

/// <summary>What <see cref="DtComparer"/> may overlook.</summary>
[Flags]
public enum DtCompareOptions
{
    None = 0,

    /// <summary>Children and properties match by name, not by position (dtc <c>-s</c> output against unsorted input).</summary>
    IgnoreOrder = 1,

    /// <summary>Labels on nodes and properties are not compared (a tree read from a DTB has none).</summary>
    IgnoreLabels = 2,

    IgnoreMemoryReservations = 4,

    IgnoreBootCpuId = 8,
}
