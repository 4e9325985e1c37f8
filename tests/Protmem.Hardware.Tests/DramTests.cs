using Protmem.Hardware.Memory;

namespace Protmem.Hardware.Tests;

/// <summary>The contract of a DRAM bank, run against every backing (<see cref="DramBacking"/>).</summary>
public abstract class DramTests
{
    private static readonly PhysAddr Base = new(0x8000_0000);

    protected abstract DramBacking Backing { get; }

    private Dram Create(PhysAddr baseAddress, ulong size) => new(baseAddress, size, Backing);

    [Fact]
    public void Read_UntouchedPages_ReadsZeroAndMaterialisesNothing()
    {
        var dram = Create(Base, 1UL << 30);
        var into = new byte[10_000];
        Array.Fill(into, (byte)0xAA);

        dram.Read(Base + 0x123, into);

        Assert.All(into, b => Assert.Equal(0, b));
        Assert.Equal(0, dram.MaterialisedPages);
    }

    [Fact]
    public void Write_AcrossPageBoundary_ReadsBackAndMaterialisesBothPages()
    {
        var dram = Create(Base, 1UL << 20);
        var data = Enumerable.Range(0, 100).Select(i => (byte)(i + 1)).ToArray();

        dram.Write(Base + 0xFD0, data);

        var back = new byte[100];
        dram.Read(Base + 0xFD0, back);
        Assert.Equal(data, back);
        Assert.Equal(2, dram.MaterialisedPages);
        Assert.True(dram.IsMaterialised(Base));
        Assert.True(dram.IsMaterialised(Base + 0x1000));
        Assert.False(dram.IsMaterialised(Base + 0x2000));
        dram.AssertInvariants();
    }

    [Fact]
    public void Write_ZerosIntoUntouchedPage_DoesNotMaterialise()
    {
        var dram = Create(Base, 1UL << 20);

        dram.Write(Base + 0x5000, new byte[8192]);

        Assert.Equal(0, dram.MaterialisedPages);
    }

    [Fact]
    public void Fill_PartialPages_SetsExactlyTheRange()
    {
        var dram = Create(Base, 1UL << 20);

        dram.Fill(new PhysRange(Base + 0x0FFE, 4), 0x5A);

        var back = new byte[8];
        dram.Read(Base + 0x0FFC, back);
        Assert.Equal(new byte[] { 0, 0, 0x5A, 0x5A, 0x5A, 0x5A, 0, 0 }, back);
    }

    [Fact]
    public void Zero_WholePages_GivesHostMemoryBackAndReadsZero()
    {
        var dram = Create(Base, 1UL << 20);
        dram.Fill(new PhysRange(Base, 0x3000), 0xFF);
        Assert.Equal(3, dram.MaterialisedPages);

        dram.Zero(new PhysRange(Base + 0x800, 0x2000));

        Assert.Equal(2, dram.MaterialisedPages); // the middle page was whole and is gone; the edges are partial
        var back = new byte[0x3000];
        dram.Read(Base, back);
        Assert.All(back.AsSpan(0, 0x800).ToArray(), b => Assert.Equal(0xFF, b));
        Assert.All(back.AsSpan(0x800, 0x2000).ToArray(), b => Assert.Equal(0, b));
        Assert.All(back.AsSpan(0x2800).ToArray(), b => Assert.Equal(0xFF, b));
        dram.AssertInvariants();
    }

    [Fact]
    public void ReadWriteUInt32_LittleEndianAcrossPageEdge_RoundTrips()
    {
        var dram = Create(Base, 1UL << 20);

        dram.WriteUInt32(Base + 0xFFE, 0x1122_3344);

        var bytes = new byte[4];
        dram.Read(Base + 0xFFE, bytes);
        Assert.Equal(new byte[] { 0x44, 0x33, 0x22, 0x11 }, bytes);
        Assert.Equal(0x1122_3344u, dram.ReadUInt32(Base + 0xFFE));
    }

    [Fact]
    public void Access_OutsideBank_Throws()
    {
        var dram = Create(Base, 0x2000);

        Assert.Throws<ArgumentOutOfRangeException>(() => dram.Read(Base + 0x1FFF, new byte[2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => dram.Write(new PhysAddr(Base.Value - 1), new byte[1]));
    }

    [Fact]
    public void Constructor_UnalignedOrBeyond40Bits_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Dram(new PhysAddr(0x1001), 0x1000));
        Assert.Throws<ArgumentException>(() => new Dram(new PhysAddr(0), 0x1800));
        Assert.Throws<ArgumentException>(() => new Dram(new PhysAddr(HwConstants.PhysAddressLimit - 0x1000), 0x2000));
    }

    [Fact]
    public void Soc_With16GiBBeforeAnyWrite_CostsUnder16MiBOfHostMemory()
    {
        var description = TestBoards.Description() with
        {
            DramBanks = [new DramBankDescription(0x4000_0000, 16UL << 30)],
        };

        var before = GC.GetAllocatedBytesForCurrentThread();
        var soc = new Soc(description);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(16UL << 30, soc.Memory.TotalSize);
        Assert.True(allocated < 16L << 20, $"building a 16 GiB SoC allocated {allocated} bytes");
        Assert.Equal(0, soc.Memory.MaterialisedPages);
    }

    [Fact]
    public void PhysicalMemory_TouchingBanks_ReadAndWriteAcrossTheSeam()
    {
        var memory = new PhysicalMemory([new Dram(new PhysAddr(0x1000), 0x1000), new Dram(new PhysAddr(0x2000), 0x1000)]);

        memory.Write(new PhysAddr(0x1FFE), new byte[] { 1, 2, 3, 4 });

        var back = new byte[4];
        memory.Read(new PhysAddr(0x1FFE), back);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, back);
        Assert.True(memory.Contains(new PhysRange(new PhysAddr(0x1000), 0x2000)));
        Assert.False(memory.Contains(new PhysRange(new PhysAddr(0x1000), 0x2001)));
    }

    [Fact]
    public void PhysicalMemory_Copy_MovesBytesAcrossTheSeamAndCopiesAnUntouchedPageAsZeros()
    {
        var memory = new PhysicalMemory([Create(new PhysAddr(0x10_0000), 0x4000), Create(new PhysAddr(0x10_4000), 0x4000)]);
        var data = Enumerable.Range(0, 3000).Select(i => (byte)((i % 251) + 1)).ToArray();
        memory.Write(new PhysAddr(0x10_0F00), data);
        var target = new PhysAddr(0x10_3F00);
        memory.Write(target, Enumerable.Repeat((byte)0xEE, 0x2000).ToArray());

        // 3000 written bytes, then 0x1000 bytes of a page never written.
        memory.Copy(target, new PhysAddr(0x10_0F00), 3000 + 0x1000);

        var back = new byte[3000 + 0x1000];
        memory.Read(target, back);
        Assert.Equal(data, back[..3000]);
        Assert.All(back[3000..], b => Assert.Equal(0, b));
        Assert.Throws<ArgumentException>(() => memory.Copy(new PhysAddr(0x10_0F10), new PhysAddr(0x10_0F00), 0x100));
    }

    [Fact]
    public void PhysicalMemory_Update_ChangesBytesWhereTheyLieAndAnUntouchedPageStaysUnbacked()
    {
        var dram = Create(Base, 1UL << 20);
        var memory = new PhysicalMemory([dram]);
        memory.Write(Base + 0xF00, Enumerable.Repeat((byte)3, 0x100).ToArray());

        memory.Update(Base + 0xF00, 0x1100, bytes =>
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = unchecked((byte)-bytes[i]);
            }
        });

        var back = new byte[0x1100];
        memory.Read(Base + 0xF00, back);
        Assert.All(back[..0x100], b => Assert.Equal(0xFD, b));
        Assert.All(back[0x100..], b => Assert.Equal(0, b));
        Assert.Equal(1, dram.MaterialisedPages);
    }

    [Fact]
    public void PhysicalMemory_OverlappingBanks_AreRefused()
    {
        Assert.Throws<ArgumentException>(() =>
            new PhysicalMemory([new Dram(new PhysAddr(0x1000), 0x2000), new Dram(new PhysAddr(0x2000), 0x1000)]));
    }

    [Fact]
    public void PagePool_AllocFree_HandsOutLowestFreePageAndRefusesDoubleFree()
    {
        var pool = new PagePool(new PhysRange(new PhysAddr(0x10_0000), 0x3000));

        Assert.True(pool.TryAllocPage(out var a));
        Assert.True(pool.TryAllocPage(out var b));
        Assert.True(pool.TryAllocPage(out var c));
        Assert.False(pool.TryAllocPage(out _));
        pool.FreePage(b);
        Assert.True(pool.TryAllocPage(out var again));

        Assert.Equal([new PhysAddr(0x10_0000), new PhysAddr(0x10_1000), new PhysAddr(0x10_2000)], new[] { a, b, c });
        Assert.Equal(b, again);
        pool.FreePage(a);
        Assert.Throws<InvalidOperationException>(() => pool.FreePage(a));
    }
}
