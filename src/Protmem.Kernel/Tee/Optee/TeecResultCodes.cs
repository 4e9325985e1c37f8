using Protmem.Hardware;
using Protmem.Kernel.Base;
using Protmem.Kernel.Core;
using Protmem.Kernel.Mm;
using Protmem.Uapi;
using Protmem.Uapi.Tee;

namespace Protmem.Kernel.Tee.Optee;

/// <summary>The TEE results the driver acts on.</summary>
internal static class TeecResultCodes
{
    public const uint Success = 0;
    public const uint OutOfMemory = 0xFFFF_000C;
}
