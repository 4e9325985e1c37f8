namespace Protmem.Kernel.Iommu;

/// <summary>
/// An IOMMU instance registered with the core (<c>struct iommu_device</c>): its device-tree node's name
/// (the fwnode a device's <c>iommus</c> names) and its driver's ops. Devices hold this handle, never
/// the driver's types.
/// </summary>
public sealed class IommuDevice
{
    /// <summary>Made by an IOMMU driver at probe; registered with <see cref="IommuSubsystem.DeviceRegister"/>.</summary>
    public IommuDevice(string name, IIommuOps ops)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(ops);
        Name = name;
        Ops = ops;
    }

    /// <summary>The instance's name (its device-tree node).</summary>
    public string Name { get; }

    /// <summary>Its driver's ops.</summary>
    public IIommuOps Ops { get; }

    public override string ToString() => Name;
}
