using System.Globalization;
using Protmem.Cli.Json;
using Protmem.Platform;
using Protmem.Userspace;

namespace Protmem.Cli;

/// <summary>
/// One board's run, as <c>protmem run</c> and its scenarios report it: the steps with their verdicts, the point
/// safety checks between them, the quiescent check once every process exited, the continuous monitor, and
/// the verdict with its exit code (PASS 0, FAIL 1, SKIP 4 when nothing protected was tested; INCOMPLETE 4
/// when a PASS reached paths the model does not cover), in text, <c>--json</c> and <c>--junit</c>.
/// </summary>
internal sealed class RunSession(Machine machine, TextWriter output, Terminal terminal)
{
    public Machine Machine => machine;

    public TextWriter Output => output;

    public Terminal Terminal => terminal;

    public RunReport Report { get; } = new();

    /// <summary>Where --monitor saves the screen (a PNG), or null.</summary>
    public FileInfo? MonitorPath { get; init; }

    /// <summary>Saves what the screen shows now to --monitor's file, once (the scenario picks the moment).</summary>
    public void SaveMonitor()
    {
        if (MonitorPath is not { } path || _monitorSaved)
        {
            return;
        }

        machine.SaveScreen(path.FullName);
        _monitorSaved = true;
        output.WriteLine($"  monitor: the screen saved to {path}");
    }

    private bool _monitorSaved;

    /// <summary>A step that could not run, and why: SKIP.</summary>
    public void NotRun(string name, string reason)
    {
        output.WriteLine($"  {terminal.Paint("SKIP")}: {reason}");
        Report.Add(new RunStep(name, Verdict.Skip, TestsProtectedMemory: true, reason));
    }

    /// <summary>A step's result, printed on one line and recorded.</summary>
    public void Step(RunStep step, IReadOnlyList<SubtestDocument>? subtests = null)
    {
        ArgumentNullException.ThrowIfNull(step);
        var word = step.Verdict switch { Verdict.Pass => "PASS", Verdict.Skip => "SKIP", _ => "FAIL" };
        output.WriteLine($"  {terminal.Paint(word)}: {step.Name}{(step.Reason is null ? "" : $" ({step.Reason})")}");
        Report.Add(step, subtests);
    }

    /// <summary>The whole-machine point check (or, <paramref name="quiescent"/>, the check after every process exited).</summary>
    public bool Safety(string name, bool quiescent)
    {
        var report = machine.CheckSafety(quiescent);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  safety{(quiescent ? " (pools full, nothing lent or open)" : "")}: {terminal.Paint(report.Passed ? "ok" : "FAILED")} — {report.ProtectedRanges} protected range(s) checked, {report.Reclaims} reclaim(s) checked for scrubbing, {report.Hazards} speculative hazard(s)"));
        foreach (var finding in report.Findings)
        {
            output.WriteLine($"    {finding}");
        }

        Report.AddPointFindings(name, null, report, machine.SimulatedNanoseconds);
        Report.Add(new RunStep(name, report.Passed ? Verdict.Pass : Verdict.Fail, TestsProtectedMemory: false, report.Passed ? null : report.Findings[0]));
        return report.Passed;
    }

    /// <summary>The continuous monitor's tally and findings.</summary>
    public void Monitor()
    {
        if (machine.MonitorStatus is not { } monitor)
        {
            output.WriteLine("  off (--no-monitor): only the point checks above ran");
            Report.Add(new RunStep("safety monitor", Verdict.Skip, TestsProtectedMemory: false, "switched off"));
            return;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {terminal.Paint(monitor.FindingCount == 0 ? "ok" : "FAILED")} — {monitor.ChangesChecked} change(s) checked, {monitor.FindingCount} finding(s)"));
        foreach (var finding in monitor.Findings)
        {
            output.WriteLine($"    {finding}");
        }

        if (monitor.FindingCount > monitor.Findings.Count)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    ... and {monitor.FindingCount - monitor.Findings.Count} more"));
        }

        Report.Add(monitor.FindingCount == 0
            ? new RunStep("safety monitor", Verdict.Pass, TestsProtectedMemory: false)
            : new RunStep("safety monitor", Verdict.Fail, TestsProtectedMemory: false, monitor.Findings[0]));
    }

    /// <summary>
    /// Disposes the machine (every process exits), runs the quiescent check and the monitor's report, then prints
    /// the simulated time, the not-modelled paths and the verdict, writes --trace / --json / --junit, and returns the exit code.
    /// </summary>
    public int Finish(ulong seed, RunCommand.Presentation presentation, FileInfo? trace, string? sdpHeap, string? nothingProtectedReason, int firstSection)
    {
        ArgumentNullException.ThrowIfNull(presentation);
        machine.Dispose();

        output.WriteLine();
        output.WriteLine($"{firstSection}. after every process exited");
        Safety("safety after exit", quiescent: true);

        output.WriteLine();
        output.WriteLine($"{firstSection + 1}. safety monitor (every change that can open a path, checked as it happened)");
        Monitor();

        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"simulated time: {machine.SimulatedNanoseconds / 1e6:F3} ms"));
        GlobalOptions.WriteTrace(machine, trace);
        foreach (var line in Protmem.Platform.RunVerdict.NotModelledLines(machine))
        {
            output.WriteLine(line);
        }

        var verdict = Protmem.Userspace.RunVerdict.Of(Report.Steps, nothingProtectedReason);
        var coverage = Protmem.Platform.RunVerdict.Of(0, machine);
        var (word, exit, reasons) = verdict.Verdict switch
        {
            // A PASS that reached paths the model does not cover would claim more than was tested.
            Verdict.Pass when coverage != "PASS" => ("INCOMPLETE", ProtmemCommand.ExitSkip, (IReadOnlyList<string>)[.. Protmem.Platform.RunVerdict.NotModelledEntries(machine).Select(e => "not modelled: " + e.What)]),
            Verdict.Pass => ("PASS", ProtmemCommand.ExitOk, verdict.Reasons),
            Verdict.Skip => ("SKIP", ProtmemCommand.ExitSkip, verdict.Reasons),
            _ => ("FAIL", ProtmemCommand.ExitCheckFailed, verdict.Reasons),
        };
        output.WriteLine("RESULT: " + word switch
        {
            "INCOMPLETE" => terminal.Paint("INCOMPLETE") + coverage["INCOMPLETE".Length..],
            "PASS" => terminal.Paint("PASS"),
            "SKIP" => $"{terminal.Paint("SKIP")} ({string.Join("; ", reasons)})",
            _ => $"{terminal.Paint("FAIL")} ({reasons.Count} problem(s): {string.Join("; ", reasons)})",
        });

        if (word == "FAIL" && reasons.Any(r => r.Contains("speculative-access hazard", StringComparison.Ordinal)))
        {
            output.WriteLine("hint: this kernel keeps lent protected memory in its direct map, as mainline Linux does; boot with --append protmem.unmap_direct_map=1 to take it out");
        }

        var document = Report.Document(machine, seed, word, reasons, exit, sdpHeap);
        if (presentation.JUnit is { } junit)
        {
            JUnitReport.Write(junit, document);
        }

        if (presentation.Json)
        {
            Documents.Write(terminal.Output, document, ReportJsonContext.Default.RunDocument);
        }

        return exit;
    }
}
