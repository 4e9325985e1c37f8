namespace Protmem.Userspace.TrustedUi;

/// <summary>What a PIN entry is for (SHOW_PIN_PAD's mode).</summary>
public enum PinEntryMode : uint
{
    /// <summary>Choose a new PIN.</summary>
    Enrol = 0,

    /// <summary>Check the PIN enrolled before.</summary>
    Verify = 1,
}
