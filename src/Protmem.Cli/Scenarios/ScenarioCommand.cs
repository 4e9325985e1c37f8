using System.CommandLine;
using Protmem.Platform;
using Protmem.Platform.Boards;

namespace Protmem.Cli.Scenarios;

/// <summary>
/// <c>protmem run SCENARIO [PLATFORM]</c>: boots the board with the safety monitor on and runs the scenario's
/// steps, each followed by the whole-machine check, then the quiescent check and the monitor's report, as the
/// main job does. Without a board it runs on every shipped board, and says for each board that cannot run it
/// why not (a board named explicitly that cannot run it is a SKIP, exit 4, with the reason). Over several
/// boards: FAIL (1) if any failed, else PASS (0) if any passed, else SKIP (4).
/// </summary>
internal static class ScenarioCommand
{
    public static Command Create(IScenario scenario, GlobalOptions globals, Terminal terminal)
    {
        var board = GlobalOptions.BoardArgument();
        var noMonitor = new Option<bool>("--no-monitor") { Description = "switch the continuous safety monitor off (the point checks still run)" };
        var trace = GlobalOptions.TraceOption();
        var json = GlobalOptions.JsonOption("protmem.run/1");
        var junit = new Option<FileInfo?>("--junit") { Description = "also write the report to FILE as JUnit XML (one testsuite per step), for CI", HelpName = "FILE" };
        var monitor = new Option<FileInfo?>("--monitor") { Description = "save what the screen shows to FILE as a PNG (scenarios with a display)", HelpName = "FILE" };
        var command = new Command(scenario.Name, scenario.Summary + " [default: every shipped board that can]") { board, noMonitor, trace, json, junit, monitor };
        command.SetAction(result => ProtmemCommand.Guard(terminal.Error, () =>
        {
            var named = globals.NamedBoard(result, board);
            var presentation = new RunCommand.Presentation(false, true, result.GetValue(json), result.GetValue(junit));
            if (named is null && (presentation.Json || presentation.JUnit is not null || result.GetValue(trace) is not null || result.GetValue(monitor) is not null))
            {
                throw new UsageException($"--json, --junit, --trace and --monitor report one board: name it (protmem run {scenario.Name} rk3588 --json)");
            }

            var options = globals.MachineOptionsOf(result, monitor: !result.GetValue(noMonitor)) with { Trace = result.GetValue(trace) is not null };
            return named is null
                ? OnEveryBoard(scenario, options, terminal)
                : Execute(scenario, named, options, presentation, terminal, result.GetValue(trace), result.GetValue(monitor)).Exit;
        }));
        return command;
    }

    /// <summary>Runs <paramref name="scenario"/> on one board; its exit code and a one-line outcome for a summary.</summary>
    public static (int Exit, string Outcome) Execute(IScenario scenario, string platform, MachineOptions options, RunCommand.Presentation presentation, Terminal terminal, FileInfo? trace = null, FileInfo? monitor = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(presentation);
        ArgumentNullException.ThrowIfNull(terminal);
        using var machine = Machine.Boot(platform, options);
        var output = presentation.Json ? TextWriter.Null : terminal.Output;
        output.WriteLine($"protmem run {scenario.Name} — {machine.Platform.Name}: {machine.Platform.Model}");
        var run = new RunSession(machine, output, terminal) { MonitorPath = monitor };
        if (scenario.NotPossible(machine) is { } reason)
        {
            var why = $"not possible on {machine.Platform.Name}, because {reason}";
            if (presentation.Json || presentation.JUnit is not null)
            {
                run.NotRun(scenario.Name, why);
                return (run.Finish(options.Seed, presentation, trace, null, why, firstSection: 1), why);
            }

            output.WriteLine($"RESULT: {terminal.Paint("SKIP")} ({why})");
            return (ProtmemCommand.ExitSkip, why);
        }

        var sections = scenario.Run(run);
        var exit = run.Finish(options.Seed, presentation, trace, null, null, firstSection: sections + 1);
        return (exit, exit switch { ProtmemCommand.ExitOk => "PASS", ProtmemCommand.ExitCheckFailed => "FAIL", _ => "SKIP or INCOMPLETE" });
    }

    private static int OnEveryBoard(IScenario scenario, MachineOptions options, Terminal terminal)
    {
        var results = new List<(string Board, int Exit, string Outcome)>();
        foreach (var platform in PlatformCatalog.Platforms)
        {
            var (exit, outcome) = Execute(scenario, platform.Name, options, RunCommand.Presentation.Default, terminal);
            results.Add((platform.Name, exit, outcome));
            terminal.Output.WriteLine();
        }

        terminal.Output.WriteLine($"protmem run {scenario.Name} on every shipped board:");
        var column = results.Max(r => r.Board.Length) + 2;
        foreach (var (board, _, outcome) in results)
        {
            terminal.Output.WriteLine($"  {board.PadRight(column)}{outcome}");
        }

        var exits = results.Select(r => r.Exit).ToList();
        return exits.Contains(ProtmemCommand.ExitCheckFailed) ? ProtmemCommand.ExitCheckFailed
            : exits.Contains(ProtmemCommand.ExitOk) ? ProtmemCommand.ExitOk
            : ProtmemCommand.ExitSkip;
    }
}
