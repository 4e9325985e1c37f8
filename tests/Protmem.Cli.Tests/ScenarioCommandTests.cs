using System.Text.Json;

namespace Protmem.Cli.Tests;

/// <summary><c>protmem run SCENARIO</c>: one board or every shipped board, the reasons a board cannot run it, --append.</summary>
public sealed class ScenarioCommandTests
{
    [Fact]
    public void RunProtectedTexture_Rk3588WithTheDirectMapOption_EveryStepPassesAndExitZero()
    {
        var (code, output, _) = CliRunner.Run("run", "protected-texture", "rk3588", "--append", "protmem.unmap_direct_map=1");

        Assert.Equal(0, code);
        Assert.Contains("PASS: ENABLE_FW_PROT_MODE with a system-heap buffer", output, StringComparison.Ordinal);
        Assert.Contains("PASS: a protected group writing an unprotected render target", output, StringComparison.Ordinal);
        Assert.EndsWith("RESULT: PASS", output.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void RunProtectedTexture_Rk3588AsShipped_FailsOnTheDirectMapHazardAndSaysHowToBootWithoutIt()
    {
        var (code, output, _) = CliRunner.Run("run", "protected-texture", "--platform", "rk3588");

        Assert.Equal(1, code);
        Assert.Contains("speculative-access hazard", output, StringComparison.Ordinal);
        Assert.Contains("--append protmem.unmap_direct_map=1", output, StringComparison.Ordinal);
    }

    [Fact]
    public void RunProtectedTexture_BoardWithoutGpu_SkipWithTheReason()
    {
        var (code, output, _) = CliRunner.Run("run", "protected-texture", "qemu-virt");

        Assert.Equal(4, code);
        Assert.Contains("not possible on qemu-virt, because it has no Mali CSF GPU", output, StringComparison.Ordinal);
    }

    [Fact]
    public void RunProtectedTexture_NoBoard_RunsEveryShippedBoardAndSummarises()
    {
        var (code, output, _) = CliRunner.Run("run", "protected-texture", "--append", "protmem.unmap_direct_map=1");

        Assert.Equal(0, code);
        var summary = output[output.IndexOf("on every shipped board:", StringComparison.Ordinal)..];
        Assert.Matches(@"rk3588\s+PASS", summary);
        Assert.Matches(@"qemu-virt-ffa\s+not possible on qemu-virt-ffa, because", summary);
        var rows = summary.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Where(r => r.StartsWith("  ", StringComparison.Ordinal)).ToList();
        Assert.Contains(rows, r => r.Contains("rk3588-gpu-carveout", StringComparison.Ordinal));
        Assert.Single(rows.Select(r => r.IndexOf(' ', 2) + r[r.IndexOf(' ', 2)..].TakeWhile(c => c == ' ').Count()).Distinct());
    }

    [Fact]
    public void RunProtectedTexture_JsonWithoutBoard_IsAUsageError()
    {
        var (code, _, error) = CliRunner.Run("run", "protected-texture", "--json");

        Assert.Equal(2, code);
        Assert.Contains("name it", error, StringComparison.Ordinal);
    }

    [Fact]
    public void RunProtectedTexture_JsonOnOneBoard_OneDocumentWithItsSteps()
    {
        var (code, output, _) = CliRunner.Run("run", "protected-texture", "rk3588", "--json", "--append", "protmem.unmap_direct_map=1");

        Assert.Equal(0, code);
        using var document = JsonDocument.Parse(output);
        var steps = document.RootElement.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToList();
        Assert.Contains("the protected texture read by a normal group", steps);
        Assert.Equal("PASS", document.RootElement.GetProperty("verdict").GetString());
    }

    [Fact]
    public void Append_UnknownDesign_IsABoardErrorNamingTheOption()
    {
        var (code, _, error) = CliRunner.Run("run", "qemu-virt", "--append", "protmem.design=nonsense");

        Assert.Equal(2, code);
        Assert.Contains("protmem.design=nonsense", error, StringComparison.Ordinal);
    }

    [Fact]
    public void RunSecureVideoPlayback_Rk3588_EveryFrameOnScreenIsTheClearFrameAndTheMisconfigurationsAreRefused()
    {
        var png = Path.Combine(Path.GetTempPath(), $"protmem-playback-{Environment.ProcessId}.png");

        var (code, output, _) = CliRunner.Run("run", "secure-video-playback", "rk3588", "--append", "protmem.unmap_direct_map=1", "--monitor", png);

        Assert.Equal(0, code);
        Assert.Contains("60 frame(s) shown", output, StringComparison.Ordinal);
        Assert.Contains("PASS: misconfigured: protected buffers on decoder queues that are not restricted", output, StringComparison.Ordinal);
        Assert.Contains("refused: VIDIOC_QBUF: EINVAL", output, StringComparison.Ordinal);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(png).Take(4));
        File.Delete(png);
    }

    [Fact]
    public void RunTrustedUi_Rk3588_EnrolsAcceptsRejectsAndTheOverlayShowsBlack()
    {
        var (code, output, _) = CliRunner.Run("run", "trusted-ui", "rk3588", "--append", "protmem.unmap_direct_map=1");

        Assert.Equal(0, code);
        Assert.Contains("the program learns: Enrolled", output, StringComparison.Ordinal);
        Assert.Contains("the program learns: Accepted", output, StringComparison.Ordinal);
        Assert.Contains("the program learns: Rejected", output, StringComparison.Ordinal);
        Assert.Contains("the person sees: ????????????", output, StringComparison.Ordinal);
    }

    [Fact]
    public void RunCryptoKey_Rk3588_TheEngineMatchesDotNetAndOrdinaryKeyMemoryIsRefused()
    {
        var (code, output, _) = CliRunner.Run("run", "crypto-key", "rk3588", "--append", "protmem.unmap_direct_map=1");

        Assert.Equal(0, code);
        Assert.Contains("PASS: crypto-key: a sealed known key matches AES-CTR", output, StringComparison.Ordinal);
        Assert.Contains("PASS: crypto-key: ordinary key memory and key memory as data are refused", output, StringComparison.Ordinal);
    }

    [Fact]
    public void RunSecureVideoRecord_Rk3588_EveryBitstreamIsTheCameraFrameAndTheMisconfigurationsAreRefused()
    {
        var (code, output, _) = CliRunner.Run("run", "secure-video-record", "rk3588", "--append", "protmem.unmap_direct_map=1");

        Assert.Equal(0, code);
        Assert.Contains("buffers from protected,secure-video-record", output, StringComparison.Ordinal);
        Assert.Contains("30 frame(s) encoded", output, StringComparison.Ordinal);
        Assert.Contains("PASS: misconfigured: the recorder's buffers from the system heap", output, StringComparison.Ordinal);
        Assert.Contains("refused: VIDIOC_QBUF (camera): EINVAL", output, StringComparison.Ordinal);
        Assert.EndsWith("RESULT: PASS", output.TrimEnd(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("secure-video-playback", "it has no video decoder")]
    [InlineData("secure-video-record", "it has no camera (rkcif)")]
    [InlineData("trusted-ui", "no secure-only touchscreen")]
    [InlineData("crypto-key", "protected,crypto-key heap")]
    public void RunMediaScenario_QemuVirtFfa_NotPossibleWithTheReason(string scenario, string reason)
    {
        var (code, output, _) = CliRunner.Run("run", scenario, "qemu-virt-ffa");

        Assert.Equal(4, code);
        Assert.Contains("not possible on qemu-virt-ffa, because", output, StringComparison.Ordinal);
        Assert.Contains(reason, output, StringComparison.Ordinal);
    }

    [Fact]
    public void RunScenario_MonitorWithoutBoard_IsAUsageError()
    {
        var (code, _, error) = CliRunner.Run("run", "trusted-ui", "--monitor", "x.png");

        Assert.Equal(2, code);
        Assert.Contains("--monitor", error, StringComparison.Ordinal);
    }
}
