using System.Buffers.Binary;

namespace Protmem.Uapi.Tee;

/// <summary>
/// struct tee_ioctl_cancel_arg (8 bytes): the argument of TEE_IOC_CANCEL.
/// </summary>
public struct TeeIoctlCancelArg : IUapiStruct<TeeIoctlCancelArg>
{
    public const int Size = 8;

    private const int CancelIdOffset = 0;
    private const int SessionOffset = 4;

    /// <summary>[in] The cancellation id of the request to cancel. Offset 0, u32.</summary>
    public uint CancelId;

    /// <summary>[in] The session id, or 0 while the session is being opened. Offset 4, u32.</summary>
    public uint Session;

    public static AbiStructLayout Layout { get; } = new("tee_ioctl_cancel_arg", Size,
    [
        new("cancel_id", CancelIdOffset, 4),
        new("session", SessionOffset, 4),
    ]);

    public static TeeIoctlCancelArg Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new TeeIoctlCancelArg
        {
            CancelId = BinaryPrimitives.ReadUInt32LittleEndian(source[CancelIdOffset..]),
            Session = BinaryPrimitives.ReadUInt32LittleEndian(source[SessionOffset..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[CancelIdOffset..], CancelId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[SessionOffset..], Session);
    }
}
