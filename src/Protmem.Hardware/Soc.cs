using System.Collections.ObjectModel;
using Protmem.Hardware.Bus;
using Protmem.Hardware.Crypto;
using Protmem.Hardware.Devices;
using Protmem.Hardware.Firewall;
using Protmem.Hardware.Input;
using Protmem.Hardware.Iommu;
using Protmem.Hardware.Media;
using Protmem.Hardware.Memory;
using Protmem.Hardware.Mmu;
using Protmem.Hardware.Oracle;
using Protmem.Hardware.Time;
using Protmem.Hardware.Tracing;

namespace Protmem.Hardware;

/// <summary>
/// The system on chip: DRAM, bus, firewall, IOMMUs, device masters, CPU, clock and events, built
/// from a <see cref="SocDescription"/>.
/// 1. Construction powers it on: sparse DRAM, the firewall at its reset state, IOMMUs in pass-through,
///    the kernel's linear map over all DRAM, time 0.
/// 2. The secure firmware takes the one <see cref="FirewallCapability"/> (<see cref="TakeSecureFirmwareCapability"/>).
/// 3. Software creates CPU address spaces (<see cref="CreateAddressSpace"/>, paired with
///    <see cref="ReleaseAddressSpace"/>) and IOMMU page tables (<see cref="CreateRkIommuPageTable"/>).
/// 4. Masters access memory (<see cref="Cpu"/>, <see cref="Devices"/>); the <see cref="Oracle"/> says who can reach what.
/// </summary>
public sealed class Soc
{
    private readonly Dictionary<string, BusMaster> _masters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DeviceMaster> _devices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RkIommu> _iommus = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NpuCore> _npuCores = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MaliCsfGpu> _gpus = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TouchController> _touchControllers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, VideoDecoderCore> _videoDecoders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CameraCore> _cameras = new(StringComparer.Ordinal);
    private readonly Dictionary<string, VideoEncoderCore> _videoEncoders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Media.DisplayController> _displays = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CryptoEngine> _cryptoEngines = new(StringComparer.Ordinal);
    private readonly List<CpuAddressSpace> _addressSpaces = [];
    private bool _capabilityTaken;

    public Soc(SocDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        Description = description;
        Costs = ApplyOverrides(description.CostOverrides);
        Clock = new SimClock();
        Events = new EventQueue(Clock);
        Random = new DeterministicRandom(description.Seed);
        Trace = new Trace(description.TraceEnabled);
        Memory = new PhysicalMemory(description.DramBanks.Select(b => new Dram(new PhysAddr(b.Base), b.Size, description.DramBacking)));
        Firewall = new Tzc400Firewall(description.FirewallRegionCount, description.FirewallBackgroundAtReset, Clock, Costs, Trace, description.FirewallFiltersSecureByMaster) { Feed = ReachFeed };
        Bus = new SystemBus(Memory, Firewall, Clock, Trace);

        var cpuMaster = new BusMaster(description.Cpu.MasterId, description.Cpu.Name, CanIssueNonSecure: true, CanIssueSecure: true);
        AddMaster(cpuMaster);
        Cpu = new Cpu(cpuMaster, Bus, Clock, Costs, Trace);
        foreach (var m in description.Masters)
        {
            AddMaster(new BusMaster(m.Id, m.Name, m.CanIssueNonSecure, m.CanIssueSecure));
        }

        var behind = BuildIommus(description);
        foreach (var m in description.Masters)
        {
            var master = _masters[m.Name];
            _devices.Add(m.Name, behind.TryGetValue(m.Name, out var iommu) ? new DeviceMaster(master, Bus, iommu) : new DeviceMaster(master, Bus));
        }

        foreach (var name in description.NpuCores)
        {
            if (!_devices.TryGetValue(name, out var master) || !_npuCores.TryAdd(name, new NpuCore(name, master, Events, Clock, Costs, Trace)))
            {
                throw new ArgumentException($"NPU core '{name}' is not a device master, or is named twice");
            }
        }

        foreach (var name in description.Gpus)
        {
            if (!_devices.TryGetValue(name, out var master) || !_gpus.TryAdd(name, new MaliCsfGpu(name, master, Firewall, Events, Clock, Trace)))
            {
                throw new ArgumentException($"GPU '{name}' is not a device master, or is named twice");
            }
        }

        foreach (var touch in description.TouchControllers)
        {
            if (!_devices.TryGetValue(touch.Master, out var master) || !_touchControllers.TryAdd(touch.Master, new TouchController(touch.Master, master, touch.Width, touch.Height, Clock, Trace)))
            {
                throw new ArgumentException($"touchscreen controller '{touch.Master}' is not a device master, or is named twice");
            }
        }

        foreach (var name in description.VideoDecoders)
        {
            if (!_devices.TryGetValue(name, out var master) || !_videoDecoders.TryAdd(name, new VideoDecoderCore(name, master, Firewall, Events, Clock, Trace)))
            {
                throw new ArgumentException($"video decoder '{name}' is not a device master, or is named twice");
            }
        }

        foreach (var name in description.Cameras)
        {
            if (!_devices.TryGetValue(name, out var master) || !_cameras.TryAdd(name, new CameraCore(name, master, Firewall, Events, Clock, Trace)))
            {
                throw new ArgumentException($"camera '{name}' is not a device master, or is named twice");
            }
        }

        foreach (var name in description.VideoEncoders)
        {
            if (!_devices.TryGetValue(name, out var master) || !_videoEncoders.TryAdd(name, new VideoEncoderCore(name, master, Firewall, Events, Clock, Trace)))
            {
                throw new ArgumentException($"video encoder '{name}' is not a device master, or is named twice");
            }
        }

        foreach (var display in description.Displays)
        {
            if (!_devices.TryGetValue(display.Master, out var master) || !_displays.TryAdd(display.Master, new Media.DisplayController(display.Master, master, display.PlaneCount, Clock, Trace, display.ProtectedPlanes)))
            {
                throw new ArgumentException($"display '{display.Master}' is not a device master, or is named twice");
            }
        }

        foreach (var name in description.CryptoEngines)
        {
            if (!_devices.TryGetValue(name, out var master) || !_cryptoEngines.TryAdd(name, new CryptoEngine(name, master, Clock, Trace)))
            {
                throw new ArgumentException($"crypto engine '{name}' is not a device master, or is named twice");
            }
        }

        LinearMap = new LinearMap(Memory.Ranges, description.LinearMapOffset) { Feed = ReachFeed };
        _addressSpaces.Add(LinearMap);
        Masters = new ReadOnlyDictionary<string, BusMaster>(_masters);
        Devices = new ReadOnlyDictionary<string, DeviceMaster>(_devices);
        Iommus = new ReadOnlyDictionary<string, RkIommu>(_iommus);
        NpuCores = new ReadOnlyDictionary<string, NpuCore>(_npuCores);
        Gpus = new ReadOnlyDictionary<string, MaliCsfGpu>(_gpus);
        TouchControllers = new ReadOnlyDictionary<string, TouchController>(_touchControllers);
        VideoDecoders = new ReadOnlyDictionary<string, VideoDecoderCore>(_videoDecoders);
        Cameras = new ReadOnlyDictionary<string, CameraCore>(_cameras);
        VideoEncoders = new ReadOnlyDictionary<string, VideoEncoderCore>(_videoEncoders);
        Displays = new ReadOnlyDictionary<string, Media.DisplayController>(_displays);
        CryptoEngines = new ReadOnlyDictionary<string, CryptoEngine>(_cryptoEngines);
        AddressSpaces = new ReadOnlyCollection<CpuAddressSpace>(_addressSpaces);
        Oracle = new AccessOracle(this);
    }

    public SocDescription Description { get; }

    public CostModel Costs { get; }

    public SimClock Clock { get; }

    public EventQueue Events { get; }

    /// <summary>The machine's one seeded random generator.</summary>
    public DeterministicRandom Random { get; }

    public Trace Trace { get; }

    public PhysicalMemory Memory { get; }

    public Tzc400Firewall Firewall { get; }

    public SystemBus Bus { get; }

    public Cpu Cpu { get; }

    /// <summary>The kernel's address space, with the linear map of all DRAM.</summary>
    public LinearMap LinearMap { get; }

    /// <summary>Every bus master by name, the CPU included.</summary>
    public IReadOnlyDictionary<string, BusMaster> Masters { get; }

    /// <summary>Every device master by name (not the CPU).</summary>
    public IReadOnlyDictionary<string, DeviceMaster> Devices { get; }

    /// <summary>Every IOMMU instance by name.</summary>
    public IReadOnlyDictionary<string, RkIommu> Iommus { get; }

    /// <summary>Every NPU core by its master's name.</summary>
    public IReadOnlyDictionary<string, NpuCore> NpuCores { get; }

    /// <summary>Every Mali CSF GPU by its master's name.</summary>
    public IReadOnlyDictionary<string, MaliCsfGpu> Gpus { get; }

    /// <summary>Every touchscreen controller by its master's name (secure-only: the secure world drives them).</summary>
    public IReadOnlyDictionary<string, TouchController> TouchControllers { get; }

    /// <summary>Every video decoder block by its master's name.</summary>
    public IReadOnlyDictionary<string, VideoDecoderCore> VideoDecoders { get; }

    /// <summary>Every camera block by its master's name.</summary>
    public IReadOnlyDictionary<string, CameraCore> Cameras { get; }

    /// <summary>Every video encoder block by its master's name.</summary>
    public IReadOnlyDictionary<string, VideoEncoderCore> VideoEncoders { get; }

    /// <summary>Every display controller by its master's name.</summary>
    public IReadOnlyDictionary<string, Media.DisplayController> Displays { get; }

    /// <summary>Every crypto engine by its master's name.</summary>
    public IReadOnlyDictionary<string, CryptoEngine> CryptoEngines { get; }

    /// <summary>Every live CPU address space, the linear map first.</summary>
    public IReadOnlyList<CpuAddressSpace> AddressSpaces { get; }

    public AccessOracle Oracle { get; }

    /// <summary>Where every block announces changes that can open a path; a monitor sets its observer.</summary>
    public ReachFeed ReachFeed { get; } = new();

    /// <summary>The board's hazard flag (see <see cref="SocDescription.SpeculativeAccessToFirewalledPageIsFatal"/>).</summary>
    public bool SpeculativeAccessToFirewalledPageIsFatal => Description.SpeculativeAccessToFirewalledPageIsFatal;

    /// <summary>Hands the firewall capability to the secure firmware, once; a second call throws.</summary>
    public FirewallCapability TakeSecureFirmwareCapability()
    {
        if (_capabilityTaken)
        {
            throw new InvalidOperationException("the secure firmware capability has already been taken; the hardware issues it once, at boot");
        }

        _capabilityTaken = true;
        return Firewall.IssueCapability();
    }

    /// <summary>
    /// The narrowed view a normal-world kernel boots with: the non-secure CPU, the linear map, device
    /// masters, IOMMU registers and <paramref name="monitor"/> (the SMC conduit, or null), but not the firewall or DRAM.
    /// </summary>
    public NormalWorldView CreateNormalWorldView(Smc.SecureMonitor? monitor) => new(this, monitor);

    /// <summary>A new, empty CPU address space the oracle will see. Paired with <see cref="ReleaseAddressSpace"/>.</summary>
    public CpuAddressSpace CreateAddressSpace(string name, SecurityState world = SecurityState.NonSecure)
    {
        var space = new CpuAddressSpace(name, world) { Feed = ReachFeed };
        _addressSpaces.Add(space);
        return space;
    }

    /// <summary>Forgets an address space created by <see cref="CreateAddressSpace"/>.</summary>
    public void ReleaseAddressSpace(CpuAddressSpace space)
    {
        if (ReferenceEquals(space, LinearMap) || !_addressSpaces.Remove(space))
        {
            throw new InvalidOperationException($"address space '{space?.Name}' was not created by this SoC or is already released");
        }
    }

    /// <summary>A new Rockchip IOMMU v2 page table whose pages come from <paramref name="allocator"/>.</summary>
    public RkIommuPageTable CreateRkIommuPageTable(IPageTableAllocator allocator, RkIommuVersion version = RkIommuVersion.V2) => new(Memory, allocator, Clock, Costs, Trace, version) { Feed = ReachFeed };

    /// <summary>Runs every block's invariant checks; throws naming the first broken one.</summary>
    public void AssertInvariants()
    {
        foreach (var bank in Memory.Banks)
        {
            bank.AssertInvariants();
        }

        Firewall.AssertInvariants();
        LinearMap.AssertInvariants();
    }

    public BusMaster Master(string name) =>
        _masters.TryGetValue(name, out var m) ? m : throw new KeyNotFoundException($"no bus master named '{name}' on {Description.Name}");

    public DeviceMaster Device(string name) =>
        _devices.TryGetValue(name, out var d) ? d : throw new KeyNotFoundException($"no device master named '{name}' on {Description.Name}");

    public RkIommu Iommu(string name) =>
        _iommus.TryGetValue(name, out var i) ? i : throw new KeyNotFoundException($"no IOMMU named '{name}' on {Description.Name}");

    private static CostModel ApplyOverrides(IReadOnlyDictionary<string, double> overrides)
    {
        var costs = CostModel.Default;
        foreach (var (name, value) in overrides.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            costs = costs.WithOverride(name, value);
        }

        return costs;
    }

    private void AddMaster(BusMaster master)
    {
        if (_masters.ContainsKey(master.Name))
        {
            throw new ArgumentException($"two bus masters are named '{master.Name}'");
        }

        if (_masters.Values.Any(m => m.Id == master.Id))
        {
            throw new ArgumentException($"bus master '{master.Name}' reuses id {master.Id}");
        }

        _masters.Add(master.Name, master);
    }

    private Dictionary<string, RkIommu> BuildIommus(SocDescription description)
    {
        var behind = new Dictionary<string, RkIommu>(StringComparer.Ordinal);
        foreach (var d in description.Iommus)
        {
            var version = d.Compatible switch
            {
                "rockchip,rk3568-iommu" or "rockchip,rk3588-iommu" => RkIommuVersion.V2,
                "rockchip,iommu" => RkIommuVersion.V1,
                _ => throw new NotSupportedException($"IOMMU '{d.Name}': compatible '{d.Compatible}' is not modelled (only Rockchip IOMMU v1 and v2)"),
            };

            if (_iommus.ContainsKey(d.Name))
            {
                throw new ArgumentException($"two IOMMUs are named '{d.Name}'");
            }

            var iommu = new RkIommu(d.Name, d.BankCount, Memory, Clock, Costs, Trace, d.IotlbEntries, version) { Feed = ReachFeed, Compatible = d.AllCompatible ?? [d.Compatible] };
            _iommus.Add(d.Name, iommu);
            foreach (var name in d.Masters)
            {
                if (!_masters.TryGetValue(name, out var master) || ReferenceEquals(master, Cpu.Master))
                {
                    throw new ArgumentException($"IOMMU '{d.Name}' names '{name}', which is not a device master");
                }

                if (!behind.TryAdd(name, iommu))
                {
                    throw new ArgumentException($"device master '{name}' is behind two IOMMUs");
                }
            }
        }

        return behind;
    }
}
