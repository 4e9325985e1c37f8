using Protmem.Hardware;

namespace Protmem.SecureWorld;

/// <summary>A bus master allowed to reach a use case's (or a carveout's) protected memory, and how.</summary>
/// <param name="MasterName">The SoC's name for the bus master (e.g. "vdec").</param>
/// <param name="Read">The master may read.</param>
/// <param name="Write">The master may write.</param>
public sealed record ProtectedMemoryEndpoint(string MasterName, bool Read = true, bool Write = true);
