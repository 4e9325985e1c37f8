namespace Protmem.Userspace.Selftests;

/// <summary>The result of a selftest run: every check, and the totals a kselftest prints.</summary>
public sealed record SelftestReport(IReadOnlyList<SelftestCheck> Checks)
{
    public int Passed => Checks.Count(c => c.Outcome == CheckOutcome.Pass);

    public int Failed => Checks.Count(c => c.Outcome == CheckOutcome.Fail);

    public int Skipped => Checks.Count(c => c.Outcome == CheckOutcome.Skip);

    /// <summary>No check failed (skips allowed), as kselftest's exit status says.</summary>
    public bool Ok => Failed == 0;

    /// <summary>The checks of one heap.</summary>
    public IEnumerable<SelftestCheck> ForHeap(string heap) => Checks.Where(c => c.Heap == heap);
}
