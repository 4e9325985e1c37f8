using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>struct drm_mode_destroy_blob (4 bytes): DRM_IOCTL_MODE_DESTROYPROPBLOB's argument.</summary>
public struct DrmModeDestroyBlob : IUapiStruct<DrmModeDestroyBlob>
{
    public const int Size = 4;

    /// <summary>[in] The blob to destroy (one this file created). Offset 0, u32.</summary>
    public uint BlobId;

    public static AbiStructLayout Layout { get; } = new("drm_mode_destroy_blob", Size,
    [
        new("blob_id", 0, 4),
    ], AbiSource.DrmHeader);

    public static DrmModeDestroyBlob Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmModeDestroyBlob
        {
            BlobId = BinaryPrimitives.ReadUInt32LittleEndian(source[0..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination[0..], BlobId);
    }
}
