using Protmem.Hardware;
using Protmem.Kernel.Core;

namespace Protmem.Kernel.Tests.Iommu;

/// <summary>
/// A 64 MiB board whose "dev" master sits behind the IOMMU "mmu" of the given compatible (v1:
/// <c>rockchip,iommu</c>, v2: <c>rockchip,rk3568-iommu</c>), and a "raw" master behind none.
/// </summary>
internal static class IommuTestBoard
{
    public const ulong DramBase = 0x4000_0000;
    public const ulong DramSize = 64UL << 20;

    /// <summary>A second DRAM bank at 4 GiB for <see cref="Boot(string, out Soc, bool)"/> with <c>highBank</c>.</summary>
    public const ulong HighBase = 1UL << 32;

    public static KernelContext Boot(string compatible, out Soc soc, bool highBank = false)
    {
        soc = new Soc(new SocDescription
        {
            Name = "iommu-test-board",
            DramBanks = highBank ? [new DramBankDescription(DramBase, DramSize), new DramBankDescription(HighBase, DramSize)] : [new DramBankDescription(DramBase, DramSize)],
            Masters = [new BusMasterDescription(1, "dev"), new BusMasterDescription(2, "raw")],
            Iommus = [new IommuDescription("mmu", ["dev"], IotlbEntries: 16, Compatible: compatible)],
            Seed = 3,
        });
        return KernelContext.Boot(new KernelConfig
        {
            Hardware = soc.CreateNormalWorldView(null),
            Devices = [new DeviceConfig("dev0", "test,dev", "dev"), new DeviceConfig("raw0", "test,raw", "raw")],
        });
    }
}
