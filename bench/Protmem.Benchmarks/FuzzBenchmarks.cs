using BenchmarkDotNet.Attributes;
using Protmem.Cli;
using Protmem.Platform;
using Protmem.Userspace.Fuzz;

namespace Protmem.Benchmarks;

/// <summary>
/// <c>protmem fuzz</c>'s throughput: <see cref="Syscalls"/> random syscalls from 4 processes on a board,
/// the monitor on, each episode on a freshly booted machine (as the CLI runs them). syscalls/s is
/// Syscalls divided by the mean. Goal: 10 million syscalls per board in host minutes.
/// </summary>
[MemoryDiagnoser]
public class FuzzBenchmarks
{
    [Params("qemu-virt", "rk3588")]
    public string Board { get; set; } = "qemu-virt";

    [Params(40_000)]
    public long Syscalls { get; set; }

    [Benchmark]
    public long Fuzz()
    {
        var fuzzer = new Fuzzer(seed => new FuzzMachine(Machine.Boot(Board, new MachineOptions { Seed = seed })));
        var result = fuzzer.Run(Board, 1, Syscalls, 4);
        return result.Syscalls + result.Findings.Count;
    }
}
