using Protmem.Hardware;
using Protmem.Hardware.Mmu;

namespace Protmem.Kernel.Mm;

/// <summary>
/// The kernel's vmalloc space: virtual ranges outside the direct map, handed out by a
/// <see cref="GenPool"/> and mapped in the kernel's address space (vmap / vunmap), so the oracle sees
/// every kernel mapping of a page.
/// </summary>
public sealed class VmallocArea
{
    /// <summary>VMALLOC_START of the model: above the direct map window.</summary>
    public const ulong Start = 0xffff_8000_0000_0000;

    /// <summary>The size of the space: 4 GiB.</summary>
    public const ulong Size = 1UL << 32;

    private readonly CpuAddressSpace _kernelSpace;
    private readonly GenPool _pool = new(HwConstants.PageShift);

    internal VmallocArea(CpuAddressSpace kernelSpace)
    {
        _kernelSpace = kernelSpace;
        _pool.AddChunk(Start, Size);
    }

    /// <summary>Bytes of the space not in use.</summary>
    public ulong Available => _pool.Avail;

    /// <summary>
    /// Maps <paramref name="chunks"/> (page-aligned physical runs) one after the other at a new kernel
    /// virtual address; false when the space is full. Paired with <see cref="Vunmap"/>.
    /// </summary>
    public bool TryVmap(IReadOnlyList<PhysRange> chunks, CpuPermissions permissions, out CpuVirtAddr va)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        ulong total = 0;
        foreach (var chunk in chunks)
        {
            total += chunk.Length;
        }

        if (total == 0 || !_pool.TryAlloc(total, out var start))
        {
            va = default;
            return false;
        }

        va = new CpuVirtAddr(start);
        var cursor = va;
        foreach (var chunk in chunks)
        {
            _kernelSpace.Map(cursor, chunk.Start, chunk.Length, permissions);
            cursor += chunk.Length;
        }

        return true;
    }

    /// <summary>Unmaps and frees a range from <see cref="TryVmap"/>.</summary>
    public void Vunmap(CpuVirtAddr va, ulong size)
    {
        _kernelSpace.Unmap(va, size);
        _pool.Free(va.Value, size);
    }
}
