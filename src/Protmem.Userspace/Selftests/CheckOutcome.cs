namespace Protmem.Userspace.Selftests;

/// <summary>A check's outcome as TAP reports it: ok, not ok, or ok # SKIP.</summary>
public enum CheckOutcome
{
    Pass,
    Fail,
    Skip,
}
