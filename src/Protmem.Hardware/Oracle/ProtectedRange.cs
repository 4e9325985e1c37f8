namespace Protmem.Hardware.Oracle;

/// <summary>
/// Memory no non-secure CPU and no device outside <paramref name="AllowedDevices"/> may reach, as the
/// design above the hardware decides (TZDRAM, a carveout, a lent region and its use case's masters).
/// </summary>
/// <param name="Range">The protected physical range.</param>
/// <param name="What">What it is, for a finding ("the use-case 1 region").</param>
/// <param name="AllowedDevices">Device masters (by name) allowed to reach it.</param>
public sealed record ProtectedRange(PhysRange Range, string What, IReadOnlySet<string> AllowedDevices);
