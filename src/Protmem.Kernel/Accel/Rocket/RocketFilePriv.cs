using Protmem.Hardware;
using Protmem.Kernel.Gpu.Drm;
using Protmem.Kernel.Iommu;
using Protmem.Kernel.Mm;

namespace Protmem.Kernel.Accel.Rocket;

/// <summary>
/// A client of the NPU (<c>struct rocket_file_priv</c>): its address space (a drm_mm over the IOMMU's
/// 4 GiB aperture, or the shared one under shared-context), its domain under the per-file strategies,
/// its BOs, and its scheduler entity (the jobs submitted and not yet finished, in order, and the core
/// the last one went to).
/// </summary>
public sealed class RocketFilePriv
{
    private readonly GenPool? _ownMm;
    private readonly List<RocketGemObject> _bos = [];
    private readonly List<RocketJob> _entity = [];

    internal RocketFilePriv(RocketDevice device, DrmFile file, IommuDomain? domain)
    {
        Device = device;
        FenceContext = device.Kernel.FenceContextAlloc();
        File = file;
        Domain = domain;
        if (device.Isolation != RocketIsolation.SharedContext)
        {
            // drm_mm_init(aperture_start 0, 4 GiB): each client has its own NPU address space.
            _ownMm = new GenPool(HwConstants.PageShift);
            _ownMm.AddChunk(0, Hardware.Iommu.RkIommuPageTable.IovaLimit);
        }
    }

    public RocketDevice Device { get; }

    public DrmFile File { get; }

    /// <summary>The file's own domain (per-file-domain and keep-attached), the shared one (shared-context), or null.</summary>
    public IommuDomain? Domain { get; }

    /// <summary>The file's live BOs.</summary>
    public IReadOnlyList<RocketGemObject> Bos => _bos;

    /// <summary>Jobs submitted and not finished, oldest first (the entity's queue and its job in flight).</summary>
    internal IReadOnlyList<RocketJob> Entity => _entity;

    /// <summary>The entity's fence timeline (drm_sched_entity.fence_context).</summary>
    internal ulong FenceContext { get; }

    /// <summary>The last seqno handed out on <see cref="FenceContext"/>.</summary>
    internal ulong FenceSeqno { get; set; }

    /// <summary>The core the entity's last job was placed on.</summary>
    internal RocketCore? LastCore { get; set; }

    internal bool TryAllocAddress(ulong size, out DeviceAddr address)
    {
        var mm = _ownMm ?? Device.SharedMm!;
        if (mm.TryAlloc(size, out var value))
        {
            address = new DeviceAddr(value);
            return true;
        }

        address = default;
        return false;
    }

    internal void AddBo(RocketGemObject bo) => _bos.Add(bo);

    internal void FreeAddress(RocketGemObject bo)
    {
        _bos.Remove(bo);
        (_ownMm ?? Device.SharedMm!).Free(bo.DmaAddress.Value, bo.Size);
    }

    internal void Enqueue(RocketJob job) => _entity.Add(job);

    internal void Finished(RocketJob job) => _entity.Remove(job);

    public override string ToString() => $"rocket client {File.Id} ({File.OwnerName}[{File.OwnerPid}])";
}
