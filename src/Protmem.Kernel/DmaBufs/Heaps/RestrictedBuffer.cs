using Protmem.Hardware;

namespace Protmem.Kernel.DmaBufs.Heaps;

/// <summary>A buffer of the Linaro restricted heap: one contiguous range of its carveout.</summary>
public sealed record RestrictedBuffer(LinaroRestrictedHeap Heap, PhysRange Range) : IProtectedBuffer
{
    /// <summary>The one range.</summary>
    public IReadOnlyList<PhysRange> Ranges => [Range];

    /// <summary>The carveout serves secure video.</summary>
    public uint UseCase => Heap.Properties.UseCase;

    /// <summary>The range goes back to the heap's pool.</summary>
    public void Release() => Heap.Free(Range);
}
