using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>
/// struct drm_version (64 bytes, drm_version_t): the argument of DRM_IOCTL_VERSION. The caller passes
/// buffers for the name, date and description; the kernel fills them and the lengths.
/// </summary>
public struct DrmVersion : IUapiStruct<DrmVersion>
{
    public const int Size = 64;

    private const int VersionMajorOffset = 0;
    private const int VersionMinorOffset = 4;
    private const int VersionPatchlevelOffset = 8;
    private const int NameLenOffset = 16;
    private const int NameOffset = 24;
    private const int DateLenOffset = 32;
    private const int DateOffset = 40;
    private const int DescLenOffset = 48;
    private const int DescOffset = 56;

    /// <summary>[out] Driver major version. Offset 0, s32.</summary>
    public int VersionMajor;

    /// <summary>[out] Driver minor version. Offset 4, s32.</summary>
    public int VersionMinor;

    /// <summary>[out] Driver patch level. Offset 8, s32.</summary>
    public int VersionPatchlevel;

    /// <summary>[in/out] Size of the name buffer; the name's length on return. Offset 16, u64.</summary>
    public ulong NameLen;

    /// <summary>[in] User address of the name buffer (e.g. "vgem"). Offset 24, u64.</summary>
    public ulong Name;

    /// <summary>[in/out] Size of the date buffer; the date's length on return. Offset 32, u64.</summary>
    public ulong DateLen;

    /// <summary>[in] User address of the date buffer. Offset 40, u64.</summary>
    public ulong Date;

    /// <summary>[in/out] Size of the description buffer; its length on return. Offset 48, u64.</summary>
    public ulong DescLen;

    /// <summary>[in] User address of the description buffer. Offset 56, u64.</summary>
    public ulong Desc;

    public static AbiStructLayout Layout { get; } = new("drm_version", Size,
    [
        new("version_major", VersionMajorOffset, 4),
        new("version_minor", VersionMinorOffset, 4),
        new("version_patchlevel", VersionPatchlevelOffset, 4),
        new("name_len", NameLenOffset, 8),
        new("name", NameOffset, 8),
        new("date_len", DateLenOffset, 8),
        new("date", DateOffset, 8),
        new("desc_len", DescLenOffset, 8),
        new("desc", DescOffset, 8),
    ], AbiSource.DrmHeader);

    public static DrmVersion Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmVersion
        {
            VersionMajor = BinaryPrimitives.ReadInt32LittleEndian(source[VersionMajorOffset..]),
            VersionMinor = BinaryPrimitives.ReadInt32LittleEndian(source[VersionMinorOffset..]),
            VersionPatchlevel = BinaryPrimitives.ReadInt32LittleEndian(source[VersionPatchlevelOffset..]),
            NameLen = BinaryPrimitives.ReadUInt64LittleEndian(source[NameLenOffset..]),
            Name = BinaryPrimitives.ReadUInt64LittleEndian(source[NameOffset..]),
            DateLen = BinaryPrimitives.ReadUInt64LittleEndian(source[DateLenOffset..]),
            Date = BinaryPrimitives.ReadUInt64LittleEndian(source[DateOffset..]),
            DescLen = BinaryPrimitives.ReadUInt64LittleEndian(source[DescLenOffset..]),
            Desc = BinaryPrimitives.ReadUInt64LittleEndian(source[DescOffset..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteInt32LittleEndian(destination[VersionMajorOffset..], VersionMajor);
        BinaryPrimitives.WriteInt32LittleEndian(destination[VersionMinorOffset..], VersionMinor);
        BinaryPrimitives.WriteInt32LittleEndian(destination[VersionPatchlevelOffset..], VersionPatchlevel);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[NameLenOffset..], NameLen);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[NameOffset..], Name);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[DateLenOffset..], DateLen);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[DateOffset..], Date);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[DescLenOffset..], DescLen);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[DescOffset..], Desc);
    }
}
