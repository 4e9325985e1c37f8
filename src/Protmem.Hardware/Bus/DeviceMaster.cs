using Protmem.Hardware.Iommu;
using Protmem.Hardware.Tracing;

namespace Protmem.Hardware.Bus;

/// <summary>
/// A device as a bus master: its <see cref="BusMaster"/> identity and, optionally, the IOMMU it sits
/// behind. Accesses use device addresses; with an IOMMU each 4 KiB page is translated (IOTLB, then
/// tables) and issued as its own bus transaction, so the firewall judges the physical pages really
/// touched. Without an IOMMU the device address is the physical address. A failed access may have
/// moved the pages before the failing one (as DMA does) and reports the first failure; it is also
/// raised as a <see cref="DeviceFault"/> (the device's fault interrupt: <see cref="Faulted"/>), logged and traced.
/// </summary>
public sealed class DeviceMaster
{
    /// <summary>How many faults the log keeps; older ones are dropped (<see cref="FaultCount"/> still counts them).</summary>
    public const int FaultLogCapacity = 256;

    private readonly SystemBus _bus;
    private readonly Queue<DeviceFault> _faults = new();

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

    /// <summary>The device's fault interrupt: raised once per failed access, after it is logged.</summary>
    public event Action<DeviceFault>? Faulted;

    /// <summary>The most recent faults (at most <see cref="FaultLogCapacity"/>), oldest first.</summary>
    public IReadOnlyCollection<DeviceFault> Faults => _faults;

    /// <summary>Failed accesses since power-on.</summary>
    public long FaultCount { get; private set; }

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
            return result == DeviceAccessResult.Ok || Fault(address, new PhysAddr(address.Value), AccessDirection.Read, result);
        }

        var iova = address;
        while (!into.IsEmpty)
        {
            var count = (int)Math.Min((ulong)into.Length, HwConstants.PageSize - iova.PageOffset);
            if (!Iommu.TryTranslate(iova, AccessDirection.Read, out var phys, IommuBank, Master.Name))
            {
                result = DeviceAccessResult.IommuFault;
                return Fault(iova, null, AccessDirection.Read, result);
            }

            result = FromBus(_bus.Read(Master, state, phys, into[..count]));
            if (result != DeviceAccessResult.Ok)
            {
                return Fault(iova, phys, AccessDirection.Read, result);
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
            return result == DeviceAccessResult.Ok || Fault(address, new PhysAddr(address.Value), AccessDirection.Write, result);
        }

        var iova = address;
        while (!from.IsEmpty)
        {
            var count = (int)Math.Min((ulong)from.Length, HwConstants.PageSize - iova.PageOffset);
            if (!Iommu.TryTranslate(iova, AccessDirection.Write, out var phys, IommuBank, Master.Name))
            {
                result = DeviceAccessResult.IommuFault;
                return Fault(iova, null, AccessDirection.Write, result);
            }

            result = FromBus(_bus.Write(Master, state, phys, from[..count]));
            if (result != DeviceAccessResult.Ok)
            {
                return Fault(iova, phys, AccessDirection.Write, result);
            }

            from = from[count..];
            iova += (ulong)count;
        }

        result = DeviceAccessResult.Ok;
        return true;
    }

    /// <summary>The device address of the last fault logged, or null (what a block's interrupt reports).</summary>
    public DeviceAddr? LastFaultAddress => _faults.Count > 0 ? _faults.Last().Address : null;

    /// <summary>
    /// A secure-mode block's check before it writes (the decoder's, the encoder's, the camera's): the first page of
    /// [<paramref name="start"/>, +<paramref name="length"/>) that is not protected memory, judged by
    /// <paramref name="firewall"/> (a page this master may write non-securely, or may not write securely), or null.
    /// A page without a translation counts as protected here: the write then faults in the IOMMU and reports it.
    /// </summary>
    public DeviceAddr? FirstUnprotectedPage(Firewall.Tzc400Firewall firewall, DeviceAddr start, uint length)
    {
        ArgumentNullException.ThrowIfNull(firewall);
        var iova = start;
        var left = (ulong)length;
        while (left > 0)
        {
            var n = Math.Min(left, HwConstants.PageSize - iova.PageOffset);
            var phys = new PhysAddr(iova.Value);
            if (Iommu is { } mmu && !mmu.TryTranslate(iova, AccessDirection.Write, out phys, IommuBank, Name))
            {
                return null;
            }

            var range = new PhysRange(phys, n);
            if (firewall.Allows(Master.Id, SecurityState.NonSecure, range, AccessDirection.Write)
                || !firewall.Allows(Master.Id, SecurityState.Secure, range, AccessDirection.Write))
            {
                return iova;
            }

            iova += n;
            left -= n;
        }

        return null;
    }

    public override string ToString() => Name;

    /// <summary>Logs, traces and raises a failed access; always false (the access's answer).</summary>
    private bool Fault(DeviceAddr address, PhysAddr? phys, AccessDirection direction, DeviceAccessResult reason)
    {
        FaultCount++;
        if (_faults.Count == FaultLogCapacity)
        {
            _faults.Dequeue();
        }

        var fault = new DeviceFault(_bus.Clock.Now, Master, address, phys, direction, reason);
        _faults.Enqueue(fault);
        if (_bus.Trace.IsEnabled)
        {
            _bus.Trace.Record(new TraceEvent(fault.Time, TraceKind.DeviceFault, Name, address.Value, phys?.Value ?? 0, (ulong)direction, reason.ToString()));
        }

        Faulted?.Invoke(fault);
        return false;
    }

    private static DeviceAccessResult FromBus(BusAccessResult result) => result switch
    {
        BusAccessResult.Ok => DeviceAccessResult.Ok,
        BusAccessResult.FirewallDenied => DeviceAccessResult.FirewallDenied,
        _ => DeviceAccessResult.NoMemory,
    };
}
