using System.Buffers.Binary;

namespace Protmem.Platform.DeviceTree;

/// <summary>
/// A property value while a source is read: bytes plus dtc's markers. References are
/// placeholders until the tree is complete; then phandles are written in and paths inserted.
/// </summary>
internal sealed class LiveValue
{
    private byte[] _bytes = [];

    public int Length { get; private set; }

    public List<LiveMarker> Markers { get; } = [];

    public ReadOnlySpan<byte> Bytes => _bytes.AsSpan(0, Length);

    public void AddMarker(LiveMarkerKind kind, string? reference, DtsLocation location) =>
        Markers.Add(new LiveMarker(Length, kind, reference, location));

    public void Append(ReadOnlySpan<byte> data)
    {
        Reserve(data.Length);
        data.CopyTo(_bytes.AsSpan(Length));
        Length += data.Length;
    }

    public void AppendByte(byte value)
    {
        Reserve(1);
        _bytes[Length++] = value;
    }

    /// <summary>Appends the low <paramref name="bits"/> bits of <paramref name="value"/>, big-endian.</summary>
    public void AppendInteger(ulong value, int bits)
    {
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(buffer, value);
        Append(buffer[(8 - (bits / 8))..]);
    }

    public void WriteUInt32(int offset, uint value) => BinaryPrimitives.WriteUInt32BigEndian(_bytes.AsSpan(offset, 4), value);

    /// <summary>Inserts <paramref name="data"/> where marker <paramref name="index"/> is; later markers move along.</summary>
    public void InsertAtMarker(int index, ReadOnlySpan<byte> data)
    {
        var offset = Markers[index].Offset;
        Reserve(data.Length);
        _bytes.AsSpan(offset, Length - offset).CopyTo(_bytes.AsSpan(offset + data.Length));
        data.CopyTo(_bytes.AsSpan(offset));
        Length += data.Length;
        for (var i = index + 1; i < Markers.Count; i++)
        {
            Markers[i].Offset += data.Length;
        }
    }

    public byte[] ToArray() => Bytes.ToArray();

    private void Reserve(int more)
    {
        if (Length + more <= _bytes.Length)
        {
            return;
        }

        Array.Resize(ref _bytes, Math.Max(Length + more, Math.Max(16, _bytes.Length * 2)));
    }
}
