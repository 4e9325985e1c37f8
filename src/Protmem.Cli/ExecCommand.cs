using System.CommandLine;
using Protmem.Platform.Exec;

namespace Protmem.Cli;

/// <summary>
/// <c>protmem exec [--platform NAME|FILE] [--seed N] -- PROGRAM [ARGS...]</c>: runs an unmodified Linux program
/// (and every child it forks or execs) on the booted board, the way strace wraps one: its /dev/dma_heap,
/// /dev/tee, /dev/dri, /dev/accel and /dev/video nodes are the model's, everything else is the host's.
/// The program's output is its own; the model's messages and the closing check go to standard error.
/// Exit code: the program's status; 125 when the checks after exit failed (protected memory reachable,
/// something left behind); 70 for a model bug; 2 for a bad command line or board.
/// </summary>
internal static class ExecCommand
{
    public static Command Create(GlobalOptions globals, TextWriter error)
    {
        var program = new Argument<string[]>("program")
        {
            Description = "the program and its arguments (put -- before them so their options are theirs)",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("exec", "Run an unmodified Linux program on the board (its device nodes are the model's)") { program };
        command.SetAction(result => ProtmemCommand.Guard(error, () =>
        {
            var run = ExecSession.Run(new ExecOptions
            {
                Platform = globals.Board(result),
                Seed = globals.SeedOf(result),
                Command = result.GetValue(program) ?? [],
                Diagnostics = error,
            });
            Report(run, globals.Board(result), error);
            return run.ExitCode;
        }));
        return command;
    }

    private static void Report(ExecResult run, string board, TextWriter error)
    {
        var processes = run.Processes == 1 ? "1 process" : $"{run.Processes} processes";
        if (run.ModelPassed)
        {
            error.WriteLine($"protmem exec: {board}: status {run.ProgramStatus}, {processes}; the machine checks passed ({run.Safety.ProtectedRanges} protected ranges, nothing left behind)");
            return;
        }

        error.WriteLine($"protmem exec: {board}: status {run.ProgramStatus}, {processes}; the machine checks FAILED:");
        foreach (var failure in run.Failures)
        {
            error.WriteLine($"  {failure}");
        }
    }
}
