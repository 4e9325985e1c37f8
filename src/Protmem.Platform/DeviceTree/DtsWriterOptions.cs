namespace Protmem.Platform.DeviceTree;

/// <summary>How <see cref="DtsWriter"/> lays out the source.</summary>
public sealed record DtsWriterOptions
{
    /// <summary>Sort reservations, properties and children by name, as <c>dtc -s</c> does.</summary>
    public bool Sort { get; init; }

    /// <summary>
    /// Escape strings exactly as dtc 1.6.1 does, for byte-for-byte comparison with it, including
    /// its two lossy cases: a NUL followed by an octal digit prints as <c>\0</c> then the digit
    /// (which reads back as one octal escape), and a byte above 0x7f prints sign-extended
    /// (<c>\xffffffe9</c>). Off by default: then those print as <c>\000</c> and <c>\xe9</c>,
    /// and the output always reads back to the same bytes.
    /// </summary>
    public bool DtcEscapes { get; init; }
}
