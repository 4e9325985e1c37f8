using Protmem.Kernel.Mm;
using Protmem.Kernel.Tests.Tee;
using Protmem.Uapi;
using Protmem.Uapi.Tee;

namespace Protmem.Kernel.Tests;

/// <summary>
/// Lengths near 2^64 that a program chooses: get_order stays defined (it once looped forever on them,
/// hanging DMA_HEAP_IOCTL_ALLOC on a CMA heap and TEE_IOC_SHM_ALLOC), and the calls answer ENOMEM.
/// </summary>
public class HugeLengthTests
{
    [Theory]
    [InlineData(0UL, 0)]
    [InlineData(1UL, 0)]
    [InlineData(4096UL, 0)]
    [InlineData(4097UL, 1)]
    [InlineData(8192UL, 1)]
    [InlineData(1UL << 20, 8)]
    [InlineData((1UL << 63) + 1, 52)]
    [InlineData(ulong.MaxValue, 52)]
    public void GetOrder_AnySize_TheSmallestOrderThatHoldsIt(ulong size, int order)
    {
        Assert.Equal(order, MmConstants.GetOrder(size));
    }

    [Theory]
    [InlineData(0xFFFF_FFFF_FFFF_F000UL)]
    [InlineData(0x8000_0000_0000_0000UL)]
    [InlineData(0x8000_0000_0000_1000UL)]
    public void CmaHeapAlloc_LengthNear2To64_EnomemAndNothingHeld(ulong length)
    {
        var kernel = TestMachine.Boot();
        var p = kernel.Spawn("app");
        var args = TestMachine.MapArgs(p);
        var heap = TestMachine.OpenHeap(p, TestMachine.CmaName);
        var before = kernel.Snapshot();

        Assert.Equal(-Errno.ENOMEM, TestMachine.Alloc(p, heap, args, length));
        Assert.Equal(before, kernel.Snapshot());
    }

    [Theory]
    [InlineData(0xEFFF_FFFF_FFF7_F000UL)]
    [InlineData(0xFFFF_FFFF_FFFF_F000UL)]
    public void SystemHeapAlloc_LengthNear2To64Repeated_EnomemEveryTime(ulong length)
    {
        // Found by protmem fuzz: each call charged its cost to the clock, which overflowed after a few.
        var kernel = TestMachine.Boot();
        var p = kernel.Spawn("app");
        var args = TestMachine.MapArgs(p);
        var heap = TestMachine.OpenHeap(p, "system");
        var before = kernel.Snapshot();

        for (var i = 0; i < 64; i++)
        {
            Assert.Equal(-Errno.ENOMEM, TestMachine.Alloc(p, heap, args, length));
        }

        Assert.Equal(before, kernel.Snapshot());
        Assert.True(TestMachine.Alloc(p, heap, args, 4096) >= 0, "a page is still allocated after the ENOMEMs");
    }

    [Theory]
    [InlineData(0x8000_0000_0000_0000UL)]
    [InlineData(0xFFFF_FFFF_FFFF_F000UL)]
    public void TeeShmAlloc_SizeNear2To64_Enomem(ulong size)
    {
        var machine = TeeMachine.Boot();
        using var client = new TeeClient(machine.Kernel);

        Assert.Equal(-Errno.ENOMEM, client.ShmAlloc(size, out _));
        Assert.Empty(machine.Tee.Shms);
    }
}
