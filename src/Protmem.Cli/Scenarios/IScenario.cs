namespace Protmem.Cli.Scenarios;

/// <summary>
/// A whole-system use case <c>protmem run NAME</c> runs: user programs that speak only the ABI, the physical
/// world where the use case has one (a person tapping, a screen), and a verdict per step.
/// </summary>
internal interface IScenario
{
    /// <summary>The subcommand's name, e.g. <c>trusted-ui</c>.</summary>
    string Name { get; }

    /// <summary>One line for --help.</summary>
    string Summary { get; }

    /// <summary>Null when <paramref name="machine"/> can run it; else why not, as "it has no ...".</summary>
    string? NotPossible(Platform.Machine machine);

    /// <summary>Runs the steps (numbered sections from 1), each recorded with <see cref="RunSession.Step"/> and followed by a point safety check; returns the sections used.</summary>
    int Run(RunSession session);
}
