using Protmem.Kernel.Core;
using Protmem.Kernel.DmaBufs;
using Protmem.Uapi;

namespace Protmem.Kernel.Tests;

/// <summary>Fences and reservation objects, after Linux's st-dma-fence and st-dma-resv cases.</summary>
public class DmaFenceTests
{
    [Fact]
    public void Signal_Twice_SecondReturnsEinval()
    {
        var fence = new DmaFence(1, 1);
        Assert.False(fence.IsSignaled);
        Assert.Equal(0, fence.Status);
        Assert.Equal(0, fence.Signal());
        Assert.Equal(-Errno.EINVAL, fence.Signal());
        Assert.Equal(1, fence.Status);
    }

    [Fact]
    public void AddCallback_RunsOnSignal_LateAddReturnsEnoent()
    {
        var fence = new DmaFence(1, 1);
        var runs = 0;
        var callback = new DmaFenceCallback(_ => runs++);
        Assert.Equal(0, fence.AddCallback(callback));
        fence.Signal();
        Assert.Equal(1, runs);
        Assert.Equal(-Errno.ENOENT, fence.AddCallback(new DmaFenceCallback(_ => runs++)));
        Assert.Equal(1, runs);
        Assert.False(fence.RemoveCallback(callback));
    }

    [Fact]
    public void RemoveCallback_BeforeSignal_CallbackNeverRuns()
    {
        var fence = new DmaFence(1, 1);
        var runs = 0;
        var callback = new DmaFenceCallback(_ => runs++);
        fence.AddCallback(callback);
        Assert.True(fence.RemoveCallback(callback));
        fence.Signal();
        Assert.Equal(0, runs);
    }

    [Fact]
    public void SetError_StatusIsErrorOnlyAfterSignal()
    {
        var fence = new DmaFence(1, 1);
        fence.SetError(-Errno.EIO);
        Assert.Equal(0, fence.Status);
        fence.Signal();
        Assert.Equal(-Errno.EIO, fence.Status);
        Assert.Throws<KernelOopsException>(() => fence.SetError(-Errno.EIO));
    }

    [Fact]
    public void FenceArray_SignalsWhenAllHave_TakingTheFirstError()
    {
        var a = new DmaFence(1, 1);
        var b = new DmaFence(2, 1);
        var array = new DmaFenceArray([a, b], 3, 1);
        Assert.False(array.IsSignaled);
        b.SetError(-Errno.ETIMEDOUT);
        b.Signal();
        Assert.False(array.IsSignaled);
        a.Signal();
        Assert.True(array.IsSignaled);
        Assert.Equal(-Errno.ETIMEDOUT, array.Status);
        Assert.True(new DmaFenceArray([DmaFence.Stub()], 4, 1).IsSignaled);
    }

    [Theory]
    [InlineData(DmaResvUsage.Kernel)]
    [InlineData(DmaResvUsage.Write)]
    [InlineData(DmaResvUsage.Read)]
    [InlineData(DmaResvUsage.Bookkeep)]
    public void Resv_FenceOfUsage_SeenByThatUsageAndWeaker(DmaResvUsage usage)
    {
        var resv = new DmaResv();
        var fence = new DmaFence(1, 1);
        resv.AddFence(fence, usage);
        foreach (var query in Enum.GetValues<DmaResvUsage>())
        {
            Assert.Equal(query >= usage, resv.GetFences(query).Contains(fence));
            Assert.Equal(query < usage, resv.TestSignaled(query));
        }

        fence.Signal();
        Assert.True(resv.TestSignaled(DmaResvUsage.Bookkeep));
    }

    [Fact]
    public void Resv_LaterFenceOfSameContext_ReplacesTheOlder()
    {
        var resv = new DmaResv();
        resv.AddFence(new DmaFence(9, 1), DmaResvUsage.Write);
        var newer = new DmaFence(9, 2);
        resv.AddFence(newer, DmaResvUsage.Write);
        Assert.Equal(newer, Assert.Single(resv.GetFences(DmaResvUsage.Bookkeep)));
    }
}
