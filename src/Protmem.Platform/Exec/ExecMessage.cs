using System.Buffers.Binary;

namespace Protmem.Platform.Exec;

/// <summary>One message header of <see cref="ExecProtocol"/>: the op, the payload length and six arguments.</summary>
internal struct ExecMessage
{
    public uint Op;
    public int Length;
    public long A0;
    public long A1;
    public long A2;
    public long A3;
    public long A4;
    public long A5;

    public ExecMessage(uint op, long a0 = 0, long a1 = 0, long a2 = 0, long a3 = 0, long a4 = 0, long a5 = 0)
    {
        Op = op;
        A0 = a0;
        A1 = a1;
        A2 = a2;
        A3 = a3;
        A4 = a4;
        A5 = a5;
    }

    public readonly void WriteTo(Span<byte> header, int payloadLength)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(header, Op);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)payloadLength);
        BinaryPrimitives.WriteInt64LittleEndian(header[8..], A0);
        BinaryPrimitives.WriteInt64LittleEndian(header[16..], A1);
        BinaryPrimitives.WriteInt64LittleEndian(header[24..], A2);
        BinaryPrimitives.WriteInt64LittleEndian(header[32..], A3);
        BinaryPrimitives.WriteInt64LittleEndian(header[40..], A4);
        BinaryPrimitives.WriteInt64LittleEndian(header[48..], A5);
    }

    public static ExecMessage ReadFrom(ReadOnlySpan<byte> header) => new()
    {
        Op = BinaryPrimitives.ReadUInt32LittleEndian(header),
        Length = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[4..]),
        A0 = BinaryPrimitives.ReadInt64LittleEndian(header[8..]),
        A1 = BinaryPrimitives.ReadInt64LittleEndian(header[16..]),
        A2 = BinaryPrimitives.ReadInt64LittleEndian(header[24..]),
        A3 = BinaryPrimitives.ReadInt64LittleEndian(header[32..]),
        A4 = BinaryPrimitives.ReadInt64LittleEndian(header[40..]),
        A5 = BinaryPrimitives.ReadInt64LittleEndian(header[48..]),
    };
}
