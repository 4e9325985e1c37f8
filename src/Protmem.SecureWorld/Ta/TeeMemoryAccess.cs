using Protmem.Hardware;
using Protmem.SecureWorld.ProtectedMemory;

namespace Protmem.SecureWorld.Ta;

/// <summary>TEE_CheckMemoryAccessRights flags, with OP-TEE's SECURE / NONSECURE extensions.</summary>
internal static class TeeMemoryAccess
{
    public const uint READ = 0x1;
    public const uint WRITE = 0x2;
    public const uint ANY_OWNER = 0x4;
    public const uint NONSECURE = 0x1000_0000;
    public const uint SECURE = 0x2000_0000;
}
