using Protmem.Hardware;
using Protmem.Kernel.Base;

namespace Protmem.Kernel.Tee;

/// <summary>
/// A protected-memory pool (<c>struct tee_protmem_pool</c> and its ops): where a protected buffer's pages
/// come from. Every buffer is one physically contiguous range (one sg entry), as in both Linux pools.
/// 1. <see cref="Alloc"/> a range of a page-aligned size (its offset inside the pool's memory),
///    paired with <see cref="Free"/>.
/// 2. <see cref="UpdateShm"/> tells a TEE shm registering the buffer where it lives: its pages, or a
///    parent region memrefs are rewritten to.
/// 3. <see cref="Destroy"/> when the TEE goes away.
/// </summary>
public abstract class TeeProtmemPool
{
    /// <summary>The use case the pool serves (1 secure video play, 2 trusted UI, 3 secure video record).</summary>
    public abstract uint UseCase { get; }

    /// <summary>Bytes the pool can hand out now without asking the secure world for more.</summary>
    public abstract ulong Available { get; }

    /// <summary>Bytes the pool manages when nothing is allocated (a dynamic pool: one region).</summary>
    public abstract ulong Capacity { get; }

    /// <summary>Buffers allocated and not freed.</summary>
    public abstract int Outstanding { get; }

    /// <summary>
    /// Whether <paramref name="device"/>'s bus master may reach the pool's memory, as far as the kernel
    /// learnt it: the endpoints of GET_PROTMEM_CONFIG for a dynamic pool, the TEE node's admitted devices
    /// for the static carveout.
    /// </summary>
    public abstract bool Admits(PlatformDevice device);

    /// <summary>alloc: 0 with the range and its offset in the pool's memory, or -errno (-ENOMEM when exhausted).</summary>
    public abstract int Alloc(ulong size, out PhysRange range, out ulong offset);

    /// <summary>free; paired with <see cref="Alloc"/>.</summary>
    public abstract void Free(PhysRange range);

    /// <summary>update_shm: fills <paramref name="shm"/>'s pages, or gives the parent region (dynamic pools).</summary>
    public abstract int UpdateShm(PhysRange range, ulong offset, TeeShm shm, out TeeShm? parent);

    /// <summary>destroy_pool: every buffer must be freed first.</summary>
    public abstract void Destroy();

    /// <summary>Checks the pool's books; throws naming the broken sentence.</summary>
    public abstract void AssertInvariants();
}
