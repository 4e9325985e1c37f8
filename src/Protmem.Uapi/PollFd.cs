using System.Buffers.Binary;

namespace Protmem.Uapi;

/// <summary>struct pollfd (8 bytes): one entry of poll(2)'s array.</summary>
public struct PollFd : IUapiStruct<PollFd>
{
    public const int Size = 8;

    private const int FdOffset = 0;
    private const int EventsOffset = 4;
    private const int REventsOffset = 6;

    /// <summary>[in] The fd to watch; a negative fd is ignored (its revents is 0). Offset 0, int.</summary>
    public int Fd;

    /// <summary>[in] The events asked for (<see cref="Poll"/>). Offset 4, short.</summary>
    public short Events;

    /// <summary>[out] The events that happened, plus POLLERR, POLLHUP or POLLNVAL. Offset 6, short.</summary>
    public short REvents;

    public static AbiStructLayout Layout { get; } = new("pollfd", Size,
    [
        new("fd", FdOffset, 4),
        new("events", EventsOffset, 2),
        new("revents", REventsOffset, 2),
    ]);

    public static PollFd Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new PollFd
        {
            Fd = BinaryPrimitives.ReadInt32LittleEndian(source[FdOffset..]),
            Events = BinaryPrimitives.ReadInt16LittleEndian(source[EventsOffset..]),
            REvents = BinaryPrimitives.ReadInt16LittleEndian(source[REventsOffset..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        BinaryPrimitives.WriteInt32LittleEndian(destination[FdOffset..], Fd);
        BinaryPrimitives.WriteInt16LittleEndian(destination[EventsOffset..], Events);
        BinaryPrimitives.WriteInt16LittleEndian(destination[REventsOffset..], REvents);
    }
}
