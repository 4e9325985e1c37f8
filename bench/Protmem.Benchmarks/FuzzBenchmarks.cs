using BenchmarkDotNet.Attributes;
using Protmem.Platform;
using Protmem.Uapi;
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
        var fuzzer = new Fuzzer(seed => new BenchFuzzMachine(Machine.Boot(Board, new MachineOptions { Seed = seed })));
        var result = fuzzer.Run(Board, 1, Syscalls, 4);
        return result.Syscalls + result.Findings.Count;
    }

    /// <summary>A booted machine as the fuzzer sees it (as the CLI's, which the benchmarks cannot reference).</summary>
    private sealed class BenchFuzzMachine(Machine machine) : IFuzzMachine
    {
        private long _seen;

        public IReadOnlyList<string> HeapNames { get; } = machine.DmaHeapNames;

        public ISyscalls Spawn(string name) => machine.Spawn(name);

        public void EndProcess(ISyscalls process) => machine.Exit(process);

        public IReadOnlyList<string> NewMonitorFindings()
        {
            var count = machine.MonitorFindingCount;
            var fresh = count == _seen ? [] : machine.MonitorFindingsFrom(_seen);
            _seen = count;
            return fresh;
        }

        public IReadOnlyList<string> CheckInvariants()
        {
            machine.CheckInvariants(fatalHazards: false);
            return [];
        }

        public IReadOnlyList<string> CheckSafety(bool quiescent) => machine.CheckSafety(quiescent).Findings;

        public void Dispose() => machine.Dispose();
    }
}
