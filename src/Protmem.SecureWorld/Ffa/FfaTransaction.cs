using Protmem.Hardware;
using Protmem.SecureWorld.ProtectedMemory;

namespace Protmem.SecureWorld.Ffa;

/// <summary>One memory transaction the SPMC accepted: a share (shared memory) or a lend (protected memory to be).</summary>
internal sealed class FfaTransaction(ulong handle, bool isLend, ulong tag, IReadOnlyList<PhysRange> ranges, IReadOnlyList<ushort> receivers)
{
    public ulong Handle { get; } = handle;

    public bool IsLend { get; } = isLend;

    /// <summary>For a lend, the use case (OP-TEE takes it from the tag).</summary>
    public ulong Tag { get; } = tag;

    public IReadOnlyList<PhysRange> Ranges { get; } = ranges;

    public IReadOnlyList<ushort> Receivers { get; } = receivers;

    /// <summary>A lend whose memory is protected (ASSIGN_PROTMEM done, RELEASE_PROTMEM not yet).</summary>
    public bool Assigned { get; set; }
}
