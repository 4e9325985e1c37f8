using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>
/// struct drm_panthor_vm_bind (24 bytes): The argument of DRM_IOCTL_PANTHOR_VM_BIND.
/// </summary>
public struct DrmPanthorVmBind : IUapiStruct<DrmPanthorVmBind>
{
    public const int Size = 24;

    /// <summary><c>vm_id</c>: The VM. Offset 0, u32.</summary>
    public uint VmId;

    /// <summary><c>flags</c>: DRM_PANTHOR_VM_BIND_ASYNC or 0. Offset 4, u32.</summary>
    public uint Flags;

    /// <summary><c>ops</c>: drm_panthor_vm_bind_op array. Offset 8, obj.</summary>
    public DrmPanthorObjArray Ops;

    public static AbiStructLayout Layout { get; } = new("drm_panthor_vm_bind", Size,
    [
        new("vm_id", 0, 4),
        new("flags", 4, 4),
        new("ops", 8, 16),
    ], AbiSource.PanthorHeader);

    public static DrmPanthorVmBind Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmPanthorVmBind
        {
            VmId = BinaryPrimitives.ReadUInt32LittleEndian(source[0..]),
            Flags = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]),
            Ops = DrmPanthorObjArray.Read(source[8..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination[0..], VmId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Flags);
        Ops.Write(destination[8..]);
    }
}
