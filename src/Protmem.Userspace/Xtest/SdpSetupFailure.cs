namespace Protmem.Userspace.Xtest;

/// <summary>
/// A sub-test's set-up failed before the step it is about: <paramref name="Step"/> says which, and
/// <paramref name="Missing"/> whether the piece is simply absent (no such heap, no /dev/tee0).
/// </summary>
internal sealed record SdpSetupFailure(string Step, bool Missing)
{
    /// <summary>
    /// Why a sub-test expecting <paramref name="expected"/> did not really run, or null when the failure is
    /// its verdict: an absent piece means nothing to test; a sub-test that expects failure proves nothing
    /// when its set-up failed; a sub-test that expects success and could not set up has failed.
    /// </summary>
    public string? SkipReasonFor(int expected) =>
        Missing ? $"{Step}: nothing to test"
        : expected != 0 ? $"{Step} before the step that must fail: the expected failure proves nothing"
        : null;
}
