namespace Protmem.Hardware.Iommu;

/// <summary>
/// Encoding of Rockchip IOMMU directory (DTE) and table (PTE) entries, 32-bit little-endian words.
/// v2: bits [31:12] hold PA bits 31:12, [11:8] PA bits 35:32, [7:4] PA bits 39:36 (40-bit physical
/// addresses). v1: bits [31:12] hold PA bits 31:12 (32-bit physical addresses), [11:4] are zero.
/// Both: PTE [3] security (never set by Linux), [2] writable, [1] readable, [0] valid; DTE [0] valid.
/// Invalidating an entry clears bit 0 only. The overloads without a version are v2's.
/// </summary>
public static class RkIommuEntry
{
    public const uint Valid = 1u << 0;
    public const uint Readable = 1u << 1;
    public const uint Writable = 1u << 2;
    public const uint Security = 1u << 3;

    /// <summary>Mask of the address bits in a v2 entry or DTE_ADDR ([31:4]).</summary>
    public const uint AddressMask = 0xFFFF_FFF0;

    /// <summary>Mask of the address bits in a v1 entry or DTE_ADDR ([31:12]).</summary>
    public const uint AddressMaskV1 = 0xFFFF_F000;

    /// <summary>The address bits DTE_ADDR and the entries of <paramref name="version"/> keep.</summary>
    public static uint AddressMaskOf(RkIommuVersion version) => version == RkIommuVersion.V1 ? AddressMaskV1 : AddressMask;

    /// <summary>The physical addresses <paramref name="version"/>'s entries can hold: 4 GiB for v1, 1 TiB for v2.</summary>
    public static ulong PhysLimitOf(RkIommuVersion version) => version == RkIommuVersion.V1 ? 1UL << 32 : HwConstants.PhysAddressLimit;

    /// <summary>IOVA bits [31:22]: index into the directory.</summary>
    public static int DteIndex(DeviceAddr iova) => (int)((iova.Value >> 22) & 0x3FF);

    /// <summary>IOVA bits [21:12]: index into a page table.</summary>
    public static int PteIndex(DeviceAddr iova) => (int)((iova.Value >> 12) & 0x3FF);

    /// <summary>The address bits of a <paramref name="version"/> entry for page-aligned <paramref name="address"/> within its physical space.</summary>
    public static uint EncodeAddress(PhysAddr address, RkIommuVersion version)
    {
        if (version == RkIommuVersion.V2)
        {
            return EncodeAddress(address);
        }

        if (!address.IsPageAligned || address.Value >= PhysLimitOf(RkIommuVersion.V1))
        {
            throw new ArgumentOutOfRangeException(nameof(address), $"{address} is not a page-aligned 32-bit physical address");
        }

        return (uint)address.Value;
    }

    /// <summary>The physical address a <paramref name="version"/> entry points at.</summary>
    public static PhysAddr DecodeAddress(uint entry, RkIommuVersion version) =>
        version == RkIommuVersion.V1 ? new PhysAddr(entry & AddressMaskV1) : DecodeAddress(entry);

    /// <summary>A valid <paramref name="version"/> DTE pointing at the page table <paramref name="pageTable"/>.</summary>
    public static uint MakeDte(PhysAddr pageTable, RkIommuVersion version) => EncodeAddress(pageTable, version) | Valid;

    /// <summary>A valid <paramref name="version"/> PTE for <paramref name="page"/> with <paramref name="prot"/> (security bit clear).</summary>
    public static uint MakePte(PhysAddr page, IommuProt prot, RkIommuVersion version) =>
        EncodeAddress(page, version)
        | ((prot & IommuProt.Read) != 0 ? Readable : 0)
        | ((prot & IommuProt.Write) != 0 ? Writable : 0)
        | Valid;

    /// <summary>The address bits of a v2 entry for page-aligned <paramref name="address"/> below 1 TiB.</summary>
    public static uint EncodeAddress(PhysAddr address)
    {
        if (!address.IsPageAligned || address.Value >= HwConstants.PhysAddressLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(address), $"{address} is not a page-aligned 40-bit physical address");
        }

        var pa = address.Value;
        return (uint)(pa & 0xFFFF_F000) | ((uint)(pa >> 32) & 0xF) << 8 | ((uint)(pa >> 36) & 0xF) << 4;
    }

    /// <summary>The physical address an entry points at.</summary>
    public static PhysAddr DecodeAddress(uint entry) =>
        new((entry & 0xFFFF_F000UL) | (ulong)((entry >> 8) & 0xF) << 32 | (ulong)((entry >> 4) & 0xF) << 36);

    /// <summary>A valid DTE pointing at the page table <paramref name="pageTable"/>.</summary>
    public static uint MakeDte(PhysAddr pageTable) => EncodeAddress(pageTable) | Valid;

    /// <summary>A valid PTE for <paramref name="page"/> with <paramref name="prot"/> (security bit clear, as rk_mk_pte_v2).</summary>
    public static uint MakePte(PhysAddr page, IommuProt prot) =>
        EncodeAddress(page)
        | ((prot & IommuProt.Read) != 0 ? Readable : 0)
        | ((prot & IommuProt.Write) != 0 ? Writable : 0)
        | Valid;

    /// <summary>The entry with its valid bit cleared and everything else kept.</summary>
    public static uint Invalidate(uint entry) => entry & ~Valid;

    public static bool IsValid(uint entry) => (entry & Valid) != 0;

    /// <summary>The access rights a PTE grants.</summary>
    public static IommuProt ProtOf(uint pte) =>
        ((pte & Readable) != 0 ? IommuProt.Read : IommuProt.None) | ((pte & Writable) != 0 ? IommuProt.Write : IommuProt.None);

    /// <summary>True when the PTE allows <paramref name="direction"/>.</summary>
    public static bool Permits(uint pte, AccessDirection direction) =>
        (pte & (direction == AccessDirection.Read ? Readable : Writable)) != 0;
}
