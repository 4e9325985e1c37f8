using System.Buffers.Binary;

namespace Protmem.Uapi.Accel;

/// <summary>
/// struct drm_rocket_fini_bo (8 bytes): the argument of DRM_IOCTL_ROCKET_FINI_BO (CPU access ends).
/// </summary>
public struct DrmRocketFiniBo : IUapiStruct<DrmRocketFiniBo>
{
    public const int Size = 8;

    private const int HandleOffset = 0;
    private const int ReservedOffset = 4;

    /// <summary>[in] The GEM handle. Offset 0, u32.</summary>
    public uint Handle;

    /// <summary>[in] Must be zero. Offset 4, u32.</summary>
    public uint Reserved;

    public static AbiStructLayout Layout { get; } = new("drm_rocket_fini_bo", Size,
    [
        new("handle", HandleOffset, 4),
        new("reserved", ReservedOffset, 4),
    ], AbiSource.RocketHeader);

    public static DrmRocketFiniBo Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmRocketFiniBo
        {
            Handle = BinaryPrimitives.ReadUInt32LittleEndian(source[HandleOffset..]),
            Reserved = BinaryPrimitives.ReadUInt32LittleEndian(source[ReservedOffset..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination[HandleOffset..], Handle);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[ReservedOffset..], Reserved);
    }
}
