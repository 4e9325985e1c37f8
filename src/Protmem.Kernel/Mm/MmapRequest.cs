namespace Protmem.Kernel.Mm;

/// <summary>
/// An mmap that passed validation and has its address (<see cref="UserAddressSpace.PrepareMmap(ulong, ulong, int, int, ulong, out MmapRequest)"/>):
/// the kernel runs the file's mmap hook with it, then commits it or drops it.
/// </summary>
/// <param name="Addr">Page-aligned start.</param>
/// <param name="Length">Page-aligned length.</param>
/// <param name="Prot">PROT_* bits kept (read, write, exec).</param>
/// <param name="Flags">MAP_* flags after Linux's normalisation.</param>
/// <param name="Offset">Byte offset into the backing object (0 for anonymous memory).</param>
public readonly record struct MmapRequest(ulong Addr, ulong Length, int Prot, int Flags, ulong Offset);
