using System.CommandLine;
using System.Globalization;
using Protmem.Platform;
using Protmem.Userspace.DmaHeaps;
using Protmem.Userspace.Selftests;
using Protmem.Userspace.Xtest;

namespace Protmem.Cli;

/// <summary>
/// <c>protmem run</c>: boots the board, then
/// 1. xtest --sdp-basic with its defaults (5000 bytes, 1000 loops, every sub-test);
/// 2. xtest regression 1014;
/// 3. the dmabuf-heaps selftest on every heap (protected heaps refuse mmap by design);
/// 4. the whole-machine safety check after each program and, once every process exited, the
///    quiescent check (pools full, nothing lent, no session);
/// and prints what a person needs to read. Non-zero exit when anything failed.
/// </summary>
internal static class RunCommand
{
    public static Command Create(GlobalOptions globals, TextWriter output, TextWriter error)
    {
        var board = GlobalOptions.BoardArgument();
        var trace = GlobalOptions.TraceOption();
        var command = new Command("run", "Boot a board, run the SDP suite and the dmabuf-heaps selftest, and check the whole machine (the main job)") { board, trace };
        command.SetAction(result => ProtmemCommand.Guard(error, () => Execute(globals.Board(result, board), globals.SeedOf(result), output, result.GetValue(trace))));
        return command;
    }

    public static int Execute(string platform, ulong seed, TextWriter output, FileInfo? trace = null)
    {
        using var machine = Machine.Boot(platform, new MachineOptions { Seed = seed, Trace = trace is not null });
        output.WriteLine($"protmem run — {machine.Platform.Name}: {machine.Platform.Model}");
        output.WriteLine($"  design: {machine.Design}; TEE: {(machine.HasTee ? "OP-TEE, /dev/tee0" : $"none ({machine.TeeProbeFailure ?? "no TEE on this board"})")}");
        output.WriteLine($"  heaps: {string.Join(", ", machine.DmaHeapNames)}");
        var failures = 0;

        // xtest allocates its SDP buffers from a heap: the secure-video heap, or on the Linaro design the
        // restricted heap. The seed design (TEE_IOC_RSTMEM_ALLOC) offers no heap, so xtest cannot run there.
        var sdpHeap = machine.DmaHeapNames.FirstOrDefault(h => h == ProtectedHeapNames.SecureVideo)
            ?? machine.DmaHeapNames.FirstOrDefault(h => h.StartsWith(RestrictedHeapPrefix, StringComparison.Ordinal));

        output.WriteLine();
        output.WriteLine($"1. xtest --sdp-basic (5000 bytes, 1000 loops){(sdpHeap is null ? "" : $" on {sdpHeap}")}");
        if (sdpHeap is null)
        {
            output.WriteLine($"  not run: the {machine.Design} design has no heap to allocate SDP buffers from");
        }
        else
        {
            using var log = new StringWriter();
            var checks = new SubtestSafety(machine, output);
            var run = new XtestSdpBasic(machine.Spawn("xtest"), log, machine.CreateRandomSource()) { AfterSubtest = checks.Check }
                .Run(new SdpBasicOptions { Verbosity = 0, HeapName = sdpHeap });
            failures += Report(run, log, output) + checks.Report();
        }

        failures += Safety(machine, output, quiescent: false);

        output.WriteLine();
        output.WriteLine($"2. xtest 1014{(sdpHeap is null ? "" : $" on {sdpHeap}")}");
        if (sdpHeap is null)
        {
            output.WriteLine($"  not run: the {machine.Design} design has no heap to allocate SDP buffers from");
        }
        else
        {
            using var log = new StringWriter();
            var checks = new SubtestSafety(machine, output);
            var run = new XtestRegression1014(machine.Spawn("xtest"), log, machine.CreateRandomSource()) { AfterSubtest = checks.Check }
                .Run(sdpHeap);
            failures += Report(run, log, output) + checks.Report();
        }

        failures += Safety(machine, output, quiescent: false);

        output.WriteLine();
        output.WriteLine("3. dmabuf-heaps selftest");
        using (var log = new StringWriter())
        {
            var report = new DmabufHeapsSelftest(machine.Spawn("dmabuf-heap"), log).Run(machine.DmaHeapNames);
            foreach (var heap in machine.DmaHeapNames)
            {
                var checks = report.ForHeap(heap).ToList();
                var bad = checks.Where(c => c.Outcome == CheckOutcome.Fail).ToList();
                var expected = IsProtected(heap) && bad.All(c => c.Detail.Contains("EINVAL", StringComparison.Ordinal));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {heap,-32} {checks.Count(c => c.Outcome == CheckOutcome.Pass)} passed, {bad.Count} failed, {checks.Count(c => c.Outcome == CheckOutcome.Skip)} skipped{(bad.Count > 0 && expected ? " (mmap refused: no CPU access to protected memory, by design)" : "")}"));
                if (bad.Count > 0 && !expected)
                {
                    failures++;
                    foreach (var check in bad)
                    {
                        output.WriteLine($"    {check.ToTapLine()}");
                    }
                }
            }
        }

        failures += Safety(machine, output, quiescent: false);
        machine.Dispose();

        output.WriteLine();
        output.WriteLine("4. after every process exited");
        failures += Safety(machine, output, quiescent: true);

        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"simulated time: {machine.SimulatedNanoseconds / 1e6:F3} ms"));
        GlobalOptions.WriteTrace(machine, trace);
        foreach (var line in RunVerdict.NotModelledLines(machine.NotModelled))
        {
            output.WriteLine(line);
        }

        output.WriteLine("RESULT: " + RunVerdict.Of(failures, machine.NotModelled));
        return failures == 0 ? ProtmemCommand.ExitOk : ProtmemCommand.ExitCheckFailed;
    }

    private const string RestrictedHeapPrefix = "restricted";

    /// <summary>The whole-machine safety check after every sub-test of an xtest program.</summary>
    private sealed class SubtestSafety(Machine machine, TextWriter output)
    {
        private int _checked;
        private int _failed;

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

        public int Report()
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  safety after each sub-test: {(_failed == 0 ? "ok" : "FAILED")} ({_checked} checks)"));
            return _failed;
        }
    }

    private static bool IsProtected(string heap) =>
        heap.StartsWith("protected,", StringComparison.Ordinal) || heap.StartsWith(RestrictedHeapPrefix, StringComparison.Ordinal);

    private static int Report(SdpRunResult run, StringWriter log, TextWriter output)
    {
        if (XtestCommand.Summarize(run, output))
        {
            return 0;
        }

        output.WriteLine("  program output:");
        output.WriteLine(log.ToString());
        return 1;
    }

    private static int Safety(Machine machine, TextWriter output, bool quiescent)
    {
        var report = machine.CheckSafety(quiescent);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  safety{(quiescent ? " (pools full, nothing lent or open)" : "")}: {(report.Passed ? "ok" : "FAILED")} — {report.ProtectedRanges} protected range(s) checked, {report.Reclaims} reclaim(s) checked for scrubbing, {report.Hazards} speculative hazard(s)"));
        foreach (var finding in report.Findings)
        {
            output.WriteLine($"    {finding}");
        }

        return report.Passed ? 0 : 1;
    }
}
