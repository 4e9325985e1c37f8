namespace Protmem.Userspace.Xtest;

/// <summary>
/// One invocation of the out-of-bounds test: INJECT with the SDP memref at
/// (<paramref name="Offset"/>, <paramref name="Length"/>). A valid reference must reach the TA;
/// an invalid one must be refused before it (origin not TRUSTED_APP, GENERIC or BAD_PARAMETERS).
/// </summary>
public sealed record SdpMemrefCase(string Description, ulong Offset, ulong Length, bool ValidReference)
{
    /// <summary>
    /// The cases for a registered buffer of <paramref name="shmSize"/> bytes (the kernel-reported
    /// size): the valid last byte (only at verbosity &gt; 0), then the five rejections.
    /// </summary>
    public static IReadOnlyList<SdpMemrefCase> For(ulong shmSize, bool includeValid)
    {
        ArgumentOutOfRangeException.ThrowIfZero(shmSize);
        var cases = new List<SdpMemrefCase>();
        if (includeValid)
        {
            cases.Add(new("valid reference: the last byte", shmSize - 1, 1, true));
        }

        cases.Add(new("reference overflows the buffer by 1 byte", shmSize - 1, 2, false));
        cases.Add(new("reference overflows the buffer by more than 4 KiB", shmSize - 1, 5000, false));
        cases.Add(new("offset equals the buffer size", shmSize, 1, false));
        cases.Add(new("offset equals the buffer size, 4 KiB long", shmSize, 4096, false));
        cases.Add(new("offset + size wraps around", 2, ulong.MaxValue, false));
        return cases;
    }
}
