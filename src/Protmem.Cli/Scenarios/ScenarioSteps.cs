using Protmem.Userspace;

namespace Protmem.Cli.Scenarios;

/// <summary>What every scenario's step does around its own work: a numbered section, the verdict line, the point safety check.</summary>
internal static class ScenarioSteps
{
    /// <summary>Runs one step: <paramref name="run"/> returns null when it behaved as it must, else the problem.</summary>
    public static void Step(RunSession session, int section, string name, Func<string?> run)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(run);
        session.Output.WriteLine();
        session.Output.WriteLine($"{section}. {name}");
        string? problem;
        try
        {
            problem = run();
        }
        catch (ErrnoException e)
        {
            problem = e.Message;
        }

        session.Step(new RunStep(name, problem is null ? Verdict.Pass : Verdict.Fail, TestsProtectedMemory: true, problem));
        session.Safety($"safety after {name}", quiescent: false);
    }
}
