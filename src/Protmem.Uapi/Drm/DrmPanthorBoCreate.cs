using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>
/// struct drm_panthor_bo_create (24 bytes): The argument of DRM_IOCTL_PANTHOR_BO_CREATE.
/// </summary>
public struct DrmPanthorBoCreate : IUapiStruct<DrmPanthorBoCreate>
{
    public const int Size = 24;

    /// <summary><c>size</c>: [in/out] Bytes wanted; the page-aligned size on return. Offset 0, u64.</summary>
    public ulong BoSize;

    /// <summary><c>flags</c>: DRM_PANTHOR_BO_* flags. Offset 8, u32.</summary>
    public uint Flags;

    /// <summary><c>exclusive_vm_id</c>: The only VM the BO may be bound to, or 0. Offset 12, u32.</summary>
    public uint ExclusiveVmId;

    /// <summary><c>handle</c>: [out] The GEM handle. Offset 16, u32.</summary>
    public uint Handle;

    /// <summary><c>pad</c>: MBZ. Offset 20, u32.</summary>
    public uint Pad;

    public static AbiStructLayout Layout { get; } = new("drm_panthor_bo_create", Size,
    [
        new("size", 0, 8),
        new("flags", 8, 4),
        new("exclusive_vm_id", 12, 4),
        new("handle", 16, 4),
        new("pad", 20, 4),
    ], AbiSource.PanthorHeader);

    public static DrmPanthorBoCreate Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmPanthorBoCreate
        {
            BoSize = BinaryPrimitives.ReadUInt64LittleEndian(source[0..]),
            Flags = BinaryPrimitives.ReadUInt32LittleEndian(source[8..]),
            ExclusiveVmId = BinaryPrimitives.ReadUInt32LittleEndian(source[12..]),
            Handle = BinaryPrimitives.ReadUInt32LittleEndian(source[16..]),
            Pad = BinaryPrimitives.ReadUInt32LittleEndian(source[20..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(destination[0..], BoSize);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], ExclusiveVmId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], Handle);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[20..], Pad);
    }
}
