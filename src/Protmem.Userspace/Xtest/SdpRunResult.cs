namespace Protmem.Userspace.Xtest;

/// <summary>The result of an SDP program run: every sub-test, expected against got.</summary>
public sealed record SdpRunResult(string Program, IReadOnlyList<SdpSubtestResult> Subtests)
{
    /// <summary>Fail when a sub-test failed; Skip when none really ran; else Pass (skips allowed, as kselftest counts them).</summary>
    public Verdict Verdict =>
        Subtests.Any(s => s.Verdict == Verdict.Fail) ? Verdict.Fail
        : Subtests.All(s => s.Skipped) ? Verdict.Skip
        : Verdict.Pass;

    /// <summary>Every sub-test that ran gave what xtest expects, and at least one ran (the program's exit status 0).</summary>
    public bool Passed => Verdict == Verdict.Pass;

    /// <summary>Why the run tested nothing (the first sub-test's reason), when <see cref="Verdict"/> is Skip.</summary>
    public string? SkipReason => Verdict == Verdict.Skip ? (Subtests.Count == 0 ? null : Subtests[0].SkipReason) : null;
}
