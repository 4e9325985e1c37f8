using Protmem.Hardware;
using Protmem.Kernel.Base;
using Protmem.Kernel.Core;
using Protmem.Kernel.Gpu.Drm;
using Protmem.Kernel.Iommu;
using Protmem.Kernel.Mm;
using Protmem.Uapi;

namespace Protmem.Kernel.Accel.Rocket;

/// <summary>
/// The Rockchip NPU (drivers/accel/rocket, Linux 6.18): one accel device over every
/// <c>rockchip,rk3588-rknn-core</c> core, each behind its own RK IOMMU.
/// 1. Probe: each core node adds a <see cref="RocketCore"/>; the first registers /dev/accel/accelN.
/// 2. open(2): a client (<see cref="RocketFilePriv"/>) with its own NPU address space and, under the per-file
///    strategies, its own IOMMU domain (iommu_paging_domain_alloc).
/// 3. CREATE_BO / PREP_BO / FINI_BO: RocketDevice.Gem.cs. SUBMIT, the schedulers, the IRQ, the timeout: RocketDevice.Job.cs.
/// 4. The last reference to a client's domain (the file, its BOs, its jobs) frees it.
/// What keeps clients apart is the board's <see cref="RocketIsolation"/>.
/// </summary>
public sealed partial class RocketDevice
{
    /// <summary>The compatible of an NPU core node.</summary>
    public const string CoreCompatible = "rockchip,rk3588-rknn-core";

    private readonly List<RocketCore> _cores = [];
    private readonly List<RocketFilePriv> _clients = [];
    private readonly List<RocketFault> _faults = [];
    private readonly Dictionary<IommuDomain, int> _domainRefs = [];

    private RocketDevice(KernelContext kernel, RocketIsolation isolation, PlatformDevice first)
    {
        Kernel = kernel;
        Isolation = isolation;
        if (isolation == RocketIsolation.SharedContext)
        {
            SharedDomain = kernel.Iommu.DomainAlloc() ?? throw new InsufficientMemoryException("rocket: no page for the shared domain at probe");
            SharedMm = new GenPool(HwConstants.PageShift);
            SharedMm.AddChunk(0, Hardware.Iommu.RkIommuPageTable.IovaLimit);
        }

        // Model: the DRM device's DMA device is core 0 (rocket allocates domains against cores[0].dev); a PRIME
        // import attaches there, in core 0's default DMA domain, which no job translates through.
        Drm = DrmDevice.Register(kernel, new RocketDriver(this), first);
    }

    public KernelContext Kernel { get; }

    public RocketIsolation Isolation { get; }

    public DrmDevice Drm { get; }

    public IReadOnlyList<RocketCore> Cores => _cores;

    /// <summary>Open clients.</summary>
    public IReadOnlyList<RocketFilePriv> Clients => _clients;

    /// <summary>Jobs that faulted or timed out, oldest first.</summary>
    public IReadOnlyList<RocketFault> Faults => _faults;

    public RocketStats Stats { get; } = new();

    /// <summary>The one domain of shared-context, or null.</summary>
    public IommuDomain? SharedDomain { get; }

    internal GenPool? SharedMm { get; }

    /// <summary>
    /// rocket_probe for one core node: the first core creates the device (and /dev/accel/accelN); each core
    /// gets its scheduler and, per strategy, its domain. The strategy is the core node's
    /// <c>protmem,npu-isolation</c> (default per-file-domain, as merged); the cores must agree.
    /// </summary>
    public static RocketDevice ProbeCore(KernelContext kernel, PlatformDevice device)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(device);
        var text = device.ReadStringProperty(RocketIsolationNames.Property);
        var isolation = RocketIsolation.PerFileDomain;
        if (text is not null && !RocketIsolationNames.TryParse(text, out isolation))
        {
            throw new ArgumentException($"NPU core '{device.Name}': {RocketIsolationNames.Property} = \"{text}\" is not one of {string.Join(", ", RocketIsolationNames.All.Select(a => a.Name))}");
        }

        if (device.Master is not { Iommu: { } iommu } master || !kernel.Hardware.NpuCores.TryGetValue(master.Name, out var hardware))
        {
            throw new ArgumentException($"NPU core '{device.Name}' needs an NPU core master behind an IOMMU");
        }

        var rocket = kernel.DrmDevices.Select(d => d.Driver).OfType<RocketDriver>().Select(d => d.Device).FirstOrDefault();
        if (rocket is null)
        {
            rocket = new RocketDevice(kernel, isolation, device);
        }
        else if (rocket.Isolation != isolation)
        {
            throw new ArgumentException($"NPU core '{device.Name}': {RocketIsolationNames.Property} \"{RocketIsolationNames.NameOf(isolation)}\" differs from the other cores' \"{RocketIsolationNames.NameOf(rocket.Isolation)}\"");
        }

        IommuDomain? coreDomain = null;
        if (isolation is RocketIsolation.PerJobMap or RocketIsolation.PerContextSwap)
        {
            coreDomain = kernel.Iommu.DomainAlloc() ?? throw new InsufficientMemoryException($"rocket: no page for the domain of core '{device.Name}'");
            kernel.Iommu.AttachDevice(coreDomain, device);
        }
        else if (isolation == RocketIsolation.SharedContext)
        {
            kernel.Iommu.AttachDevice(rocket.SharedDomain!, device);
        }

        var core = new RocketCore(rocket._cores.Count, device, hardware, iommu, coreDomain);
        hardware.InterruptHandler = irq => rocket.OnInterrupt(core, irq);
        rocket._cores.Add(core);
        return rocket;
    }

    /// <summary>The pages of every client's BOs, for whole-machine checks of who can reach whose memory.</summary>
    public IReadOnlyList<(RocketFilePriv Client, IReadOnlyList<PhysRange> Pages)> ClientPages() =>
        [.. _clients.Select(c => (c, (IReadOnlyList<PhysRange>)[.. c.Bos.SelectMany(b => b.Pages!)]))];

    /// <summary>Checks the cores, the clients and the domains.</summary>
    public void AssertInvariants()
    {
        foreach (var core in _cores)
        {
            if (core.InFlight is { } job && job.Core != core)
            {
                throw new KernelOopsException($"the job in flight on {core} was placed on it");
            }

            if (Isolation == RocketIsolation.PerFileDomain && core.InFlight is null && core.AttachedDomain is not null)
            {
                throw new KernelOopsException($"under per-file-domain an idle {core} is attached to no client domain");
            }
        }

        foreach (var client in _clients)
        {
            foreach (var bo in client.Bos)
            {
                if (bo.IsFreed)
                {
                    throw new KernelOopsException($"the live BOs of {client} are not freed");
                }
            }
        }

        foreach (var (domain, refs) in _domainRefs)
        {
            if (refs <= 0 || domain.IsFreed)
            {
                throw new KernelOopsException($"a referenced client domain ({domain}) is live with a positive count");
            }
        }
    }

    /// <summary>rocket_open: a client; under the per-file strategies its own domain (-ENOMEM without a page for it).</summary>
    internal int Open(DrmFile file)
    {
        IommuDomain? domain = null;
        if (Isolation is RocketIsolation.PerFileDomain or RocketIsolation.PerFileDomainKeepAttached)
        {
            domain = Kernel.Iommu.DomainAlloc();
            if (domain is null)
            {
                return -Errno.ENOMEM;
            }

            _domainRefs[domain] = 1;
        }
        else if (Isolation == RocketIsolation.SharedContext)
        {
            domain = SharedDomain;
        }

        var client = new RocketFilePriv(this, file, domain);
        file.DriverPriv = client;
        _clients.Add(client);
        return 0;
    }

    /// <summary>rocket_postclose: the file's reference on its domain goes; jobs still queued run and drop theirs.</summary>
    internal void PostClose(DrmFile file)
    {
        var client = (RocketFilePriv)file.DriverPriv!;
        _clients.Remove(client);
        DomainPut(client);
    }

    /// <summary>kref_get on the client's rocket_iommu_domain (per-file strategies only).</summary>
    internal void DomainGet(RocketFilePriv client)
    {
        if (client.Domain is { } domain && _domainRefs.TryGetValue(domain, out var refs))
        {
            _domainRefs[domain] = refs + 1;
        }
    }

    /// <summary>kref_put: the last reference detaches the domain from any core still attached to it and frees it.</summary>
    internal void DomainPut(RocketFilePriv client)
    {
        if (client.Domain is not { } domain || !_domainRefs.TryGetValue(domain, out var refs))
        {
            return;
        }

        if (refs > 1)
        {
            _domainRefs[domain] = refs - 1;
            return;
        }

        _domainRefs.Remove(domain);
        foreach (var core in _cores.Where(c => c.AttachedDomain == domain))
        {
            Kernel.Iommu.DetachDevice(domain, core.Device);
            Stats.Detaches++;
            core.AttachedDomain = null;
        }

        Kernel.Iommu.DomainFree(domain);
    }

    /// <summary>A BO is being freed: forget it in the cores' per-context state.</summary>
    internal void OnBoFreed(RocketGemObject bo)
    {
        foreach (var core in _cores)
        {
            core.SwapMapped.Remove(bo);
        }
    }
}
