using Protmem.Hardware.Bus;
using Protmem.Kernel.Accel.Rocket;
using Protmem.Platform.Boards;
using Protmem.Platform.Npu;

namespace Protmem.Platform.Tests.Npu;

/// <summary>
/// The isolation matrix on rk3588: a multi-client workload in which the last client's job reads the first
/// client's secret BO by its NPU address, under every strategy.
/// </summary>
public sealed class NpuIsolationMatrixTests
{
    private static readonly Lazy<IReadOnlyList<NpuIsolationRow>> Rows = new(() => NpuIsolationComparison.Run(PlatformCatalog.Load("rk3588"), clients: 3, jobs: 6));

    public static TheoryData<string> Isolating => new() { "per-job-map", "per-context-swap", "per-file-domain", "per-file-domain-keep-attached" };

    [Fact]
    public void Compare_SharedContext_AttackerReadsTheSecretAndTheOracleReportsIt()
    {
        var row = Rows.Value.Single(r => r.Strategy == "shared-context");
        Assert.True(row.CrossClientAccess);
        Assert.Null(row.AttackFault);
        Assert.NotEmpty(row.OracleFindings);
        Assert.Contains("can reach the BOs of 3 clients", row.OracleFindings[0], StringComparison.Ordinal);
        Assert.True(row.ResultsCorrect);
        Assert.True(row.VictimCompleted);
    }

    [Theory]
    [MemberData(nameof(Isolating))]
    public void Compare_IsolatingStrategy_AttackFaultsAtTheVictimsAddressAndTheVictimCompletes(string strategy)
    {
        var row = Rows.Value.Single(r => r.Strategy == strategy);
        Assert.False(row.CrossClientAccess);
        Assert.Empty(row.OracleFindings);
        Assert.NotNull(row.AttackFault);
        Assert.StartsWith(nameof(DeviceAccessResult.IommuFault) + " at 0x", row.AttackFault, StringComparison.Ordinal);
        Assert.Contains("core reset after the 500 ms timeout", row.AttackFault, StringComparison.Ordinal);
        Assert.True(row.ResultsCorrect);
        Assert.True(row.VictimCompleted);
    }

    [Fact]
    public void Compare_EveryStrategy_CostsDifferAsTheDesignsSay()
    {
        var rows = Rows.Value.ToDictionary(r => r.Strategy);
        Assert.Equal(RocketIsolationNames.All.Select(a => a.Name), Rows.Value.Select(r => r.Strategy));
        Assert.Equal(0, rows["shared-context"].AttachesPerJob);
        Assert.Equal(0, rows["shared-context"].MapsPerJob);
        Assert.Equal(1, rows["per-file-domain"].AttachesPerJob);
        Assert.Equal(1, rows["per-file-domain"].DetachesPerJob);
        Assert.True(rows["per-job-map"].MapsPerJob >= 3, "per-job-map maps the job's three in BOs and its out BO each job");
        Assert.Equal(rows["per-job-map"].MapsPerJob, rows["per-job-map"].UnmapsPerJob);
        Assert.True(rows["per-file-domain-keep-attached"].AttachesPerJob < rows["per-file-domain"].AttachesPerJob);
        Assert.True(rows["per-file-domain"].IommuUsPerJob > rows["shared-context"].IommuUsPerJob);
    }
}
