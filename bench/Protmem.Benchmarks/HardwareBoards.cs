using Protmem.Hardware;

namespace Protmem.Benchmarks;

/// <summary>The board the hardware benchmarks run on: one DRAM bank of the given size, an NPU behind an RK IOMMU, a DMA engine without one.</summary>
internal static class HardwareBoards
{
    public const ulong DramBase = 0x4000_0000;

    public static SocDescription Description(ulong dramSize) => new()
    {
        Name = "bench-board",
        DramBanks = [new DramBankDescription(DramBase, dramSize)],
        Masters = [new BusMasterDescription(1, "npu"), new BusMasterDescription(2, "dma")],
        Iommus = [new IommuDescription("npu-mmu", ["npu"], BankCount: 1, IotlbEntries: 256)],
        Seed = 1,
    };

    public static Soc Build(ulong dramSize) => new(Description(dramSize));
}
