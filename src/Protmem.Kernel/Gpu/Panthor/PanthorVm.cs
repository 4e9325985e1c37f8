using Protmem.Hardware;
using Protmem.Kernel.Gpu.Drm;
using Protmem.Kernel.Iommu;

namespace Protmem.Kernel.Gpu.Panthor;

/// <summary>
/// A GPU address space (<c>struct panthor_vm</c>): its page tables (an IOMMU domain the GPU is attached to
/// while a job of the VM runs) and the BO ranges bound in it.
/// Model: the Mali MMU's address space is an RK IOMMU domain (4 GiB, 4 KiB pages) in front of the GPU master.
/// </summary>
public sealed class PanthorVm
{
    private readonly List<(DeviceAddr Va, ulong Size, DrmGemObject Bo)> _mappings = [];

    internal PanthorVm(uint id, IommuDomain domain, ulong userVaRange)
    {
        Id = id;
        Domain = domain;
        UserVaRange = userVaRange;
    }

    public uint Id { get; }

    public IommuDomain Domain { get; }

    /// <summary>The user VA range (from 0).</summary>
    public ulong UserVaRange { get; }

    /// <summary>Groups bound to this VM and not destroyed.</summary>
    internal int Groups { get; set; }

    public bool IsDestroyed { get; internal set; }

    /// <summary>The bound ranges, in bind order.</summary>
    public IReadOnlyList<(DeviceAddr Va, ulong Size, DrmGemObject Bo)> Mappings => _mappings;

    internal void AddMapping(DeviceAddr va, ulong size, DrmGemObject bo) => _mappings.Add((va, size, bo));

    internal bool Overlaps(DeviceAddr va, ulong size) => _mappings.Any(m => va.Value < m.Va.Value + m.Size && m.Va.Value < va.Value + size);

    /// <summary>Removes the bindings wholly inside [va, va+size): false when the range cuts one (the model does not split bindings).</summary>
    internal bool TryRemove(DeviceAddr va, ulong size, out List<(DeviceAddr Va, ulong Size, DrmGemObject Bo)> removed)
    {
        removed = [.. _mappings.Where(m => m.Va.Value < va.Value + size && va.Value < m.Va.Value + m.Size)];
        if (removed.Any(m => m.Va.Value < va.Value || m.Va.Value + m.Size > va.Value + size))
        {
            removed = [];
            return false;
        }

        foreach (var m in removed)
        {
            _mappings.Remove(m);
        }

        return true;
    }

    internal List<(DeviceAddr Va, ulong Size, DrmGemObject Bo)> TakeAll()
    {
        var all = _mappings.ToList();
        _mappings.Clear();
        return all;
    }

    public override string ToString() => $"panthor VM {Id}";
}
