namespace Protmem.Kernel.DmaBufs;

/// <summary>
/// What an importer learns from <see cref="DmaBuf.Protection"/>: the buffer is protected memory, from
/// the heap named <see cref="HeapName"/>, for the TEE use case <see cref="UseCase"/> (1 secure video,
/// 2 trusted UI, 3 secure video record).
/// </summary>
/// <remarks>
/// Model: Linux 6.18 has no such helper; the review of the GPU protected-mode series asked for one, so
/// that a driver handed a dma-buf (a GPU's firmware memory, a decoder's restricted queue, a display's
/// protected plane) can refuse ordinary memory instead of hanging the platform later.
/// </remarks>
public sealed record DmaBufProtection(string HeapName, uint UseCase);
