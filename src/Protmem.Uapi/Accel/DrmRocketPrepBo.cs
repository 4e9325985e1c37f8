using System.Buffers.Binary;

namespace Protmem.Uapi.Accel;

/// <summary>
/// struct drm_rocket_prep_bo (16 bytes): the argument of DRM_IOCTL_ROCKET_PREP_BO (CPU access begins).
/// </summary>
public struct DrmRocketPrepBo : IUapiStruct<DrmRocketPrepBo>
{
    public const int Size = 16;

    private const int HandleOffset = 0;
    private const int ReservedOffset = 4;
    private const int TimeoutNsOffset = 8;

    /// <summary>[in] The GEM handle. Offset 0, u32.</summary>
    public uint Handle;

    /// <summary>[in] Must be zero. Offset 4, u32.</summary>
    public uint Reserved;

    /// <summary>[in] Absolute timeout (CLOCK_MONOTONIC ns) for the NPU's writes to finish; 0 polls. Offset 8, s64.</summary>
    public long TimeoutNs;

    public static AbiStructLayout Layout { get; } = new("drm_rocket_prep_bo", Size,
    [
        new("handle", HandleOffset, 4),
        new("reserved", ReservedOffset, 4),
        new("timeout_ns", TimeoutNsOffset, 8),
    ], AbiSource.RocketHeader);

    public static DrmRocketPrepBo Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmRocketPrepBo
        {
            Handle = BinaryPrimitives.ReadUInt32LittleEndian(source[HandleOffset..]),
            Reserved = BinaryPrimitives.ReadUInt32LittleEndian(source[ReservedOffset..]),
            TimeoutNs = BinaryPrimitives.ReadInt64LittleEndian(source[TimeoutNsOffset..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination[HandleOffset..], Handle);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[ReservedOffset..], Reserved);
        BinaryPrimitives.WriteInt64LittleEndian(destination[TimeoutNsOffset..], TimeoutNs);
    }
}
