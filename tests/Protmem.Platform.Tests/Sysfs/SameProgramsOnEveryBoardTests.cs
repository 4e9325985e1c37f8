using Protmem.Platform.Boards;
using Protmem.Userspace.HeapSelection;
using Protmem.Userspace.Xtest;

namespace Protmem.Platform.Tests.Sysfs;

/// <summary>
/// One rootfs, every board: the same programs, without a heap name, find their heap through
/// /sys/kernel/protmem and pass on each shipped board.
/// </summary>
public class SameProgramsOnEveryBoardTests
{
    /// <summary>Every shipped board and the heap the solver must pick there for xtest's SDP buffers.</summary>
    public static TheoryData<string, string> Boards => new()
    {
        { "qemu-virt", "protected,secure-video" },
        { "qemu-virt-ffa", "protected,secure-video" },
        { "qemu-virt-linaro", "restricted@7fc00000" },
        { "qemu-virt-rstmem", "rstmem,secure-video" },
        { "qemu-virt-mtk", "restricted_mtk_cm" },
        { "rk3588", "protected,secure-video" },
        { "rk3588-gpu-carveout", "protected,secure-video" },
    };

    [Fact]
    public void Boards_CoverEveryShippedBoard()
    {
        Assert.Equal(PlatformCatalog.Platforms.Select(p => p.Name).Order(StringComparer.Ordinal), Boards.Select(b => (string)b[0]).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public void Solve_SecureDataPath_PicksTheBoardsProtectedHeapThatTheTeeTakes(string board, string heap)
    {
        using var machine = Machine.Boot(board);

        var choice = HeapSolver.Solve(machine.Spawn("solver"), HeapRequest.SecureDataPath);

        Assert.True(choice.Found, choice.Explanation);
        Assert.Equal(heap, choice.Heap!.Name);
        Assert.True(choice.Heap.Protected);
        Assert.False(choice.Heap.CpuMappable);
        Assert.Equal("secure-video", choice.Heap.UseCase);
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public void XtestSdpBasic_WithoutHeapName_PassesAndStaysSafe(string board, string heap)
    {
        using var machine = Machine.Boot(board);
        using var output = new StringWriter();

        var run = new XtestSdpBasic(machine.Spawn("xtest"), output, machine.CreateRandomSource()).Run(new SdpBasicOptions { Loops = 3, Verbosity = 0 });

        Assert.True(run.Passed, $"{heap}: {output}");
        Assert.Equal(new int?[] { 0, 0, 0, 1, 0 }, run.Subtests.Select(s => s.Got));
        var during = machine.CheckSafety();
        Assert.True(during.Passed, string.Join("\n", during.Findings));
        machine.Dispose();
        var after = machine.CheckSafety(quiescent: true);
        Assert.True(after.Passed, string.Join("\n", after.Findings));
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public void Xtest1014_WithoutHeapName_Passes(string board, string heap)
    {
        using var machine = Machine.Boot(board);
        using var output = new StringWriter();

        var run = new XtestRegression1014(machine.Spawn("xtest"), output, machine.CreateRandomSource()).Run();

        Assert.True(run.Passed, $"{heap}: {output}");
        Assert.True(machine.CheckSafety().Passed);
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public void Topology_EveryDevice_ListsOnlyHeapsThatExist(string board, string heap)
    {
        using var machine = Machine.Boot(board);

        var topology = MemoryTopology.Read(machine.Spawn("reader"));

        Assert.Contains(topology.Heaps, h => h.Name == heap);
        Assert.Equal(machine.DmaHeapNames.Order(StringComparer.Ordinal), topology.Heaps.Where(h => h.IsDmaHeap).Select(h => h.Name).Order(StringComparer.Ordinal));
        Assert.All(topology.Devices, d => Assert.All(d.Heaps, h => Assert.NotNull(topology.Heap(h))));
        Assert.Equal(["/dev/tee0"], topology.Device("/dev/tee0")!.Nodes);
    }

    [Fact]
    public void Solve_DeviceTheProtectedHeapDoesNotAdmit_SaysWhichDeviceRefusesEachHeap()
    {
        using var machine = Machine.Boot("rk3588");

        var choice = HeapSolver.Solve(machine.Spawn("solver"), new HeapRequest("secure-video", ["/dev/tee0", "npu@fdab0000"]));

        Assert.False(choice.Found);
        Assert.Contains("protected,secure-video: npu@fdab0000 cannot import its buffers", choice.Rejections);
        Assert.Contains("system: not protected memory", choice.Rejections);
        Assert.Contains("protected,trusted-ui: protected memory for trusted-ui, not secure-video", choice.Rejections);
        Assert.StartsWith("no heap serves protected memory for secure-video shared with /dev/tee0, npu@fdab0000: ", choice.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Solve_UnknownDevice_SaysItIsNotInTheTree()
    {
        using var machine = Machine.Boot("qemu-virt");

        var choice = HeapSolver.Solve(machine.Spawn("solver"), new HeapRequest("secure-video", ["/dev/video9"]));

        Assert.Equal(["no device /dev/video9 in /sys/kernel/protmem/devices"], choice.Rejections);
    }

    [Theory]
    [InlineData("rk3588", "npu@fdab0000", "system")]
    [InlineData("qemu-virt", "video-decoder", "linux,cma")]
    public void Solve_OrdinaryMemory_PrefersWhatTheDeviceCanAddress(string board, string device, string heap)
    {
        using var machine = Machine.Boot(board);

        var choice = HeapSolver.Solve(machine.Spawn("solver"), new HeapRequest(null, [device], CpuAccess: true));

        Assert.Equal(heap, choice.Heap?.Name);
    }

    [Fact]
    public void Solve_RstmemBoard_NoDmaHeapServesSecureVideo_TheTeeIoctlDoes()
    {
        using var machine = Machine.Boot("qemu-virt-rstmem");

        var choice = HeapSolver.Solve(machine.Spawn("solver"), HeapRequest.SecureDataPath);

        Assert.Equal(("/dev/tee0", HeapInfo.TeeRstmemAlloc), (choice.Heap!.Node, choice.Heap.Allocation));
    }
}
