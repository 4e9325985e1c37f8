using System.Buffers.Binary;

namespace Protmem.Uapi.DmaBuf;

/// <summary>
/// struct sync_file_info (56 bytes): the argument of SYNC_IOC_FILE_INFO. Called with num_fences 0, the
/// kernel only says how many fences there are; called again with num_fences at least that and
/// sync_fence_info pointing at as many <see cref="SyncFenceInfo"/>, it fills them.
/// </summary>
public struct SyncFileInfo : IUapiStruct<SyncFileInfo>
{
    public const int Size = 56;

    private const int NameOffset = 0;
    private const int StatusOffset = 32;
    private const int FlagsOffset = 36;
    private const int NumFencesOffset = 40;
    private const int PadOffset = 44;
    private const int SyncFenceInfoOffset = 48;

    /// <summary>[out] The sync_file's name (char[32]). Offset 0.</summary>
    public string Name;

    /// <summary>[out] 0 active, 1 signaled, a negative errno when signaled with an error. Offset 32, s32.</summary>
    public int Status;

    /// <summary>[in] Must be 0 (EINVAL otherwise). Offset 36, u32.</summary>
    public uint Flags;

    /// <summary>[in/out] In: how many fence infos fit at <see cref="SyncFenceInfoPtr"/> (0: just count). Out: the number of fences. Offset 40, u32.</summary>
    public uint NumFences;

    /// <summary>[in] Must be 0 (EINVAL otherwise). Offset 44, u32.</summary>
    public uint Pad;

    /// <summary>[in] User pointer to an array of struct sync_fence_info. Offset 48, u64.</summary>
    public ulong SyncFenceInfoPtr;

    public static AbiStructLayout Layout { get; } = new("sync_file_info", Size,
    [
        new("name", NameOffset, SyncFileIoctl.NameLength),
        new("status", StatusOffset, 4),
        new("flags", FlagsOffset, 4),
        new("num_fences", NumFencesOffset, 4),
        new("pad", PadOffset, 4),
        new("sync_fence_info", SyncFenceInfoOffset, 8),
    ]);

    public static SyncFileInfo Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new SyncFileInfo
        {
            Name = UapiBytes.ReadCString(source.Slice(NameOffset, SyncFileIoctl.NameLength)),
            Status = BinaryPrimitives.ReadInt32LittleEndian(source[StatusOffset..]),
            Flags = BinaryPrimitives.ReadUInt32LittleEndian(source[FlagsOffset..]),
            NumFences = BinaryPrimitives.ReadUInt32LittleEndian(source[NumFencesOffset..]),
            Pad = BinaryPrimitives.ReadUInt32LittleEndian(source[PadOffset..]),
            SyncFenceInfoPtr = BinaryPrimitives.ReadUInt64LittleEndian(source[SyncFenceInfoOffset..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        UapiBytes.WriteCString(destination.Slice(NameOffset, SyncFileIoctl.NameLength), Name);
        BinaryPrimitives.WriteInt32LittleEndian(destination[StatusOffset..], Status);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[FlagsOffset..], Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[NumFencesOffset..], NumFences);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[PadOffset..], Pad);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[SyncFenceInfoOffset..], SyncFenceInfoPtr);
    }
}
