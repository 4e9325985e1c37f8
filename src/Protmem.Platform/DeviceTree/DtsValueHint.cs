namespace Protmem.Platform.DeviceTree;

/// <summary>How a DTS source wrote part of a value: a typed run (cells, bytes, string), a label, or where a reference was, at a byte offset.</summary>
internal readonly record struct DtsValueHint(int Offset, LiveMarkerKind Kind, string? Label);
