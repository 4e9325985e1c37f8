using System.Buffers.Binary;

namespace Protmem.Uapi.Accel;

/// <summary>
/// struct drm_rocket_create_bo (24 bytes): the argument of DRM_IOCTL_ROCKET_CREATE_BO.
/// </summary>
public struct DrmRocketCreateBo : IUapiStruct<DrmRocketCreateBo>
{
    public const int Size = 24;

    private const int SizeOffset = 0;
    private const int HandleOffset = 4;
    private const int DmaAddressOffset = 8;
    private const int OffsetOffset = 16;

    /// <summary>[in/out] <c>size</c>: bytes wanted; the mapped (page-aligned) size on return. Offset 0, u32.</summary>
    public uint BoSize;

    /// <summary>[out] The new GEM handle, valid in this file only. Offset 4, u32.</summary>
    public uint Handle;

    /// <summary>[out] The BO's NPU address: private to the file and valid for the handle's lifetime. Offset 8, u64.</summary>
    public ulong DmaAddress;

    /// <summary>[out] The fake mmap offset of the BO. Offset 16, u64.</summary>
    public ulong Offset;

    public static AbiStructLayout Layout { get; } = new("drm_rocket_create_bo", Size,
    [
        new("size", SizeOffset, 4),
        new("handle", HandleOffset, 4),
        new("dma_address", DmaAddressOffset, 8),
        new("offset", OffsetOffset, 8),
    ], AbiSource.RocketHeader);

    public static DrmRocketCreateBo Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmRocketCreateBo
        {
            BoSize = BinaryPrimitives.ReadUInt32LittleEndian(source[SizeOffset..]),
            Handle = BinaryPrimitives.ReadUInt32LittleEndian(source[HandleOffset..]),
            DmaAddress = BinaryPrimitives.ReadUInt64LittleEndian(source[DmaAddressOffset..]),
            Offset = BinaryPrimitives.ReadUInt64LittleEndian(source[OffsetOffset..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination[SizeOffset..], BoSize);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[HandleOffset..], Handle);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[DmaAddressOffset..], DmaAddress);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[OffsetOffset..], Offset);
    }
}
