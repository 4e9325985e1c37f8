namespace Protmem.Userspace.Xtest;

/// <summary>
/// One SDP sub-test: what xtest expects (0 = success, 1 = failure, as the C functions return),
/// what it got (null when a previous mismatch stopped the run), the out-of-bounds cases, and why it
/// could not really run (<paramref name="SkipReason"/>, e.g. the heap cannot be opened: a sub-test that
/// expects failure must not pass because its set-up failed).
/// </summary>
public sealed record SdpSubtestResult(string Id, string Title, int Expected, int? Got, IReadOnlyList<SdpMemrefCaseResult> MemrefCases, string? SkipReason = null)
{
    /// <summary>It ran to the step it is about.</summary>
    public bool Ran => Got is not null && SkipReason is null;

    /// <summary>It could not really run (<see cref="SkipReason"/> says why).</summary>
    public bool Skipped => SkipReason is not null;

    /// <summary>It ran and got what xtest expects.</summary>
    public bool Passed => Ran && Got == Expected;

    /// <summary>Pass, Fail (ran and mismatched, or not run after an earlier failure) or Skip.</summary>
    public Verdict Verdict => Skipped ? Verdict.Skip : Passed ? Verdict.Pass : Verdict.Fail;
}
