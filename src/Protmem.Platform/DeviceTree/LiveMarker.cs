namespace Protmem.Platform.DeviceTree;

/// <summary>A mark at a byte offset of a value: where a typed run starts, a reference or a label.</summary>
internal sealed record LiveMarker(int Offset, LiveMarkerKind Kind, string? Reference, DtsLocation Location)
{
    public int Offset { get; set; } = Offset;

    public bool IsType => Kind <= LiveMarkerKind.TypeString;
}
