namespace Protmem.SecureWorld.ProtectedMemory;

/// <summary>A protected region as an observer sees it.</summary>
/// <param name="Cookie">The normal world's handle for it: the LEND shm_ref (SMC) or the FF-A global handle.</param>
/// <param name="UseCase">Its use case.</param>
/// <param name="Range">Its physical range.</param>
/// <param name="FirewallRegion">The firewall region that guards it.</param>
public sealed record ProtectedRegionInfo(ulong Cookie, uint UseCase, Hardware.PhysRange Range, int FirewallRegion);
