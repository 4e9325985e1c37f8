using System.Buffers.Binary;

namespace Protmem.Uapi.DmaBuf;

/// <summary>struct sync_fence_info (80 bytes): one fence of a sync_file, as SYNC_IOC_FILE_INFO reports it.</summary>
public struct SyncFenceInfo : IUapiStruct<SyncFenceInfo>
{
    public const int Size = 80;

    private const int ObjNameOffset = 0;
    private const int DriverNameOffset = 32;
    private const int StatusOffset = 64;
    private const int FlagsOffset = 68;
    private const int TimestampNsOffset = 72;

    /// <summary>[out] The name of the fence's timeline (char[32]). Offset 0.</summary>
    public string ObjName;

    /// <summary>[out] The name of the driver that issued the fence (char[32]). Offset 32.</summary>
    public string DriverName;

    /// <summary>[out] 0 active, 1 signaled, a negative errno when signaled with an error. Offset 64, s32.</summary>
    public int Status;

    /// <summary>[out] Fence info flags (0). Offset 68, u32.</summary>
    public uint Flags;

    /// <summary>[out] When the fence signaled, in ns; 0 while active. Offset 72, u64.</summary>
    public ulong TimestampNs;

    public static AbiStructLayout Layout { get; } = new("sync_fence_info", Size,
    [
        new("obj_name", ObjNameOffset, SyncFileIoctl.NameLength),
        new("driver_name", DriverNameOffset, SyncFileIoctl.NameLength),
        new("status", StatusOffset, 4),
        new("flags", FlagsOffset, 4),
        new("timestamp_ns", TimestampNsOffset, 8),
    ]);

    public static SyncFenceInfo Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new SyncFenceInfo
        {
            ObjName = UapiBytes.ReadCString(source.Slice(ObjNameOffset, SyncFileIoctl.NameLength)),
            DriverName = UapiBytes.ReadCString(source.Slice(DriverNameOffset, SyncFileIoctl.NameLength)),
            Status = BinaryPrimitives.ReadInt32LittleEndian(source[StatusOffset..]),
            Flags = BinaryPrimitives.ReadUInt32LittleEndian(source[FlagsOffset..]),
            TimestampNs = BinaryPrimitives.ReadUInt64LittleEndian(source[TimestampNsOffset..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        UapiBytes.WriteCString(destination.Slice(ObjNameOffset, SyncFileIoctl.NameLength), ObjName);
        UapiBytes.WriteCString(destination.Slice(DriverNameOffset, SyncFileIoctl.NameLength), DriverName);
        BinaryPrimitives.WriteInt32LittleEndian(destination[StatusOffset..], Status);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[FlagsOffset..], Flags);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[TimestampNsOffset..], TimestampNs);
    }
}
