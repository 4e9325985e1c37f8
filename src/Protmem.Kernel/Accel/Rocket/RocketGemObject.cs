using Protmem.Hardware;
using Protmem.Kernel.Core;
using Protmem.Kernel.Gpu.Drm;
using Protmem.Kernel.Iommu;

namespace Protmem.Kernel.Accel.Rocket;

/// <summary>
/// A rocket BO (<c>struct rocket_gem_object</c>): shmem pages, the NPU address its file gave it, and the
/// domains it is mapped in now (the file's domain from CREATE_BO under the per-file strategies and
/// shared-context; core domains while a job or a context needs it under per-job-map and per-context-swap).
/// Freeing it unmaps it everywhere and gives its address back.
/// </summary>
public sealed class RocketGemObject : DrmGemObject
{
    private readonly List<IommuDomain> _mappedIn = [];

    internal RocketGemObject(DrmDevice device, RocketFilePriv owner, ulong size, IReadOnlyList<PhysRange> pages, DeviceAddr dmaAddress)
        : base(device, size, pages)
    {
        Owner = owner;
        DmaAddress = dmaAddress;
    }

    /// <summary>The file whose address space <see cref="DmaAddress"/> belongs to.</summary>
    public RocketFilePriv Owner { get; }

    /// <summary>The NPU address (<c>dma_address</c>), meaningful in the owner's address space only.</summary>
    public DeviceAddr DmaAddress { get; }

    /// <summary>The domains this BO is mapped in now.</summary>
    public IReadOnlyList<IommuDomain> MappedIn => _mappedIn;

    /// <summary>iommu_map of the BO's pages at its address, read/write: 0 or -errno (nothing left mapped on failure).</summary>
    internal int MapInto(IommuDomain domain, RocketStats stats)
    {
        var iova = DmaAddress;
        foreach (var page in Pages!)
        {
            stats.Maps++;
            var result = domain.Map(iova, page.Start, page.Length, Hardware.Iommu.IommuProt.ReadWrite);
            if (result < 0)
            {
                if (iova != DmaAddress)
                {
                    stats.Unmaps++;
                    domain.Unmap(DmaAddress, iova - DmaAddress);
                }

                return result;
            }

            iova += page.Length;
        }

        _mappedIn.Add(domain);
        return 0;
    }

    /// <summary>iommu_unmap of the whole BO from <paramref name="domain"/>.</summary>
    internal void UnmapFrom(IommuDomain domain, RocketStats stats)
    {
        if (!_mappedIn.Remove(domain))
        {
            throw new KernelOopsException($"{this} is unmapped from {domain}, where it is not mapped");
        }

        stats.Unmaps++;
        var unmapped = domain.Unmap(DmaAddress, Size);
        if (unmapped != Size)
        {
            throw new KernelOopsException($"unmapping {this} from {domain} removed 0x{unmapped:x} of 0x{Size:x} bytes");
        }
    }

    /// <summary>rocket_gem_free: unmapped from every domain, its address freed, its pages released.</summary>
    protected override void Free()
    {
        Owner.Device.OnBoFreed(this);
        foreach (var domain in _mappedIn.ToList())
        {
            UnmapFrom(domain, Owner.Device.Stats);
        }

        Owner.FreeAddress(this);
        base.Free();
        Owner.Device.DomainPut(Owner);
    }

    public override string ToString() => $"rocket BO 0x{DmaAddress.Value:x}+0x{Size:x} of file {Owner.File.Id}";
}
