namespace Protmem.SecureWorld.ProtectedMemory;

/// <summary>What a physical range is, as the secure world decides it from its own state (core_pbuf_is).</summary>
internal enum MemoryKind
{
    /// <summary>Normal-world DRAM that nothing protects: CORE_MEM_NON_SEC.</summary>
    NonSecure = 0,

    /// <summary>Protected (SDP) memory: the static carveout, a lent and protected region, or the secmem carveout.</summary>
    Protected = 1,

    /// <summary>The firmware's own memory (TZDRAM).</summary>
    Secure = 2,

    /// <summary>Not DRAM, mixed kinds, or memory in transit (lent over FF-A, not yet assigned).</summary>
    Invalid = 3,
}
