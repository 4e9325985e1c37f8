using Protmem.Cli;

namespace Protmem.Cli.Tests;

/// <summary>The protmem command as a person runs it: output and exit codes.</summary>
public class CliTests
{
    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = CliApp.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void XtestSdpBasic_SmallRunOnDefaultBoard_PassesWithExitZero()
    {
        var (exit, output, _) = Run("xtest", "--sdp-basic", "-n", "5");
        Assert.Equal(CliApp.Ok, exit);
        Assert.Contains("xtest --sdp-basic: 5 of 5 sub-tests as expected, PASSED", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("qemu-virt-ffa")]
    [InlineData("rk3588")]
    public void Xtest1014_OnPlatform_Passes(string platform)
    {
        var (exit, output, _) = Run("xtest", "--platform", platform, "1014");
        Assert.Equal(CliApp.Ok, exit);
        Assert.Contains("regression_1014 OK", output, StringComparison.Ordinal);
    }

    [Fact]
    public void XtestSdpBasic_UnknownHeap_FailsWithExitOne()
    {
        var (exit, output, _) = Run("xtest", "--sdp-basic", "-n", "2", "--heap-name", "protected,nowhere");
        Assert.Equal(CliApp.Failed, exit);
        Assert.Contains("FAILED", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("xtest", "--sdp-basic", "-s")]
    [InlineData("xtest", "--sdp-basic", "--bogus")]
    [InlineData("xtest")]
    [InlineData("frobnicate")]
    [InlineData("run", "--seed", "x")]
    [InlineData("run", "--platform", "no-such-board")]
    public void BadUsageOrBoard_ExitsTwoWithAMessage(params string[] args)
    {
        var (exit, _, error) = Run(args);
        Assert.Equal(CliApp.Usage, exit);
        Assert.StartsWith("protmem: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_OnQemuVirtFfa_ReportsEveryStepAndPasses()
    {
        var (exit, output, _) = Run("run", "--platform", "qemu-virt-ffa");
        Assert.Equal(CliApp.Ok, exit);
        Assert.Contains("xtest --sdp-basic: 5 of 5", output, StringComparison.Ordinal);
        Assert.Contains("xtest 1014: 5 of 5", output, StringComparison.Ordinal);
        Assert.Contains("protected,secure-video", output, StringComparison.Ordinal);
        Assert.Equal(2, output.Split("safety after each sub-test: ok (5 checks)").Length - 1);
        Assert.Contains("safety (pools full, nothing lent or open): ok", output, StringComparison.Ordinal);
        Assert.Contains("RESULT: PASS", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_OnQemuVirtLinaro_RunsXtestOnTheRestrictedHeapAndPasses()
    {
        var (exit, output, _) = Run("run", "--platform", "qemu-virt-linaro");
        Assert.Equal(CliApp.Ok, exit);
        Assert.Contains("xtest --sdp-basic (5000 bytes, 1000 loops) on restricted@7fc00000", output, StringComparison.Ordinal);
        Assert.Contains("xtest 1014: 5 of 5", output, StringComparison.Ordinal);
        Assert.Contains("RESULT: PASS", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_OnQemuVirtRstmem_XtestAllocatesThroughTheTeeIoctl()
    {
        var (exit, output, _) = Run("run", "--platform", "qemu-virt-rstmem");
        Assert.Equal(CliApp.Ok, exit);
        Assert.Contains("1. xtest --sdp-basic (5000 bytes, 1000 loops) on rstmem,secure-video", output, StringComparison.Ordinal);
        Assert.DoesNotContain("not run", output, StringComparison.Ordinal);
        Assert.Contains("RESULT: PASS", output, StringComparison.Ordinal);
    }
}
