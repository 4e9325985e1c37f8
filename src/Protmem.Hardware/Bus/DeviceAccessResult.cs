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
