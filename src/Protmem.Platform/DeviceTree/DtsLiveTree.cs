namespace Protmem.Platform.DeviceTree;

/// <summary>What the parser hands to the checks: the live root, the reservations and dtc's boot CPU guess.</summary>
internal sealed record DtsLiveTree(LiveNode Root, IReadOnlyList<DtReserveEntry> Reservations, uint BootCpuId);
