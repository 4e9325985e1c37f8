using Protmem.Kernel.Core;
using Protmem.Kernel.Mm;

namespace Protmem.Kernel.Tests.Mm;

public sealed class FreeAreaTests
{
    [Fact]
    public void First_BlocksAcrossSummaryLevels_ReturnsTheLowest()
    {
        var area = new FreeArea(300_000);
        area.Add(299_999);
        area.Add(70_000);
        area.Add(4_097);

        Assert.Equal(4_097, area.First());
        area.Remove(4_097);
        Assert.Equal(70_000, area.First());
        Assert.Equal(299_999, area.NextAtOrAfter(70_001));
        area.Remove(70_000);
        area.Remove(299_999);
        Assert.Equal(-1, area.First());
        Assert.Equal(0, area.Count);
        area.AssertConsistent("test");
    }

    [Fact]
    public void Add_BlockAlreadyListed_ThrowsNamingTheInvariant()
    {
        var area = new FreeArea(64);
        area.Add(5);

        var error = Assert.Throws<KernelOopsException>(() => area.Add(5));

        Assert.Equal("a free block is on its free list once", error.Invariant);
        Assert.Throws<KernelOopsException>(() => area.Remove(6));
    }
}
