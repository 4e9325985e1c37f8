namespace Protmem.Platform;

/// <summary>
/// The whole-machine safety check's verdict (<see cref="Machine.CheckSafety"/>): every finding is a
/// sentence naming who can reach what, or what was left behind.
/// </summary>
/// <param name="Findings">What is wrong; empty when safe.</param>
/// <param name="ProtectedRanges">How many protected ranges were checked.</param>
/// <param name="Hazards">Speculative-access hazards the oracle sees (findings only where the board declares them fatal).</param>
/// <param name="Reclaims">Regions the TEE reclaimed so far, each checked for scrubbing.</param>
/// <param name="Quiescent">Whether the after-exit checks (pools full, nothing lent or open) were included.</param>
public sealed record SafetyReport(IReadOnlyList<string> Findings, int ProtectedRanges, int Hazards, int Reclaims, bool Quiescent)
{
    /// <summary>No finding.</summary>
    public bool Passed => Findings.Count == 0;
}
