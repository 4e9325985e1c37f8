namespace Protmem.Userspace.Fuzz;

/// <summary>A fuzz run's totals and findings; results of shards merge by adding them.</summary>
public sealed record FuzzResult(string Platform, ulong Seed, long Syscalls, long Episodes, long Errnos, IReadOnlyList<FuzzFinding> Findings)
{
    /// <summary>The sum of <paramref name="parts"/> (shards of one run, or runs of several boards).</summary>
    public static FuzzResult Merge(IReadOnlyList<FuzzResult> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        return new FuzzResult(
            string.Join(",", parts.Select(p => p.Platform).Distinct()),
            parts.Count == 0 ? 0 : parts.Min(p => p.Seed),
            parts.Sum(p => p.Syscalls),
            parts.Sum(p => p.Episodes),
            parts.Sum(p => p.Errnos),
            [.. parts.SelectMany(p => p.Findings)]);
    }
}
