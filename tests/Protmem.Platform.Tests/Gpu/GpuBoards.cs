using Protmem.Kernel.Gpu.Panthor;
using Protmem.Platform.Boards;

namespace Protmem.Platform.Tests.Gpu;

/// <summary>rk3588 (lent memory out of the direct map) with the GPU node's firmware-memory design (and the ENABLE_FW_PROT_MODE check) changed, as <c>protmem compare</c> changes it.</summary>
internal static class GpuBoards
{
    public static PlatformDescription Rk3588(PanthorFwMemory design, bool check = true) =>
        Machine.WithGpuFwMemory(PlatformCatalog.Load("rk3588"), PanthorFwMemoryNames.NameOf(design), check);
}
