namespace Protmem.Kernel.Mm;

/// <summary>A run of <see cref="Count"/> page frames starting at <see cref="StartPfn"/> (a memory bank, a CMA area).</summary>
public readonly record struct PfnRange(ulong StartPfn, ulong Count)
{
    /// <summary>The first page frame after the range.</summary>
    public ulong EndPfn => StartPfn + Count;

    /// <summary>True when <paramref name="pfn"/> lies in the range.</summary>
    public bool Contains(ulong pfn) => pfn >= StartPfn && pfn - StartPfn < Count;

    public override string ToString() => $"[0x{StartPfn:x}, 0x{EndPfn:x})";
}
