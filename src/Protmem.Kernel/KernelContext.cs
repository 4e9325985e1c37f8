using Protmem.Hardware;
using Protmem.Kernel.Accel.Rocket;
using Protmem.Kernel.Core;
using Protmem.Kernel.DmaBuf;
using Protmem.Kernel.DmaBuf.Heaps;
using Protmem.Kernel.Gpu.Drm;
using Protmem.Kernel.Gpu.Drm.Vgem;
using Protmem.Kernel.Iommu;
using Protmem.Kernel.Mm;
using Protmem.Kernel.Tee.Optee;

namespace Protmem.Kernel;

/// <summary>
/// The kernel: the composition root of the normal-world OS, booted from a <see cref="KernelConfig"/>.
/// 1. Memory: the buddy allocator takes system RAM minus the reserved regions that are not CMA;
///    the CMA areas are activated (the default one chosen); no-map regions leave the direct map.
/// 2. Devices: each configured device is bound to its bus master; each IOMMU in front of one gets its
///    default DMA domain.
/// 3. dma-buf heaps: the system heap, and the CMA heap over the default CMA area.
/// 4. <see cref="Spawn"/> starts user processes; their system calls land in <see cref="UserProcess"/>.
/// 5. The TEE: with a secure monitor and <see cref="KernelConfig.Tee"/>, the OP-TEE driver probes and
///    registers /dev/tee0 and the protected heaps.
/// 6. Drivers and later subsystems add device nodes (<see cref="DeviceNodes"/>) and heaps (<see cref="DmaHeaps"/>).
/// </summary>
public sealed class KernelContext
{
    private readonly List<UserProcess> _processes = [];
    private readonly HashSet<DmaBuf.DmaBuf> _dmaBufs = [];
    private readonly Dictionary<string, Device> _devices = new(StringComparer.Ordinal);
    private readonly List<DrmDevice> _drmDevices = [];
    private int _nextPid = 1;
    private ulong _nextFenceContext = 1;
    private readonly Action<OpenFile> _onFileReleased;

    private KernelContext(KernelConfig config)
    {
        Config = config;
        Soc = config.Soc;
        _onFileReleased = _ => LiveFiles--;
        var ram = config.SystemRam.Count == 0 ? [.. Soc.Memory.Ranges] : config.SystemRam;
        foreach (var region in config.ReservedMemory)
        {
            if (!PhysRanges.Subtract([region.Range], ram).TrueForAll(r => r.IsEmpty) || !region.Range.IsPageAligned || region.Range.IsEmpty)
            {
                throw new ArgumentException($"reserved-memory region '{region.Name}' {region.Range} is empty, not page aligned or not inside system RAM", nameof(config));
            }
        }

        var defaultCma = config.DefaultCmaRegion ?? config.ReservedMemory.FirstOrDefault(r => r.IsCma)?.Name;
        if (defaultCma is not null && !config.ReservedMemory.Any(r => r.IsCma && r.Name == defaultCma))
        {
            throw new ArgumentException($"the default CMA region '{defaultCma}' is not a reusable shared-dma-pool region", nameof(config));
        }

        Pages = new PageAllocator(Soc.Memory, Soc.Clock, Soc.Costs, PhysRanges.Subtract(ram, config.ReservedMemory.Where(r => !r.IsCma).Select(r => r.Range)), config.PerCpuPageLists);
        foreach (var region in config.ReservedMemory.Where(r => r.IsCma))
        {
            Pages.AddCmaArea(region.Name, region.Range, region.Name == defaultCma);
        }

        DirectMap = new DirectMap(Soc.LinearMap);

        // DRAM that is not system RAM (the secure world's own memory, for one) was never given to this
        // kernel: Linux maps only memblock memory, so it leaves the direct map at boot.
        foreach (var notRam in PhysRanges.Subtract([.. Soc.Memory.Ranges], ram).Where(r => !r.IsEmpty))
        {
            DirectMap.RemoveAtBoot(notRam);
        }

        foreach (var region in config.ReservedMemory.Where(r => r.NoMap))
        {
            DirectMap.RemoveAtBoot(region.Range);
        }

        Vmalloc = new VmallocArea(Soc.LinearMap);
        DeviceNodes = new DeviceNodeRegistry();
        DmaBufFileOperations = new DmaBufFileOperations(this);
        DmaHeaps = new DmaHeapRegistry(this);
        Iommu = new IommuSubsystem(Soc, Pages);
        foreach (var device in config.Devices)
        {
            var regions = device.MemoryRegionNames.Select(name => config.ReservedMemory.FirstOrDefault(r => r.Name == name)
                ?? throw new ArgumentException($"device '{device.Name}' names memory region '{name}', which is not reserved", nameof(config))).ToList();
            var master = device.BusMaster is null ? null : Soc.Device(device.BusMaster);
            if (!_devices.TryAdd(device.Name, new Device(device, master, regions)))
            {
                throw new ArgumentException($"two devices are named '{device.Name}'", nameof(config));
            }
        }

        Iommu.ProbeDevices(_devices.Values);
        SystemHeap.Register(this);
        if (Pages.DefaultCma is { } area)
        {
            CmaHeap.Register(this, area);
        }

        foreach (var region in config.ReservedMemory.Where(r => r.Compatible == LinaroRestrictedHeap.Compatible))
        {
            LinaroRestrictedHeap.Register(this, region);
        }

        VgemDriver.Register(this);
        foreach (var device in _devices.Values.Where(d => d.Compatible == RocketDevice.CoreCompatible))
        {
            RocketDevice.ProbeCore(this, device);
        }

        if (config.SecureMonitor is { } monitor && config.Tee is { } tee)
        {
            Optee = OpteeDriver.Probe(this, monitor, tee, out var failure);
            TeeProbeFailure = failure;
        }
    }

    public KernelConfig Config { get; }

    public Soc Soc { get; }

    /// <summary>The page allocator (buddy, CMA) and the IOMMU page-table allocator.</summary>
    public PageAllocator Pages { get; }

    /// <summary>The direct map, for drivers that must take memory out of it.</summary>
    public DirectMap DirectMap { get; }

    /// <summary>The vmalloc space (vmap).</summary>
    public VmallocArea Vmalloc { get; }

    /// <summary>/dev.</summary>
    public DeviceNodeRegistry DeviceNodes { get; }

    /// <summary>The dma-buf heaps.</summary>
    public DmaHeapRegistry DmaHeaps { get; }

    /// <summary>The IOMMU API and the DMA API.</summary>
    public IommuSubsystem Iommu { get; }

    /// <summary>The OP-TEE driver and its /dev/tee0, when the board has a TEE and it answered.</summary>
    public OpteeDriver? Optee { get; }

    /// <summary>Why the OP-TEE driver did not probe, or null.</summary>
    public string? TeeProbeFailure { get; }

    /// <summary>The devices by name.</summary>
    public IReadOnlyDictionary<string, Device> Devices => _devices;

    /// <summary>Live processes, in spawn order.</summary>
    public IReadOnlyList<UserProcess> Processes => _processes;

    /// <summary>The DRM devices (vgem, accel drivers), in registration order.</summary>
    public IReadOnlyList<DrmDevice> DrmDevices => _drmDevices;

    /// <summary>Live dma-bufs.</summary>
    public IReadOnlyCollection<DmaBuf.DmaBuf> DmaBufs => _dmaBufs;

    /// <summary>Open files not yet released.</summary>
    public int LiveFiles { get; private set; }

    internal DmaBufFileOperations DmaBufFileOperations { get; }

    /// <summary>Boots a kernel on <paramref name="config"/>'s SoC.</summary>
    public static KernelContext Boot(KernelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new KernelContext(config);
    }

    /// <summary>A new user process; <paramref name="credentials"/> defaults to <see cref="Credentials.DefaultUser"/>.</summary>
    public UserProcess Spawn(string name, Credentials? credentials = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var process = new UserProcess(this, _nextPid++, name, credentials ?? Credentials.DefaultUser);
        _processes.Add(process);
        return process;
    }

    /// <summary>alloc_file: a new open file with one reference; released through its operations.</summary>
    public OpenFile CreateFile(IFileOperations operations, object? privateData, int flags)
    {
        ArgumentNullException.ThrowIfNull(operations);
        LiveFiles++;
        return new OpenFile(operations, privateData, flags, _onFileReleased);
    }

    /// <summary>The paths programs reached that the model does not cover (each got Linux's errno for an unsupported operation).</summary>
    public NotModelledLog NotModelled { get; } = new();

    /// <summary>dma_fence_context_alloc: a new fence timeline number.</summary>
    public ulong FenceContextAlloc() => _nextFenceContext++;

    /// <summary>
    /// Waits (in simulated time: runs pending events) until every fence of <paramref name="resv"/> at
    /// <paramref name="usage"/> has signaled. 0, or -EINTR when nothing left to run can signal them
    /// (a wait Linux would sleep in forever is modelled as one the user interrupted).
    /// </summary>
    public int WaitForFences(DmaResv resv, DmaResvUsage usage)
    {
        ArgumentNullException.ThrowIfNull(resv);
        while (!resv.TestSignaled(usage))
        {
            if (!Soc.Events.RunNext())
            {
                return -Uapi.Errno.EINTR;
            }
        }

        return 0;
    }

    /// <summary>What the kernel holds now (per-cpu page lists drained first, so counts are exact).</summary>
    public KernelResources Snapshot()
    {
        Pages.Buddy.DrainAllPages();
        return new KernelResources(
            Pages.Buddy.NrFreePages,
            Pages.Buddy.NrFreeCmaPages,
            Pages.AllocatedPages,
            Pages.CmaAllocatedPages,
            Pages.CmaAreas.Values.Aggregate(0UL, (sum, a) => sum + a.AvailablePages),
            Iommu.Domains.Count,
            Iommu.Domains.Aggregate(0UL, (sum, d) => sum + (ulong)d.PageTable.TablePageCount),
            LiveFiles,
            _dmaBufs.Count,
            _processes.Count,
            Soc.AddressSpaces.Count,
            Vmalloc.Available);
    }

    /// <summary>Checks every stateful kernel object; throws naming the broken invariant.</summary>
    public void AssertInvariants()
    {
        Pages.AssertInvariants();
        Iommu.AssertInvariants();
        foreach (var drm in _drmDevices)
        {
            drm.AssertInvariants();
        }
        foreach (var process in _processes)
        {
            process.AssertInvariants();
        }

        foreach (var buffer in _dmaBufs)
        {
            if (buffer.IsReleased)
            {
                throw new KernelOopsException($"invariant broken: {buffer} is in the dma-buf list only while it holds references");
            }

            foreach (var attachment in buffer.Attachments)
            {
                if (attachment.Table is { IsDmaMapped: false })
                {
                    throw new KernelOopsException($"invariant broken: the mapped sg table of {attachment.Device}'s attachment to {buffer} carries device addresses");
                }
            }
        }

        var fileRefs = _processes.Sum(p => p.Files.Count);
        if (LiveFiles < 0 || (_dmaBufs.Count > LiveFiles))
        {
            throw new KernelOopsException($"invariant broken: every live dma-buf has a live file ({_dmaBufs.Count} dma-bufs, {LiveFiles} files, {fileRefs} fds)");
        }
    }

    internal void OnExit(UserProcess process) => _processes.Remove(process);

    internal void AddDrmDevice(DrmDevice device) => _drmDevices.Add(device);

    internal void OnDmaBufExported(DmaBuf.DmaBuf buffer) => _dmaBufs.Add(buffer);

    internal void OnDmaBufReleased(DmaBuf.DmaBuf buffer) => _dmaBufs.Remove(buffer);
}
