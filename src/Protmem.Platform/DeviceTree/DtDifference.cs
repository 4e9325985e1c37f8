namespace Protmem.Platform.DeviceTree;

/// <summary>The first place two trees differ: a node path, the property if the difference is in one, and what differs.</summary>
public sealed record DtDifference(string Path, string? Property, string Description)
{
    public override string ToString() => Property is null ? $"{Path}: {Description}" : $"{Path} property '{Property}': {Description}";
}
