using BenchmarkDotNet.Attributes;
using Protmem.Platform;
using Protmem.Uapi;
using Protmem.Userspace.DmaHeaps;
using Protmem.Userspace.Xtest;

namespace Protmem.Benchmarks;

/// <summary>
/// xtest --sdp-basic with its defaults (5000 bytes, 1000 loops, all five sub-tests) on the default
/// board (goal: at most 15 ms of wall time in-process; its simulated time is printed at setup), and
/// protected-heap allocate + free per second over the static pool (qemu-virt) and the dynamic pool
/// (qemu-virt-ffa, where every allocation lends a region and every last free reclaims it).
/// SdpBasicDefaults runs on a freshly booted machine: the boot is the iteration's setup, outside the
/// measured region, and <see cref="BootAndDispose"/> measures it on its own. Each iteration is one run,
/// so the short job's three warm-up runs leave much of the code unoptimised (tier 0) and report about
/// twice the steady state; run it with the default job (no <c>--job</c>) for the figure.
/// </summary>
[MemoryDiagnoser]
#pragma warning disable CA1001 // BenchmarkDotNet owns the lifetime: [GlobalCleanup] disposes the machine, the library and the heap.
public class TeeBenchmarks
#pragma warning restore CA1001
{
    private const int HeapOperations = 100;
    private Machine _sdpMachine = null!;
    private Machine _heapMachine = null!;
    private DmaHeapLibrary _library = null!;
    private DmaHeap _heap = null!;

    [Params("qemu-virt", "qemu-virt-ffa")]
    public string Board { get; set; } = "qemu-virt";

    [GlobalSetup]
    public void Setup()
    {
        using (var probe = Machine.Boot(Board))
        {
            var before = probe.SimulatedNanoseconds;
            var run = new XtestSdpBasic(probe.Spawn("xtest"), TextWriter.Null, probe.CreateRandomSource()).Run(new SdpBasicOptions { Verbosity = 0 });
            Console.WriteLine($"// xtest --sdp-basic on {Board}: {(run.Passed ? "passed" : "FAILED")}, simulated time {(probe.SimulatedNanoseconds - before) / 1e6:F3} ms");
        }

        _heapMachine = Machine.Boot(Board);
        _library = new DmaHeapLibrary(_heapMachine.Spawn("alloc"));
        _heap = _library.OpenHeap("protected,secure-video", Fcntl.O_RDWR);
    }

    [IterationSetup(Target = nameof(SdpBasicDefaults))]
    public void BootForSdp() => _sdpMachine = Machine.Boot(Board);

    [IterationCleanup(Target = nameof(SdpBasicDefaults))]
    public void DisposeSdp() => _sdpMachine.Dispose();

    /// <summary>xtest --sdp-basic, defaults: one whole run.</summary>
    [Benchmark]
    public bool SdpBasicDefaults() =>
        new XtestSdpBasic(_sdpMachine.Spawn("xtest"), TextWriter.Null, _sdpMachine.CreateRandomSource()).Run(new SdpBasicOptions { Verbosity = 0 }).Passed;

    /// <summary>What SdpBasicDefaults leaves out of its measurement: booting the board (and disposing of it).</summary>
    [Benchmark]
    public ulong BootAndDispose()
    {
        using var machine = Machine.Boot(Board);
        return machine.SimulatedNanoseconds;
    }

    /// <summary>DMA_HEAP_IOCTL_ALLOC of 64 KiB from protected,secure-video and close of the fd.</summary>
    [Benchmark(OperationsPerInvoke = HeapOperations)]
    public void ProtectedHeapAllocFree()
    {
        for (var i = 0; i < HeapOperations; i++)
        {
            _heap.Allocate(64 * 1024).Dispose();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _heap.Dispose();
        _library.Dispose();
        _heapMachine.Dispose();
    }
}
