using System.Buffers.Binary;

namespace Protmem.Uapi.Tee;

/// <summary>
/// struct tee_ioctl_buf_data (16 bytes): the argument of TEE_IOC_OPEN_SESSION, TEE_IOC_INVOKE,
/// TEE_IOC_SUPPL_RECV and TEE_IOC_SUPPL_SEND: where the real, variable-length argument lies.
/// </summary>
public struct TeeIoctlBufData : IUapiStruct<TeeIoctlBufData>
{
    public const int Size = 16;

    private const int BufPtrOffset = 0;
    private const int BufLenOffset = 8;

    /// <summary>[in] User address of the argument (a header struct followed by its tee_ioctl_param array). Offset 0, u64.</summary>
    public ulong BufPtr;

    /// <summary>[in] Its length in bytes. Offset 8, u64.</summary>
    public ulong BufLen;

    public static AbiStructLayout Layout { get; } = new("tee_ioctl_buf_data", Size,
    [
        new("buf_ptr", BufPtrOffset, 8),
        new("buf_len", BufLenOffset, 8),
    ]);

    public static TeeIoctlBufData Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new TeeIoctlBufData
        {
            BufPtr = BinaryPrimitives.ReadUInt64LittleEndian(source[BufPtrOffset..]),
            BufLen = BinaryPrimitives.ReadUInt64LittleEndian(source[BufLenOffset..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[BufPtrOffset..], BufPtr);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[BufLenOffset..], BufLen);
    }
}
