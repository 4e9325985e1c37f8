namespace Protmem.Uapi;

/// <summary>
/// A byte-exact uapi struct: read from and written to little-endian LP64 bytes, as the
/// kernel copies it from and to user memory.
/// </summary>
public interface IUapiStruct<TSelf>
    where TSelf : struct, IUapiStruct<TSelf>
{
    /// <summary>The C layout: name, sizeof, field offsets.</summary>
    static abstract AbiStructLayout Layout { get; }

    /// <summary>Decodes the struct from the first <c>Layout.Size</c> bytes of <paramref name="source"/>.</summary>
    static abstract TSelf Read(ReadOnlySpan<byte> source);

    /// <summary>Encodes the struct into the first <c>Layout.Size</c> bytes of <paramref name="destination"/>; padding is written as zero.</summary>
    void Write(Span<byte> destination);
}
