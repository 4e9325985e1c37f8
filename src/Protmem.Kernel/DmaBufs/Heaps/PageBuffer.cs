using Protmem.Hardware;
using Protmem.Hardware.Mmu;
using Protmem.Kernel.Iommu;
using Protmem.Kernel.Mm;
using Protmem.Uapi;

namespace Protmem.Kernel.DmaBufs.Heaps;

/// <summary>The storage of a page-backed heap buffer: physical chunks, each with its allocation order (-1 for a CMA run).</summary>
internal sealed record PageBuffer(PhysRange[] Chunks, int[] Orders);
