using static Protmem.Hardware.Iommu.RkIommuRegisters;

namespace Protmem.Hardware.Iommu;

/// <summary>The register file and IOTLB of one MMU bank of a Rockchip IOMMU instance.</summary>
internal sealed class RkIommuBank
{
    private readonly RkIommuVersion _version;

    public RkIommuBank(int iotlbEntries, RkIommuVersion version)
    {
        Iotlb = new Iotlb(iotlbEntries);
        _version = version;
    }

    public Iotlb Iotlb { get; }

    public uint DteAddr { get; set; }

    public bool PagingEnabled { get; set; }

    public bool StallActive { get; set; }

    public bool PageFaultActive { get; set; }

    public bool PageFaultIsWrite { get; set; }

    public uint PageFaultAddr { get; set; }

    public uint IntRawStat { get; set; }

    public uint IntMask { get; set; }

    public uint AutoGating { get; set; }

    public uint Status =>
        (PagingEnabled ? STATUS_PAGING_ENABLED : 0)
        | (PageFaultActive ? STATUS_PAGE_FAULT_ACTIVE : 0)
        | (StallActive ? STATUS_STALL_ACTIVE : STATUS_STALL_NOT_ACTIVE)
        | STATUS_IDLE
        | STATUS_REPLAY_BUFFER_EMPTY
        | (PageFaultIsWrite ? STATUS_PAGE_FAULT_IS_WRITE : 0);

    public RkIommuBankState Snapshot() =>
        new(DteAddr, PagingEnabled, StallActive, PageFaultActive, PageFaultIsWrite, PageFaultAddr, IntRawStat, IntMask, _version);

    public uint Read(int offset) => offset switch
    {
        DTE_ADDR => DteAddr,
        STATUS => Status,
        COMMAND => 0,
        PAGE_FAULT_ADDR => PageFaultAddr,
        ZAP_ONE_LINE => 0,
        INT_RAWSTAT => IntRawStat,
        INT_CLEAR => 0,
        INT_MASK => IntMask,
        INT_STATUS => IntRawStat & IntMask,
        AUTO_GATING => AutoGating,
        _ => throw new NotSupportedException($"RK IOMMU register 0x{offset:x2} is not modelled"),
    };

    public void Write(int offset, uint value)
    {
        switch (offset)
        {
            case DTE_ADDR:
                DteAddr = value & RkIommuEntry.AddressMaskOf(_version);
                break;
            case COMMAND:
                Command(value);
                break;
            case ZAP_ONE_LINE:
                Iotlb.Invalidate(value >> HwConstants.PageShift);
                break;
            case INT_CLEAR:
                IntRawStat &= ~value;
                break;
            case INT_MASK:
                IntMask = value & (INT_PAGE_FAULT | INT_BUS_ERROR);
                break;
            case AUTO_GATING:
                AutoGating = value;
                break;
            case STATUS or PAGE_FAULT_ADDR or INT_RAWSTAT or INT_STATUS:
                throw new NotSupportedException($"RK IOMMU register 0x{offset:x2} is read-only; a write to it is not modelled");
            default:
                throw new NotSupportedException($"RK IOMMU register 0x{offset:x2} is not modelled");
        }
    }

    private void Command(uint command)
    {
        switch (command)
        {
            case CMD_ENABLE_PAGING:
                PagingEnabled = true;
                break;
            case CMD_DISABLE_PAGING:
                PagingEnabled = false;
                break;
            case CMD_ENABLE_STALL:
                StallActive = true;
                break;
            case CMD_DISABLE_STALL:
                StallActive = false;
                break;
            case CMD_ZAP_CACHE:
                Iotlb.Clear();
                break;
            case CMD_PAGE_FAULT_DONE:
                PageFaultActive = false;
                PageFaultIsWrite = false;
                break;
            case CMD_FORCE_RESET:
                DteAddr = 0;
                PagingEnabled = false;
                PageFaultActive = false;
                PageFaultIsWrite = false;
                PageFaultAddr = 0;
                IntRawStat = 0;
                IntMask = 0;
                Iotlb.Clear();
                break;
            default:
                throw new NotSupportedException($"RK IOMMU command {command} is not modelled");
        }
    }
}
