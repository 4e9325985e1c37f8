using Protmem.Kernel.Base;

namespace Protmem.Kernel.Iommu;

/// <summary>
/// Devices the IOMMU cannot tell apart (<c>struct iommu_group</c>): they share one translation, so a
/// domain is attached to the whole group. Each has a default domain (the DMA API's) and the domain it
/// translates through now. Made by a driver's device_group through <see cref="IommuSubsystem.GroupAlloc"/>.
/// </summary>
public sealed class IommuGroup
{
    private readonly List<PlatformDevice> _devices = [];

    internal IommuGroup(int id) => Id = id;

    public int Id { get; }

    /// <summary>The devices in the group, in probe order.</summary>
    public IReadOnlyList<PlatformDevice> Devices => _devices;

    /// <summary>default_domain: where the group returns on detach; the DMA API maps there.</summary>
    public IommuDomain? DefaultDomain { get; internal set; }

    /// <summary>domain: the domain every device of the group translates through now.</summary>
    public IommuDomain? Domain { get; internal set; }

    internal void Add(PlatformDevice device) => _devices.Add(device);

    internal void Remove(PlatformDevice device) => _devices.Remove(device);

    public override string ToString() => $"iommu-group {Id}";
}
