using Protmem.Cli.Json;
using Protmem.Platform;
using Protmem.Userspace;

namespace Protmem.Cli;

/// <summary>
/// What <c>protmem run</c> found, gathered as the run goes: each step with its sub-tests, and each safety
/// finding with the step whose check made it. The text report, <c>--json</c> and <c>--junit</c> all come from it.
/// </summary>
internal sealed class RunReport
{
    private readonly List<(RunStep Step, IReadOnlyList<SubtestDocument> Subtests)> _steps = [];
    private readonly List<FindingDocument> _findings = [];

    /// <summary>The steps as the verdict weighs them.</summary>
    public IReadOnlyList<RunStep> Steps => [.. _steps.Select(s => s.Step)];

    /// <summary>Adds <paramref name="step"/> with its <paramref name="subtests"/>.</summary>
    public RunStep Add(RunStep step, IReadOnlyList<SubtestDocument>? subtests = null)
    {
        _steps.Add((step, subtests ?? []));
        return step;
    }

    /// <summary>Adds the findings of a point (or quiescent) check made at simulated time <paramref name="nanoseconds"/> in <paramref name="step"/> (after <paramref name="subtest"/>, if any).</summary>
    public void AddPointFindings(string step, string? subtest, SafetyReport report, ulong nanoseconds)
    {
        ArgumentNullException.ThrowIfNull(report);
        // Model: the point check reports sentences; the actor and range are in the sentence, not apart.
        _findings.AddRange(report.Findings.Select(f => new FindingDocument(report.Quiescent ? "quiescent" : "point", step, subtest, nanoseconds, null, null, f)));
    }

    /// <summary>The whole document, once the run is over.</summary>
    public RunDocument Document(Machine machine, ulong seed, string word, IReadOnlyList<string> reasons, int exitCode, string? sdpHeap)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(reasons);
        var monitor = machine.MonitorStatus;
        var monitorFindings = monitor?.Details.Select(f => new FindingDocument(
            f.Kind, "safety monitor", null, f.Nanoseconds, f.Actor, f.Start is { } start && f.End is { } end ? new RangeDocument(start, end) : null, f.What)) ?? [];
        return new RunDocument(
            RunDocument.SchemaName,
            machine.Platform.Name,
            machine.Platform.Model,
            seed,
            machine.DesignName,
            machine.HasTee ? "OP-TEE, /dev/tee0" : null,
            machine.DmaHeapNames,
            sdpHeap,
            [.. _steps.Select(s => new StepDocument(s.Step.Name, Documents.Word(s.Step.Verdict), s.Step.TestsProtectedMemory, s.Step.Reason, s.Subtests))],
            [.. _findings, .. monitorFindings],
            new MonitorDocument(monitor is not null, monitor?.ChangesChecked ?? 0, monitor?.FindingCount ?? 0),
            Protmem.Platform.RunVerdict.NotModelledEntries(machine),
            machine.Platform.ModelWarnings,
            machine.Platform.UnboundWarnings,
            machine.SimulatedNanoseconds,
            word,
            reasons,
            exitCode);
    }
}
