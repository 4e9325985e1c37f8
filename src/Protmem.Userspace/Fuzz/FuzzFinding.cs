namespace Protmem.Userspace.Fuzz;

/// <summary>
/// What a fuzz episode found: its kind (<c>model-exception</c>, <c>not-modelled</c>, <c>violation</c>,
/// <c>invariant</c>, <c>leak</c>), the message, the episode's seed, and the shrunk program that shows it
/// (one <see cref="FuzzOp"/> line each; <c>protmem fuzz --replay</c> runs it).
/// </summary>
public sealed record FuzzFinding(string Kind, string Message, ulong EpisodeSeed, IReadOnlyList<string> Program);
