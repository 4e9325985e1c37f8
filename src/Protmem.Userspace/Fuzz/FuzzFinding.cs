namespace Protmem.Userspace.Fuzz;

/// <summary>
/// What a fuzz run found: its kind (<c>model-exception</c>, <c>not-modelled</c>, <c>violation</c>,
/// <c>invariant</c>, <c>leak</c>), the message of its first occurrence, that episode's seed, and the shrunk
/// program that shows it (one <see cref="FuzzOp"/> line each; <c>protmem fuzz --replay</c> runs it).
/// <see cref="Signature"/> names it without the numbers that differ between occurrences; a run reports
/// each signature once, from its first <see cref="Episode"/>, and counts its <see cref="Occurrences"/>.
/// </summary>
public sealed record FuzzFinding(string Kind, string Message, ulong EpisodeSeed, IReadOnlyList<string> Program)
{
    /// <summary>The episode (of the whole run, whichever shard ran it) of the first occurrence.</summary>
    public long Episode { get; init; }

    public string Signature { get; init; } = "";

    /// <summary>How many times the run showed it (once per fault an episode showed).</summary>
    public long Occurrences { get; init; } = 1;
}
