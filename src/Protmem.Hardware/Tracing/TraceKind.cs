using System.Globalization;

namespace Protmem.Hardware.Tracing;

/// <summary>What happened, for a <see cref="TraceEvent"/>.</summary>
public enum TraceKind
{
    BusFault,
    FirewallProgram,
    IommuMmioWrite,
    IommuAttach,
    IommuDetach,
    IommuFault,
    IommuMap,
    IommuUnmap,
    CpuFault,

    /// <summary>The normal world enters the secure monitor; <see cref="TraceEvent.Address"/> is the function id (a0).</summary>
    SmcCall,

    /// <summary>The secure monitor returns to the normal world; <see cref="TraceEvent.Value"/> is the result (a0).</summary>
    SmcReturn,

    /// <summary>An event of a layer above the hardware; <see cref="TraceEvent.Text"/> says what.</summary>
    Note,

    /// <summary>A device's DMA failed (IOMMU or bus fault); Address is the device address, Value the direction.</summary>
    DeviceFault,
}
