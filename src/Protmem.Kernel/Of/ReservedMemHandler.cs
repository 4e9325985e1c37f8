using Protmem.Kernel.Core;

namespace Protmem.Kernel.Of;

/// <summary>
/// A reserved-memory handler (RESERVEDMEM_OF_DECLARE): the compatible it claims and its init, run at
/// boot for every <c>/reserved-memory</c> child with that compatible; 0 or -errno.
/// </summary>
/// <param name="Name">The declaration's name (e.g. <c>dma_contiguous</c>).</param>
/// <param name="Compatible">The compatible it claims.</param>
/// <param name="Init">Its init (e.g. rmem_cma_setup).</param>
public sealed record ReservedMemHandler(string Name, string Compatible, Func<KernelContext, ReservedMemoryRegion, int> Init);
