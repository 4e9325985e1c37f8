using Protmem.Hardware.Iommu;

namespace Protmem.Hardware.Bus;

/// <summary>How a device access ended.</summary>
public enum DeviceAccessResult
{
    Ok = 0,

    /// <summary>The IOMMU had no translation or the PTE lacked the right (a page fault was raised).</summary>
    IommuFault = 1,

    /// <summary>The firewall denied the translated access (a bus fault was recorded).</summary>
    FirewallDenied = 2,

    /// <summary>The translated address is not DRAM (a bus fault was recorded).</summary>
    NoMemory = 3,
}

/// <summary>
/// A device as a bus master: its <see cref="BusMaster"/> identity and, optionally, the IOMMU it sits
/// behind. Accesses use device addresses; with an IOMMU each 4 KiB page is translated (IOTLB, then
/// tables) and issued as its own bus transaction, so the firewall judges the physical pages really
/// touched. Without an IOMMU the device address is the physical address. A failed access may have
/// moved the pages before the failing one (as DMA does) and reports the first failure.
/// </summary>
public sealed class DeviceMaster
{
    private readonly SystemBus _bus;

    public DeviceMaster(BusMaster master, SystemBus bus, RkIommu? iommu = null, int iommuBank = 0)
    {
        Master = master ?? throw new ArgumentNullException(nameof(master));
        _bus = bus ?? throw new ArgumentNullException(nameof(bus));
        Iommu = iommu;
        if (iommu is not null && (iommuBank < 0 || iommuBank >= iommu.BankCount))
        {
            throw new ArgumentOutOfRangeException(nameof(iommuBank), $"IOMMU '{iommu.Name}' has no bank {iommuBank}");
        }

        IommuBank = iommuBank;
    }

    public BusMaster Master { get; }

    public string Name => Master.Name;

    /// <summary>The IOMMU in front of this device, or null when it addresses memory physically.</summary>
    public RkIommu? Iommu { get; }

    /// <summary>The bank of <see cref="Iommu"/> that translates this device's accesses.</summary>
    public int IommuBank { get; }

    public bool TryRead(DeviceAddr address, Span<byte> into, SecurityState state = SecurityState.NonSecure) =>
        TryRead(address, into, state, out _);

    public bool TryWrite(DeviceAddr address, ReadOnlySpan<byte> from, SecurityState state = SecurityState.NonSecure) =>
        TryWrite(address, from, state, out _);

    /// <summary>Reads through the IOMMU and the bus, telling why it failed.</summary>
    public bool TryRead(DeviceAddr address, Span<byte> into, SecurityState state, out DeviceAccessResult result)
    {
        Master.EnsureCanIssue(state);
        if (Iommu is null)
        {
            result = FromBus(_bus.Read(Master, state, new PhysAddr(address.Value), into));
            return result == DeviceAccessResult.Ok;
        }

        var iova = address;
        while (!into.IsEmpty)
        {
            var count = (int)Math.Min((ulong)into.Length, HwConstants.PageSize - iova.PageOffset);
            if (!Iommu.TryTranslate(iova, AccessDirection.Read, out var phys, IommuBank, Master.Name))
            {
                result = DeviceAccessResult.IommuFault;
                return false;
            }

            result = FromBus(_bus.Read(Master, state, phys, into[..count]));
            if (result != DeviceAccessResult.Ok)
            {
                return false;
            }

            into = into[count..];
            iova += (ulong)count;
        }

        result = DeviceAccessResult.Ok;
        return true;
    }

    /// <summary>Writes through the IOMMU and the bus, telling why it failed.</summary>
    public bool TryWrite(DeviceAddr address, ReadOnlySpan<byte> from, SecurityState state, out DeviceAccessResult result)
    {
        Master.EnsureCanIssue(state);
        if (Iommu is null)
        {
            result = FromBus(_bus.Write(Master, state, new PhysAddr(address.Value), from));
            return result == DeviceAccessResult.Ok;
        }

        var iova = address;
        while (!from.IsEmpty)
        {
            var count = (int)Math.Min((ulong)from.Length, HwConstants.PageSize - iova.PageOffset);
            if (!Iommu.TryTranslate(iova, AccessDirection.Write, out var phys, IommuBank, Master.Name))
            {
                result = DeviceAccessResult.IommuFault;
                return false;
            }

            result = FromBus(_bus.Write(Master, state, phys, from[..count]));
            if (result != DeviceAccessResult.Ok)
            {
                return false;
            }

            from = from[count..];
            iova += (ulong)count;
        }

        result = DeviceAccessResult.Ok;
        return true;
    }

    public override string ToString() => Name;

    private static DeviceAccessResult FromBus(BusAccessResult result) => result switch
    {
        BusAccessResult.Ok => DeviceAccessResult.Ok,
        BusAccessResult.FirewallDenied => DeviceAccessResult.FirewallDenied,
        _ => DeviceAccessResult.NoMemory,
    };
}
