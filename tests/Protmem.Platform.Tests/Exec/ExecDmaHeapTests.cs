using Protmem.Platform.Exec;

namespace Protmem.Platform.Tests.Exec;

/// <summary>A C dma-heap client, unmodified, under <c>protmem exec</c>.</summary>
public sealed class ExecDmaHeapTests(CPrograms programs) : IClassFixture<CPrograms>
{
    [Fact]
    public void Run_DmaHeapClientOnSystemHeap_PassesAndLeavesAQuiescentMachine()
    {
        var result = programs.Run("qemu-virt", "dmaheap_client", "system");

        Assert.True(result.ProgramStatus == 0, result.StandardOutput + result.StandardError);
        Assert.Contains("ok write and read back 1 MiB", result.StandardOutput);
        Assert.Contains("PASS", result.StandardOutput);
        Assert.True(result.ModelPassed, string.Join("\n", result.ModelErrors) + result.InvariantFailure + string.Join("\n", result.Safety.Findings));
        Assert.Equal(0, result.ExitCode);
    }
}
