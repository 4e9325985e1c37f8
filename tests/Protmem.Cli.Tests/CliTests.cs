using Protmem.Cli;

namespace Protmem.Cli.Tests;

/// <summary>The protmem command as a person runs it: output and exit codes.</summary>
public class CliTests
{
    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = ProtmemCommand.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void XtestSdpBasic_SmallRunOnDefaultBoard_PassesWithExitZero()
    {
        var (exit, output, _) = Run("xtest", "--sdp-basic", "-n", "5");
        Assert.Equal(ProtmemCommand.ExitOk, exit);
        Assert.Contains("xtest --sdp-basic: 5 of 5 sub-tests as expected, PASSED", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("qemu-virt-ffa")]
    [InlineData("rk3588")]
    public void Xtest1014_OnPlatform_Passes(string platform)
    {
        var (exit, output, _) = Run("xtest", "--platform", platform, "1014");
        Assert.Equal(ProtmemCommand.ExitOk, exit);
        Assert.Contains("regression_1014 OK", output, StringComparison.Ordinal);
    }

    [Fact]
    public void XtestSdpBasic_UnknownHeap_FailsWithExitOne()
    {
        var (exit, output, _) = Run("xtest", "--sdp-basic", "-n", "2", "--heap-name", "protected,nowhere");
        Assert.Equal(ProtmemCommand.ExitCheckFailed, exit);
        Assert.Contains("FAILED", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("xtest", "--sdp-basic", "-s")]
    [InlineData("xtest", "--sdp-basic", "--bogus")]
    [InlineData("xtest")]
    [InlineData("frobnicate")]
    [InlineData("run", "--seed", "x")]
    [InlineData("run", "--platform", "no-such-board")]
    [InlineData("run", "qemu-virt", "--platform", "rk3588")]
    [InlineData("xtest", "1015")]
    [InlineData("xtest", "1014", "--sdp-basic")]
    [InlineData("help", "frobnicate")]
    public void BadUsageOrBoard_ExitsTwoWithAMessage(params string[] args)
    {
        var (exit, _, error) = Run(args);
        Assert.Equal(ProtmemCommand.ExitUsage, exit);
        Assert.StartsWith("protmem: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_OnQemuVirtFfa_ReportsEveryStepAndPasses()
    {
        var (exit, output, _) = Run("run", "--platform", "qemu-virt-ffa");
        Assert.Equal(ProtmemCommand.ExitOk, exit);
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
        Assert.Equal(ProtmemCommand.ExitOk, exit);
        Assert.Contains("xtest --sdp-basic (5000 bytes, 1000 loops) on restricted@7fc00000", output, StringComparison.Ordinal);
        Assert.Contains("xtest 1014: 5 of 5", output, StringComparison.Ordinal);
        Assert.Contains("RESULT: PASS", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_OnQemuVirtRstmem_SaysXtestHasNoHeapThere()
    {
        var (exit, output, _) = Run("run", "--platform", "qemu-virt-rstmem");
        Assert.Equal(ProtmemCommand.ExitOk, exit);
        Assert.Contains("not run: the TeeIoctl design has no heap to allocate SDP buffers from", output, StringComparison.Ordinal);
        Assert.Contains("RESULT: PASS", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Xtest_Output_EndsWithXtestsSummaryBlock()
    {
        var (exit, output, _) = Run("xtest", "--sdp-basic", "-n", "3");
        Assert.Equal(ProtmemCommand.ExitOk, exit);
        var tail = output.TrimEnd().Split('\n').TakeLast(5).Select(l => l.TrimEnd()).ToArray();
        Assert.Equal(
            ["+-----------------------------------------------------", "5 subtests of which 0 failed", "1 test case of which 0 failed", "0 subtests were skipped", "TEE test application done!"],
            tail);
    }

    [Fact]
    public void Xtest_FailingSubtest_ReportedOnStandardErrorToo()
    {
        var (exit, output, error) = Run("xtest", "--sdp-basic", "-n", "2", "--heap-name", "protected,nowhere");
        Assert.Equal(ProtmemCommand.ExitCheckFailed, exit);
        Assert.Contains("1 subtest of which 1 failed", output, StringComparison.Ordinal);
        Assert.Contains("sdp-basic.1 FAILED", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run", "qemu-virt-ffa")]
    [InlineData("run", "--platform=qemu-virt-ffa")]
    [InlineData("run", "-p", "qemu-virt-ffa")]
    [InlineData("--platform", "qemu-virt-ffa", "run")]
    public void Run_BoardNamedAnyWay_RunsOnThatBoard(params string[] args)
    {
        var (exit, output, _) = Run(args);
        Assert.Equal(ProtmemCommand.ExitOk, exit);
        Assert.StartsWith("protmem run — qemu-virt-ffa:", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("runn", "'run'")]
    [InlineData("platforms --platfrm", "'--platform'")]
    public void Typo_ExitsTwoAndSuggestsTheRealName(string line, string suggestion)
    {
        var (exit, _, error) = Run(line.Split(' '));
        Assert.Equal(ProtmemCommand.ExitUsage, exit);
        Assert.Contains($"Did you mean {suggestion}", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("xtest")]
    [InlineData("selftest", "dmabuf-heaps")]
    [InlineData("describe")]
    public void Help_OfEveryCommand_NamesItsUsageAndTheSharedOptions(params string[] command)
    {
        var (exit, output, _) = Run(["help", .. command]);
        var (directExit, direct, _) = Run([.. command, "--help"]);
        Assert.Equal(ProtmemCommand.ExitOk, exit);
        Assert.Equal(ProtmemCommand.ExitOk, directExit);
        Assert.Equal(direct, output);
        Assert.Contains($" {string.Join(' ', command)} [", output, StringComparison.Ordinal);
        Assert.Contains("-p, --platform <NAME|FILE>", output, StringComparison.Ordinal);
        Assert.Contains("--seed <N>", output, StringComparison.Ordinal);
    }

    [Fact]
    public void RootHelp_ListsEveryCommand()
    {
        var (exit, output, _) = Run("--help");
        Assert.Equal(ProtmemCommand.ExitOk, exit);
        foreach (var command in new[] { "run", "xtest", "selftest", "platforms", "describe", "help" })
        {
            Assert.Contains($"  {command} ", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void XtestWithTrace_WritesAPerfettoTraceWithTheSecureWorldsSlices()
    {
        var path = Path.Combine(Path.GetTempPath(), $"protmem-trace-{Guid.NewGuid():N}.json");
        try
        {
            var (exit, _, _) = Run("xtest", "--sdp-basic", "-n", "2", "--trace", path);
            Assert.Equal(ProtmemCommand.ExitOk, exit);
            using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(path));
            var events = document.RootElement.GetProperty("traceEvents").EnumerateArray().ToList();
            var secureWorld = events.Single(e => e.GetProperty("name").GetString() == "thread_name" && e.GetProperty("args").GetProperty("name").GetString() == "secure world")
                .GetProperty("tid").GetInt32();
            var slices = events.Where(e => e.GetProperty("ph").GetString() == "X").ToList();
            Assert.NotEmpty(slices);
            Assert.All(slices, s => Assert.Equal(secureWorld, s.GetProperty("tid").GetInt32()));
            Assert.All(slices, s => Assert.True(s.GetProperty("dur").GetDecimal() > 0));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
