using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>
/// struct drm_panthor_gpu_info (104 bytes): The answer to DRM_PANTHOR_DEV_QUERY_GPU_INFO.
/// </summary>
public struct DrmPanthorGpuInfo : IUapiStruct<DrmPanthorGpuInfo>
{
    public const int Size = 104;

    /// <summary><c>gpu_id</c>: GPU_ID. Offset 0, u32.</summary>
    public uint GpuId;

    /// <summary><c>gpu_rev</c>: GPU revision. Offset 4, u32.</summary>
    public uint GpuRev;

    /// <summary><c>csf_id</c>: Command stream frontend ID. Offset 8, u32.</summary>
    public uint CsfId;

    /// <summary><c>l2_features</c>: L2 features. Offset 12, u32.</summary>
    public uint L2Features;

    /// <summary><c>tiler_features</c>: Tiler features. Offset 16, u32.</summary>
    public uint TilerFeatures;

    /// <summary><c>mem_features</c>: Memory features. Offset 20, u32.</summary>
    public uint MemFeatures;

    /// <summary><c>mmu_features</c>: MMU features (VA bits in 7:0). Offset 24, u32.</summary>
    public uint MmuFeatures;

    /// <summary><c>thread_features</c>: Thread features. Offset 28, u32.</summary>
    public uint ThreadFeatures;

    /// <summary><c>max_threads</c>: Maximum threads. Offset 32, u32.</summary>
    public uint MaxThreads;

    /// <summary><c>thread_max_workgroup_size</c>: Maximum workgroup size. Offset 36, u32.</summary>
    public uint ThreadMaxWorkgroupSize;

    /// <summary><c>thread_max_barrier_size</c>: Maximum barrier size. Offset 40, u32.</summary>
    public uint ThreadMaxBarrierSize;

    /// <summary><c>coherency_features</c>: Coherency features. Offset 44, u32.</summary>
    public uint CoherencyFeatures;

    /// <summary><c>texture_features</c>: Texture features (4 words). Offset 48, arr16.</summary>
    public uint TextureFeatures0;

    /// <summary><c>texture_features[1]</c>.</summary>
    public uint TextureFeatures1;

    /// <summary><c>texture_features[2]</c>.</summary>
    public uint TextureFeatures2;

    /// <summary><c>texture_features[3]</c>.</summary>
    public uint TextureFeatures3;

    /// <summary><c>as_present</c>: Address spaces present (bitmask). Offset 64, u32.</summary>
    public uint AsPresent;

    /// <summary><c>shader_present</c>: Shader cores present (bitmask). Offset 72, u64.</summary>
    public ulong ShaderPresent;

    /// <summary><c>l2_present</c>: L2 caches present. Offset 80, u64.</summary>
    public ulong L2Present;

    /// <summary><c>tiler_present</c>: Tilers present. Offset 88, u64.</summary>
    public ulong TilerPresent;

    /// <summary><c>core_features</c>: Core variant. Offset 96, u32.</summary>
    public uint CoreFeatures;

    /// <summary><c>pad</c>: MBZ. Offset 100, u32.</summary>
    public uint Pad;

    public static AbiStructLayout Layout { get; } = new("drm_panthor_gpu_info", Size,
    [
        new("gpu_id", 0, 4),
        new("gpu_rev", 4, 4),
        new("csf_id", 8, 4),
        new("l2_features", 12, 4),
        new("tiler_features", 16, 4),
        new("mem_features", 20, 4),
        new("mmu_features", 24, 4),
        new("thread_features", 28, 4),
        new("max_threads", 32, 4),
        new("thread_max_workgroup_size", 36, 4),
        new("thread_max_barrier_size", 40, 4),
        new("coherency_features", 44, 4),
        new("texture_features", 48, 16),
        new("as_present", 64, 4),
        new("shader_present", 72, 8),
        new("l2_present", 80, 8),
        new("tiler_present", 88, 8),
        new("core_features", 96, 4),
        new("pad", 100, 4),
    ], AbiSource.PanthorHeader);

    public static DrmPanthorGpuInfo Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmPanthorGpuInfo
        {
            GpuId = BinaryPrimitives.ReadUInt32LittleEndian(source[0..]),
            GpuRev = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]),
            CsfId = BinaryPrimitives.ReadUInt32LittleEndian(source[8..]),
            L2Features = BinaryPrimitives.ReadUInt32LittleEndian(source[12..]),
            TilerFeatures = BinaryPrimitives.ReadUInt32LittleEndian(source[16..]),
            MemFeatures = BinaryPrimitives.ReadUInt32LittleEndian(source[20..]),
            MmuFeatures = BinaryPrimitives.ReadUInt32LittleEndian(source[24..]),
            ThreadFeatures = BinaryPrimitives.ReadUInt32LittleEndian(source[28..]),
            MaxThreads = BinaryPrimitives.ReadUInt32LittleEndian(source[32..]),
            ThreadMaxWorkgroupSize = BinaryPrimitives.ReadUInt32LittleEndian(source[36..]),
            ThreadMaxBarrierSize = BinaryPrimitives.ReadUInt32LittleEndian(source[40..]),
            CoherencyFeatures = BinaryPrimitives.ReadUInt32LittleEndian(source[44..]),
            TextureFeatures0 = BinaryPrimitives.ReadUInt32LittleEndian(source[48..]),
            TextureFeatures1 = BinaryPrimitives.ReadUInt32LittleEndian(source[52..]),
            TextureFeatures2 = BinaryPrimitives.ReadUInt32LittleEndian(source[56..]),
            TextureFeatures3 = BinaryPrimitives.ReadUInt32LittleEndian(source[60..]),
            AsPresent = BinaryPrimitives.ReadUInt32LittleEndian(source[64..]),
            ShaderPresent = BinaryPrimitives.ReadUInt64LittleEndian(source[72..]),
            L2Present = BinaryPrimitives.ReadUInt64LittleEndian(source[80..]),
            TilerPresent = BinaryPrimitives.ReadUInt64LittleEndian(source[88..]),
            CoreFeatures = BinaryPrimitives.ReadUInt32LittleEndian(source[96..]),
            Pad = BinaryPrimitives.ReadUInt32LittleEndian(source[100..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination[0..], GpuId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], GpuRev);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], CsfId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], L2Features);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], TilerFeatures);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[20..], MemFeatures);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[24..], MmuFeatures);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[28..], ThreadFeatures);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[32..], MaxThreads);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[36..], ThreadMaxWorkgroupSize);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[40..], ThreadMaxBarrierSize);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[44..], CoherencyFeatures);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[48..], TextureFeatures0);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[52..], TextureFeatures1);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[56..], TextureFeatures2);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[60..], TextureFeatures3);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[64..], AsPresent);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[72..], ShaderPresent);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[80..], L2Present);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[88..], TilerPresent);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[96..], CoreFeatures);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[100..], Pad);
    }
}
