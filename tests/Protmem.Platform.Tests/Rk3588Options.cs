namespace Protmem.Platform.Tests;

/// <summary>Machine options booting rk3588 with its lent protected regions out of the kernel's direct map (<c>--append protmem.unmap_direct_map=1</c>), so the whole-machine check judges the devices alone.</summary>
internal static class Rk3588Options
{
    /// <summary>The kernel option, as a user passes it to <c>--append</c>.</summary>
    public const string UnmapDirectMap = "protmem.unmap_direct_map=1";

    /// <summary>The options for <paramref name="seed"/>.</summary>
    public static MachineOptions LentOutOfDirectMap(ulong seed = 1) => new() { Seed = seed, Append = UnmapDirectMap };
}
