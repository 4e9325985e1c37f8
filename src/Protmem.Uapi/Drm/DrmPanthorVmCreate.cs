using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>
/// struct drm_panthor_vm_create (16 bytes): The argument of DRM_IOCTL_PANTHOR_VM_CREATE.
/// </summary>
public struct DrmPanthorVmCreate : IUapiStruct<DrmPanthorVmCreate>
{
    public const int Size = 16;

    /// <summary><c>flags</c>: MBZ. Offset 0, u32.</summary>
    public uint Flags;

    /// <summary><c>id</c>: [out] The VM id. Offset 4, u32.</summary>
    public uint Id;

    /// <summary><c>user_va_range</c>: [in/out] The user VA range (0: the driver picks it). Offset 8, u64.</summary>
    public ulong UserVaRange;

    public static AbiStructLayout Layout { get; } = new("drm_panthor_vm_create", Size,
    [
        new("flags", 0, 4),
        new("id", 4, 4),
        new("user_va_range", 8, 8),
    ], AbiSource.PanthorHeader);

    public static DrmPanthorVmCreate Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmPanthorVmCreate
        {
            Flags = BinaryPrimitives.ReadUInt32LittleEndian(source[0..]),
            Id = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]),
            UserVaRange = BinaryPrimitives.ReadUInt64LittleEndian(source[8..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination[0..], Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Id);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], UserVaRange);
    }
}
