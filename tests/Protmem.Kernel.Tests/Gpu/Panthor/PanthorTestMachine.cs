using Protmem.Hardware;
using Protmem.Kernel.Core;
using Protmem.Kernel.Gpu.Drm;
using Protmem.Kernel.Gpu.Panthor;

namespace Protmem.Kernel.Tests.Gpu.Panthor;

/// <summary>
/// A small board with a Mali CSF GPU behind its page tables and 256 MiB of DRAM, no TEE: the firmware runs
/// without protected sections unless <c>heapName</c> names a heap (which nothing registers: probe defers).
/// </summary>
internal static class PanthorTestMachine
{
    public static KernelContext Boot(string? heapName = null, string design = "protected-heap") => Boot(out _, heapName, design);

    public static KernelContext Boot(out Soc soc, string? heapName = null, string design = "protected-heap")
    {
        soc = new Soc(new SocDescription
        {
            Name = "panthor-test-board",
            DramBanks = [new DramBankDescription(0x4000_0000, 256UL << 20)],
            Masters = [new BusMasterDescription(1, "gpu", CanIssueSecure: true)],
            Iommus = [new IommuDescription("gpu-mmu", ["gpu"], IotlbEntries: 32)],
            Gpus = ["gpu"],
            Seed = 1,
        });
        var props = new Dictionary<string, string> { [PanthorFwMemoryNames.Property] = design };
        return KernelContext.Boot(new KernelConfig
        {
            Hardware = soc.CreateNormalWorldView(null),
            Devices = [new DeviceConfig("gpu", PanthorDevice.Compatibles[0], "gpu", null, props) { ProtectedHeapName = heapName }],
            MaxOpenFiles = 64,
        });
    }

    public static PanthorDevice Gpu(this KernelContext kernel) =>
        kernel.DrmDevices.Select(d => d.Driver).OfType<PanthorDriver>().Single().Device;

    /// <summary>The GPU's render node.</summary>
    public static string RenderNode(this KernelContext kernel) => kernel.Gpu().Drm.Minors.Single(m => m.Type == DrmMinorType.Render).Path;
}
