using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>struct drm_set_client_cap (16 bytes): DRM_IOCTL_SET_CLIENT_CAP's argument.</summary>
public struct DrmSetClientCap : IUapiStruct<DrmSetClientCap>
{
    public const int Size = 16;

    /// <summary>[in] DRM_CLIENT_CAP_*. Offset 0, u64.</summary>
    public ulong Capability;

    /// <summary>[in] The value to set. Offset 8, u64.</summary>
    public ulong Value;

    public static AbiStructLayout Layout { get; } = new("drm_set_client_cap", Size,
    [
        new("capability", 0, 8),
        new("value", 8, 8),
    ], AbiSource.DrmHeader);

    public static DrmSetClientCap Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        var value = new DrmSetClientCap();
        value.Capability = BinaryPrimitives.ReadUInt64LittleEndian(source[0..]);
        value.Value = BinaryPrimitives.ReadUInt64LittleEndian(source[8..]);
        return value;
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(destination[0..], Capability);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], Value);
    }
}
