using Protmem.Hardware;

namespace Protmem.Kernel.DmaBufs;

/// <summary>
/// An exporter's record of one protected buffer (a dma-buf's <c>priv</c>): the physical ranges it
/// covers, and how to give them back. <see cref="ProtectedBufferOps"/> works from nothing else.
/// </summary>
public interface IProtectedBuffer
{
    /// <summary>The physical ranges, in buffer order (page aligned).</summary>
    IReadOnlyList<PhysRange> Ranges { get; }

    /// <summary>The TEE use case the memory is protected for (1 secure video, 2 trusted UI, 3 secure video record).</summary>
    uint UseCase { get; }

    /// <summary>The dma-buf's release: the exporter frees the memory (paired with its allocation).</summary>
    void Release();
}
