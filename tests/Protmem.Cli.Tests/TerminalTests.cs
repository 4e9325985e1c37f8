using System.Diagnostics;
using Protmem.Platform;
using Protmem.Platform.Npu;
using Protmem.Userspace.Xtest;

namespace Protmem.Cli.Tests;

/// <summary>Terminal behaviour: colours only on a terminal, tables within the width, progress that changes nothing.</summary>
public sealed class TerminalTests
{
    [Fact]
    public async Task Protmem_StdoutRedirectedUnderAColourTerminal_PrintsNoAnsiEscapes()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(ProtmemCommand).Assembly.Location);
        start.ArgumentList.Add("xtest");
        start.ArgumentList.Add("--sdp-basic");
        start.ArgumentList.Add("-n");
        start.ArgumentList.Add("2");
        start.Environment["TERM"] = "xterm-256color";
        start.Environment["COLORTERM"] = "truecolor";
        start.Environment.Remove("NO_COLOR");
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(0, process.ExitCode);
        Assert.Contains("PASSED", output, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', output);
        Assert.DoesNotContain('\u001b', await error);
    }

    [Fact]
    public void Paint_WithColours_WrapsTheVerdictInAnsiColour()
    {
        var terminal = new Terminal(TextWriter.Null, TextWriter.Null, colour: true);

        Assert.Equal("\u001b[32mPASS\u001b[0m", terminal.Paint("PASS"));
        Assert.Equal("\u001b[91mFAILED\u001b[0m", terminal.Paint("FAILED"));
        Assert.Equal("\u001b[93mSKIP\u001b[0m", terminal.Paint("SKIP"));
    }

    [Fact]
    public void Paint_WithoutColours_ReturnsTheWordAsItIs() =>
        Assert.Equal("PASS", new Terminal(TextWriter.Null, TextWriter.Null, colour: false).Paint("PASS"));

    [Theory]
    [InlineData(true, null, true)]
    [InlineData(true, "", true)]
    [InlineData(true, "1", false)]
    [InlineData(false, null, false)]
    public void ColourFor_TerminalAndNoColor_ColoursOnlyATerminalWithoutNoColor(bool isTerminal, string? noColor, bool expected) =>
        Assert.Equal(expected, Terminal.ColourFor(isTerminal, noColor));

    [Fact]
    public void Run_WithColoursOn_ColoursTheResultAndNothingElseChanges()
    {
        var (plainCode, plain) = RunThrough(colour: false, width: null, "xtest", "--sdp-basic", "-n", "2");
        var (colourCode, coloured) = RunThrough(colour: true, width: null, "xtest", "--sdp-basic", "-n", "2");

        Assert.Equal(plainCode, colourCode);
        Assert.Contains("\u001b[32mPASSED\u001b[0m", coloured, StringComparison.Ordinal);
        Assert.Equal(plain, coloured.Replace("\u001b[32m", "", StringComparison.Ordinal).Replace("\u001b[0m", "", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("describe", "rk3588")]
    [InlineData("describe", "qemu-virt")]
    [InlineData("compare", "npu-isolation", "--jobs", "2")]
    [InlineData("platforms")]
    public void Tables_AtWidth80_EveryLineFitsAndNoCellIsBroken(params string[] args)
    {
        var (_, output) = RunThrough(colour: false, width: 80, args);

        var lines = output.Split('\n');
        Assert.All(lines, line => Assert.True(line.Length <= 80, $"{line.Length} columns: {line}"));
        Assert.All(lines, line => Assert.Equal(line.TrimEnd(), line));
        if (args[0] == "compare")
        {
            // Each strategy's name stays whole on its row, beside its figures.
            Assert.Contains(lines, line => line.StartsWith("| per-file-domain-keep-attached |", StringComparison.Ordinal));
        }

        if (args is ["describe", "rk3588"])
        {
            Assert.Contains(lines, line => line.Contains("| rockchip,rk3588-rknn-core |", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Platforms_Piped_IsOneBoardALine()
    {
        var (_, output) = RunThrough(colour: false, width: null, "platforms");

        Assert.Equal(7, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void FittedTable_Groups_RepeatTheKeyColumnsAndPlaceEveryOtherColumnOnceWithinTheWidth()
    {
        string[] headers = ["Name", "A", "B", "C", "D"];
        IReadOnlyList<string>[] rows = [["a-rather-long-row-name", new string('1', 20), new string('2', 20), new string('3', 20), new string('4', 20)]];

        var groups = FittedTable.Groups(headers, rows, keyColumns: 1, width: 80);

        Assert.True(groups.Count > 1);
        Assert.All(groups, g => Assert.Equal(0, g[0]));
        Assert.Equal([1, 2, 3, 4], groups.SelectMany(g => g.Skip(1)));
        Assert.All(groups, g => Assert.True(1 + g.Sum(c => (c == 0 ? 22 : 20) + 3) <= 80));
        Assert.Single(FittedTable.Groups(headers, rows, keyColumns: 1, width: 200));
    }

    [Fact]
    public void ProgressDisplay_StderrNotATerminal_RunsTheWorkWithNoProgress()
    {
        IProgress<double>? seen = new Progress<double>();

        var result = ProgressDisplay.Run(new StringWriter(), "work", progress =>
        {
            seen = progress;
            return 42;
        });

        Assert.Equal(42, result);
        Assert.Null(seen);
    }

    [Fact]
    public void XtestSdpBasicProgress_Reported_RisesToOneAndChangesNothingRun()
    {
        var (plain, plainTime) = SdpBasic(null);
        var reports = new List<double>();
        var (watched, watchedTime) = SdpBasic(new Recorder(reports));

        Assert.Equal(plainTime, watchedTime);
        Assert.Equal(plain.Subtests.Select(s => (s.Id, s.Got)), watched.Subtests.Select(s => (s.Id, s.Got)));
        // The three sub-tests that loop: after each of their 3 loops and at their end; the pTA one (its first
        // invoke must fail) and the out-of-bounds one at their end.
        Assert.Equal((3 * (3 + 1)) + 2, reports.Count);
        Assert.Equal(reports.Order(), reports);
        Assert.Equal(1.0, reports[^1], 9);
    }

    [Fact]
    public void NpuIsolationProgress_Reported_RisesToOneAndChangesNoRow()
    {
        var reports = new List<double>();
        var plain = NpuIsolationComparison.Run("rk3588", 2, 2, 1);
        var watched = NpuIsolationComparison.Run("rk3588", 2, 2, 1, new Recorder(reports));

        Assert.Equal(plain.Select(r => (r.Strategy, r.SimulatedUsPerJob, r.MapsPerJob, r.CrossClientAccess)), watched.Select(r => (r.Strategy, r.SimulatedUsPerJob, r.MapsPerJob, r.CrossClientAccess)));
        Assert.Equal(plain.Count * 2, reports.Count);
        Assert.Equal(reports.Order(), reports);
        Assert.Equal(1.0, reports[^1], 9);
    }

    private static (SdpRunResult Run, ulong Nanoseconds) SdpBasic(IProgress<double>? progress)
    {
        using var machine = Machine.Boot("qemu-virt");
        var run = new XtestSdpBasic(machine.Spawn("xtest"), TextWriter.Null, machine.CreateRandomSource()) { Progress = progress }
            .Run(new SdpBasicOptions { Loops = 3, Verbosity = 0 });
        return (run, machine.SimulatedNanoseconds);
    }

    private static (int Code, string Output) RunThrough(bool colour, int? width, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = ProtmemCommand.Run(args, new Terminal(output, error, width, colour));
        return (code, output.ToString());
    }

    /// <summary>Keeps every value reported, synchronously (Progress{T} would post them elsewhere).</summary>
    private sealed class Recorder(List<double> values) : IProgress<double>
    {
        public void Report(double value) => values.Add(value);
    }
}
