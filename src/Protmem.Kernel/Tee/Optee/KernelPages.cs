using Protmem.Hardware;
using Protmem.Hardware.Bus;
using Protmem.Kernel.Core;
using Protmem.Kernel.Mm;

namespace Protmem.Kernel.Tee.Optee;

/// <summary>
/// Kernel memory the driver shares with the secure world by physical address: message args, page lists,
/// attribute buffers. Pages come from the buddy allocator and are written and read by the CPU through the
/// kernel's linear map, as the driver's memcpy would.
/// </summary>
internal sealed class KernelPages(KernelContext kernel)
{
    /// <summary>alloc_pages: 2^order zeroed contiguous pages, or null when memory is exhausted.</summary>
    public PhysAddr? Alloc(int order = 0) =>
        kernel.Pages.TryAllocPages(order, MigrateType.Unmovable, null, zero: true, out var phys) ? phys : null;

    /// <summary>__free_pages; paired with <see cref="Alloc"/>.</summary>
    public void Free(PhysAddr phys, int order = 0) => kernel.Pages.FreePages(phys, order);

    public void Write(PhysAddr phys, ReadOnlySpan<byte> bytes)
    {
        if (!kernel.Soc.Cpu.TryWrite(kernel.Soc.LinearMap, kernel.DirectMap.VirtualOf(phys), bytes, SecurityState.NonSecure))
        {
            throw new KernelOopsException($"the driver's own page at {phys} is not writable through the linear map");
        }
    }

    public void Read(PhysAddr phys, Span<byte> into)
    {
        if (!kernel.Soc.Cpu.TryRead(kernel.Soc.LinearMap, kernel.DirectMap.VirtualOf(phys), into, SecurityState.NonSecure))
        {
            throw new KernelOopsException($"the driver's own page at {phys} is not readable through the linear map");
        }
    }

    /// <summary>get_order: the smallest order whose block holds <paramref name="length"/> bytes.</summary>
    public static int OrderOf(ulong length) => MmConstants.GetOrder(length);
}
