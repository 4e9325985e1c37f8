namespace Protmem.Cli.Json;

/// <summary>The continuous safety monitor's tally (its findings are in the run's safetyFindings).</summary>
/// <param name="Enabled">False with --no-monitor.</param>
/// <param name="ChangesChecked">Changes that could open a path, each checked as it happened.</param>
/// <param name="FindingCount">Findings made (more than the run lists when the monitor's cap was reached).</param>
internal sealed record MonitorDocument(bool Enabled, long ChangesChecked, long FindingCount);
