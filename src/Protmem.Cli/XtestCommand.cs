using System.CommandLine;
using System.Globalization;
using Protmem.Cli.Json;
using Protmem.Platform;
using Protmem.Userspace;
using Protmem.Userspace.Xtest;

namespace Protmem.Cli;

/// <summary>
/// <c>protmem xtest</c>: OP-TEE's xtest on a booted board, with xtest's own options.
/// <list type="bullet">
/// <item><c>protmem xtest --sdp-basic [-s SIZE] [-n LOOPS] [--heap-name NAME] [--no-offset] [-v]</c></item>
/// <item><c>protmem xtest 1014 [--heap-name NAME]</c></item>
/// </list>
/// The output ends with xtest's summary block; failures also go to standard error, as xtest reports them.
/// </summary>
internal static class XtestCommand
{
    /// <summary>The memref traffic (loops x size) above which --sdp-basic shows a progress bar on a terminal.</summary>
    private const ulong ProgressThresholdBytes = 64ul << 20;

    public static Command Create(GlobalOptions globals, Terminal terminal)
    {
        var test = new Argument<string?>("test") { Description = "a regression test number: 1014", Arity = ArgumentArity.ZeroOrOne };
        var sdpBasic = new Option<bool>("--sdp-basic") { Description = "run the Secure Data Path basic access tests" };
        var size = new Option<ulong>("-s") { Description = "SDP buffer byte size", HelpName = "SIZE", DefaultValueFactory = _ => new SdpBasicOptions().Size };
        var loops = new Option<ulong>("-n") { Description = "test loop iterations", HelpName = "LOOPS", DefaultValueFactory = _ => new SdpBasicOptions().Loops };
        var heapName = new Option<string?>("--heap-name") { Description = "target heap name (a name under /dev/dma_heap)", HelpName = "NAME" };
        var noOffset = new Option<bool>("--no-offset") { Description = "no random offset [0 255] in the buffer" };
        var trace = GlobalOptions.TraceOption();
        var json = GlobalOptions.JsonOption(XtestDocument.SchemaName);
        var verbose = new Option<bool>("-v") { Description = "be verbose (repeat for more)", Arity = ArgumentArity.Zero, AllowMultipleArgumentsPerToken = true };
        var command = new Command("xtest", "Run OP-TEE's xtest SDP tests (--sdp-basic, or regression 1014)")
        {
            test, sdpBasic, size, loops, heapName, noOffset, verbose, trace, json,
        };
        command.SetAction(result => ProtmemCommand.Guard(terminal.Error, () =>
        {
            var number = result.GetValue(test);
            var heap = result.GetValue(heapName);
            var asJson = result.GetValue(json);
            var machineOptions = globals.MachineOptionsOf(result) with { Trace = result.GetValue(trace) is not null };
            using var machine = Machine.Boot(globals.Board(result), machineOptions);

            // With --json the program's own output is kept for the document; standard output holds the document alone.
            using var programOutput = new StringWriter(CultureInfo.InvariantCulture);
            var output = asJson ? TextWriter.Null : terminal.Output;
            var programWriter = asJson ? programOutput : terminal.Output;
            SdpRunResult run;
            if (number is not null)
            {
                if (number != "1014" || result.GetValue(sdpBasic))
                {
                    throw new UsageException(number != "1014" ? $"xtest: no test '{number}' (this port has 1014 and --sdp-basic)" : "xtest: say --sdp-basic or 1014, not both");
                }

                var regression = new XtestRegression1014(machine.Spawn("xtest"), programWriter, machine.CreateRandomSource());
                run = heap is null ? regression.Run() : regression.Run(heap);
            }
            else if (result.GetValue(sdpBasic))
            {
                var defaults = new SdpBasicOptions();
                var options = defaults with
                {
                    Size = result.GetValue(size),
                    Loops = result.GetValue(loops),
                    HeapName = heap ?? defaults.HeapName,
                    RandomOffset = !result.GetValue(noOffset),
                    Verbosity = defaults.Verbosity + result.Tokens.Count(t => t.Value == "-v"),
                };
                var process = machine.Spawn("xtest");
                var random = machine.CreateRandomSource();
                run = options.Loops * options.Size >= ProgressThresholdBytes
                    ? ProgressDisplay.Run(terminal.Error, "xtest --sdp-basic", progress => new XtestSdpBasic(process, programWriter, random) { Progress = progress }.Run(options))
                    : new XtestSdpBasic(process, programWriter, random).Run(options);
            }
            else
            {
                throw new UsageException("xtest: say --sdp-basic [options] or 1014");
            }

            GlobalOptions.WriteTrace(machine, result.GetValue(trace));
            Summarize(run, output, terminal, terminal.Error);
            WriteSummaryBlock(run, output);
            var exit = run.Verdict switch { Verdict.Pass => ProtmemCommand.ExitOk, Verdict.Skip => ProtmemCommand.ExitSkip, _ => ProtmemCommand.ExitCheckFailed };
            if (asJson)
            {
                Documents.Write(terminal.Output, Document(run, machine, machineOptions.Seed, heap, programOutput.ToString(), exit), ReportJsonContext.Default.XtestDocument);
            }

            return exit;
        }));
        return command;
    }

    /// <summary>Each sub-test's verdict and the program's line; a failure is also written to <paramref name="error"/>.</summary>
    internal static bool Summarize(SdpRunResult run, TextWriter output, Terminal terminal, TextWriter? error = null)
    {
        foreach (var subtest in run.Subtests)
        {
            var verdict = subtest.Skipped ? $"{terminal.Paint("SKIP")} ({subtest.SkipReason})" : !subtest.Ran ? "not run" : subtest.Passed ? terminal.Paint("ok") : $"{terminal.Paint("FAILED")} (got {subtest.Got}, expected {subtest.Expected})";
            output.WriteLine($"  {subtest.Id,-18} {subtest.Title}: {verdict}");
            if (subtest.Ran && !subtest.Passed)
            {
                error?.WriteLine($"{subtest.Id} FAILED: {subtest.Title}: got {subtest.Got}, expected {subtest.Expected}");
            }
        }

        var skipped = run.Subtests.Count(s => s.Skipped);
        output.WriteLine($"{run.Program}: {run.Subtests.Count(s => s.Passed)} of {run.Subtests.Count} sub-tests as expected{(skipped > 0 ? $", {skipped} skipped" : "")}, {terminal.Paint(run.Verdict switch { Verdict.Pass => "PASSED", Verdict.Skip => "SKIPPED", _ => "FAILED" })}");
        return run.Verdict != Verdict.Fail;
    }

    private static XtestDocument Document(SdpRunResult run, Machine machine, ulong seed, string? heap, string programOutput, int exit) => new(
        XtestDocument.SchemaName,
        machine.Platform.Name,
        seed,
        run.Program,
        heap,
        Documents.Subtests(run),
        run.Subtests.Count(s => s.Ran),
        run.Subtests.Count(s => s.Ran && !s.Passed),
        run.Subtests.Count(s => !s.Ran),
        programOutput,
        Protmem.Platform.RunVerdict.NotModelledEntries(machine),
        machine.SimulatedNanoseconds,
        Documents.Word(run.Verdict),
        run.SkipReason,
        exit);

    /// <summary>xtest's closing block: sub-tests and test cases run and failed, and those skipped.</summary>
    private static void WriteSummaryBlock(SdpRunResult run, TextWriter output)
    {
        var ran = run.Subtests.Count(s => s.Ran);
        var failed = run.Subtests.Count(s => s.Ran && !s.Passed);
        var skipped = run.Subtests.Count(s => !s.Ran);
        output.WriteLine("+-----------------------------------------------------");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ran} subtest{(ran == 1 ? "" : "s")} of which {failed} failed"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"1 test case of which {(run.Passed ? 0 : 1)} failed"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{skipped} subtest{(skipped == 1 ? " was" : "s were")} skipped"));
        output.WriteLine("TEE test application done!");
    }
}
