using System.CommandLine;
using System.Globalization;
using Protmem.Platform;
using Protmem.Userspace;
using Protmem.Userspace.HeapSelection;
using Protmem.Userspace.Selftests;
using Protmem.Userspace.Xtest;

namespace Protmem.Cli;

/// <summary>
/// <c>protmem run</c>: boots the board with the safety monitor on, prints the warnings that change the
/// model (the "no binding" notes only counted), then
/// 1. xtest --sdp-basic with its defaults (5000 bytes, 1000 loops, every sub-test);
/// 2. xtest regression 1014;
/// 3. the dmabuf-heaps selftest on every heap (protected heaps refuse mmap by design);
/// 4. the point safety checks after each sub-test and program and, once every process exited, the
///    quiescent check (pools full, nothing lent, no session): a cross-check of the monitor;
/// 5. the monitor's findings, each with its time, actor and range;
/// and the verdict (<see cref="Protmem.Userspace.RunVerdict"/>): PASS 0, FAIL 1, SKIP 4 when nothing protected was tested.
/// </summary>
internal static class RunCommand
{
    /// <summary>What the report shows beyond the results.</summary>
    /// <param name="ListUnbound">-W: list every "no binding" note.</param>
    /// <param name="Quiet">-q: no warnings at all.</param>
    internal sealed record Presentation(bool ListUnbound, bool Quiet)
    {
        public static Presentation Default { get; } = new(false, false);
    }

    public static Command Create(GlobalOptions globals, TextWriter output, TextWriter error)
    {
        var board = GlobalOptions.BoardArgument();
        var warnings = new Option<bool>("--warnings", "-W") { Description = "also list every \"no binding\" note (nodes Protmem does not model)" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "print no warnings" };
        var noMonitor = new Option<bool>("--no-monitor") { Description = "switch the continuous safety monitor off (the point checks still run)" };
        var trace = GlobalOptions.TraceOption();
        var command = new Command("run", "Boot a board, run the SDP suite and the dmabuf-heaps selftest, and check the whole machine (the main job)")
        {
            board, warnings, quiet, noMonitor, trace,
        };
        command.SetAction(result => ProtmemCommand.Guard(error, () => Execute(
            globals.Board(result, board),
            globals.MachineOptionsOf(result, monitor: !result.GetValue(noMonitor)) with { Trace = result.GetValue(trace) is not null },
            new Presentation(result.GetValue(warnings), result.GetValue(quiet)),
            output,
            result.GetValue(trace))));
        return command;
    }

    public static int Execute(string platform, MachineOptions options, Presentation presentation, TextWriter output, FileInfo? trace = null)
    {
        using var machine = Machine.Boot(platform, options);
        output.WriteLine($"protmem run — {machine.Platform.Name}: {machine.Platform.Model}");
        WriteWarnings(machine.Platform, presentation, output);
        output.WriteLine($"  design: {machine.DesignName}; TEE: {(machine.HasTee ? "OP-TEE, /dev/tee0" : $"none ({machine.TeeProbeFailure ?? "no TEE on this board"})")}");
        output.WriteLine($"  heaps: {string.Join(", ", machine.DmaHeapNames)}");
        var steps = new List<RunStep>();

        // xtest finds its SDP heap itself, from /sys/kernel/protmem (the solver); this says which, or why none.
        var topology = MemoryTopology.Read(machine.Spawn("protmem-run"));
        var choice = HeapSolver.Solve(topology, HeapRequest.SecureDataPath);
        var sdpHeap = choice.Heap?.Name;
        var noHeap = choice.Explanation;

        output.WriteLine();
        output.WriteLine($"1. xtest --sdp-basic (5000 bytes, 1000 loops){(sdpHeap is null ? "" : $" on {sdpHeap}")}");
        steps.Add(sdpHeap is null
            ? NotRun("xtest --sdp-basic", machine.NothingProtectedReason ?? noHeap, output)
            : Xtest(machine, output, "xtest --sdp-basic", checks =>
                new XtestSdpBasic(machine.Spawn("xtest"), checks.Log, machine.CreateRandomSource()) { AfterSubtest = checks.Check }
                    .Run(new SdpBasicOptions { Verbosity = 0 })));
        steps.Add(Safety(machine, output, quiescent: false));

        output.WriteLine();
        output.WriteLine($"2. xtest 1014{(sdpHeap is null ? "" : $" on {sdpHeap}")}");
        steps.Add(sdpHeap is null
            ? NotRun("xtest 1014", machine.NothingProtectedReason ?? noHeap, output)
            : Xtest(machine, output, "xtest 1014", checks =>
                new XtestRegression1014(machine.Spawn("xtest"), checks.Log, machine.CreateRandomSource()) { AfterSubtest = checks.Check }.Run()));
        steps.Add(Safety(machine, output, quiescent: false));

        output.WriteLine();
        output.WriteLine("3. dmabuf-heaps selftest");
        steps.AddRange(Selftest(machine, topology, output));
        steps.Add(Safety(machine, output, quiescent: false));
        machine.Dispose();

        output.WriteLine();
        output.WriteLine("4. after every process exited");
        steps.Add(Safety(machine, output, quiescent: true));

        output.WriteLine();
        output.WriteLine("5. safety monitor (every change that can open a path, checked as it happened)");
        steps.Add(Monitor(machine, output));

        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"simulated time: {machine.SimulatedNanoseconds / 1e6:F3} ms"));
        GlobalOptions.WriteTrace(machine, trace);
        foreach (var line in Protmem.Platform.RunVerdict.NotModelledLines(machine))
        {
            output.WriteLine(line);
        }

        var verdict = Protmem.Userspace.RunVerdict.Of(steps, machine.NothingProtectedReason);
        var coverage = Protmem.Platform.RunVerdict.Of(0, machine);
        switch (verdict.Verdict)
        {
            case Verdict.Pass when coverage != "PASS":
                // A PASS that reached paths the model does not cover would claim more than was tested.
                output.WriteLine("RESULT: " + coverage);
                return ProtmemCommand.ExitSkip;
            case Verdict.Pass:
                output.WriteLine("RESULT: PASS");
                return ProtmemCommand.ExitOk;
            case Verdict.Skip:
                output.WriteLine($"RESULT: SKIP ({string.Join("; ", verdict.Reasons)})");
                return ProtmemCommand.ExitSkip;
            default:
                output.WriteLine($"RESULT: FAIL ({verdict.Reasons.Count} problem(s): {string.Join("; ", verdict.Reasons)})");
                return ProtmemCommand.ExitCheckFailed;
        }
    }

    /// <summary>The warnings that change the model first, apart; the "no binding" notes counted (listed with -W).</summary>
    private static void WriteWarnings(PlatformDescription platform, Presentation presentation, TextWriter output)
    {
        if (presentation.Quiet)
        {
            return;
        }

        foreach (var warning in platform.ModelWarnings)
        {
            output.WriteLine($"  warning: {warning}");
        }

        if (platform.UnboundWarnings.Count == 0)
        {
            return;
        }

        if (presentation.ListUnbound)
        {
            foreach (var note in platform.UnboundWarnings)
            {
                output.WriteLine($"  note: {note}");
            }
        }
        else
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {platform.UnboundWarnings.Count} node(s) with no binding in Protmem (list them with -W)"));
        }
    }

    private static RunStep NotRun(string name, string reason, TextWriter output)
    {
        output.WriteLine($"  SKIP: {reason}");
        return new RunStep(name, Verdict.Skip, TestsProtectedMemory: true, reason);
    }

    private static RunStep Xtest(Machine machine, TextWriter output, string name, Func<SubtestSafety, SdpRunResult> program)
    {
        using var log = new StringWriter();
        var checks = new SubtestSafety(machine, output, log);
        var run = program(checks);
        if (!XtestCommand.Summarize(run, output))
        {
            output.WriteLine("  program output:");
            output.WriteLine(log.ToString());
        }

        var safety = checks.Report();
        return run.Verdict == Verdict.Fail ? new RunStep(name, Verdict.Fail, true, "a sub-test failed")
            : !safety ? new RunStep(name, Verdict.Fail, true, "a safety check after a sub-test failed")
            : new RunStep(name, run.Verdict, true, run.SkipReason);
    }

    /// <summary>One step per heap: a protected heap's checks test protected memory.</summary>
    private static List<RunStep> Selftest(Machine machine, MemoryTopology topology, TextWriter output)
    {
        using var log = new StringWriter();
        var report = new DmabufHeapsSelftest(machine.Spawn("dmabuf-heap"), log).Run(machine.DmaHeapNames);
        var steps = new List<RunStep>();
        foreach (var heap in machine.DmaHeapNames)
        {
            var checks = report.ForHeap(heap).ToList();
            var bad = checks.Where(c => c.Outcome == CheckOutcome.Fail).ToList();
            var passed = checks.Count(c => c.Outcome == CheckOutcome.Pass);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {heap,-32} {passed} passed, {bad.Count} failed, {checks.Count(c => c.Outcome == CheckOutcome.Skip)} skipped"));
            foreach (var check in bad)
            {
                output.WriteLine($"    {check.ToTapLine()}");
            }

            var verdict = bad.Count > 0 ? Verdict.Fail : passed > 0 ? Verdict.Pass : Verdict.Skip;
            steps.Add(new RunStep($"dmabuf-heaps selftest on {heap}", verdict, topology.Heap(heap) is { Protected: true },
                bad.Count > 0 ? $"{bad.Count} check(s) failed" : passed == 0 ? "every check skipped" : null));
        }

        return steps;
    }

    private static RunStep Safety(Machine machine, TextWriter output, bool quiescent)
    {
        var report = machine.CheckSafety(quiescent);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  safety{(quiescent ? " (pools full, nothing lent or open)" : "")}: {(report.Passed ? "ok" : "FAILED")} — {report.ProtectedRanges} protected range(s) checked, {report.Reclaims} reclaim(s) checked for scrubbing, {report.Hazards} speculative hazard(s)"));
        foreach (var finding in report.Findings)
        {
            output.WriteLine($"    {finding}");
        }

        return new RunStep(quiescent ? "safety after exit" : "safety", report.Passed ? Verdict.Pass : Verdict.Fail, TestsProtectedMemory: false,
            report.Passed ? null : report.Findings[0]);
    }

    private static RunStep Monitor(Machine machine, TextWriter output)
    {
        if (machine.MonitorStatus is not { } monitor)
        {
            output.WriteLine("  off (--no-monitor): only the point checks above ran");
            return new RunStep("safety monitor", Verdict.Skip, TestsProtectedMemory: false, "switched off");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {(monitor.FindingCount == 0 ? "ok" : "FAILED")} — {monitor.ChangesChecked} change(s) checked, {monitor.FindingCount} finding(s)"));
        foreach (var finding in monitor.Findings)
        {
            output.WriteLine($"    {finding}");
        }

        if (monitor.FindingCount > monitor.Findings.Count)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    ... and {monitor.FindingCount - monitor.Findings.Count} more"));
        }

        return monitor.FindingCount == 0
            ? new RunStep("safety monitor", Verdict.Pass, TestsProtectedMemory: false)
            : new RunStep("safety monitor", Verdict.Fail, TestsProtectedMemory: false, monitor.Findings[0].ToString());
    }

    /// <summary>The whole-machine safety check after every sub-test of an xtest program.</summary>
    private sealed class SubtestSafety(Machine machine, TextWriter output, TextWriter log)
    {
        private int _checked;
        private int _failed;

        public TextWriter Log => log;

        public void Check(SdpSubtestResult subtest)
        {
            _checked++;
            var report = machine.CheckSafety();
            if (!report.Passed)
            {
                _failed++;
                output.WriteLine($"  safety after {subtest.Id}: FAILED");
                foreach (var finding in report.Findings)
                {
                    output.WriteLine($"    {finding}");
                }
            }
        }

        /// <summary>Prints the tally; true when every check passed.</summary>
        public bool Report()
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  safety after each sub-test: {(_failed == 0 ? "ok" : "FAILED")} ({_checked} checks)"));
            return _failed == 0;
        }
    }
}
