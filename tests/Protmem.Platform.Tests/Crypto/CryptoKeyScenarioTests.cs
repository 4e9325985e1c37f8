using Protmem.SecureWorld.Ta;
using Protmem.Userspace;
using Protmem.Userspace.Crypto;

namespace Protmem.Platform.Tests.Crypto;

/// <summary>The crypto-key scenario program on every shipped board: PASS where the board has the crypto-key use case, SKIP with the reason elsewhere.</summary>
public sealed class CryptoKeyScenarioTests
{
    [Fact]
    public void Run_Rk3588_EveryStepPassesAndTheMachineStaysSafe()
    {
        using var machine = Machine.Boot("rk3588", Rk3588Options.LentOutOfDirectMap(9));
        using var log = new StringWriter();

        var steps = new CryptoKeyScenario(machine.Spawn("crypto-key"), log, machine.CreateRandomSource()).Run(KeyProvisioningTaAbi.ProvisioningKey());

        Assert.Equal(3, steps.Count);
        Assert.All(steps, s => Assert.True(s.Verdict == Verdict.Pass, $"{s.Name}: {s.Reason}"));
        Assert.Equal(Verdict.Pass, Userspace.RunVerdict.Of(steps).Verdict);
        Assert.True(machine.Soc.CryptoEngines["crypto"].JobsRun >= 3);
        machine.CheckInvariants();
        var safety = machine.CheckSafety();
        Assert.True(safety.Passed, string.Join("\n", safety.Findings));
    }

    [Theory]
    [InlineData("qemu-virt")]
    [InlineData("qemu-virt-ffa")]
    [InlineData("qemu-virt-mtk")]
    public void Run_BoardWithoutTheUseCase_SkipsSayingWhy(string board)
    {
        using var machine = Machine.Boot(board);
        using var log = new StringWriter();

        var steps = new CryptoKeyScenario(machine.Spawn("crypto-key"), log, machine.CreateRandomSource()).Run();

        var verdict = Userspace.RunVerdict.Of(steps);
        Assert.Equal(Verdict.Skip, verdict.Verdict);
        Assert.Contains(verdict.Reasons, r => r.Contains("protected,crypto-key", StringComparison.Ordinal));
    }
}
