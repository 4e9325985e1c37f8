namespace Protmem.Kernel.Mm;

/// <summary>
/// One mapping of a process's address space (<c>struct vm_area_struct</c>): the pages
/// [<see cref="Start"/>, <see cref="End"/>), their protection, the mmap flags, and what backs them.
/// Immutable: a split or a trim replaces the VMA with new ones (see <see cref="VmaChanges"/>).
/// </summary>
public sealed class VmArea
{
    internal VmArea(ulong start, ulong end, int prot, int flags, object? backing, ulong offset)
    {
        Start = start;
        End = end;
        Prot = prot;
        Flags = flags;
        Backing = backing;
        Offset = offset;
    }

    /// <summary>First address (<c>vm_start</c>), page aligned.</summary>
    public ulong Start { get; }

    /// <summary>First address after the mapping (<c>vm_end</c>), page aligned.</summary>
    public ulong End { get; }

    /// <summary>Bytes mapped.</summary>
    public ulong Length => End - Start;

    /// <summary><c>PROT_READ | PROT_WRITE | PROT_EXEC</c> bits.</summary>
    public int Prot { get; }

    /// <summary>The <c>MAP_*</c> flags the mapping was made with (MAP_SHARED_VALIDATE reads as MAP_SHARED).</summary>
    public int Flags { get; }

    /// <summary>The object the kernel mapped (its file or anonymous memory object; <c>vm_file</c>).</summary>
    public object? Backing { get; }

    /// <summary>Byte offset into <see cref="Backing"/> of <see cref="Start"/> (<c>vm_pgoff</c> &lt;&lt; PAGE_SHIFT); 0 at the start of an anonymous mapping.</summary>
    public ulong Offset { get; }

    /// <summary>True for MAP_SHARED mappings.</summary>
    public bool IsShared => (Flags & MmanFlags.MAP_TYPE) == MmanFlags.MAP_SHARED;

    /// <summary>True for MAP_ANONYMOUS mappings.</summary>
    public bool IsAnonymous => (Flags & MmanFlags.MAP_ANONYMOUS) != 0;

    /// <summary>True when <paramref name="addr"/> lies in the mapping.</summary>
    public bool Contains(ulong addr) => addr >= Start && addr < End;

    public override string ToString() => $"[0x{Start:x}, 0x{End:x}) prot 0x{Prot:x} flags 0x{Flags:x} offset 0x{Offset:x}";

    /// <summary>The part [start, end) of this mapping, with the offset that part has in the backing object.</summary>
    internal VmArea Slice(ulong start, ulong end) => new(start, end, Prot, Flags, Backing, Offset + (start - Start));
}
