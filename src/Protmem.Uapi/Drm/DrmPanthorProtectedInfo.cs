using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>
/// struct drm_panthor_protected_info (4 bytes): Proposed (2026 protected-mode series, not merged): the answer to DRM_PANTHOR_DEV_QUERY_PROTECTED_INFO.
/// </summary>
public struct DrmPanthorProtectedInfo : IUapiStruct<DrmPanthorProtectedInfo>
{
    public const int Size = 4;

    /// <summary><c>features</c>: DRM_PANTHOR_PROTECTED_FEATURE_BASIC when protected groups can run. Offset 0, u32.</summary>
    public uint Features;

    public static AbiStructLayout Layout { get; } = new("drm_panthor_protected_info", Size,
    [
        new("features", 0, 4),
    ], AbiSource.PanthorProposed);

    public static DrmPanthorProtectedInfo Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmPanthorProtectedInfo
        {
            Features = BinaryPrimitives.ReadUInt32LittleEndian(source[0..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination[0..], Features);
    }
}
