using Protmem.Hardware;
using Protmem.Kernel.Core;
using Protmem.Kernel.Tee.Optee;

namespace Protmem.Kernel.Tests.Tee;

/// <summary>The SMC driver's message-arg cache: slots of one kept page, a page more only when all are in use.</summary>
public sealed class OpteeShmArgCacheTests
{
    private static readonly int SlotsPerPage = (int)(HwConstants.PageSize / (ulong)OpteeShmArgCache.SlotSize);

    [Fact]
    public void Get_WhileSlotsAreFree_UsesTheReservedPageOnly()
    {
        var (kernel, cache) = Cache();
        var before = kernel.Snapshot();
        var args = Enumerable.Range(0, SlotsPerPage).Select(_ => cache.Get(OpteeShmArgCache.SlotSize)!.Value).ToList();
        Assert.Equal(SlotsPerPage, args.Distinct().Count());
        Assert.All(args, a => Assert.Equal(args[0].Value & ~(HwConstants.PageSize - 1), a.Value & ~(HwConstants.PageSize - 1)));
        Assert.Equal(before, kernel.Snapshot());
        args.ForEach(cache.Free);
        Assert.Equal(args[0], cache.Get(64));
    }

    [Fact]
    public void Get_EverySlotInUse_AllocatesOnePageMoreAndReusesItAfterwards()
    {
        var (kernel, cache) = Cache();
        var before = kernel.Snapshot();
        var args = Enumerable.Range(0, SlotsPerPage + 1).Select(_ => cache.Get(OpteeShmArgCache.SlotSize)!.Value).ToList();
        Assert.Equal(2, cache.Pages);
        Assert.Equal(before.FreePages - 1, kernel.Snapshot().FreePages);
        args.ForEach(cache.Free);
        Enumerable.Range(0, SlotsPerPage + 1).ToList().ForEach(_ => cache.Get(OpteeShmArgCache.SlotSize));
        Assert.Equal(2, cache.Pages);
        Assert.Equal(before.FreePages - 1, kernel.Snapshot().FreePages);
    }

    [Fact]
    public void Get_ArgLargerThanASlot_IsNull()
    {
        var (_, cache) = Cache();
        Assert.Null(cache.Get(OpteeShmArgCache.SlotSize + 1));
    }

    [Fact]
    public void Free_ArgNotFromTheCache_IsAKernelOops()
    {
        var (_, cache) = Cache();
        var arg = cache.Get(64)!.Value;
        Assert.Throws<KernelOopsException>(() => cache.Free(arg + HwConstants.PageSize));
    }

    [Fact]
    public void Invoke_WarmCache_AllocatesNoKernelPage()
    {
        var machine = TeeMachine.Boot(TeeDesign.Static);
        var before = machine.Kernel.Snapshot();
        using var output = new StringWriter();
        Assert.True(machine.RunSdpBasic(new Userspace.Xtest.SdpBasicOptions { Loops = 3 }, output).Passed, output.ToString());
        Assert.Equal(before, machine.Kernel.Snapshot());
        Assert.Equal(1, ((OpteeSmcTransport)machine.Kernel.Optee!.Transport).ArgCache.Pages);
    }

    private static (KernelContext Kernel, OpteeShmArgCache Cache) Cache()
    {
        var kernel = TeeMachine.Boot(TeeDesign.Static).Kernel;
        var cache = new OpteeShmArgCache(new KernelPages(kernel));
        Assert.True(cache.Reserve());
        return (kernel, cache);
    }
}
