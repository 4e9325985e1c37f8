using Protmem.Hardware;
using Protmem.SecureWorld.ProtectedMemory;

namespace Protmem.SecureWorld.Ta;

/// <summary>GlobalPlatform TEE_PARAM_TYPE_* and the TEE_PARAM_TYPES packing (4 bits per parameter).</summary>
internal static class TeeParamType
{
    public const uint NONE = 0;
    public const uint VALUE_INPUT = 1;
    public const uint VALUE_OUTPUT = 2;
    public const uint VALUE_INOUT = 3;
    public const uint MEMREF_INPUT = 5;
    public const uint MEMREF_OUTPUT = 6;
    public const uint MEMREF_INOUT = 7;

    public static uint Types(uint t0, uint t1 = NONE, uint t2 = NONE, uint t3 = NONE) => t0 | (t1 << 4) | (t2 << 8) | (t3 << 12);

    public static uint Get(uint types, int index) => (types >> (4 * index)) & 0xf;

    public static bool IsMemref(uint type) => type is MEMREF_INPUT or MEMREF_OUTPUT or MEMREF_INOUT;

    public static bool IsValue(uint type) => type is VALUE_INPUT or VALUE_OUTPUT or VALUE_INOUT;
}
