using Protmem.Platform.Exec;

namespace Protmem.Platform.Tests.Exec;

/// <summary>C programs, unmodified, under <c>protmem exec</c>: dma-heaps, fd passing, fork and exec, crashes.</summary>
public sealed class ExecDmaHeapTests(CPrograms programs) : IClassFixture<CPrograms>
{
    public static TheoryData<string> ShippedBoards => [.. Protmem.Platform.Boards.PlatformCatalog.Platforms.Select(p => p.Name)];

    /// <summary>The shipped boards whose design offers the secure-video protected heap.</summary>
    public static TheoryData<string> BoardsWithSecureVideoHeap => [.. Protmem.Platform.Boards.PlatformCatalog.Platforms.Select(p => p.Name).Where(HasSecureVideoHeap)];

    [Theory]
    [MemberData(nameof(ShippedBoards))]
    public void Run_DmaHeapClientOnSystemHeap_PassesOnEveryBoardAndLeavesNothing(string board)
    {
        var result = programs.Run(board, "dmaheap_client", "system");

        AssertPassed(result);
        Assert.Contains("ok write and read back 1 MiB", result.StandardOutput);
        Assert.Equal(1, result.Processes);
    }

    [Theory]
    [MemberData(nameof(BoardsWithSecureVideoHeap))]
    public void Run_DmaHeapClientOnProtectedHeap_MmapIsEinval(string board)
    {
        var result = programs.Run(board, "dmaheap_client", "protected,secure-video", "--protected");

        AssertPassed(result);
        Assert.Contains("ok protected buffer refuses mmap", result.StandardOutput);
    }

    [Fact]
    public void Run_ProgramCrashesWithABufferMapped_ModelReleasesEverything()
    {
        var result = programs.Run("qemu-virt", "dmaheap_client", "system", "--crash");

        Assert.Equal(128 + 6, result.ProgramStatus); // SIGABRT
        Assert.Contains("crashing with the buffer mapped", result.StandardOutput);
        Assert.True(result.ModelPassed, string.Join("\n", result.Failures));
        Assert.Equal(128 + 6, result.ExitCode);
    }

    [Theory]
    [MemberData(nameof(ShippedBoards))]
    public void Run_DmaBufPassedOverUnixSocket_ChildSeesAndWritesTheSamePages(string board)
    {
        var result = programs.Run(board, "dmabuf_pass");

        AssertPassed(result);
        Assert.Contains("ok child read the parent's bytes and wrote its own", result.StandardOutput);
        Assert.Equal(2, result.Processes);
    }

    [Theory]
    [MemberData(nameof(ShippedBoards))]
    public void Run_ForkAndExecWithModelFds_ChildrenInheritFdsAndMappings(string board)
    {
        var result = programs.Run(board, "fork_client");

        AssertPassed(result);
        Assert.Contains("ok forked child used the inherited fd and mapping", result.StandardOutput);
        Assert.Contains("ok exec'd image uses the inherited fd", result.StandardOutput);
    }

    [Theory]
    [MemberData(nameof(ShippedBoards))]
    public void Run_CallsAModelFileHasNoHookFor_AreEinvalEachTimeAndReportedOnceEach(string board)
    {
        var result = programs.Run(board, "unsupported_client");

        AssertPassed(result);
        Assert.Contains("ok read on a heap fd is EINVAL, every time", result.StandardOutput);
        var reports = result.StandardError.Split('\n').Where(l => l.StartsWith("protmem: ", StringComparison.Ordinal) && l.Contains("answered EINVAL", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, reports.Count);
        Assert.Single(reports, r => r.StartsWith("protmem: read ", StringComparison.Ordinal));
        Assert.Single(reports, r => r.StartsWith("protmem: write ", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ShippedBoards))]
    public void Run_PosixSpawnWithDup2FileAction_ChildHasTheBufferAtTheNewFd(string board)
    {
        var result = programs.Run(board, "spawn_client");

        AssertPassed(result);
        Assert.Contains("ok spawned child found the buffer at fd 5", result.StandardOutput);
        Assert.Contains("ok parent sees the spawned child's bytes", result.StandardOutput);
        Assert.Equal(2, result.Processes);
    }

    [Fact]
    public void Run_MprotectAndMremapOnDmaBufMappings_AnswerAsLinux()
    {
        var result = programs.Run("qemu-virt", "mapping_client");

        AssertPassed(result);
        Assert.Contains("ok write to a read-only buffer's mapping is EACCES", result.StandardOutput);
        Assert.Contains("ok mprotect dropping and restoring write", result.StandardOutput);
        Assert.Contains("ok mremap: grow EFAULT, DONTUNMAP EINVAL, shrink", result.StandardOutput);
    }

    [Theory]
    [InlineData("qemu-virt")]
    [InlineData("rk3588")]
    public void Run_MremapMovingDmaBufMappings_MovesThePagesAsLinux(string board)
    {
        var result = programs.Run(board, "mremap_client");

        AssertPassed(result);
        Assert.Contains("ok move: same pages at the new address, old range unmapped", result.StandardOutput);
        Assert.Contains("ok shrinking move keeps the head, drops the tail", result.StandardOutput);
        Assert.Contains("ok growing (moved or not) is EFAULT", result.StandardOutput);
        Assert.Contains("ok bad arguments are EINVAL", result.StandardOutput);
        Assert.Contains("ok a page moved from the middle", result.StandardOutput);
    }

    [Fact]
    public void Run_ProgramThatCannotStart_IsAPlatformException()
    {
        var error = Assert.Throws<PlatformException>(() => ExecSession.Run(new ExecOptions { Command = ["/nonexistent/program"], CaptureOutput = true, Diagnostics = TextWriter.Null }));

        Assert.Contains("/nonexistent/program", error.Message);
    }

    private static bool HasSecureVideoHeap(string board)
    {
        using var machine = Machine.Boot(board);
        return machine.DmaHeapNames.Contains("protected,secure-video");
    }

    internal static void AssertPassed(ExecResult result)
    {
        Assert.True(result.ProgramStatus == 0, $"status {result.ProgramStatus}\n{result.StandardOutput}{result.StandardError}");
        Assert.Contains("PASS", result.StandardOutput);
        Assert.True(result.ModelPassed, string.Join("\n", result.Failures));
        Assert.Equal(0, result.ExitCode);
    }
}
