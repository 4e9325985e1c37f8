using System.Text.Json;

namespace Protmem.Cli.Tests;

/// <summary>
/// --json as a script reads it (docs/json-output.md): standard output is one JSON document and nothing else,
/// with the documented fields and types, for a board that passes, one that skips and one that fails.
/// </summary>
public sealed class JsonOutputTests
{
    private static readonly string[] Verdicts = ["PASS", "FAIL", "SKIP", "INCOMPLETE"];

    private static string Juno => Path.Combine(AppContext.BaseDirectory, "testdata", "dts", "juno.dtc-canonical.dts");

    [Fact]
    public void RunJson_OnQemuVirt_IsOneDocumentWithEveryDocumentedFieldAndPasses()
    {
        var (code, output, _) = CliRunner.Run("run", "qemu-virt", "--json");

        using var json = JsonDocument.Parse(output);
        var run = json.RootElement;
        Assert.Equal(ProtmemCommand.ExitOk, code);
        Assert.Equal("protmem.run/1", run.GetProperty("schema").GetString());
        Assert.Equal("qemu-virt", run.GetProperty("board").GetString());
        Assert.Equal(JsonValueKind.String, run.GetProperty("model").ValueKind);
        Assert.Equal(1ul, run.GetProperty("seed").GetUInt64());
        Assert.Equal("tee-dma-heap", run.GetProperty("design").GetString());
        Assert.Equal("OP-TEE, /dev/tee0", run.GetProperty("tee").GetString());
        Assert.Contains("protected,secure-video", Strings(run.GetProperty("heaps")));
        Assert.Equal("protected,secure-video", run.GetProperty("sdpHeap").GetString());
        Assert.True(run.GetProperty("simulatedNanoseconds").GetUInt64() > 0);
        Assert.Equal("PASS", run.GetProperty("verdict").GetString());
        Assert.Empty(Strings(run.GetProperty("reasons")));
        Assert.Equal(code, run.GetProperty("exitCode").GetInt32());
        Assert.Equal(JsonValueKind.Array, run.GetProperty("warnings").ValueKind);
        Assert.Equal(JsonValueKind.Array, run.GetProperty("unboundNodes").ValueKind);
        Assert.Equal(JsonValueKind.Array, run.GetProperty("notModelled").ValueKind);
        Assert.Empty(run.GetProperty("safetyFindings").EnumerateArray());
        var monitor = run.GetProperty("monitor");
        Assert.True(monitor.GetProperty("enabled").GetBoolean());
        Assert.True(monitor.GetProperty("changesChecked").GetInt64() > 0);
        Assert.Equal(0, monitor.GetProperty("findingCount").GetInt64());

        var steps = run.GetProperty("steps").EnumerateArray().ToList();
        Assert.All(steps, step =>
        {
            Assert.Equal(JsonValueKind.String, step.GetProperty("name").ValueKind);
            Assert.Contains(step.GetProperty("verdict").GetString(), Verdicts);
            Assert.Equal(JsonValueKind.Array, step.GetProperty("subtests").ValueKind);
        });
        var sdpBasic = steps.Single(s => s.GetProperty("name").GetString() == "xtest --sdp-basic");
        var subtests = sdpBasic.GetProperty("subtests").EnumerateArray().ToList();
        Assert.Equal(["sdp-basic.1", "sdp-basic.2", "sdp-basic.3", "sdp-basic.4", "sdp-basic.5"], subtests.Select(s => s.GetProperty("id").GetString()));
        Assert.All(subtests, s => Assert.Equal("PASS", s.GetProperty("verdict").GetString()));
        Assert.Equal(1, subtests[3].GetProperty("expected").GetInt32());
        Assert.Equal(1, subtests[3].GetProperty("got").GetInt32());
        var memrefs = subtests[4].GetProperty("memrefCases").EnumerateArray().ToList();
        Assert.NotEmpty(memrefs);
        Assert.All(memrefs, m => Assert.StartsWith("TEEC_", m.GetProperty("result").GetString(), StringComparison.Ordinal));
        Assert.Contains(steps, s => s.GetProperty("name").GetString() == "safety after exit" && s.GetProperty("verdict").GetString() == "PASS");
        var selftest = steps.Single(s => s.GetProperty("name").GetString() == "dmabuf-heaps selftest on system");
        Assert.All(selftest.GetProperty("subtests").EnumerateArray(), c => Assert.True(int.TryParse(c.GetProperty("id").GetString(), out _)));
    }

    [Fact]
    public void RunJson_OnABoardWithNoTee_SkipsWithItsReasonAndKeepsWarningsOffStdout()
    {
        var (code, output, _) = CliRunner.Run("run", Juno, "--json");

        using var json = JsonDocument.Parse(output);
        var run = json.RootElement;
        Assert.Equal(ProtmemCommand.ExitSkip, code);
        Assert.Equal("SKIP", run.GetProperty("verdict").GetString());
        Assert.Equal(ProtmemCommand.ExitSkip, run.GetProperty("exitCode").GetInt32());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("tee").ValueKind);
        Assert.Equal(JsonValueKind.Null, run.GetProperty("sdpHeap").ValueKind);
        Assert.Contains(Strings(run.GetProperty("reasons")), r => r.Contains("no TEE", StringComparison.Ordinal));
        Assert.NotEmpty(Strings(run.GetProperty("warnings")));
        var sdpBasic = run.GetProperty("steps").EnumerateArray().First();
        Assert.Equal("SKIP", sdpBasic.GetProperty("verdict").GetString());
        Assert.Contains("no TEE", sdpBasic.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void RunJson_OnRk3588_FailsWithTheMonitorsFindingAsTimeActorAndRange()
    {
        var (code, output, _) = CliRunner.Run("run", "rk3588", "--json");

        using var json = JsonDocument.Parse(output);
        var run = json.RootElement;
        Assert.Equal(ProtmemCommand.ExitCheckFailed, code);
        Assert.Equal("FAIL", run.GetProperty("verdict").GetString());
        Assert.Equal(1, run.GetProperty("exitCode").GetInt32());
        var finding = run.GetProperty("safetyFindings").EnumerateArray().First(f => f.GetProperty("kind").GetString() == "monitor");
        Assert.Equal("safety monitor", finding.GetProperty("step").GetString());
        Assert.True(finding.GetProperty("nanoseconds").GetUInt64() > 0);
        Assert.Contains("tzc400", finding.GetProperty("actor").GetString(), StringComparison.Ordinal);
        var range = finding.GetProperty("range");
        Assert.True(range.GetProperty("end").GetUInt64() > range.GetProperty("start").GetUInt64());
        Assert.Contains("speculative-access hazard", finding.GetProperty("what").GetString(), StringComparison.Ordinal);
        Assert.True(run.GetProperty("monitor").GetProperty("findingCount").GetInt64() >= 1);
        Assert.Contains(Strings(run.GetProperty("reasons")), r => r.StartsWith("safety monitor: ", StringComparison.Ordinal));
    }

    [Fact]
    public void XtestJson_SdpBasic_ReportsEverySubtestAndTheCounts()
    {
        var (code, output, _) = CliRunner.Run("xtest", "--sdp-basic", "-n", "2", "--json");

        using var json = JsonDocument.Parse(output);
        var xtest = json.RootElement;
        Assert.Equal(ProtmemCommand.ExitOk, code);
        Assert.Equal("protmem.xtest/1", xtest.GetProperty("schema").GetString());
        Assert.Equal("xtest --sdp-basic", xtest.GetProperty("program").GetString());
        Assert.Equal(5, xtest.GetProperty("subtests").GetArrayLength());
        Assert.Equal(5, xtest.GetProperty("subtestsRun").GetInt32());
        Assert.Equal(0, xtest.GetProperty("subtestsFailed").GetInt32());
        Assert.Equal(0, xtest.GetProperty("subtestsSkipped").GetInt32());
        Assert.Equal(JsonValueKind.Null, xtest.GetProperty("heap").ValueKind);
        Assert.Equal("PASS", xtest.GetProperty("verdict").GetString());
        Assert.Equal(JsonValueKind.String, xtest.GetProperty("output").ValueKind);
        Assert.Equal(0, xtest.GetProperty("exitCode").GetInt32());
    }

    [Fact]
    public void XtestJson_UnknownHeap_SkipsWithTheReasonAndExitFour()
    {
        var (code, output, _) = CliRunner.Run("xtest", "1014", "--heap-name", "protected,nowhere", "--json");

        using var json = JsonDocument.Parse(output);
        var xtest = json.RootElement;
        Assert.Equal(ProtmemCommand.ExitSkip, code);
        Assert.Equal("SKIP", xtest.GetProperty("verdict").GetString());
        Assert.Equal("protected,nowhere", xtest.GetProperty("heap").GetString());
        Assert.False(string.IsNullOrEmpty(xtest.GetProperty("reason").GetString()));
        Assert.All(xtest.GetProperty("subtests").EnumerateArray(), s => Assert.Equal("SKIP", s.GetProperty("verdict").GetString()));
        Assert.Equal(ProtmemCommand.ExitSkip, xtest.GetProperty("exitCode").GetInt32());
    }

    [Fact]
    public void SelftestJson_DmabufHeaps_ListsEveryCheckWithTotalsThatAddUp()
    {
        var (code, output, _) = CliRunner.Run("selftest", "dmabuf-heaps", "qemu-virt", "--json");

        using var json = JsonDocument.Parse(output);
        var selftest = json.RootElement;
        Assert.Equal(ProtmemCommand.ExitOk, code);
        Assert.Equal("protmem.selftest/1", selftest.GetProperty("schema").GetString());
        var checks = selftest.GetProperty("checks").EnumerateArray().ToList();
        Assert.NotEmpty(checks);
        Assert.Equal(checks.Count(c => c.GetProperty("verdict").GetString() == "PASS"), selftest.GetProperty("passed").GetInt32());
        Assert.Equal(checks.Count(c => c.GetProperty("verdict").GetString() == "SKIP"), selftest.GetProperty("skipped").GetInt32());
        Assert.Equal(0, selftest.GetProperty("failed").GetInt32());
        Assert.Equal(Enumerable.Range(1, checks.Count), checks.Select(c => c.GetProperty("number").GetInt32()));
        Assert.Equal(Strings(selftest.GetProperty("heaps")).ToHashSet(), checks.Select(c => c.GetProperty("heap").GetString()!).ToHashSet());
        Assert.Equal("PASS", selftest.GetProperty("verdict").GetString());
    }

    [Fact]
    public void PlatformsJson_ListsEveryShippedBoardWithTheDefault()
    {
        var (code, output, _) = CliRunner.Run("platforms", "--json");

        using var json = JsonDocument.Parse(output);
        var platforms = json.RootElement;
        Assert.Equal(0, code);
        Assert.Equal("protmem.platforms/1", platforms.GetProperty("schema").GetString());
        Assert.Equal("qemu-virt", platforms.GetProperty("default").GetString());
        var names = platforms.GetProperty("platforms").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Equal(["qemu-virt", "qemu-virt-ffa", "qemu-virt-mtk", "qemu-virt-linaro", "qemu-virt-rstmem", "rk3588", "rk3588-gpu-carveout"], names);
        Assert.All(platforms.GetProperty("platforms").EnumerateArray(), p => Assert.False(string.IsNullOrEmpty(p.GetProperty("description").GetString())));
    }

    private static List<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
