namespace Protmem.Cli.Tests;

/// <summary><c>protmem compare gpu-protected-memory</c> on rk3588 and on its default board, rk3588-gpu-carveout.</summary>
public sealed class CompareGpuTests
{
    [Fact]
    public void CompareGpuProtectedMemory_Rk3588_RowPerDesignAndExitZero()
    {
        var (code, output, _) = CliRunner.Run("compare", "gpu-protected-memory", "--platform", "rk3588");

        Assert.Equal(0, code);
        Assert.Contains("protected-heap", output, StringComparison.Ordinal);
        Assert.Contains("SKIP", output, StringComparison.Ordinal);
        Assert.Contains("EINVAL", output, StringComparison.Ordinal);
        Assert.Contains("fatal platform-hang event", output, StringComparison.Ordinal);
        Assert.Contains("protected-mode fault, group killed, GPU reset", output, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", output, StringComparison.Ordinal);
    }

    [Fact]
    public void CompareGpuProtectedMemory_DefaultBoard_EveryDesignPassesWithTheCarveoutHeldAndItsWrongMemory()
    {
        var (code, output, _) = CliRunner.Run("compare", "gpu-protected-memory");

        Assert.Equal(0, code);
        Assert.Contains("gpu-protected-memory on rk3588-gpu-carveout", output, StringComparison.Ordinal);
        var row = Assert.Single(output.Split('\n'), l => l.Contains("| reserved-memory", StringComparison.Ordinal));
        Assert.Contains("PASS", row, StringComparison.Ordinal);
        Assert.Contains("1024 KiB", row, StringComparison.Ordinal);
        Assert.Contains("carveout not firewalled by the TEE: fatal platform-hang event", row, StringComparison.Ordinal);
        Assert.DoesNotContain("SKIP", output, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", output, StringComparison.Ordinal);
    }

    [Fact]
    public void CompareGpuProtectedMemory_BoardWithoutGpu_ClearMessageAndNonZero()
    {
        var (code, _, error) = CliRunner.Run("compare", "gpu-protected-memory", "--platform", "qemu-virt");

        Assert.NotEqual(0, code);
        Assert.Contains("no Mali CSF GPU", error, StringComparison.Ordinal);
    }
}
