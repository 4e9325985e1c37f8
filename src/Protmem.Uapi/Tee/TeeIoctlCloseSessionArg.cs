using System.Buffers.Binary;

namespace Protmem.Uapi.Tee;

/// <summary>
/// struct tee_ioctl_close_session_arg (4 bytes): the argument of TEE_IOC_CLOSE_SESSION.
/// </summary>
public struct TeeIoctlCloseSessionArg : IUapiStruct<TeeIoctlCloseSessionArg>
{
    public const int Size = 4;

    private const int SessionOffset = 0;

    /// <summary>[in] The session id to close. Offset 0, u32.</summary>
    public uint Session;

    public static AbiStructLayout Layout { get; } = new("tee_ioctl_close_session_arg", Size,
    [
        new("session", SessionOffset, 4),
    ]);

    public static TeeIoctlCloseSessionArg Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new TeeIoctlCloseSessionArg
        {
            Session = BinaryPrimitives.ReadUInt32LittleEndian(source[SessionOffset..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[SessionOffset..], Session);
    }
}
