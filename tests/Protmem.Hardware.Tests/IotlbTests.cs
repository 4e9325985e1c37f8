using Protmem.Hardware.Iommu;

namespace Protmem.Hardware.Tests;

/// <summary>The IOTLB caches what it was given until a zap: one line, or all of them.</summary>
public sealed class IotlbTests
{
    [Fact]
    public void Clear_AfterInserts_DropsEveryLine()
    {
        var tlb = new Iotlb(8);
        tlb.Insert(1, 0x11);
        tlb.Insert(6, 0x66);

        tlb.Clear();

        Assert.False(tlb.TryLookup(1, out _));
        Assert.False(tlb.TryLookup(6, out _));
        Assert.Empty(tlb.Entries());
    }

    [Fact]
    public void Clear_AfterManyOneLineZapsAndRefills_StillDropsEveryLine()
    {
        var tlb = new Iotlb(4);
        for (ulong page = 0; page < 100; page++)
        {
            tlb.Insert(page, (uint)page);
            tlb.Invalidate(page);
            tlb.Insert(page, (uint)page + 1);
        }

        Assert.Equal(4, tlb.Entries().Count());
        tlb.Clear();

        Assert.Empty(tlb.Entries());
        Assert.False(tlb.TryLookup(99, out _));
    }

    [Fact]
    public void Insert_SameLineOtherPage_EvictsAndTranslatesTheNewPage()
    {
        var tlb = new Iotlb(4);
        tlb.Insert(1, 0x11);
        tlb.Insert(5, 0x55);

        Assert.False(tlb.TryLookup(1, out _));
        Assert.True(tlb.TryLookup(5, out var pte));
        Assert.Equal(0x55u, pte);
    }
}
