namespace Protmem.Userspace.Fuzz;

/// <summary>A fuzz run's totals and findings; results of shards merge by adding them.</summary>
public sealed record FuzzResult(string Platform, ulong Seed, long Syscalls, long Episodes, long Errnos, IReadOnlyList<FuzzFinding> Findings)
{
    /// <summary>
    /// The sum of <paramref name="parts"/> (shards of one run, or runs of several boards): totals added; a
    /// finding several parts show is kept once (from the earliest episode, as one run would have reported
    /// it) with the occurrences of all. Merging the shards i/n of a run gives the run's own result.
    /// </summary>
    public static FuzzResult Merge(IReadOnlyList<FuzzResult> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var findings = parts
            .SelectMany(p => p.Findings.Select(f => (Platform: p.Platform, Finding: f)))
            .GroupBy(x => (x.Platform, Signature: x.Finding.Signature.Length > 0 ? x.Finding.Signature : $"{x.Finding.Kind}: {x.Finding.Message}"))
            .Select(g =>
            {
                var first = g.OrderBy(x => x.Finding.Episode).First().Finding;
                return first with { Occurrences = g.Sum(x => x.Finding.Occurrences) };
            })
            .OrderBy(f => f.Episode);
        return new FuzzResult(
            string.Join(",", parts.Select(p => p.Platform).Distinct()),
            parts.Count == 0 ? 0 : parts.Min(p => p.Seed),
            parts.Sum(p => p.Syscalls),
            parts.Sum(p => p.Episodes),
            parts.Sum(p => p.Errnos),
            [.. findings]);
    }
}
