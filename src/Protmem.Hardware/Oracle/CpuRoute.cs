using Protmem.Hardware.Bus;
using Protmem.Hardware.Iommu;
using Protmem.Hardware.Mmu;

namespace Protmem.Hardware.Oracle;

/// <summary>A CPU address space maps the page at <paramref name="Va"/> with <paramref name="Permissions"/>.</summary>
public readonly record struct CpuRoute(CpuAddressSpace Space, CpuVirtAddr Va, CpuPermissions Permissions);
