namespace Protmem.Hardware.Memory;

/// <summary>The modify step of a read-modify-write: changes <paramref name="bytes"/> in place.</summary>
public delegate void BytesUpdate(Span<byte> bytes);
