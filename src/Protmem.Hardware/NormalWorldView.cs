using Protmem.Hardware.Bus;
using Protmem.Hardware.Crypto;
using Protmem.Hardware.Devices;
using Protmem.Hardware.Iommu;
using Protmem.Hardware.Media;
using Protmem.Hardware.Mmu;
using Protmem.Hardware.Smc;
using Protmem.Hardware.Time;
using Protmem.Hardware.Tracing;

namespace Protmem.Hardware;

/// <summary>
/// The hardware a normal-world OS can touch, and nothing more: the CPU issuing non-secure
/// transactions, with the kernel's linear map and the page tables it creates; the device masters; the
/// IOMMUs' registers; the SMC conduit; the clock, the event queue and the cost model. The firewall is
/// not here (neither its registers nor its regions), nor DRAM itself: the kernel reaches memory through
/// the CPU's mappings, so a kernel touching a page the firewall closes is a bus fault, not a success.
/// 1. Platform builds it from the <see cref="Soc"/> (<see cref="Soc.CreateNormalWorldView"/>) and boots the kernel with it.
/// 2. The kernel creates process address spaces (<see cref="CreateAddressSpace"/>, paired with
///    <see cref="ReleaseAddressSpace"/>) and IOMMU page tables (<see cref="CreateRkIommuPageTable"/>).
/// 3. It reaches memory with <see cref="Cpu"/>, devices with <see cref="Devices"/>, the secure world with <see cref="SecureMonitor"/>.
/// </summary>
public sealed class NormalWorldView
{
    private readonly Soc _soc;

    internal NormalWorldView(Soc soc, SecureMonitor? monitor)
    {
        _soc = soc;
        SecureMonitor = monitor;
        Cpu = new NonSecureCpu(soc.Cpu);
        DramRanges = [.. soc.Memory.Ranges];
    }

    /// <summary>The SoC's name.</summary>
    public string Name => _soc.Description.Name;

    /// <summary>The CPU, non-secure only.</summary>
    public NonSecureCpu Cpu { get; }

    /// <summary>The kernel's address space with the linear map of all DRAM.</summary>
    public LinearMap LinearMap => _soc.LinearMap;

    /// <summary>Where DRAM is (what the memory controller decodes; the device tree says which of it is system RAM).</summary>
    public IReadOnlyList<PhysRange> DramRanges { get; }

    /// <summary>Every device master by name (not the CPU).</summary>
    public IReadOnlyDictionary<string, DeviceMaster> Devices => _soc.Devices;

    /// <summary>Every IOMMU instance by name (its registers: attach, zap, fault status).</summary>
    public IReadOnlyDictionary<string, RkIommu> Iommus => _soc.Iommus;

    /// <summary>Every NPU core by name (its registers: task list, interrupt status).</summary>
    public IReadOnlyDictionary<string, NpuCore> NpuCores => _soc.NpuCores;

    /// <summary>Every Mali CSF GPU by its master's name (its driver's registers and IRQ).</summary>
    public IReadOnlyDictionary<string, MaliCsfGpu> Gpus => _soc.Gpus;

    /// <summary>Every video decoder block by its master's name (its registers, secure mode included, and IRQ).</summary>
    public IReadOnlyDictionary<string, VideoDecoderCore> VideoDecoders => _soc.VideoDecoders;

    /// <summary>Every camera block by its master's name (its format, buffer queue, secure mode and IRQ).</summary>
    public IReadOnlyDictionary<string, CameraCore> Cameras => _soc.Cameras;

    /// <summary>Every video encoder block by its master's name (its registers, secure mode included, and IRQ).</summary>
    public IReadOnlyDictionary<string, VideoEncoderCore> VideoEncoders => _soc.VideoEncoders;

    /// <summary>Every display controller by its master's name (its planes' registers, mode and CRC unit).</summary>
    public IReadOnlyDictionary<string, Media.DisplayController> Displays => _soc.Displays;

    /// <summary>Every crypto engine by its master's name (its job registers).</summary>
    public IReadOnlyDictionary<string, CryptoEngine> CryptoEngines => _soc.CryptoEngines;

    /// <summary>The SMC conduit to the secure world, or null on a board without one.</summary>
    public SecureMonitor? SecureMonitor { get; }

    public SimClock Clock => _soc.Clock;

    public EventQueue Events => _soc.Events;

    public CostModel Costs => _soc.Costs;

    public Trace Trace => _soc.Trace;

    /// <summary>Live CPU address spaces, the linear map included.</summary>
    public int AddressSpaceCount => _soc.AddressSpaces.Count;

    /// <summary>A device master by name.</summary>
    public DeviceMaster Device(string name) => _soc.Device(name);

    /// <summary>A new, empty set of CPU page tables (a process's). Paired with <see cref="ReleaseAddressSpace"/>.</summary>
    public CpuAddressSpace CreateAddressSpace(string name) => _soc.CreateAddressSpace(name, SecurityState.NonSecure);

    /// <summary>Forgets an address space from <see cref="CreateAddressSpace"/>.</summary>
    public void ReleaseAddressSpace(CpuAddressSpace space) => _soc.ReleaseAddressSpace(space);

    /// <summary>
    /// A new Rockchip IOMMU v2 page table whose pages come from <paramref name="allocator"/>.
    /// Model: the format writes its entries into DRAM directly, not through the linear map: its pages are
    /// the kernel's own unmovable pages, which no firewall region closes.
    /// </summary>
    public RkIommuPageTable CreateRkIommuPageTable(IPageTableAllocator allocator, RkIommuVersion version = RkIommuVersion.V2) => _soc.CreateRkIommuPageTable(allocator, version);
}
