using Protmem.Hardware;
using Protmem.Kernel.Base;
using Protmem.Kernel.Core;
using Protmem.Kernel.Dma;
using Protmem.Kernel.DmaBufs;
using Protmem.Kernel.Fs;
using Protmem.Kernel.Gpu.Drm;
using Protmem.Kernel.Iommu;
using Protmem.Kernel.Mm;
using Protmem.Kernel.Of;
using Protmem.Kernel.Tee.Optee;

namespace Protmem.Kernel;

/// <summary>
/// The kernel: the composition root of the normal-world OS, booted from a <see cref="KernelConfig"/> on the
/// hardware a normal-world OS sees (<see cref="NormalWorldView"/>: it never holds the firewall or DRAM).
/// 1. Memory: the buddy allocator takes system RAM minus the reserved regions that are not CMA;
///    the CMA areas are activated (the default one chosen); no-map regions leave the direct map.
/// 2. Reserved memory: each region's handler runs by compatible (<see cref="ReservedMem"/>: CMA areas,
///    the Linaro restricted heap's carveout).
/// 3. Devices: the board's platform devices are added (<see cref="Drivers"/>), the IOMMUs among them,
///    bound to their bus masters; a device behind an IOMMU gets its default DMA domain when that IOMMU's
///    driver registers it with the core (<see cref="Iommu"/>).
/// 4. Initcalls (<see cref="Initcalls"/>): each module registers itself: the heaps, the platform drivers
///    (OP-TEE among them), which probe their devices by compatible; deferred probes are retried.
/// 5. <see cref="Spawn"/> starts user processes; their system calls land in <see cref="UserProcess"/>.
/// 6. /sys/kernel/protmem shows what each device can work with and each heap's memory (<see cref="Sysfs"/>).
/// 7. <see cref="Shutdown"/> removes every bound device.
/// </summary>
public sealed class KernelContext
{
    private readonly List<UserProcess> _processes = [];
    private readonly HashSet<DmaBuf> _dmaBufs = [];
    private readonly List<DrmDevice> _drmDevices = [];
    private readonly List<Tee.ITeeShmExporter> _teeShmExporters = [];
    private int _nextPid = 1;
    private ulong _nextFenceContext = 1;
    private readonly Action<OpenFile> _onFileReleased;

    private KernelContext(KernelConfig config)
    {
        Config = config;
        Hardware = config.Hardware;
        _onFileReleased = _ => LiveFiles--;
        var ram = config.SystemRam.Count == 0 ? [.. Hardware.DramRanges] : config.SystemRam;
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

        DefaultCmaName = defaultCma;
        Pages = new PageAllocator(Hardware.Cpu, Hardware.LinearMap, Hardware.Clock, Hardware.Costs, PhysRanges.Subtract(ram, config.ReservedMemory.Where(r => !r.IsCma).Select(r => r.Range)), config.PerCpuPageLists);
        DirectMap = new DirectMap(Hardware.LinearMap);

        // DRAM that is not system RAM (the secure world's own memory, for one) was never given to this
        // kernel: Linux maps only memblock memory, so it leaves the direct map at boot.
        foreach (var notRam in PhysRanges.Subtract([.. Hardware.DramRanges], ram).Where(r => !r.IsEmpty))
        {
            DirectMap.RemoveAtBoot(notRam);
        }

        foreach (var region in config.ReservedMemory.Where(r => r.NoMap))
        {
            DirectMap.RemoveAtBoot(region.Range);
        }

        Vmalloc = new VmallocArea(Hardware.LinearMap);
        DeviceNodes = new DeviceNodeRegistry();
        DmaBufFileOperations = new DmaBufFileOperations(this);
        DmaHeaps = new DmaHeapRegistry(this);
        Sysfs = new Sysfs(this);
        ProtmemSysfs = new ProtmemSysfs(this);
        Drivers = new DriverRegistry();
        Iommu = new IommuSubsystem(Drivers);
        Dma = new DmaMapping();
        ReservedMem = new ReservedMem();
        ReservedMem.Init(this, config.ReservedMemory);

        // of_platform_populate: the board's devices exist before any driver registers; IOMMU nodes first.
        // Model: the IOMMU nodes reach the kernel as the hardware's IOMMU instances, not as DeviceConfigs.
        foreach (var iommu in Hardware.Iommus.Values)
        {
            Drivers.AddDevice(new PlatformDevice(iommu.Name, iommu.Compatible, null, null, [], null));
        }

        foreach (var device in config.Devices)
        {
            var regions = device.MemoryRegionNames.Select(name => config.ReservedMemory.FirstOrDefault(r => r.Name == name)
                ?? throw new ArgumentException($"device '{device.Name}' names memory region '{name}', which is not reserved", nameof(config))).ToList();
            var master = device.BusMaster is null ? null : Hardware.Device(device.BusMaster);
            var platformDevice = new PlatformDevice(device.Name, device.CompatibleStrings, master, master?.Iommu?.Name, regions, device.ProtectedHeapName, device.StringProperties);
            Drivers.AddDevice(platformDevice);
            ProtmemSysfs.AddDevice(platformDevice);
        }

        if (Hardware.SecureMonitor is not null && config.Tee is not null)
        {
            // Model: the /firmware/optee node reaches the kernel as the TEE options, not as a DeviceConfig.
            Drivers.AddDevice(new PlatformDevice("firmware:optee", [OpteePlatformDriver.CompatibleString], null, null, [], null));
        }

        DmaHeaps.HeapAdded += _ => Drivers.TriggerDeferredProbe();
        foreach (var initcall in Initcalls.Table.OrderBy(c => c.Level))
        {
            var result = initcall.Init(this);
            if (result < 0)
            {
                throw new KernelOopsException($"initcall {initcall.Name} returned {Uapi.Errno.Describe(result)}");
            }
        }

        // deferred_probe_initcall (late_initcall): one last pass over the deferred list.
        Drivers.TriggerDeferredProbe();
    }

    public KernelConfig Config { get; }

    /// <summary>The hardware as the normal world sees it: non-secure CPU, linear map, device masters, IOMMU registers, the SMC conduit.</summary>
    public NormalWorldView Hardware { get; }

    /// <summary>The page allocator (buddy, CMA) and the IOMMU page-table allocator.</summary>
    public PageAllocator Pages { get; }

    /// <summary>The direct map, for drivers that must take memory out of it.</summary>
    public DirectMap DirectMap { get; }

    /// <summary>The vmalloc space (vmap).</summary>
    public VmallocArea Vmalloc { get; }

    /// <summary>/dev.</summary>
    public DeviceNodeRegistry DeviceNodes { get; }

    /// <summary>/sys: the read-only sysfs tree, /sys/kernel/protmem among it.</summary>
    public Sysfs Sysfs { get; }

    /// <summary>/sys/kernel/protmem, which the TEE driver extends at probe.</summary>
    internal ProtmemSysfs ProtmemSysfs { get; }

    /// <summary>The dma-buf heaps.</summary>
    public DmaHeapRegistry DmaHeaps { get; }

    /// <summary>The IOMMU core (drivers/iommu/iommu.c).</summary>
    public IommuSubsystem Iommu { get; }

    /// <summary>The DMA API (kernel/dma/mapping.c): device addresses through the IOMMU or direct.</summary>
    public DmaMapping Dma { get; }

    /// <summary>The OP-TEE driver and its /dev/tee0, when the board has a TEE and it answered.</summary>
    public OpteeDriver? Optee { get; internal set; }

    /// <summary>Why the OP-TEE driver did not probe, or null.</summary>
    public string? TeeProbeFailure { get; internal set; }

    /// <summary>The exporters whose dma-bufs TEE_IOC_SHM_REGISTER_FD can take; each adds itself when it comes up (<see cref="RegisterTeeShmExporter"/>).</summary>
    public IReadOnlyList<Tee.ITeeShmExporter> TeeShmExporters => _teeShmExporters;

    /// <summary>Lets TEE_IOC_SHM_REGISTER_FD take the buffers <paramref name="exporter"/> recognises as its own.</summary>
    public void RegisterTeeShmExporter(Tee.ITeeShmExporter exporter)
    {
        ArgumentNullException.ThrowIfNull(exporter);
        _teeShmExporters.Add(exporter);
    }

    /// <summary>The platform bus: devices, drivers, what is bound and what is deferred.</summary>
    public DriverRegistry Drivers { get; }

    /// <summary>The reserved-memory regions and the handlers that claimed them.</summary>
    public ReservedMem ReservedMem { get; }

    /// <summary>The platform devices by name.</summary>
    public IReadOnlyDictionary<string, PlatformDevice> Devices => Drivers.ByName;

    /// <summary>The name of the default CMA region (<c>linux,cma-default</c>, else the first CMA region), or null.</summary>
    internal string? DefaultCmaName { get; }

    /// <summary>Live processes, in spawn order.</summary>
    public IReadOnlyList<UserProcess> Processes => _processes;

    /// <summary>The DRM devices (vgem, accel drivers), in registration order.</summary>
    public IReadOnlyList<DrmDevice> DrmDevices => _drmDevices;

    /// <summary>Live dma-bufs.</summary>
    public IReadOnlyCollection<DmaBuf> DmaBufs => _dmaBufs;

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

    /// <summary>
    /// A process whose program runs on the host (<c>protmem exec</c>): its user memory and its fd numbers are
    /// the host process's (see <see cref="IUserMemoryAccess"/>, <see cref="IHostFdTable"/>).
    /// </summary>
    public UserProcess SpawnHosted(string name, Credentials credentials, IUserMemoryAccess memory, IHostFdTable files)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(files);
        var process = new UserProcess(this, _nextPid++, name, credentials, memory, files);
        _processes.Add(process);
        return process;
    }

    /// <summary>
    /// fork(2) of a hosted process: a child with the parent's credentials, its fds at the same numbers
    /// (the host copied the real ones) and its file mappings at the same addresses. The child, or -errno
    /// when a mapping cannot be copied (then nothing is left of the child).
    /// </summary>
    public UserProcess? ForkHosted(UserProcess parent, string name, IUserMemoryAccess memory, IHostFdTable files, out int error)
    {
        ArgumentNullException.ThrowIfNull(parent);
        var child = SpawnHosted(name, parent.Credentials, memory, files);
        child.Files.CopyFrom(parent.Files);
        error = child.Memory.CopyFileMappings(child, parent.Memory);
        if (error < 0)
        {
            child.Exit();
            return null;
        }

        return child;
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
            if (!Hardware.Events.RunNext())
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
            Iommu.Domains.Aggregate(0UL, (sum, d) => sum + (ulong)d.Ops.PgtablePages),
            LiveFiles,
            _dmaBufs.Count,
            _processes.Count,
            Hardware.AddressSpaceCount,
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

        foreach (var device in Drivers.Bound)
        {
            (device.DriverData as IDeviceInvariants)?.AssertInvariants();
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

    /// <summary>device_shutdown at power-off: every bound driver removes its device, last bound first.</summary>
    public void Shutdown() => Drivers.Shutdown();

    internal void OnExit(UserProcess process) => _processes.Remove(process);

    internal void AddDrmDevice(DrmDevice device) => _drmDevices.Add(device);

    internal void RemoveDrmDevice(DrmDevice device) => _drmDevices.Remove(device);

    internal void OnDmaBufExported(DmaBuf buffer) => _dmaBufs.Add(buffer);

    internal void OnDmaBufReleased(DmaBuf buffer) => _dmaBufs.Remove(buffer);
}
