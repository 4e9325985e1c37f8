using Protmem.Hardware;
using Protmem.Kernel.Gpu.Drm;

namespace Protmem.Kernel.Gpu.Panthor;

/// <summary>A panthor BO from BO_CREATE (<c>struct panthor_gem_object</c>): shmem pages, its flags and its exclusive VM.</summary>
public sealed class PanthorGemObject : DrmGemObject
{
    internal PanthorGemObject(DrmDevice device, ulong size, IReadOnlyList<PhysRange> pages, uint flags, PanthorVm? exclusiveVm)
        : base(device, size, pages)
    {
        Flags = flags;
        ExclusiveVm = exclusiveVm;
    }

    /// <summary>DRM_PANTHOR_BO_* flags.</summary>
    public uint Flags { get; }

    /// <summary>The only VM the BO may be bound to, or null.</summary>
    public PanthorVm? ExclusiveVm { get; }

    public override string ToString() => $"panthor BO 0x{Size:x} bytes";
}
