namespace Protmem.Platform.Exec;

/// <summary>
/// How a <c>protmem exec</c> run ended: the program's status, the model's errors, and the whole-machine
/// checks that ran after every process of the program was gone.
/// </summary>
/// <param name="ProgramStatus">The program's exit status (128 + signal number when a signal killed it).</param>
/// <param name="ModelErrors">Model bugs met while serving (each answered EIO to the program).</param>
/// <param name="InvariantFailure">The broken invariant, when machine.CheckInvariants threw; null when it held.</param>
/// <param name="Safety">The safety check after exit (quiescent: nothing left lent or open).</param>
/// <param name="LeftBehind">What the model still held once every process had gone (dma-bufs, open files, processes); empty when all was released.</param>
/// <param name="Processes">How many host processes the model served (forks and the program itself).</param>
/// <param name="StandardOutput">The program's output, when captured.</param>
/// <param name="StandardError">The program's error output, when captured.</param>
public sealed record ExecResult(
    int ProgramStatus,
    IReadOnlyList<string> ModelErrors,
    string? InvariantFailure,
    SafetyReport Safety,
    IReadOnlyList<string> LeftBehind,
    int Processes,
    string StandardOutput,
    string StandardError)
{
    /// <summary>The exit status when the model itself failed (a model error or a broken invariant): EX_SOFTWARE, as every protmem command.</summary>
    public const int ModelBugStatus = 70;

    /// <summary>The exit status when the program ran but the checks after it failed (something protected reachable, or left behind).</summary>
    public const int CheckFailedStatus = 125;

    /// <summary>How many requests took the fast path: request and reply in the doorbell page shared with the program, no socket.</summary>
    public int FastPathRequests { get; init; }

    /// <summary>Whether the model ran without error and every check after exit passed.</summary>
    public bool ModelPassed => ModelErrors.Count == 0 && InvariantFailure is null && Safety.Passed && LeftBehind.Count == 0;

    /// <summary>Everything that made the model fail, one line each.</summary>
    public IEnumerable<string> Failures => ModelErrors
        .Concat(InvariantFailure is null ? [] : [InvariantFailure])
        .Concat(Safety.Findings)
        .Concat(LeftBehind);

    /// <summary>The program's status; <see cref="ModelBugStatus"/> or <see cref="CheckFailedStatus"/> when the model or a check failed.</summary>
    public int ExitCode => ModelErrors.Count > 0 || InvariantFailure is not null ? ModelBugStatus : ModelPassed ? ProgramStatus : CheckFailedStatus;
}
