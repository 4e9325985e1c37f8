using BenchmarkDotNet.Attributes;
using Protmem.Platform;
using Protmem.Userspace.DmaHeaps;
using Protmem.Userspace.Selftests;
using Protmem.Userspace.Xtest;

namespace Protmem.Benchmarks;

/// <summary>
/// <c>protmem run</c>'s programs (boot, xtest --sdp-basic at its defaults, xtest 1014, the dmabuf-heaps
/// selftest, the point checks) with the continuous safety monitor on and off, on the default board and on
/// rk3588 (FF-A, every allocation lends and reclaims). Goal: on is at most 1.5x off.
/// </summary>
[MemoryDiagnoser]
public class MonitorBenchmarks
{
    [Params("qemu-virt", "rk3588")]
    public string Board { get; set; } = "qemu-virt";

    [Params(true, false)]
    public bool Monitor { get; set; }

    [Benchmark]
    public long Run()
    {
        using var machine = Machine.Boot(Board, new MachineOptions { Seed = 1, Monitor = Monitor });
        var heap = ProtectedHeapNames.SdpHeapAmong(machine.DmaHeapNames)!;
        new XtestSdpBasic(machine.Spawn("xtest"), TextWriter.Null, machine.CreateRandomSource()).Run(new SdpBasicOptions { Verbosity = 0, HeapName = heap });
        machine.CheckSafety();
        new XtestRegression1014(machine.Spawn("xtest"), TextWriter.Null, machine.CreateRandomSource()).Run(heap);
        machine.CheckSafety();
        new DmabufHeapsSelftest(machine.Spawn("dmabuf-heap"), TextWriter.Null).Run(machine.DmaHeapNames);
        machine.Dispose();
        return machine.CheckSafety(quiescent: true).Findings.Count + (machine.Monitor?.ChangesChecked ?? 0);
    }
}
