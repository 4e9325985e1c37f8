using Protmem.Hardware.Memory;

namespace Protmem.Hardware.Tests;

/// <summary>DRAM backed by a memfd: the DRAM contract, and the memfd holds exactly the bank's bytes.</summary>
public sealed class SharedMemoryDramTests : DramTests
{
    protected override DramBacking Backing => DramBacking.SharedMemory;

    [Fact]
    public void Write_SharedBank_TheMemfdHoldsTheBytesAtTheBankOffset()
    {
        using var dram = new Dram(new PhysAddr(0x4000_0000), 1UL << 20, DramBacking.SharedMemory);
        dram.Write(new PhysAddr(0x4000_3000 + 5), [1, 2, 3]);

        using var memfd = File.OpenRead($"/proc/self/fd/{dram.SharedMemoryFd}");
        memfd.Seek(0x3000, SeekOrigin.Begin);
        var back = new byte[8];
        memfd.ReadExactly(back);

        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 1, 2, 3 }, back);
        Assert.Equal(DramBacking.SharedMemory, dram.Backing);
    }

    [Fact]
    public void Zero_WholeWrittenPage_GivesItBackAndReadsZero()
    {
        using var dram = new Dram(new PhysAddr(0x4000_0000), 1UL << 20, DramBacking.SharedMemory);
        var page = new PhysRange(new PhysAddr(0x4000_2000), 0x1000);
        dram.Fill(page, 0x77);
        Assert.Equal(1, dram.MaterialisedPages);

        dram.Zero(page);

        var back = new byte[0x1000];
        dram.Read(page.Start, back);
        Assert.All(back, b => Assert.Equal(0, b));
        Assert.Equal(0, dram.MaterialisedPages);
        dram.AssertInvariants();
    }

    [Fact]
    public void SharedMemoryFd_SparseBank_IsMinusOne()
    {
        var dram = new Dram(new PhysAddr(0x4000_0000), 1UL << 20);

        Assert.Equal(-1, dram.SharedMemoryFd);
    }
}
