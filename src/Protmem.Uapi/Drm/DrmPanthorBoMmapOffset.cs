using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>
/// struct drm_panthor_bo_mmap_offset (16 bytes): The argument of DRM_IOCTL_PANTHOR_BO_MMAP_OFFSET.
/// </summary>
public struct DrmPanthorBoMmapOffset : IUapiStruct<DrmPanthorBoMmapOffset>
{
    public const int Size = 16;

    /// <summary><c>handle</c>: The BO. Offset 0, u32.</summary>
    public uint Handle;

    /// <summary><c>pad</c>: MBZ. Offset 4, u32.</summary>
    public uint Pad;

    /// <summary><c>offset</c>: [out] The fake offset to pass to mmap. Offset 8, u64.</summary>
    public ulong Offset;

    public static AbiStructLayout Layout { get; } = new("drm_panthor_bo_mmap_offset", Size,
    [
        new("handle", 0, 4),
        new("pad", 4, 4),
        new("offset", 8, 8),
    ], AbiSource.PanthorHeader);

    public static DrmPanthorBoMmapOffset Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmPanthorBoMmapOffset
        {
            Handle = BinaryPrimitives.ReadUInt32LittleEndian(source[0..]),
            Pad = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]),
            Offset = BinaryPrimitives.ReadUInt64LittleEndian(source[8..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination[0..], Handle);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Pad);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], Offset);
    }
}
