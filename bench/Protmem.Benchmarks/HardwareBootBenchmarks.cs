using BenchmarkDotNet.Attributes;
using Protmem.Hardware;
using Protmem.Hardware.Iommu;
using Protmem.Hardware.Memory;

namespace Protmem.Benchmarks;

/// <summary>
/// Host memory of a 16 GiB board before any write (goal: under 16 MiB allocated to build it), and the
/// oracle's whole-machine answer on that board (by mappings and regions, never page by page).
/// </summary>
[MemoryDiagnoser]
public class HardwareBootBenchmarks
{
    private Soc _mapped = null!;

    [GlobalSetup]
    public void Setup()
    {
        _mapped = HardwareBoards.Build(16UL << 30);
        var table = _mapped.CreateRkIommuPageTable(new PagePool(new PhysRange(new PhysAddr(HardwareBoards.DramBase), 16UL << 20)));
        table.Map(new DeviceAddr(0), new PhysAddr(HardwareBoards.DramBase + (4UL << 30)), 256UL << 20, IommuProt.ReadWrite);
        _mapped.Iommu("npu-mmu").Attach(table.Root);
        _mapped.CreateAddressSpace("app").Map(new CpuVirtAddr(0x40_0000), new PhysAddr(HardwareBoards.DramBase + (8UL << 30)), 64UL << 20, Protmem.Hardware.Mmu.CpuPermissions.ReadWrite);
    }

    [Benchmark(Description = "build a 16 GiB SoC (see Allocated)")]
    public Soc Build16GiB() => HardwareBoards.Build(16UL << 30);

    [Benchmark(Description = "oracle: every page the NPU can write, 16 GiB board, 256 MiB mapped")]
    public int OracleDeviceReach() => _mapped.Oracle.ReachableBy(_mapped.Device("npu"), AccessDirection.Write).Count;

    [Benchmark(Description = "oracle: speculative hazards, 16 GiB board")]
    public int OracleHazards() => _mapped.Oracle.SpeculativeHazards().Count;
}
