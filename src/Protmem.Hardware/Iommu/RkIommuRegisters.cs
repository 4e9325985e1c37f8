namespace Protmem.Hardware.Iommu;

/// <summary>Register offsets, STATUS bits, COMMAND values and interrupt bits of one Rockchip IOMMU bank.</summary>
public static class RkIommuRegisters
{
    public const int DTE_ADDR = 0x00;
    public const int STATUS = 0x04;
    public const int COMMAND = 0x08;
    public const int PAGE_FAULT_ADDR = 0x0C;
    public const int ZAP_ONE_LINE = 0x10;
    public const int INT_RAWSTAT = 0x14;
    public const int INT_CLEAR = 0x18;
    public const int INT_MASK = 0x1C;
    public const int INT_STATUS = 0x20;
    public const int AUTO_GATING = 0x24;

    public const uint STATUS_PAGING_ENABLED = 1u << 0;
    public const uint STATUS_PAGE_FAULT_ACTIVE = 1u << 1;
    public const uint STATUS_STALL_ACTIVE = 1u << 2;
    public const uint STATUS_IDLE = 1u << 3;
    public const uint STATUS_REPLAY_BUFFER_EMPTY = 1u << 4;
    public const uint STATUS_PAGE_FAULT_IS_WRITE = 1u << 5;
    public const uint STATUS_STALL_NOT_ACTIVE = 1u << 31;

    public const uint CMD_ENABLE_PAGING = 0;
    public const uint CMD_DISABLE_PAGING = 1;
    public const uint CMD_ENABLE_STALL = 2;
    public const uint CMD_DISABLE_STALL = 3;
    public const uint CMD_ZAP_CACHE = 4;
    public const uint CMD_PAGE_FAULT_DONE = 5;
    public const uint CMD_FORCE_RESET = 6;

    public const uint INT_PAGE_FAULT = 1u << 0;
    public const uint INT_BUS_ERROR = 1u << 1;

    /// <summary>The value the driver writes to DTE_ADDR to check the register works before a force reset.</summary>
    public const uint DTE_ADDR_DUMMY = 0xCAFEBABE;
}
