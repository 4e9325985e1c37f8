using Protmem.Platform;
using Protmem.Uapi;
using Protmem.Userspace.Fuzz;

namespace Protmem.Cli;

/// <summary>A booted machine as the fuzzer sees it: spawn, exit, heaps, the monitor and the checks.</summary>
internal sealed class FuzzMachine(Machine machine) : IFuzzMachine
{
    private long _seenFindings;

    public IReadOnlyList<string> HeapNames { get; } = machine.DmaHeapNames;

    public ISyscalls Spawn(string name) => machine.Spawn(name);

    public void EndProcess(ISyscalls process) => machine.Exit(process);

    public IReadOnlyList<string> NewMonitorFindings()
    {
        var count = machine.MonitorFindingCount;
        if (count == _seenFindings)
        {
            return [];
        }

        var fresh = machine.MonitorFindingsFrom(_seenFindings);
        _seenFindings = count;
        return fresh.Count > 0 ? fresh : ["monitor findings past its cap"];
    }

    public IReadOnlyList<string> CheckInvariants()
    {
        // The fatal speculative hazard is a finding of CheckSafety here, not a broken model.
        machine.CheckInvariants(fatalHazards: false);
        return [];
    }

    public IReadOnlyList<string> CheckSafety(bool quiescent) => machine.CheckSafety(quiescent).Findings;

    public void Dispose() => machine.Dispose();
}
