using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>
/// struct drm_panthor_vm_bind_op (48 bytes): One VM_BIND operation: map a BO range at a VA, or unmap a VA range.
/// </summary>
public struct DrmPanthorVmBindOp : IUapiStruct<DrmPanthorVmBindOp>
{
    public const int Size = 48;

    /// <summary><c>flags</c>: DRM_PANTHOR_VM_BIND_OP_* (type in bits 31:28). Offset 0, u32.</summary>
    public uint Flags;

    /// <summary><c>bo_handle</c>: The BO to map; MBZ for unmap. Offset 4, u32.</summary>
    public uint BoHandle;

    /// <summary><c>bo_offset</c>: Offset in the BO; MBZ for unmap. Offset 8, u64.</summary>
    public ulong BoOffset;

    /// <summary><c>va</c>: GPU virtual address. Offset 16, u64.</summary>
    public ulong Va;

    /// <summary><c>size</c>: Bytes to map or unmap. Offset 24, u64.</summary>
    public ulong OpSize;

    /// <summary><c>syncs</c>: drm_panthor_sync_op array (async binds only). Offset 32, obj.</summary>
    public DrmPanthorObjArray Syncs;

    public static AbiStructLayout Layout { get; } = new("drm_panthor_vm_bind_op", Size,
    [
        new("flags", 0, 4),
        new("bo_handle", 4, 4),
        new("bo_offset", 8, 8),
        new("va", 16, 8),
        new("size", 24, 8),
        new("syncs", 32, 16),
    ], AbiSource.PanthorHeader);

    public static DrmPanthorVmBindOp Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmPanthorVmBindOp
        {
            Flags = BinaryPrimitives.ReadUInt32LittleEndian(source[0..]),
            BoHandle = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]),
            BoOffset = BinaryPrimitives.ReadUInt64LittleEndian(source[8..]),
            Va = BinaryPrimitives.ReadUInt64LittleEndian(source[16..]),
            OpSize = BinaryPrimitives.ReadUInt64LittleEndian(source[24..]),
            Syncs = DrmPanthorObjArray.Read(source[32..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination[0..], Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], BoHandle);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], BoOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], Va);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], OpSize);
        Syncs.Write(destination[32..]);
    }
}
