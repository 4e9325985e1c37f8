using Protmem.Kernel.Gpu.Panthor;

namespace Protmem.Platform.Tests.Gpu;

/// <summary>rk3588 (lent memory out of the direct map) with the GPU node's firmware-memory design (and the ENABLE_FW_PROT_MODE check) changed, as a .dts file.</summary>
internal static class GpuBoards
{
    public static string Rk3588(PanthorFwMemory design, bool check = true)
    {
        using var stream = typeof(Machine).Assembly.GetManifestResourceStream("Protmem.Platform.Boards.rk3588.dts")!;
        var dts = new StreamReader(stream).ReadToEnd();
        var line = $"{PanthorFwMemoryNames.Property} = \"{PanthorFwMemoryNames.NameOf(design)}\";" + (check ? "" : $"\n\t\t{PanthorFwMemoryNames.CheckProperty} = \"off\";");
        dts = dts.Replace($"{PanthorFwMemoryNames.Property} = \"enable-fw-prot-mode\";", line, StringComparison.Ordinal);
        // The lent protected regions leave the kernel's direct map, so the whole-machine check judges the GPU alone.
        dts = dts.Replace("bootargs = \"protmem.design=tee-dma-heap\";", "bootargs = \"protmem.design=tee-dma-heap protmem.unmap_direct_map=1\";", StringComparison.Ordinal);
        var path = Path.Combine(Path.GetTempPath(), $"protmem-gpu-{PanthorFwMemoryNames.NameOf(design)}{(check ? "" : "-nocheck")}-{Environment.ProcessId}.dts");
        File.WriteAllText(path, dts);
        return path;
    }
}
