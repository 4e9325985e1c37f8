namespace Protmem.Uapi;

/// <summary>One field of a uapi struct: its C name, byte offset and width (LP64).</summary>
public sealed record AbiField(string CName, int Offset, int Width);
