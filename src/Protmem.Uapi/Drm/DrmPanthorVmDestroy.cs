using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>
/// struct drm_panthor_vm_destroy (8 bytes): The argument of DRM_IOCTL_PANTHOR_VM_DESTROY.
/// </summary>
public struct DrmPanthorVmDestroy : IUapiStruct<DrmPanthorVmDestroy>
{
    public const int Size = 8;

    /// <summary><c>id</c>: The VM to destroy. Offset 0, u32.</summary>
    public uint Id;

    /// <summary><c>pad</c>: MBZ. Offset 4, u32.</summary>
    public uint Pad;

    public static AbiStructLayout Layout { get; } = new("drm_panthor_vm_destroy", Size,
    [
        new("id", 0, 4),
        new("pad", 4, 4),
    ], AbiSource.PanthorHeader);

    public static DrmPanthorVmDestroy Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmPanthorVmDestroy
        {
            Id = BinaryPrimitives.ReadUInt32LittleEndian(source[0..]),
            Pad = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination[0..], Id);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Pad);
    }
}
