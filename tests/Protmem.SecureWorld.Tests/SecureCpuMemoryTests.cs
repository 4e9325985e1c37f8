using Protmem.Hardware;
using Protmem.Hardware.Firewall;
using Protmem.Hardware.Time;

namespace Protmem.SecureWorld.Tests;

/// <summary>The secure CPU's DRAM-to-DRAM copy and in-place update: judged and charged as a read then a write.</summary>
public sealed class SecureCpuMemoryTests
{
    private static readonly PhysAddr Source = new(TestBoard.BufferBase);
    private static readonly PhysAddr Target = new(TestBoard.BufferBase + 0x10_0000);
    private static readonly byte[] Data = [.. Enumerable.Range(0, 5000).Select(i => (byte)((i * 13) + 1))];

    [Fact]
    public void TryCopy_Allowed_MovesTheBytesAsTwoTransactionsChargedAsReadPlusWrite()
    {
        var (soc, memory) = Board(writeDenied: false);
        var before = (soc.Clock.Now, soc.Bus.CompletedTransactions);

        Assert.True(memory.TryCopy(Target, Source, (ulong)Data.Length));

        var back = new byte[Data.Length];
        soc.Memory.Read(Target, back);
        Assert.Equal(Data, back);
        Assert.Equal(before.CompletedTransactions + 2, soc.Bus.CompletedTransactions);
        Assert.Equal(before.Now + (2 * CostModel.ToTicks(soc.Costs.CpuCopy((ulong)Data.Length))), soc.Clock.Now);
    }

    [Fact]
    public void TryCopy_WriteDenied_MovesNothingAndRecordsTheFault()
    {
        var (soc, memory) = Board(writeDenied: true);
        var faults = soc.Bus.FaultCount;

        Assert.False(memory.TryCopy(Target, Source, (ulong)Data.Length));

        var back = new byte[Data.Length];
        soc.Memory.Read(Target, back);
        Assert.All(back, b => Assert.Equal(0x77, b));
        Assert.Equal(faults + 1, soc.Bus.FaultCount);
    }

    [Fact]
    public void TryUpdate_WriteDenied_LeavesTheBytes_Allowed_ChangesThemWhereTheyLie()
    {
        var (denied, deniedMemory) = Board(writeDenied: true);
        Assert.False(deniedMemory.TryUpdate(Target, 16, bytes => bytes.Fill(1)));
        var back = new byte[16];
        denied.Memory.Read(Target, back);
        Assert.All(back, b => Assert.Equal(0x77, b));

        var (soc, memory) = Board(writeDenied: false);
        Assert.True(memory.TryUpdate(Source, 16, bytes => bytes.Reverse()));
        soc.Memory.Read(Source, back);
        Assert.Equal(Data[..16].Reverse(), back);
    }

    private static (Soc Soc, SecureCpuMemory Memory) Board(bool writeDenied)
    {
        var soc = new Soc(TestBoard.Description());
        soc.Memory.Write(Source, Data);
        soc.Memory.Fill(new PhysRange(Target, 0x2000), 0x77);
        if (writeDenied)
        {
            soc.Firewall.ProgramRegion(soc.TakeSecureFirmwareCapability(), 1, new PhysRange(Target, 0x2000), new FirewallPermissions(SecureRead: true, SecureWrite: false, 0, 0));
        }

        return (soc, new SecureCpuMemory(soc));
    }
}
