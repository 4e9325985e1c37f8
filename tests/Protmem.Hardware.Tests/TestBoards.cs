using Protmem.Hardware.Firewall;

namespace Protmem.Hardware.Tests;

/// <summary>Boards used by the tests: small, explicit, one of each kind of master.</summary>
internal static class TestBoards
{
    public const ulong DramBase = 0x4000_0000;
    public const ulong DramSize = 256UL << 20;
    public const ulong HighBase = 0x1_0000_0000;
    public const ulong HighSize = 64UL << 20;

    /// <summary>CPU (0), npu (1, behind "npu-mmu", two banks), vpu (2, behind "vpu-mmu"), gpu (3, may issue secure), dma (4, no IOMMU).</summary>
    public static SocDescription Description(ulong seed = 1, bool trace = false, bool hazardFatal = false, int iotlbEntries = 16) => new()
    {
        Name = "test-board",
        DramBanks = [new DramBankDescription(DramBase, DramSize), new DramBankDescription(HighBase, HighSize)],
        FirewallRegionCount = 8,
        Masters =
        [
            new BusMasterDescription(1, "npu"),
            new BusMasterDescription(2, "vpu"),
            new BusMasterDescription(3, "gpu", CanIssueNonSecure: true, CanIssueSecure: true),
            new BusMasterDescription(4, "dma"),
        ],
        Iommus =
        [
            new IommuDescription("npu-mmu", ["npu"], BankCount: 2, IotlbEntries: iotlbEntries),
            new IommuDescription("vpu-mmu", ["vpu"], IotlbEntries: iotlbEntries),
            new IommuDescription("gpu-mmu", ["gpu"], IotlbEntries: iotlbEntries),
        ],
        Seed = seed,
        TraceEnabled = trace,
        SpeculativeAccessToFirewalledPageIsFatal = hazardFatal,
    };

    public static Soc Build(ulong seed = 1, bool trace = false, bool hazardFatal = false, int iotlbEntries = 16) =>
        new(Description(seed, trace, hazardFatal, iotlbEntries));

    public static PhysAddr Dram(ulong offset) => new(DramBase + offset);

    /// <summary>A page pool for page tables in the last 4 MiB of the low bank.</summary>
    public static Memory.PagePool TablePool() => new(new PhysRange(Dram(DramSize - (4UL << 20)), 4UL << 20));

    public static FirewallCapability Capability(Soc soc) => soc.TakeSecureFirmwareCapability();
}
