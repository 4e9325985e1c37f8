namespace Protmem.Userspace;

/// <summary>
/// What a test, a program run or a whole run found, as kselftest reports it: it ran and held, it ran
/// and did not, or it could not really run (nothing to test: no heap, no TEE) and proves nothing.
/// </summary>
public enum Verdict
{
    /// <summary>Ran, and everything was as expected.</summary>
    Pass,

    /// <summary>Ran, and something was not as expected.</summary>
    Fail,

    /// <summary>Could not run what it is about; says why (kselftest's KSFT_SKIP).</summary>
    Skip,
}
