using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>
/// struct drm_panthor_group_priorities_info (4 bytes): The answer to DRM_PANTHOR_DEV_QUERY_GROUP_PRIORITIES_INFO.
/// </summary>
public struct DrmPanthorGroupPrioritiesInfo : IUapiStruct<DrmPanthorGroupPrioritiesInfo>
{
    public const int Size = 4;

    /// <summary><c>allowed_mask</c>: Bit n set: priority n is allowed to this caller. Offset 0, u8.</summary>
    public byte AllowedMask;

    public static AbiStructLayout Layout { get; } = new("drm_panthor_group_priorities_info", Size,
    [
        new("allowed_mask", 0, 1),
    ], AbiSource.PanthorHeader);

    public static DrmPanthorGroupPrioritiesInfo Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmPanthorGroupPrioritiesInfo
        {
            AllowedMask = source[0],
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        destination[0] = AllowedMask;
    }
}
