using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>
/// struct drm_panthor_csif_info (24 bytes): The answer to DRM_PANTHOR_DEV_QUERY_CSIF_INFO.
/// </summary>
public struct DrmPanthorCsifInfo : IUapiStruct<DrmPanthorCsifInfo>
{
    public const int Size = 24;

    /// <summary><c>csg_slot_count</c>: Command stream group slots. Offset 0, u32.</summary>
    public uint CsgSlotCount;

    /// <summary><c>cs_slot_count</c>: Command stream slots per group. Offset 4, u32.</summary>
    public uint CsSlotCount;

    /// <summary><c>cs_reg_count</c>: Command stream registers. Offset 8, u32.</summary>
    public uint CsRegCount;

    /// <summary><c>scoreboard_slot_count</c>: Scoreboard slots. Offset 12, u32.</summary>
    public uint ScoreboardSlotCount;

    /// <summary><c>unpreserved_cs_reg_count</c>: Registers the kernel uses when calling a user stream. Offset 16, u32.</summary>
    public uint UnpreservedCsRegCount;

    /// <summary><c>pad</c>: MBZ. Offset 20, u32.</summary>
    public uint Pad;

    public static AbiStructLayout Layout { get; } = new("drm_panthor_csif_info", Size,
    [
        new("csg_slot_count", 0, 4),
        new("cs_slot_count", 4, 4),
        new("cs_reg_count", 8, 4),
        new("scoreboard_slot_count", 12, 4),
        new("unpreserved_cs_reg_count", 16, 4),
        new("pad", 20, 4),
    ], AbiSource.PanthorHeader);

    public static DrmPanthorCsifInfo Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmPanthorCsifInfo
        {
            CsgSlotCount = BinaryPrimitives.ReadUInt32LittleEndian(source[0..]),
            CsSlotCount = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]),
            CsRegCount = BinaryPrimitives.ReadUInt32LittleEndian(source[8..]),
            ScoreboardSlotCount = BinaryPrimitives.ReadUInt32LittleEndian(source[12..]),
            UnpreservedCsRegCount = BinaryPrimitives.ReadUInt32LittleEndian(source[16..]),
            Pad = BinaryPrimitives.ReadUInt32LittleEndian(source[20..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination[0..], CsgSlotCount);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], CsSlotCount);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], CsRegCount);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], ScoreboardSlotCount);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], UnpreservedCsRegCount);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[20..], Pad);
    }
}
