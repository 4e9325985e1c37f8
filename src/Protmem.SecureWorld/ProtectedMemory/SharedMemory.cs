using Protmem.Hardware;

namespace Protmem.SecureWorld.ProtectedMemory;

/// <summary>One registered shared buffer: its pages (in order) and the offset of its first byte in the first page.</summary>
internal sealed record SharedMemory(ulong Cookie, IReadOnlyList<PhysRange> Ranges)
{
    public ulong Size { get; } = Ranges.Aggregate(0UL, (s, r) => s + r.Length);
}
