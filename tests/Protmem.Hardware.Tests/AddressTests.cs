using FsCheck;
using FsCheck.Fluent;

namespace Protmem.Hardware.Tests;

public sealed class AddressTests
{
    [Fact]
    public void PageHelpers_UnalignedAddress_SplitIntoPageAndOffset()
    {
        var a = new PhysAddr(0x12_3456_7abc);

        Assert.Equal(0x12_3456_7UL, a.PageNumber);
        Assert.Equal(0xabcUL, a.PageOffset);
        Assert.False(a.IsPageAligned);
        Assert.Equal(new PhysAddr(0x12_3456_7000), a.AlignDown());
        Assert.Equal(new PhysAddr(0x12_3456_8000), a.AlignUp());
        Assert.Equal(new PhysAddr(0x12_3456_8000), new PhysAddr(0x12_3456_8000).AlignUp());
    }

    [Fact]
    public void ToString_AnyKind_IsLowerCaseHex()
    {
        Assert.Equal("0x1234567000", new PhysAddr(0x12_3456_7000).ToString());
        Assert.Equal("0xfffff000", new DeviceAddr(0xffff_f000).ToString());
        Assert.Equal("0xffff000040000000", new CpuVirtAddr(0xffff_0000_4000_0000).ToString());
    }

    [Fact]
    public void Operators_AddSubtractCompare_BehaveAsOnTheValue()
    {
        var a = new DeviceAddr(0x1000);
        var b = a + 0x2000;

        Assert.Equal(new DeviceAddr(0x3000), b);
        Assert.Equal(0x2000UL, b - a);
        Assert.Equal(new DeviceAddr(0x2000), b - 0x1000UL);
        Assert.True(a < b && b > a && a <= new DeviceAddr(0x1000) && b >= a);
        Assert.Throws<OverflowException>(() => new PhysAddr(ulong.MaxValue) + 1);
    }

    [Fact]
    public void PhysRange_ContainsOverlapsIntersect_HalfOpen()
    {
        var r = new PhysRange(new PhysAddr(0x1000), 0x2000);

        Assert.Equal(new PhysAddr(0x3000), r.End);
        Assert.True(r.Contains(new PhysAddr(0x1000)));
        Assert.True(r.Contains(new PhysAddr(0x2fff)));
        Assert.False(r.Contains(new PhysAddr(0x3000)));
        Assert.True(r.Overlaps(new PhysRange(new PhysAddr(0x2fff), 1)));
        Assert.False(r.Overlaps(new PhysRange(new PhysAddr(0x3000), 0x1000)));
        Assert.False(r.Overlaps(new PhysRange(new PhysAddr(0x1800), 0)));
        Assert.Equal(new PhysRange(new PhysAddr(0x2000), 0x1000), r.Intersect(new PhysRange(new PhysAddr(0x2000), 0x5000)));
        Assert.Equal(2UL, r.PageCount);
        Assert.Equal("[0x1000, 0x3000)", r.ToString());
    }

    [Fact]
    public void PhysRanges_SetOperations_MatchAByteByByteModel()
    {
        // Ranges over a 64-byte universe; compare against sets of bytes.
        var rangeGen = from start in Gen.Choose(0, 63)
                       from length in Gen.Choose(0, 16)
                       select new PhysRange(new PhysAddr((ulong)start), (ulong)Math.Min(length, 64 - start));
        var listGen = Gen.ListOf(rangeGen).Select(l => l.ToArray());

        Prop.ForAll(listGen.ToArbitrary(), listGen.ToArbitrary(), (a, b) =>
        {
            static HashSet<ulong> Bytes(IEnumerable<PhysRange> rs) =>
                [.. rs.SelectMany(r => Enumerable.Range(0, (int)r.Length).Select(i => r.Start.Value + (ulong)i))];

            var setA = Bytes(a);
            var setB = Bytes(b);
            var normal = PhysRanges.Normalise(a);
            var inter = PhysRanges.Intersect(a, b);
            var diff = PhysRanges.Subtract(a, b);
            return Bytes(normal).SetEquals(setA)
                && normal.Zip(normal.Skip(1)).All(p => p.First.End < p.Second.Start)
                && Bytes(inter).SetEquals(setA.Intersect(setB))
                && Bytes(diff).SetEquals(setA.Except(setB))
                && PhysRanges.TotalLength(a) == (ulong)setA.Count;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void PhysRanges_Pages_ListsEachTouchedPageOnce()
    {
        var pages = PhysRanges.Pages([new PhysRange(new PhysAddr(0x1800), 0x1000), new PhysRange(new PhysAddr(0x2000), 0x10)]).ToList();

        Assert.Equal([new PhysAddr(0x1000), new PhysAddr(0x2000)], pages);
    }
}
