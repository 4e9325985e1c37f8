namespace Protmem.Hardware;

/// <summary>Architectural constants shared by every block of the modelled SoC.</summary>
public static class HwConstants
{
    /// <summary>The granule of DRAM, the firewall, the IOMMUs and the CPU MMU: 4 KiB.</summary>
    public const ulong PageSize = 4096;

    /// <summary>log2 of <see cref="PageSize"/>.</summary>
    public const int PageShift = 12;

    /// <summary>Mask of the offset bits inside a page.</summary>
    public const ulong PageMask = PageSize - 1;

    /// <summary>Width of a physical address on the bus: 40 bits, as the Rockchip IOMMU v2 entries encode.</summary>
    public const int PhysAddressBits = 40;

    /// <summary>One past the highest physical address the bus decodes (1 TiB).</summary>
    public const ulong PhysAddressLimit = 1UL << PhysAddressBits;
}
