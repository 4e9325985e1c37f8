using Protmem.Hardware;
using Protmem.SecureWorld.ProtectedMemory;

namespace Protmem.SecureWorld.Ta;

/// <summary>One TA parameter: two 32-bit values, or a memory reference.</summary>
internal struct TaParam
{
    public uint A;
    public uint B;
    public TaMemref? Memref;
}
