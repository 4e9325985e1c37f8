using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>
/// struct drm_panthor_enable_fw_prot_mode (8 bytes): Proposed (review of the 2025 RFC, never posted as a patch): the argument of DRM_IOCTL_PANTHOR_ENABLE_FW_PROT_MODE, the GEM handle of a buffer imported from a protected dma-heap.
/// </summary>
public struct DrmPanthorEnableFwProtMode : IUapiStruct<DrmPanthorEnableFwProtMode>
{
    public const int Size = 8;

    /// <summary><c>handle</c>: The GEM handle of the imported protected buffer. Offset 0, u32.</summary>
    public uint Handle;

    /// <summary><c>pad</c>: MBZ. Offset 4, u32.</summary>
    public uint Pad;

    public static AbiStructLayout Layout { get; } = new("drm_panthor_enable_fw_prot_mode", Size,
    [
        new("handle", 0, 4),
        new("pad", 4, 4),
    ], AbiSource.PanthorProposed);

    public static DrmPanthorEnableFwProtMode Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmPanthorEnableFwProtMode
        {
            Handle = BinaryPrimitives.ReadUInt32LittleEndian(source[0..]),
            Pad = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination[0..], Handle);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Pad);
    }
}
