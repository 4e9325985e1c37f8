using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>
/// struct drm_panthor_group_create (56 bytes): The argument of DRM_IOCTL_PANTHOR_GROUP_CREATE. Proposed (2026 protected-mode series): the pad word becomes flags.
/// </summary>
public struct DrmPanthorGroupCreate : IUapiStruct<DrmPanthorGroupCreate>
{
    public const int Size = 56;

    /// <summary><c>queues</c>: drm_panthor_queue_create array. Offset 0, obj.</summary>
    public DrmPanthorObjArray Queues;

    /// <summary><c>max_compute_cores</c>: Compute cores the group may use. Offset 16, u8.</summary>
    public byte MaxComputeCores;

    /// <summary><c>max_fragment_cores</c>: Fragment cores the group may use. Offset 17, u8.</summary>
    public byte MaxFragmentCores;

    /// <summary><c>max_tiler_cores</c>: Tilers the group may use. Offset 18, u8.</summary>
    public byte MaxTilerCores;

    /// <summary><c>priority</c>: PANTHOR_GROUP_PRIORITY_*. Offset 19, u8.</summary>
    public byte Priority;

    /// <summary><c>pad</c>: pad (MBZ) in Linux 6.18; flags (DRM_PANTHOR_GROUP_CREATE_PROTECTED) in the proposed uAPI. Offset 20, u32.</summary>
    public uint Flags;

    /// <summary><c>compute_core_mask</c>: Cores usable for compute. Offset 24, u64.</summary>
    public ulong ComputeCoreMask;

    /// <summary><c>fragment_core_mask</c>: Cores usable for fragment. Offset 32, u64.</summary>
    public ulong FragmentCoreMask;

    /// <summary><c>tiler_core_mask</c>: Tilers usable. Offset 40, u64.</summary>
    public ulong TilerCoreMask;

    /// <summary><c>vm_id</c>: The VM the group runs in. Offset 48, u32.</summary>
    public uint VmId;

    /// <summary><c>group_handle</c>: [out] The group handle. Offset 52, u32.</summary>
    public uint GroupHandle;

    public static AbiStructLayout Layout { get; } = new("drm_panthor_group_create", Size,
    [
        new("queues", 0, 16),
        new("max_compute_cores", 16, 1),
        new("max_fragment_cores", 17, 1),
        new("max_tiler_cores", 18, 1),
        new("priority", 19, 1),
        new("pad", 20, 4),
        new("compute_core_mask", 24, 8),
        new("fragment_core_mask", 32, 8),
        new("tiler_core_mask", 40, 8),
        new("vm_id", 48, 4),
        new("group_handle", 52, 4),
    ], AbiSource.PanthorHeader);

    public static DrmPanthorGroupCreate Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmPanthorGroupCreate
        {
            Queues = DrmPanthorObjArray.Read(source[0..]),
            MaxComputeCores = source[16],
            MaxFragmentCores = source[17],
            MaxTilerCores = source[18],
            Priority = source[19],
            Flags = BinaryPrimitives.ReadUInt32LittleEndian(source[20..]),
            ComputeCoreMask = BinaryPrimitives.ReadUInt64LittleEndian(source[24..]),
            FragmentCoreMask = BinaryPrimitives.ReadUInt64LittleEndian(source[32..]),
            TilerCoreMask = BinaryPrimitives.ReadUInt64LittleEndian(source[40..]),
            VmId = BinaryPrimitives.ReadUInt32LittleEndian(source[48..]),
            GroupHandle = BinaryPrimitives.ReadUInt32LittleEndian(source[52..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        Queues.Write(destination[0..]);
        destination[16] = MaxComputeCores;
        destination[17] = MaxFragmentCores;
        destination[18] = MaxTilerCores;
        destination[19] = Priority;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[20..], Flags);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], ComputeCoreMask);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[32..], FragmentCoreMask);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[40..], TilerCoreMask);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[48..], VmId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[52..], GroupHandle);
    }
}
