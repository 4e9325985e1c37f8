using System.Buffers.Binary;

namespace Protmem.Uapi.Accel;

/// <summary>
/// struct drm_rocket_job (40 bytes): one job of a submit: tasks run back to back on one core, and the
/// BOs whose reservations order it (implicit sync; they do not limit what the NPU can touch).
/// </summary>
public struct DrmRocketJob : IUapiStruct<DrmRocketJob>
{
    public const int Size = 40;

    private const int TasksOffset = 0;
    private const int InBoHandlesOffset = 8;
    private const int OutBoHandlesOffset = 16;
    private const int TaskCountOffset = 24;
    private const int TaskStructSizeOffset = 28;
    private const int InBoHandleCountOffset = 32;
    private const int OutBoHandleCountOffset = 36;

    /// <summary>[in] User address of <c>task_count</c> drm_rocket_task, each <c>task_struct_size</c> bytes. Offset 0, u64.</summary>
    public ulong Tasks;

    /// <summary>[in] User address of <c>in_bo_handle_count</c> u32 GEM handles the job reads. Offset 8, u64.</summary>
    public ulong InBoHandles;

    /// <summary>[in] User address of <c>out_bo_handle_count</c> u32 GEM handles the job writes. Offset 16, u64.</summary>
    public ulong OutBoHandles;

    /// <summary>[in] Tasks; 0 is EINVAL. Offset 24, u32.</summary>
    public uint TaskCount;

    /// <summary>[in] sizeof(struct drm_rocket_task) as userspace knows it; smaller than 8 is EINVAL. Offset 28, u32.</summary>
    public uint TaskStructSize;

    /// <summary>[in] Entries of <c>in_bo_handles</c>. Offset 32, u32.</summary>
    public uint InBoHandleCount;

    /// <summary>[in] Entries of <c>out_bo_handles</c>. Offset 36, u32.</summary>
    public uint OutBoHandleCount;

    public static AbiStructLayout Layout { get; } = new("drm_rocket_job", Size,
    [
        new("tasks", TasksOffset, 8),
        new("in_bo_handles", InBoHandlesOffset, 8),
        new("out_bo_handles", OutBoHandlesOffset, 8),
        new("task_count", TaskCountOffset, 4),
        new("task_struct_size", TaskStructSizeOffset, 4),
        new("in_bo_handle_count", InBoHandleCountOffset, 4),
        new("out_bo_handle_count", OutBoHandleCountOffset, 4),
    ], AbiSource.RocketHeader);

    public static DrmRocketJob Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmRocketJob
        {
            Tasks = BinaryPrimitives.ReadUInt64LittleEndian(source[TasksOffset..]),
            InBoHandles = BinaryPrimitives.ReadUInt64LittleEndian(source[InBoHandlesOffset..]),
            OutBoHandles = BinaryPrimitives.ReadUInt64LittleEndian(source[OutBoHandlesOffset..]),
            TaskCount = BinaryPrimitives.ReadUInt32LittleEndian(source[TaskCountOffset..]),
            TaskStructSize = BinaryPrimitives.ReadUInt32LittleEndian(source[TaskStructSizeOffset..]),
            InBoHandleCount = BinaryPrimitives.ReadUInt32LittleEndian(source[InBoHandleCountOffset..]),
            OutBoHandleCount = BinaryPrimitives.ReadUInt32LittleEndian(source[OutBoHandleCountOffset..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(destination[TasksOffset..], Tasks);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[InBoHandlesOffset..], InBoHandles);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[OutBoHandlesOffset..], OutBoHandles);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[TaskCountOffset..], TaskCount);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[TaskStructSizeOffset..], TaskStructSize);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[InBoHandleCountOffset..], InBoHandleCount);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[OutBoHandleCountOffset..], OutBoHandleCount);
    }
}
