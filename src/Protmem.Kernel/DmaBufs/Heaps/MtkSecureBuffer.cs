using Protmem.Hardware;

namespace Protmem.Kernel.DmaBufs.Heaps;

/// <summary>A buffer of the secure-world-managed heap: the TA's handle and the physical ranges it reported.</summary>
public sealed record MtkSecureBuffer(MtkSecureHeap Heap, uint Handle, IReadOnlyList<PhysRange> Ranges) : IProtectedBuffer
{
    /// <summary>The secure-world heap serves secure video.</summary>
    public uint UseCase => Heap.Properties.UseCase;

    /// <summary>SECMEM_FREE (the TA scrubs the block).</summary>
    public void Release() => Heap.Free(this);
}
