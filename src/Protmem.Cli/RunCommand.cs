using System.CommandLine;
using System.Globalization;
using Protmem.Cli.Json;
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
    /// <summary>What the report shows beyond the results, and the machine-readable reports asked for.</summary>
    /// <param name="ListUnbound">-W: list every "no binding" note.</param>
    /// <param name="Quiet">-q: no warnings at all.</param>
    /// <param name="Json">--json: the report as one JSON document on standard output, and no text.</param>
    /// <param name="JUnit">--junit FILE: also write the report as JUnit XML to FILE.</param>
    internal sealed record Presentation(bool ListUnbound, bool Quiet, bool Json = false, FileInfo? JUnit = null)
    {
        public static Presentation Default { get; } = new(false, false);
    }

    public static Command Create(GlobalOptions globals, Terminal terminal)
    {
        var board = GlobalOptions.BoardArgument();
        var warnings = new Option<bool>("--warnings", "-W") { Description = "also list every \"no binding\" note (nodes Protmem does not model)" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "print no warnings" };
        var noMonitor = new Option<bool>("--no-monitor") { Description = "switch the continuous safety monitor off (the point checks still run)" };
        var trace = GlobalOptions.TraceOption();
        var json = GlobalOptions.JsonOption("protmem.run/1");
        var junit = new Option<FileInfo?>("--junit") { Description = "also write the report to FILE as JUnit XML (one testsuite per step), for CI", HelpName = "FILE" };
        var command = new Command("run", "Boot a board, run the SDP suite and the dmabuf-heaps selftest, and check the whole machine (the main job)")
        {
            board, warnings, quiet, noMonitor, trace, json, junit,
        };
        foreach (var scenario in Scenarios.ScenarioCatalog.All)
        {
            command.Subcommands.Add(Scenarios.ScenarioCommand.Create(scenario, globals, terminal));
        }

        command.SetAction(result => ProtmemCommand.Guard(terminal.Error, () => Execute(
            globals.Board(result, board),
            globals.MachineOptionsOf(result, monitor: !result.GetValue(noMonitor)) with { Trace = result.GetValue(trace) is not null },
            new Presentation(result.GetValue(warnings), result.GetValue(quiet), result.GetValue(json), result.GetValue(junit)),
            terminal,
            result.GetValue(trace))));
        return command;
    }

    public static int Execute(string platform, MachineOptions options, Presentation presentation, Terminal terminal, FileInfo? trace = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(presentation);
        ArgumentNullException.ThrowIfNull(terminal);
        using var machine = Machine.Boot(platform, options);

        // With --json the text goes nowhere: standard output holds the document alone.
        var output = presentation.Json ? TextWriter.Null : terminal.Output;
        output.WriteLine($"protmem run — {machine.Platform.Name}: {machine.Platform.Model}");
        WriteWarnings(machine.Platform, presentation, output);
        output.WriteLine($"  design: {machine.DesignName}; TEE: {(machine.HasTee ? "OP-TEE, /dev/tee0" : $"none ({machine.TeeProbeFailure ?? "no TEE on this board"})")}");
        output.WriteLine($"  heaps: {string.Join(", ", machine.DmaHeapNames)}");
        var run = new RunSession(machine, output, terminal);

        // xtest finds its SDP heap itself, from /sys/kernel/protmem (the solver); this says which, or why none.
        var topology = MemoryTopology.Read(machine.Spawn("protmem-run"));
        var choice = HeapSolver.Solve(topology, HeapRequest.SecureDataPath);
        var sdpHeap = choice.Heap?.Name;
        var noHeap = choice.Explanation;

        output.WriteLine();
        output.WriteLine($"1. xtest --sdp-basic (5000 bytes, 1000 loops){(sdpHeap is null ? "" : $" on {sdpHeap}")}");
        if (sdpHeap is null)
        {
            run.NotRun("xtest --sdp-basic", machine.NothingProtectedReason ?? noHeap);
        }
        else
        {
            Xtest(run, "xtest --sdp-basic", checks =>
                new XtestSdpBasic(machine.Spawn("xtest"), checks.Log, machine.CreateRandomSource()) { AfterSubtest = checks.Check }
                    .Run(new SdpBasicOptions { Verbosity = 0 }));
        }

        run.Safety("safety after xtest --sdp-basic", quiescent: false);

        output.WriteLine();
        output.WriteLine($"2. xtest 1014{(sdpHeap is null ? "" : $" on {sdpHeap}")}");
        if (sdpHeap is null)
        {
            run.NotRun("xtest 1014", machine.NothingProtectedReason ?? noHeap);
        }
        else
        {
            Xtest(run, "xtest 1014", checks =>
                new XtestRegression1014(machine.Spawn("xtest"), checks.Log, machine.CreateRandomSource()) { AfterSubtest = checks.Check }.Run());
        }

        run.Safety("safety after xtest 1014", quiescent: false);

        output.WriteLine();
        output.WriteLine("3. dmabuf-heaps selftest");
        Selftest(run, topology);
        run.Safety("safety after the dmabuf-heaps selftest", quiescent: false);
        return run.Finish(options.Seed, presentation, trace, sdpHeap, machine.NothingProtectedReason, firstSection: 4);
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

    private static void Xtest(RunSession run, string name, Func<SubtestSafety, SdpRunResult> program)
    {
        using var log = new StringWriter();
        var checks = new SubtestSafety(run, name, log);
        var result = program(checks);
        if (!XtestCommand.Summarize(result, run.Output, run.Terminal))
        {
            run.Output.WriteLine("  program output:");
            run.Output.WriteLine(log.ToString());
        }

        var safety = checks.Report();
        var subtests = Documents.Subtests(result);
        run.Report.Add(
            result.Verdict == Verdict.Fail ? new RunStep(name, Verdict.Fail, true, "a sub-test failed")
            : !safety ? new RunStep(name, Verdict.Fail, true, "a safety check after a sub-test failed")
            : new RunStep(name, result.Verdict, true, result.SkipReason),
            subtests);
    }

    /// <summary>One step per heap: a protected heap's checks test protected memory.</summary>
    private static void Selftest(RunSession run, MemoryTopology topology)
    {
        using var log = new StringWriter();
        var machine = run.Machine;
        var report = new DmabufHeapsSelftest(machine.Spawn("dmabuf-heap"), log).Run(machine.DmaHeapNames);
        foreach (var heap in machine.DmaHeapNames)
        {
            var checks = report.ForHeap(heap).ToList();
            var bad = checks.Where(c => c.Outcome == CheckOutcome.Fail).ToList();
            var passed = checks.Count(c => c.Outcome == CheckOutcome.Pass);
            run.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {heap,-32} {passed} passed, {bad.Count} failed, {checks.Count(c => c.Outcome == CheckOutcome.Skip)} skipped"));
            foreach (var check in bad)
            {
                run.Output.WriteLine($"    {check.ToTapLine()}");
            }

            var verdict = bad.Count > 0 ? Verdict.Fail : passed > 0 ? Verdict.Pass : Verdict.Skip;
            run.Report.Add(
                new RunStep($"dmabuf-heaps selftest on {heap}", verdict, topology.Heap(heap) is { Protected: true },
                    bad.Count > 0 ? $"{bad.Count} check(s) failed" : passed == 0 ? "every check skipped" : null),
                Documents.Subtests(checks));
        }
    }

    /// <summary>The whole-machine safety check after every sub-test of an xtest program.</summary>
    private sealed class SubtestSafety(RunSession run, string step, TextWriter log)
    {
        private int _checked;
        private int _failed;

        public TextWriter Log => log;

        public void Check(SdpSubtestResult subtest)
        {
            _checked++;
            var report = run.Machine.CheckSafety();
            run.Report.AddPointFindings(step, subtest.Id, report, run.Machine.SimulatedNanoseconds);
            if (!report.Passed)
            {
                _failed++;
                run.Output.WriteLine($"  safety after {subtest.Id}: {run.Terminal.Paint("FAILED")}");
                foreach (var finding in report.Findings)
                {
                    run.Output.WriteLine($"    {finding}");
                }
            }
        }

        /// <summary>Prints the tally; true when every check passed.</summary>
        public bool Report()
        {
            run.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  safety after each sub-test: {run.Terminal.Paint(_failed == 0 ? "ok" : "FAILED")} ({_checked} checks)"));
            return _failed == 0;
        }
    }
}
