using Protmem.Hardware.Bus;
using Protmem.Hardware.Iommu;
using Protmem.Hardware.Mmu;

namespace Protmem.Hardware.Oracle;

/// <summary>A page closed to the non-secure CPU by the firewall yet mapped in a non-secure address space.</summary>
public readonly record struct SpeculativeHazard(CpuAddressSpace Space, CpuVirtAddr Va, PhysRange Phys);
