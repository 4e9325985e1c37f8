namespace Protmem.Hardware.Bus;

/// <summary>
/// A device's failed DMA, as its fault interrupt reports it: which master, at which device address, in
/// which direction, and why (the IOMMU had no translation, or the firewall refused the physical page).
/// </summary>
/// <param name="Time">Simulated nanoseconds.</param>
/// <param name="Master">The device master whose access failed.</param>
/// <param name="Address">The device address of the first failing byte (an IOVA behind an IOMMU).</param>
/// <param name="Phys">The physical address the access was translated to, or null when translation failed.</param>
/// <param name="Direction">Read or write.</param>
/// <param name="Reason">What stopped it.</param>
public sealed record DeviceFault(ulong Time, BusMaster Master, DeviceAddr Address, PhysAddr? Phys, AccessDirection Direction, DeviceAccessResult Reason);
