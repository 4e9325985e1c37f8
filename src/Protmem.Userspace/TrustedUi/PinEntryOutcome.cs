namespace Protmem.Userspace.TrustedUi;

/// <summary>All the normal world learns of a PIN entry (FINISH's answer).</summary>
public enum PinEntryOutcome : uint
{
    Rejected = 0,
    Accepted = 1,
    Enrolled = 2,
}
