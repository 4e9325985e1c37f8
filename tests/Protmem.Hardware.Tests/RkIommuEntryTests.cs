using Protmem.Hardware.Iommu;

namespace Protmem.Hardware.Tests;

public sealed class RkIommuEntryTests
{
    // Hand-computed: PA 0x12_3456_7000 → [31:12] = 0x34567, PA[35:32] = 0x2 at [11:8], PA[39:36] = 0x1 at [7:4].
    [Theory]
    [InlineData(0x12_3456_7000UL, 0x3456_7210u)]
    [InlineData(0x00_4000_1000UL, 0x4000_1000u)]
    [InlineData(0x01_0000_0000UL, 0x0000_0100u)]
    [InlineData(0x10_0000_0000UL, 0x0000_0010u)]
    [InlineData(0xFF_FFFF_F000UL, 0xFFFF_FFF0u)]
    [InlineData(0x00_0000_0000UL, 0x0000_0000u)]
    public void EncodeAddress_HandComputed_MatchesAndDecodesBack(ulong pa, uint encoded)
    {
        Assert.Equal(encoded, RkIommuEntry.EncodeAddress(new PhysAddr(pa)));
        Assert.Equal(new PhysAddr(pa), RkIommuEntry.DecodeAddress(encoded));
    }

    [Fact]
    public void MakePte_Above4GiB_SetsFlagBitsAndNeverSecurity()
    {
        var page = new PhysAddr(0x12_3456_7000);

        Assert.Equal(0x3456_7217u, RkIommuEntry.MakePte(page, IommuProt.ReadWrite));
        Assert.Equal(0x3456_7213u, RkIommuEntry.MakePte(page, IommuProt.Read));
        Assert.Equal(0x3456_7215u, RkIommuEntry.MakePte(page, IommuProt.Write));
        Assert.Equal(0x3456_7211u, RkIommuEntry.MakePte(page, IommuProt.None));
        Assert.Equal(0x3456_7211u, RkIommuEntry.MakeDte(page));
        Assert.Equal(0u, RkIommuEntry.MakePte(page, IommuProt.ReadWrite) & RkIommuEntry.Security);
    }

    [Fact]
    public void Invalidate_ClearsOnlyTheValidBit()
    {
        var pte = RkIommuEntry.MakePte(new PhysAddr(0x12_3456_7000), IommuProt.ReadWrite);

        var invalid = RkIommuEntry.Invalidate(pte);

        Assert.Equal(0x3456_7216u, invalid);
        Assert.False(RkIommuEntry.IsValid(invalid));
        Assert.Equal(new PhysAddr(0x12_3456_7000), RkIommuEntry.DecodeAddress(invalid));
        Assert.Equal(IommuProt.ReadWrite, RkIommuEntry.ProtOf(invalid));
    }

    [Fact]
    public void Indexes_SplitTheIovaAs31_22And21_12()
    {
        var iova = new DeviceAddr(0xABCD_E123);

        Assert.Equal(0x2AF, RkIommuEntry.DteIndex(iova)); // 0xABCDE123 >> 22 = 0x2AF
        Assert.Equal(0x0DE, RkIommuEntry.PteIndex(iova)); // (0xABCDE123 >> 12) & 0x3FF = 0xDE
    }

    [Fact]
    public void EncodeAddress_UnalignedOrBeyond40Bits_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RkIommuEntry.EncodeAddress(new PhysAddr(0x1234)));
        Assert.Throws<ArgumentOutOfRangeException>(() => RkIommuEntry.EncodeAddress(new PhysAddr(1UL << 40)));
    }

    [Fact]
    public void Permits_ReadableAndWritableBits_DecidePerDirection()
    {
        var readOnly = RkIommuEntry.MakePte(new PhysAddr(0x1000), IommuProt.Read);

        Assert.True(RkIommuEntry.Permits(readOnly, AccessDirection.Read));
        Assert.False(RkIommuEntry.Permits(readOnly, AccessDirection.Write));
    }

    [Fact]
    public void V1_EncodesBits31To12Only_AndRefusesAnAddressAbove4GiB()
    {
        var page = new PhysAddr(0xFEDC_B000);
        Assert.Equal(0xFEDC_B007u, RkIommuEntry.MakePte(page, IommuProt.ReadWrite, RkIommuVersion.V1));
        Assert.Equal(0xFEDC_B001u, RkIommuEntry.MakeDte(page, RkIommuVersion.V1));
        Assert.Equal(page, RkIommuEntry.DecodeAddress(0xFEDC_BFF7u, RkIommuVersion.V1));
        Assert.Equal(RkIommuEntry.AddressMaskV1, RkIommuEntry.AddressMaskOf(RkIommuVersion.V1));
        Assert.Throws<ArgumentOutOfRangeException>(() => RkIommuEntry.EncodeAddress(new PhysAddr(1UL << 32), RkIommuVersion.V1));
    }
}
