using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>struct drm_mode_create_blob (16 bytes): DRM_IOCTL_MODE_CREATEPROPBLOB's argument.</summary>
public struct DrmModeCreateBlob : IUapiStruct<DrmModeCreateBlob>
{
    public const int Size = 16;

    /// <summary>[in] User address of the bytes to copy. Offset 0, u64.</summary>
    public ulong Data;

    /// <summary>[in] Bytes to copy. Offset 8, u32.</summary>
    public uint Length;

    /// <summary>[out] The new blob's id. Offset 12, u32.</summary>
    public uint BlobId;

    public static AbiStructLayout Layout { get; } = new("drm_mode_create_blob", Size,
    [
        new("data", 0, 8),
        new("length", 8, 4),
        new("blob_id", 12, 4),
    ], AbiSource.DrmHeader);

    public static DrmModeCreateBlob Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmModeCreateBlob
        {
            Data = BinaryPrimitives.ReadUInt64LittleEndian(source[0..]),
            Length = BinaryPrimitives.ReadUInt32LittleEndian(source[8..]),
            BlobId = BinaryPrimitives.ReadUInt32LittleEndian(source[12..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(destination[0..], Data);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Length);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], BlobId);
    }
}
