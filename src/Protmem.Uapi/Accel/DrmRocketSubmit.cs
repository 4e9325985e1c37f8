using System.Buffers.Binary;

namespace Protmem.Uapi.Accel;

/// <summary>
/// struct drm_rocket_submit (24 bytes): the argument of DRM_IOCTL_ROCKET_SUBMIT.
/// </summary>
public struct DrmRocketSubmit : IUapiStruct<DrmRocketSubmit>
{
    public const int Size = 24;

    private const int JobsOffset = 0;
    private const int JobCountOffset = 8;
    private const int JobStructSizeOffset = 12;
    private const int ReservedOffset = 16;

    /// <summary>[in] User address of an array of <c>job_count</c> drm_rocket_job, each <c>job_struct_size</c> bytes. Offset 0, u64.</summary>
    public ulong Jobs;

    /// <summary>[in] Jobs in the array; 0 submits nothing. Offset 8, u32.</summary>
    public uint JobCount;

    /// <summary>[in] sizeof(struct drm_rocket_job) as userspace knows it; smaller than 40 is EINVAL. Offset 12, u32.</summary>
    public uint JobStructSize;

    /// <summary>[in] Must be zero. Offset 16, u64.</summary>
    public ulong Reserved;

    public static AbiStructLayout Layout { get; } = new("drm_rocket_submit", Size,
    [
        new("jobs", JobsOffset, 8),
        new("job_count", JobCountOffset, 4),
        new("job_struct_size", JobStructSizeOffset, 4),
        new("reserved", ReservedOffset, 8),
    ], AbiSource.RocketHeader);

    public static DrmRocketSubmit Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmRocketSubmit
        {
            Jobs = BinaryPrimitives.ReadUInt64LittleEndian(source[JobsOffset..]),
            JobCount = BinaryPrimitives.ReadUInt32LittleEndian(source[JobCountOffset..]),
            JobStructSize = BinaryPrimitives.ReadUInt32LittleEndian(source[JobStructSizeOffset..]),
            Reserved = BinaryPrimitives.ReadUInt64LittleEndian(source[ReservedOffset..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(destination[JobsOffset..], Jobs);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[JobCountOffset..], JobCount);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[JobStructSizeOffset..], JobStructSize);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[ReservedOffset..], Reserved);
    }
}
