namespace Protmem.Platform.DeviceTree;

/// <summary>A blob that is not a well-formed flattened device tree; the message names the byte offset where reading failed.</summary>
public sealed class DtbFormatException : Exception
{
    public DtbFormatException()
        : this(0, "not a flattened device tree")
    {
    }

    public DtbFormatException(string message)
        : this(0, message)
    {
    }

    public DtbFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    public DtbFormatException(long offset, string reason)
        : base($"DTB offset 0x{offset:x}: {reason}")
    {
        Offset = offset;
        Reason = reason;
    }

    /// <summary>The byte offset in the blob where the problem is.</summary>
    public long Offset { get; }

    /// <summary>What is wrong there.</summary>
    public string Reason { get; }
}
