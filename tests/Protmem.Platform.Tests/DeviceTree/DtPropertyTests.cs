using Protmem.Platform.DeviceTree;

namespace Protmem.Platform.Tests.DeviceTree;

/// <summary>Typed readers of property values, and the errors naming the property when the shape is wrong.</summary>
public sealed class DtPropertyTests
{
    [Fact]
    public void AsUInt32_OneCell_Value()
    {
        Assert.Equal(0x12345678u, DtProperty.FromCells("p", 0x12345678).AsUInt32());
    }

    [Fact]
    public void AsUInt32_TwoCells_ErrorNamesProperty()
    {
        var error = Assert.Throws<DtValueException>(() => DtProperty.FromCells("clock-frequency", 1, 2).AsUInt32());

        Assert.Equal("property 'clock-frequency': its 8 bytes are not one 32-bit cell", error.Message);
        Assert.Equal("clock-frequency", error.PropertyName);
    }

    [Fact]
    public void TryAsUInt32_WrongLength_False()
    {
        Assert.False(DtProperty.FromStrings("p", "abcd").TryAsUInt32(out _));
        Assert.True(DtProperty.FromCells("p", 7).TryAsUInt32(out var value));
        Assert.Equal(7u, value);
    }

    [Fact]
    public void AsCells_WholeCells_EachCell()
    {
        Assert.Equal([1u, 2u, 0xffffffffu], DtProperty.FromCells("p", 1, 2, 0xffffffff).AsCells());
    }

    [Fact]
    public void AsCells_PartialCell_Error()
    {
        var error = Assert.Throws<DtValueException>(() => new DtProperty("p", [1, 2, 3]).AsCells());

        Assert.Contains("its 3 bytes are not a whole number of 32-bit cells", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AsUInt64AndAsUInt64s_PairsOfCellsHighFirst()
    {
        var property = DtProperty.FromCells("opp-hz", 0x1, 0x2a05f200, 0, 5);

        Assert.Equal([0x12a05f200UL, 5UL], property.AsUInt64s());
        Assert.Equal(0x1_0000_0002UL, DtProperty.FromCells("x", 1, 2).AsUInt64());
        Assert.Equal(DtProperty.FromCells("x", 1, 2).Value.ToArray(), DtProperty.FromUInt64s("x", 0x1_0000_0002).Value.ToArray());
    }

    [Fact]
    public void ReadNumber_OneOrTwoCellsAtIndex_Combined()
    {
        var property = DtProperty.FromCells("ranges", 0, 0x10, 0x2, 0x3);

        Assert.Equal(0x10UL, property.ReadNumber(0, 2));
        Assert.Equal(0x2_0000_0003UL, property.ReadNumber(2, 2));
        Assert.Throws<DtValueException>(() => property.ReadNumber(3, 2));
        Assert.Throws<DtValueException>(() => property.ReadNumber(0, 3));
    }

    [Fact]
    public void AsString_OneString_Text()
    {
        Assert.Equal("okay", DtProperty.FromStrings("status", "okay").AsString());
    }

    [Theory]
    [InlineData(new byte[] { (byte)'a', (byte)'b' })]
    [InlineData(new byte[] { (byte)'a', 0, (byte)'b', 0 })]
    [InlineData(new byte[] { })]
    public void AsString_NotOneNulTerminatedString_Error(byte[] value)
    {
        Assert.Throws<DtValueException>(() => new DtProperty("status", value).AsString());
        Assert.False(new DtProperty("status", value).TryAsString(out _));
    }

    [Fact]
    public void AsStringList_SeveralStrings_InOrder()
    {
        Assert.Equal(["rockchip,rk3588-uart", "snps,dw-apb-uart"], DtProperty.FromStrings("compatible", "rockchip,rk3588-uart", "snps,dw-apb-uart").AsStringList());
        Assert.Empty(DtProperty.Empty("compatible").AsStringList());
        Assert.Throws<DtValueException>(() => new DtProperty("compatible", "abc"u8).AsStringList());
    }

    [Theory]
    [InlineData(1, 1, new uint[] { 0x1000, 0x100, 0x2000, 0x200 }, new ulong[] { 0x1000, 0x100, 0x2000, 0x200 })]
    [InlineData(2, 2, new uint[] { 0x1, 0x0, 0x0, 0x4000_0000 }, new ulong[] { 0x1_0000_0000, 0x4000_0000 })]
    [InlineData(2, 1, new uint[] { 0x0, 0xfe65_0000, 0x100 }, new ulong[] { 0xfe65_0000, 0x100 })]
    [InlineData(1, 0, new uint[] { 0x3, 0x100 }, new ulong[] { 0x3, 0, 0x100, 0 })]
    public void DecodeReg_CellCounts_AddressSizePairs(int addressCells, int sizeCells, uint[] cells, ulong[] flat)
    {
        var entries = DtProperty.FromCells("reg", cells).DecodeReg(addressCells, sizeCells);

        Assert.Equal(flat, entries.SelectMany(e => new[] { e.Address, e.Size }));
    }

    [Fact]
    public void DecodeReg_LengthNotWholeEntries_Error()
    {
        var error = Assert.Throws<DtValueException>(() => DtProperty.FromCells("reg", 1, 2, 3).DecodeReg(2, 2));

        Assert.Contains("not a whole number of entries of 2 address and 2 size cells", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeReg_ThreeAddressCells_ErrorSaysWhy()
    {
        Assert.Throws<DtValueException>(() => DtProperty.FromCells("reg", 1, 2, 3, 4, 5).DecodeReg(3, 2));
    }

    [Fact]
    public void Constructor_InvalidName_ArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new DtProperty("", []));
        Assert.Throws<ArgumentException>(() => new DtProperty("a b", []));
        Assert.Throws<ArgumentException>(() => DtProperty.FromStrings("p", "nul\0inside"));
    }
}
