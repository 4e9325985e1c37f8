using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>
/// struct drm_get_cap (16 bytes): the argument of DRM_IOCTL_GET_CAP.
/// </summary>
public struct DrmGetCap : IUapiStruct<DrmGetCap>
{
    public const int Size = 16;

    private const int CapabilityOffset = 0;
    private const int ValueOffset = 8;

    /// <summary>[in] The DRM_CAP_* asked about. Offset 0, u64.</summary>
    public ulong Capability;

    /// <summary>[out] Its value (0 on input is ignored). Offset 8, u64.</summary>
    public ulong Value;

    public static AbiStructLayout Layout { get; } = new("drm_get_cap", Size,
    [
        new("capability", CapabilityOffset, 8),
        new("value", ValueOffset, 8),
    ], AbiSource.DrmHeader);

    public static DrmGetCap Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmGetCap
        {
            Capability = BinaryPrimitives.ReadUInt64LittleEndian(source[CapabilityOffset..]),
            Value = BinaryPrimitives.ReadUInt64LittleEndian(source[ValueOffset..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(destination[CapabilityOffset..], Capability);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[ValueOffset..], Value);
    }
}
