using Protmem.Hardware.Memory;
using Protmem.Hardware.Time;
using Protmem.Hardware.Tracing;
using static Protmem.Hardware.Iommu.RkIommuRegisters;

namespace Protmem.Hardware.Iommu;

/// <summary>
/// One Rockchip IOMMU instance (v2: <c>rockchip,rk3568-iommu</c>; v1: <c>rockchip,iommu</c>, see
/// <see cref="RkIommuVersion"/>): one or more banks of MMIO
/// registers, each with its own IOTLB, in front of the device masters wired behind it.
/// 1. At reset paging is disabled: device addresses pass through untranslated (the identity domain).
/// 2. <see cref="Attach"/> points every bank at a directory (stall, force reset, DTE_ADDR, zap cache,
///    interrupt mask, enable paging, unstall); attaching the attached directory again does nothing.
/// 3. Device accesses translate through the IOTLB, walking the tables in DRAM on a miss; a missing or
///    insufficient PTE is a page fault (STATUS, PAGE_FAULT_ADDR, INT_RAWSTAT, a fault event).
/// 4. After a page-table change the owner zaps (<see cref="ZapLine"/>, <see cref="ZapRange"/>,
///    <see cref="ZapAll"/>); until then the IOTLB may keep a stale translation.
/// 5. <see cref="Detach"/> (stall, disable paging, DTE_ADDR = 0, unstall) returns to pass-through.
/// Each register write costs <see cref="CostModel.IommuMmioWrite"/> (a ZAP_ONE_LINE write
/// <see cref="CostModel.IommuUnmapPerPageInvalidation"/>); attach and detach cost their whole-sequence figure.
/// </summary>
public sealed class RkIommu
{
    /// <summary>How many faults the log keeps; older ones are dropped (<see cref="FaultCount"/> still counts them).</summary>
    public const int FaultLogCapacity = 1024;

    private readonly RkIommuBank[] _banks;
    private readonly PhysicalMemory _memory;
    private readonly SimClock _clock;
    private readonly CostModel _costs;
    private readonly Trace _trace;
    private readonly Queue<IommuFault> _faults = new();

    public RkIommu(string name, int bankCount, PhysicalMemory memory, SimClock clock, CostModel costs, Trace trace, int iotlbEntries = 256, RkIommuVersion version = RkIommuVersion.V2)
    {
        Version = version;
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(bankCount, 1);
        Name = name;
        _memory = memory;
        _clock = clock;
        _costs = costs;
        _trace = trace;
        _banks = new RkIommuBank[bankCount];
        for (var i = 0; i < bankCount; i++)
        {
            _banks[i] = new RkIommuBank(iotlbEntries, version);
        }
    }

    public string Name { get; }

    /// <summary>The <c>compatible</c> strings of its device-tree node, most specific first (what an IOMMU driver matches).</summary>
    public IReadOnlyList<string> Compatible { get; init; } = [];

    /// <summary>The generation: how DTE_ADDR and the table entries it walks encode physical addresses.</summary>
    public RkIommuVersion Version { get; }

    /// <summary>Where bank switches (tables, paging mode) are announced (set by the <see cref="Soc"/>).</summary>
    internal Oracle.ReachFeed? Feed { get; set; }

    public int BankCount => _banks.Length;

    /// <summary>Lines per bank IOTLB.</summary>
    public int IotlbCapacity => _banks[0].Iotlb.Capacity;

    /// <summary>Called for each page fault, after the registers are set (the IRQ line). Optional.</summary>
    public Action<IommuFault>? FaultHandler { get; set; }

    /// <summary>The most recent page faults, oldest first.</summary>
    public IReadOnlyCollection<IommuFault> Faults => _faults;

    public long FaultCount { get; private set; }

    public long IotlbHits { get; private set; }

    public long IotlbMisses { get; private set; }

    /// <summary>ZAP_ONE_LINE writes since power-on, over all banks.</summary>
    public long ZapLineWrites { get; private set; }

    /// <summary>COMMAND writes with ZAP_CACHE since power-on, over all banks.</summary>
    public long ZapCacheCommands { get; private set; }

    /// <summary>Attach sequences run (a root pointer switch; attaching the attached directory does not count).</summary>
    public long AttachCount { get; private set; }

    /// <summary>Detach sequences run.</summary>
    public long DetachCount { get; private set; }

    /// <summary>The directory bank 0 translates through, or null when paging is disabled.</summary>
    public PhysAddr? AttachedDirectory => _banks[0].PagingEnabled ? RkIommuEntry.DecodeAddress(_banks[0].DteAddr, Version) : null;

    /// <summary>A snapshot of bank <paramref name="bank"/>'s registers.</summary>
    public RkIommuBankState GetBankState(int bank) => Bank(bank).Snapshot();

    /// <summary>Reads a register of one bank.</summary>
    public uint MmioRead(int bank, int offset) => Bank(bank).Read(offset);

    /// <summary>Writes a register of one bank, at its cost.</summary>
    public void MmioWrite(int bank, int offset, uint value)
    {
        Bank(bank);
        _clock.Advance(offset == ZAP_ONE_LINE ? _costs.IommuUnmapPerPageInvalidation : _costs.IommuMmioWrite);
        WriteRegister(bank, offset, value);
    }

    /// <summary>Writes a register of every bank (as the driver sends commands), at the cost of one write per bank.</summary>
    public void MmioWrite(int offset, uint value)
    {
        for (var b = 0; b < _banks.Length; b++)
        {
            MmioWrite(b, offset, value);
        }
    }

    /// <summary>
    /// Switches every bank to the directory <paramref name="directory"/> and enables paging. Returns false,
    /// doing nothing, when that directory is already attached with paging on. Costs <see cref="CostModel.IommuAttach"/>.
    /// </summary>
    public bool Attach(PhysAddr directory)
    {
        var encoded = RkIommuEntry.EncodeAddress(directory, Version);
        if (_banks.All(b => b.PagingEnabled && b.DteAddr == encoded))
        {
            return false;
        }

        for (var b = 0; b < _banks.Length; b++)
        {
            if (_banks[b].PagingEnabled)
            {
                WriteRegister(b, COMMAND, CMD_ENABLE_STALL);
            }
        }

        ForceReset();
        for (var b = 0; b < _banks.Length; b++)
        {
            WriteRegister(b, DTE_ADDR, encoded);
            WriteRegister(b, COMMAND, CMD_ZAP_CACHE);
            WriteRegister(b, INT_MASK, INT_PAGE_FAULT | INT_BUS_ERROR);
        }

        WriteAllBanks(COMMAND, CMD_ENABLE_PAGING);
        WriteAllBanks(COMMAND, CMD_DISABLE_STALL);
        AttachCount++;
        _clock.Advance(_costs.IommuAttach);
        if (_trace.IsEnabled)
        {
            _trace.Record(new TraceEvent(_clock.Now, TraceKind.IommuAttach, Name, directory.Value));
        }

        return true;
    }

    /// <summary>Disables paging and clears DTE_ADDR on every bank. False, doing nothing, when already detached.</summary>
    public bool Detach()
    {
        if (_banks.All(b => !b.PagingEnabled && b.DteAddr == 0))
        {
            return false;
        }

        WriteAllBanks(COMMAND, CMD_ENABLE_STALL);
        WriteAllBanks(COMMAND, CMD_DISABLE_PAGING);
        WriteAllBanks(INT_MASK, 0);
        WriteAllBanks(DTE_ADDR, 0);
        WriteAllBanks(COMMAND, CMD_DISABLE_STALL);
        DetachCount++;
        _clock.Advance(_costs.IommuDetach);
        if (_trace.IsEnabled)
        {
            _trace.Record(new TraceEvent(_clock.Now, TraceKind.IommuDetach, Name));
        }

        return true;
    }

    /// <summary>ZAP_ONE_LINE for <paramref name="iova"/> on every bank.</summary>
    public void ZapLine(DeviceAddr iova) => MmioWrite(ZAP_ONE_LINE, (uint)(iova.Value & 0xFFFF_F000));

    /// <summary>ZAP_ONE_LINE for every 4 KiB page of [<paramref name="iova"/>, +<paramref name="size"/>) below 4 GiB, on every bank.</summary>
    public void ZapRange(DeviceAddr iova, ulong size)
    {
        if (size == 0 || iova.Value >= RkIommuPageTable.IovaLimit)
        {
            return;
        }

        size = Math.Min(size, RkIommuPageTable.IovaLimit - iova.Value);
        var first = iova.PageNumber;
        var last = (iova + (size - 1)).PageNumber;
        for (var page = first; page <= last; page++)
        {
            ZapLine(DeviceAddr.FromPageNumber(page));
        }
    }

    /// <summary>
    /// What the driver does after a map: ZAP_ONE_LINE for the first and the last page of the new range only
    /// (they alone could share a cached line with an older mapping).
    /// </summary>
    public void ZapIovaFirstLast(DeviceAddr iova, ulong size)
    {
        if (size == 0)
        {
            return;
        }

        ZapLine(iova);
        if (size > HwConstants.PageSize)
        {
            ZapLine(iova + (size - HwConstants.PageSize));
        }
    }

    /// <summary>ZAP_CACHE on every bank: drops every cached translation.</summary>
    public void ZapAll() => MmioWrite(COMMAND, CMD_ZAP_CACHE);

    /// <summary>
    /// Translates one device access of bank <paramref name="bank"/>. Pass-through when paging is disabled;
    /// otherwise IOTLB, then a table walk. False after recording a page fault.
    /// </summary>
    public bool TryTranslate(DeviceAddr iova, AccessDirection direction, out PhysAddr phys, int bank = 0, string? master = null)
    {
        var state = Bank(bank);
        if (iova.Value >= RkIommuPageTable.IovaLimit)
        {
            // The master has 32 address lines behind this IOMMU: a wider address is its own bug, reported as a fault.
            phys = default;
            RaisePageFault(bank, iova, direction, master);
            return false;
        }

        if (!state.PagingEnabled)
        {
            phys = new PhysAddr(iova.Value);
            return true;
        }

        if (state.StallActive)
        {
            throw new NotSupportedException($"a device access while IOMMU '{Name}' bank {bank} is stalled is not modelled");
        }

        phys = default;
        var page = iova.PageNumber;
        if (state.Iotlb.TryLookup(page, out var pte))
        {
            IotlbHits++;
        }
        else
        {
            IotlbMisses++;
            if (!TryWalk(state, iova, out pte))
            {
                RaisePageFault(bank, iova, direction, master);
                return false;
            }

            state.Iotlb.Insert(page, pte);
        }

        if ((pte & RkIommuEntry.Security) != 0)
        {
            throw new NotSupportedException($"IOMMU '{Name}': a PTE with the Security bit set is not modelled (Linux never sets it)");
        }

        if (!RkIommuEntry.Permits(pte, direction))
        {
            RaisePageFault(bank, iova, direction, master);
            return false;
        }

        phys = RkIommuEntry.DecodeAddress(pte, Version) + iova.PageOffset;
        return true;
    }

    /// <summary>The translations bank <paramref name="bank"/>'s IOTLB holds: (IOVA page, PTE word).</summary>
    public IReadOnlyList<(DeviceAddr Iova, uint Pte)> IotlbEntries(int bank) =>
        [.. Bank(bank).Iotlb.Entries().Select(e => (DeviceAddr.FromPageNumber(e.PageNumber), e.Pte))];

    private bool TryWalk(RkIommuBank bank, DeviceAddr iova, out uint pte)
    {
        pte = 0;
        var dteAddress = RkIommuEntry.DecodeAddress(bank.DteAddr, Version) + (ulong)(RkIommuEntry.DteIndex(iova) * 4);
        if (!_memory.TryFindBank(dteAddress, 4, out var dram))
        {
            bank.IntRawStat |= INT_BUS_ERROR;
            return false;
        }

        var dte = dram.ReadUInt32(dteAddress);
        if (!RkIommuEntry.IsValid(dte))
        {
            return false;
        }

        var pteAddress = RkIommuEntry.DecodeAddress(dte, Version) + (ulong)(RkIommuEntry.PteIndex(iova) * 4);
        if (!_memory.TryFindBank(pteAddress, 4, out dram))
        {
            bank.IntRawStat |= INT_BUS_ERROR;
            return false;
        }

        pte = dram.ReadUInt32(pteAddress);
        return RkIommuEntry.IsValid(pte);
    }

    private void RaisePageFault(int bank, DeviceAddr iova, AccessDirection direction, string? master)
    {
        var state = _banks[bank];
        state.PageFaultActive = true;
        state.PageFaultIsWrite = direction == AccessDirection.Write;
        state.PageFaultAddr = (uint)iova.Value;
        state.IntRawStat |= INT_PAGE_FAULT;
        var fault = new IommuFault(_clock.Now, Name, bank, iova, direction, master);
        FaultCount++;
        if (_faults.Count == FaultLogCapacity)
        {
            _faults.Dequeue();
        }

        _faults.Enqueue(fault);
        if (_trace.IsEnabled)
        {
            _trace.Record(new TraceEvent(_clock.Now, TraceKind.IommuFault, Name, iova.Value, (ulong)bank, (ulong)direction, master));
        }

        FaultHandler?.Invoke(fault);
    }

    private void ForceReset()
    {
        for (var b = 0; b < _banks.Length; b++)
        {
            WriteRegister(b, DTE_ADDR, DTE_ADDR_DUMMY);
            if (_banks[b].Read(DTE_ADDR) != (DTE_ADDR_DUMMY & RkIommuEntry.AddressMaskOf(Version)))
            {
                throw new InvalidOperationException($"IOMMU '{Name}' bank {b}: MMU_DTE_ADDR is not functioning");
            }
        }

        WriteAllBanks(COMMAND, CMD_FORCE_RESET);
    }

    private void WriteAllBanks(int offset, uint value)
    {
        for (var b = 0; b < _banks.Length; b++)
        {
            WriteRegister(b, offset, value);
        }
    }

    private void WriteRegister(int bank, int offset, uint value)
    {
        var before = Feed is null ? default : (_banks[bank].PagingEnabled, _banks[bank].DteAddr);
        if (offset == ZAP_ONE_LINE)
        {
            ZapLineWrites++;
        }
        else if (offset == COMMAND && value == CMD_ZAP_CACHE)
        {
            ZapCacheCommands++;
        }

        _banks[bank].Write(offset, value);
        if (Feed is not null && before != (_banks[bank].PagingEnabled, _banks[bank].DteAddr))
        {
            Feed.IommuBankChanged(this, bank);
        }

        if (_trace.IsEnabled)
        {
            _trace.Record(new TraceEvent(_clock.Now, TraceKind.IommuMmioWrite, Name, (ulong)bank, (ulong)offset, value));
        }
    }

    private RkIommuBank Bank(int bank) =>
        bank >= 0 && bank < _banks.Length
            ? _banks[bank]
            : throw new ArgumentOutOfRangeException(nameof(bank), $"IOMMU '{Name}' has banks 0..{_banks.Length - 1}, not {bank}");
}
