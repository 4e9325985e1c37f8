using System.Buffers.Binary;

namespace Protmem.Uapi.Tee;

/// <summary>
/// struct tee_ioctl_param (32 bytes): one parameter of an open-session or invoke request. For a memref,
/// a is the offset into the shm, b the size and c the shm id; for a value, a, b and c are the values.
/// </summary>
public struct TeeIoctlParam : IUapiStruct<TeeIoctlParam>
{
    public const int Size = 32;

    private const int AttrOffset = 0;
    private const int AOffset = 8;
    private const int BOffset = 16;
    private const int COffset = 24;

    /// <summary>[in] TEE_IOCTL_PARAM_ATTR_TYPE_* in the low byte, optionally TEE_IOCTL_PARAM_ATTR_META. Offset 0, u64.</summary>
    public ulong Attr;

    /// <summary>[in/out] Memref: offset into the shared memory. Value: a. Offset 8, u64.</summary>
    public ulong A;

    /// <summary>[in/out] Memref: size; on return, the size the TA used or needs. Value: b. Offset 16, u64.</summary>
    public ulong B;

    /// <summary>[in/out] Memref: shared-memory id, or TEE_MEMREF_NULL. Value: c. Offset 24, u64.</summary>
    public ulong C;

    public static AbiStructLayout Layout { get; } = new("tee_ioctl_param", Size,
    [
        new("attr", AttrOffset, 8),
        new("a", AOffset, 8),
        new("b", BOffset, 8),
        new("c", COffset, 8),
    ]);

    public static TeeIoctlParam Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new TeeIoctlParam
        {
            Attr = BinaryPrimitives.ReadUInt64LittleEndian(source[AttrOffset..]),
            A = BinaryPrimitives.ReadUInt64LittleEndian(source[AOffset..]),
            B = BinaryPrimitives.ReadUInt64LittleEndian(source[BOffset..]),
            C = BinaryPrimitives.ReadUInt64LittleEndian(source[COffset..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[AttrOffset..], Attr);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[AOffset..], A);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[BOffset..], B);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[COffset..], C);
    }

    /// <summary>The parameter type: attr &amp; TEE_IOCTL_PARAM_ATTR_TYPE_MASK.</summary>
    public readonly ulong Type => Attr & TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_MASK;

    /// <summary>An unused parameter (TYPE_NONE).</summary>
    public static TeeIoctlParam None => default;

    /// <summary>A memref parameter: <paramref name="type"/> is MEMREF_INPUT, OUTPUT or INOUT.</summary>
    public static TeeIoctlParam Memref(ulong type, ulong offset, ulong size, int shmId) =>
        new() { Attr = type, A = offset, B = size, C = unchecked((ulong)shmId) };

    /// <summary>A value parameter: <paramref name="type"/> is VALUE_INPUT, OUTPUT or INOUT.</summary>
    public static TeeIoctlParam Value(ulong type, ulong a, ulong b, ulong c = 0) =>
        new() { Attr = type, A = a, B = b, C = c };
}
