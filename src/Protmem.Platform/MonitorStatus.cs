namespace Protmem.Platform;

/// <summary>
/// What the continuous safety monitor has seen so far, as text a report prints: the changes it checked,
/// how many findings it made, and the findings it kept (at most its cap, oldest first), as sentences and
/// with their time, actor and range.
/// </summary>
public sealed record MonitorStatus(long ChangesChecked, long FindingCount, IReadOnlyList<string> Findings, IReadOnlyList<SafetyFinding> Details);
