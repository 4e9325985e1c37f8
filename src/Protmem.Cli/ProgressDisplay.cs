using Spectre.Console;

namespace Protmem.Cli;

/// <summary>
/// A progress bar on standard error for long work (long xtest loops, compare, fuzz), shown only when standard
/// error is a terminal and cleared when the work ends; piped, the work runs with no progress at all. The
/// work is told an <see cref="IProgress{T}"/> of the fraction done (0 to 1), or null when nothing is shown:
/// what it reports never changes what it does, so a run's trace is the same either way.
/// </summary>
internal static class ProgressDisplay
{
    /// <summary>Runs <paramref name="work"/> under a progress bar labelled <paramref name="label"/> when <paramref name="error"/> is a terminal.</summary>
    public static T Run<T>(TextWriter error, string label, Func<IProgress<double>?, T> work)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(work);
        var target = new AnsiConsoleOutput(error);
        if (!target.IsTerminal)
        {
            return work(null);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = target,
            Ansi = AnsiSupport.Detect,
            ColorSystem = ColorSystemSupport.Detect,
            Interactive = InteractionSupport.Yes,
        });
        return console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context => work(new TaskProgress(context.AddTask(Markup.Escape(label), maxValue: 1.0))));
    }

    /// <summary>Sets the bar's value as the work reports it, on the work's own thread.</summary>
    private sealed class TaskProgress(ProgressTask task) : IProgress<double>
    {
        public void Report(double value) => task.Value = Math.Clamp(value, 0, 1);
    }
}
