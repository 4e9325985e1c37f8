using System.Buffers.Binary;

namespace Protmem.Uapi.DmaBuf;

/// <summary>struct sync_merge_data (48 bytes): the argument of SYNC_IOC_MERGE.</summary>
public struct SyncMergeData : IUapiStruct<SyncMergeData>
{
    public const int Size = 48;

    private const int NameOffset = 0;
    private const int Fd2Offset = 32;
    private const int FenceOffset = 36;
    private const int FlagsOffset = 40;
    private const int PadOffset = 44;

    /// <summary>[in] The name of the new sync_file (char[32]; the kernel ends it at byte 31). Offset 0.</summary>
    public string Name;

    /// <summary>[in] The second sync_file to merge with the one the ioctl is on. Offset 32, s32.</summary>
    public int Fd2;

    /// <summary>[out] The fd of the merged sync_file (O_CLOEXEC). Offset 36, s32.</summary>
    public int Fence;

    /// <summary>[in] Must be 0 (EINVAL otherwise). Offset 40, u32.</summary>
    public uint Flags;

    /// <summary>[in] Must be 0 (EINVAL otherwise). Offset 44, u32.</summary>
    public uint Pad;

    public static AbiStructLayout Layout { get; } = new("sync_merge_data", Size,
    [
        new("name", NameOffset, SyncFileIoctl.NameLength),
        new("fd2", Fd2Offset, 4),
        new("fence", FenceOffset, 4),
        new("flags", FlagsOffset, 4),
        new("pad", PadOffset, 4),
    ]);

    public static SyncMergeData Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new SyncMergeData
        {
            Name = UapiBytes.ReadCString(source.Slice(NameOffset, SyncFileIoctl.NameLength)),
            Fd2 = BinaryPrimitives.ReadInt32LittleEndian(source[Fd2Offset..]),
            Fence = BinaryPrimitives.ReadInt32LittleEndian(source[FenceOffset..]),
            Flags = BinaryPrimitives.ReadUInt32LittleEndian(source[FlagsOffset..]),
            Pad = BinaryPrimitives.ReadUInt32LittleEndian(source[PadOffset..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        UapiBytes.WriteCString(destination.Slice(NameOffset, SyncFileIoctl.NameLength), Name);
        BinaryPrimitives.WriteInt32LittleEndian(destination[Fd2Offset..], Fd2);
        BinaryPrimitives.WriteInt32LittleEndian(destination[FenceOffset..], Fence);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[FlagsOffset..], Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[PadOffset..], Pad);
    }
}
