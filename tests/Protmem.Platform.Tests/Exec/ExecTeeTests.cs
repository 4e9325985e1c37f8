namespace Protmem.Platform.Tests.Exec;

/// <summary>A C TEE client speaking raw TEE ioctls under <c>protmem exec</c>, on every shipped board.</summary>
public sealed class ExecTeeTests(CPrograms programs) : IClassFixture<CPrograms>
{
    public static TheoryData<string> ShippedBoards => [.. Protmem.Platform.Boards.PlatformCatalog.Platforms.Select(p => p.Name)];

    [Theory]
    [MemberData(nameof(ShippedBoards))]
    public void Run_TeeClient_InjectTransformDumpThroughMappedShm(string board)
    {
        using (var machine = Machine.Boot(board))
        {
            if (!machine.HasTee || !machine.DmaHeapNames.Any(h => h == "protected,secure-video" || h.StartsWith("restricted", StringComparison.Ordinal)))
            {
                // The design offers no heap to allocate SDP buffers from: the client says so and exits 77.
                var skipped = programs.Run(board, "tee_client");
                Assert.Equal(77, skipped.ProgramStatus);
                Assert.Contains("SKIP no SDP heap", skipped.StandardOutput);
                return;
            }
        }

        var result = programs.Run(board, "tee_client");

        ExecDmaHeapTests.AssertPassed(result);
        Assert.Contains("ok inject, transform, dump", result.StandardOutput);
    }
}
