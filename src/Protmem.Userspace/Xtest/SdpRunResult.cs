namespace Protmem.Userspace.Xtest;

/// <summary>The result of an SDP program run: every sub-test, expected against got.</summary>
public sealed record SdpRunResult(string Program, IReadOnlyList<SdpSubtestResult> Subtests)
{
    /// <summary>Every sub-test ran and gave what xtest expects (the program's exit status 0).</summary>
    public bool Passed => Subtests.All(s => s.Passed);
}
