using Protmem.Userspace.DmaHeaps;

namespace Protmem.Platform.Tests.Tee;

/// <summary>
/// Several processes allocating, registering, invoking and doing sdp_basic round trips on one board,
/// their calls interleaved by a seeded schedule: no process reaches the secmem TA, no round trip sees
/// another's bytes, no oops, the machine is safe, and nothing outlives the processes.
/// </summary>
public class MultiProcessTeeTests
{
    public static TheoryData<string, int> Runs => new()
    {
        { "qemu-virt", 1 },
        { "qemu-virt", 2 },
        { "qemu-virt-mtk", 1 },
        { "qemu-virt-mtk", 2 },
        { "qemu-virt-ffa", 1 },
        { "qemu-virt-linaro", 1 },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void ThreeProcesses_RandomTeeWork_NoCrossTalkNoSecmemSessionNoOopsNoLeak(string board, int seed)
    {
        using var machine = Machine.Boot(board);
        var boot = machine.Resources;
        var sdpHeap = machine.DmaHeapNames.First(h => h == ProtectedHeapNames.SecureVideo || h.StartsWith("restricted", StringComparison.Ordinal));
        var workload = new TeeWorkload(machine, processes: 3, seed, sdpHeap);

        for (var round = 0; round < 4; round++)
        {
            workload.Run(250);
            machine.CheckInvariants();
            var report = machine.CheckSafety();
            Assert.True(report.Passed, string.Join("\n", report.Findings));
        }

        Assert.Empty(workload.Mismatches);
        Assert.True(workload.RoundTrips > 20, $"only {workload.RoundTrips} round trips completed");
        Assert.True(workload.InterleavedRoundTrips > 5, $"only {workload.InterleavedRoundTrips} round trips had another process's TEE call between INJECT and DUMP");
        Assert.Equal(0, workload.SecmemSessions);
        Assert.True(board != "qemu-virt-mtk" || workload.SecmemRefusals > 0);
        workload.Finish();
        machine.Dispose();
        var after = machine.CheckSafety(quiescent: true);
        Assert.True(after.Passed, string.Join("\n", after.Findings));
        machine.CheckInvariants();
        Assert.Equal(boot.WithoutIommuTables() with { Processes = 0 }, machine.Resources.WithoutIommuTables() with { Processes = 0 });
    }
}
