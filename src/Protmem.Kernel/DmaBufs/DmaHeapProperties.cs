namespace Protmem.Kernel.DmaBufs;

/// <summary>
/// What a heap's buffers are, as its backend knows it: whether they are protected memory and for
/// which TEE use case (0: none), whether each buffer is one physically contiguous range, and whether
/// the CPU may map it (mmap, vmap).
/// </summary>
/// <remarks>Model: Linux keeps these facts in each heap's code only; Protmem shows them under /sys/kernel/protmem.</remarks>
public sealed record DmaHeapProperties(bool Protected, uint UseCase, bool Contiguous, bool CpuMappable)
{
    /// <summary>Ordinary memory scattered over pages (the system heap).</summary>
    public static DmaHeapProperties Scattered { get; } = new(false, 0, false, true);

    /// <summary>Ordinary memory in one contiguous range (a CMA heap).</summary>
    public static DmaHeapProperties ContiguousPages { get; } = new(false, 0, true, true);

    /// <summary>Protected memory of <paramref name="useCase"/>, never mapped by the CPU.</summary>
    public static DmaHeapProperties ProtectedMemory(uint useCase, bool contiguous) => new(true, useCase, contiguous, false);
}
