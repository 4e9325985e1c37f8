using Protmem.Hardware;
using Protmem.Hardware.Oracle;
using Protmem.Hardware.Smc;
using Protmem.Hardware.Time;
using Protmem.Hardware.Tracing;
using Protmem.Kernel;
using Protmem.Kernel.Core;
using Protmem.Kernel.Tee;
using Protmem.Platform.Boards;
using Protmem.Platform.Safety;
using Protmem.SecureWorld;
using Protmem.Uapi;

namespace Protmem.Platform;

/// <summary>
/// A booted board: the embedding API user test suites are written against.
/// 1. <see cref="Boot(string, MachineOptions?)"/> reads the board (a shipped name or a .dts/.dtb path),
///    builds the <see cref="Hardware.Soc"/> from its description, installs the secure firmware behind the
///    secure monitor (handing it the one firewall capability) and boots the kernel.
/// 2. <see cref="Spawn(string)"/> starts user processes; a program holds only their <see cref="ISyscalls"/>.
/// 3. <see cref="CheckInvariants"/> checks the whole machine at any time.
/// 4. <see cref="Dispose"/> ends every process (paired with each <see cref="Spawn(string)"/>).
/// The same platform, seed and programs give the same trace, byte for byte.
/// </summary>
public sealed partial class Machine : IDisposable
{
    private readonly List<ProcessHandle> _processes = [];
    private readonly KernelContext _kernel;
    private readonly SecureFirmware? _firmware;
    private readonly ProtectionPolicy _policy;
    private bool _disposed;

    private Machine(PlatformDescription platform, MachineOptions options)
    {
        Platform = platform;
        Soc = new Soc(platform.Soc with { Seed = options.Seed, TraceEnabled = options.Trace, DramBacking = options.DramBacking });
        SecureMonitor? monitor = null;
        if (platform.Tee is { } tee)
        {
            monitor = new SecureMonitor(Soc.Clock, Soc.Costs, Soc.Trace);
            _firmware = SecureFirmware.Install(Soc, monitor, Soc.TakeSecureFirmwareCapability(), SecureWorldConfigFor(platform, tee));
        }

        _kernel = KernelContext.Boot(KernelConfigFor(platform, Soc, monitor));
        _policy = new ProtectionPolicy(platform, Soc, _firmware);
        if (options.Monitor)
        {
            // Model: the monitor starts once the kernel has booted; before it, no non-secure software runs and
            // the power-on linear map over TZDRAM (removed at boot) is no mapping anyone could use.
            Monitor = ReachMonitor.Watch(Soc, _policy);
            foreach (var bank in Soc.Memory.Ranges)
            {
                Monitor.CheckRange("boot", bank);
            }
        }

        WatchTee();
    }

    /// <summary>The continuous safety monitor (null when booted with <see cref="MachineOptions.Monitor"/> off).</summary>
    public ReachMonitor? Monitor { get; }

    /// <summary>The monitor's tally and findings as text, or null when the monitor is off.</summary>
    public MonitorStatus? MonitorStatus => Monitor is { } monitor
        ? new MonitorStatus(
            monitor.ChangesChecked,
            monitor.FindingCount,
            [.. monitor.Findings.Select(f => f.ToString())],
            [.. monitor.Findings.Select(f => new SafetyFinding("monitor", f.Nanoseconds, f.Actor, f.Range.Start.Value, f.Range.End.Value, f.What))])
        : null;

    /// <summary>How many findings the monitor has made so far (0 with it off): cheap enough to ask after every syscall.</summary>
    public long MonitorFindingCount => Monitor?.FindingCount ?? 0;

    /// <summary>The monitor's kept findings from the <paramref name="start"/>th on, as text (those past its cap are only counted).</summary>
    public IReadOnlyList<string> MonitorFindingsFrom(long start) => Monitor is { } monitor
        ? [.. monitor.Findings.Skip((int)Math.Min(Math.Max(start, 0), monitor.Findings.Count)).Select(f => f.ToString())]
        : [];

    /// <summary>The kernel (for the exec server, which spawns the processes standing for host processes).</summary>
    internal KernelContext Kernel => _kernel;

    /// <summary>The board's description.</summary>
    public PlatformDescription Platform { get; }

    /// <summary>The hardware.</summary>
    public Soc Soc { get; }

    /// <summary>Simulated time.</summary>
    public SimClock Clock => Soc.Clock;

    /// <summary>The trace (records only when booted with <see cref="MachineOptions.Trace"/> or switched on).</summary>
    public Trace Trace => Soc.Trace;

    /// <summary>Whether secure firmware sits behind the secure monitor.</summary>
    public bool HasSecureWorld => _firmware is not null;

    /// <summary>The heaps in /dev/dma_heap, in registration order.</summary>
    public IReadOnlyList<string> DmaHeapNames => [.. _kernel.DmaHeaps.Heaps.Select(h => h.Name)];

    /// <summary>The device nodes (/dev/...) the kernel offers, in order.</summary>
    public IReadOnlyList<string> DeviceNodes => [.. _kernel.DeviceNodes.Paths.Order(StringComparer.Ordinal)];

    /// <summary>
    /// The paths programs reached that the model does not cover, in the order first reached: each call
    /// got the errno Linux gives for an unsupported operation, and a run that reached any is incomplete
    /// (<see cref="RunVerdict"/>). Deterministic: same platform, seed and programs, same findings.
    /// </summary>
    public IReadOnlyList<NotModelledFinding> NotModelled => _kernel.NotModelled.Findings;

    /// <summary>What the kernel holds now (pages, files, dma-bufs, processes, IOMMU domains), for leak checks.</summary>
    public KernelResources Resources => _kernel.Snapshot();

    /// <summary>Live processes spawned through this machine.</summary>
    public int ProcessCount => _processes.Count(p => !p.Process.HasExited);

    /// <summary>Boots a shipped platform by name, or the board in a .dts or .dtb file.</summary>
    /// <exception cref="PlatformException">Unknown name, unreadable file, bad DTS (file:line:column) or a malformed node (path and property).</exception>
    public static Machine Boot(string platform, MachineOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(platform);
        return Boot(PlatformCatalog.Load(platform, options ?? new MachineOptions()), options);
    }

    /// <summary>Boots the board <paramref name="platform"/> describes.</summary>
    public static Machine Boot(PlatformDescription platform, MachineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(platform);
        if (BootBlocker(platform) is { } reason)
        {
            throw new PlatformException($"{platform.Name} cannot boot: {reason}");
        }

        try
        {
            return new Machine(platform, options ?? new MachineOptions());
        }
        catch (InvalidOperationException e)
        {
            // A broken invariant while booting a board's description: the board cannot boot (exit 2, not a crash).
            throw new PlatformException($"{platform.Name} cannot boot: {e.Message}", e);
        }
        catch (ArgumentException e)
        {
            throw new PlatformException($"{platform.Name} cannot boot: {e.Message}", e);
        }
        catch (NotSupportedException e)
        {
            throw new PlatformException($"{platform.Name} cannot boot: {e.Message}", e);
        }
    }

    /// <summary>
    /// Why the kernel cannot boot <paramref name="platform"/>, or null: no normal-world RAM (no /memory node,
    /// as trees that leave it to the boot loader), or none left once no-map reserved memory and the
    /// secure world's memory are taken out.
    /// </summary>
    private static string? BootBlocker(PlatformDescription platform)
    {
        if (platform.SystemRam.Count == 0)
        {
            return "no memory node describes RAM (/memory); give the RAM as a boot loader would, e.g. --memory 0x0:8G";
        }

        var taken = platform.ReservedMemory.Where(r => r.NoMap).Select(r => r.Range).ToList();
        if (platform.Tee?.SecureDram is { } secure)
        {
            taken.Add(secure);
        }

        return PhysRanges.TotalLength(PhysRanges.Subtract(platform.SystemRam, taken)) < MinimumUsableRam
            ? $"no usable DRAM: of {PhysRanges.TotalLength(platform.SystemRam) >> 20} MiB of RAM, less than {MinimumUsableRam >> 20} MiB is left once no-map reserved memory and the secure world's memory are taken out"
            : null;
    }

    /// <summary>The least normal-world RAM the kernel boots in (its page allocator, CMA and the TEE driver's pages).</summary>
    private const ulong MinimumUsableRam = 16UL << 20;

    /// <summary>A user process: uid 1000, no capabilities.</summary>
    public ISyscalls Spawn(string name) => Spawn(name, Credentials.DefaultUser);

    /// <summary>A user process with <paramref name="credentials"/> (e.g. <see cref="Credentials.Root"/>).</summary>
    public ISyscalls Spawn(string name, Credentials credentials)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(credentials);
        var handle = new ProcessHandle(_kernel.Spawn(name, credentials));
        _processes.Add(handle);
        return handle;
    }

    /// <summary>Ends <paramref name="process"/>, one this machine spawned, as exit(2) does (its fds close, its memory goes back).</summary>
    public void Exit(ISyscalls process)
    {
        var handle = _processes.FirstOrDefault(h => ReferenceEquals(h, process))
            ?? throw new ArgumentException("the process was not spawned by this machine", nameof(process));
        handle.Process.Exit();
        _processes.Remove(handle);
    }

    /// <summary>
    /// The whole-machine check: DRAM, the linear map, the firewall, the kernel (allocators, IOMMU domains,
    /// processes, dma-bufs), the secure firmware (firewall against its beliefs), and the access oracle's
    /// fatal-hazard check (unless <paramref name="fatalHazards"/> is off: a caller that reads the hazards from
    /// <see cref="CheckSafety"/> as findings, as the fuzzer does). Throws naming the broken invariant.
    /// </summary>
    public void CheckInvariants(bool fatalHazards = true)
    {
        foreach (var bank in Soc.Memory.Banks)
        {
            bank.AssertInvariants();
        }

        Soc.LinearMap.AssertInvariants();
        Soc.Firewall.AssertInvariants();
        _kernel.AssertInvariants();
        _firmware?.AssertInvariants();
        if (fatalHazards)
        {
            Soc.Oracle.ThrowIfFatalHazard();
        }
    }

    /// <summary>Ends every process this machine spawned (their fds close, their memory goes back), then shuts the kernel down (every bound driver removes its device).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var handle in _processes)
        {
            handle.Process.Exit();
        }

        _processes.Clear();
        _kernel.Shutdown();
        foreach (var bank in Soc.Memory.Banks)
        {
            bank.Dispose();
        }
    }

    internal static SecureWorldConfig SecureWorldConfigFor(PlatformDescription platform, TeeDescription tee)
    {
        var dram = tee.SecureDram
            ?? throw new PlatformException($"{platform.Name}: the TEE node {tee.Path} does not say where the secure world's memory is (protmem,secure-dram)");
        // The secure-world-managed heap: the board's static carveout is the secmem TA's memory, not an SDP pool.
        var secmem = platform.Design == ProtectedMemoryDesign.SecureWorldHeap;
        if (secmem && tee.StaticCarveout is null)
        {
            throw new PlatformException($"{platform.Name}: the secure-world-heap design needs the secmem TA's carveout (protmem,static-protmem on {tee.Path})");
        }

        // The trusted-UI TA: on a board with a secure-only touchscreen and the trusted-UI use case.
        var trustedUi = platform.Soc.TouchControllers.Count > 0 && tee.UseCases.Any(u => u.UseCase == TrustedUiUseCase)
            ? platform.Soc.TouchControllers[0].Master
            : null;
        return new SecureWorldConfig
        {
            Abi = tee.Abi == TeeAbi.Ffa ? SecureWorldAbi.Ffa : SecureWorldAbi.Smc,
            SecureDram = dram,
            StaticCarveout = secmem ? null : tee.StaticCarveout,
            Secmem = secmem ? new SecmemCarveout(tee.StaticCarveout!.Value, [.. tee.StaticCarveoutMasters.Select(m => new ProtectedMemoryEndpoint(m))]) : null,
            TrustedApplications = [TrustedApplicationIds.SdpBasic, .. secmem ? [TrustedApplicationIds.MtkSecmem] : (TeeUuid[])[], .. trustedUi is null ? [] : (TeeUuid[])[TrustedApplicationIds.TrustedUi]],
            TrustedUiTouchscreen = trustedUi,
            StaticCarveoutEndpoints = [.. tee.StaticCarveoutMasters.Select(m => new ProtectedMemoryEndpoint(m))],
            UseCases = [.. tee.UseCases.Select(u => new ProtectedMemoryUseCase(u.UseCase, [.. u.Masters.Select(m => EndpointFor(platform, m))], u.MinSize, u.Alignment))],
            FfaPartitionId = tee.FfaPartitionId,
            SecureCarveouts = [.. tee.SecureCarveouts.Select(c => new SecureCarveout(c.Range, [.. c.Masters.Select(m => new ProtectedMemoryEndpoint(m, Read: false, Write: false))]))],
        };
    }

    /// <summary>
    /// A use case's endpoint: read and write for a device, none for a secure-capable master (the GPU), which
    /// reaches protected memory with secure transactions in protected mode only. Model: so a normal-mode GPU
    /// job touching protected memory is refused by the firewall, as the Mali protected-mode design relies on.
    /// </summary>
    private static ProtectedMemoryEndpoint EndpointFor(PlatformDescription platform, string master) =>
        platform.Soc.Masters.Any(m => m.Name == master && m.CanIssueSecure)
            ? new ProtectedMemoryEndpoint(master, Read: false, Write: false)
            : new ProtectedMemoryEndpoint(master);

    internal static KernelConfig KernelConfigFor(PlatformDescription platform, Soc soc, SecureMonitor? monitor) => new()
    {
        Hardware = soc.CreateNormalWorldView(monitor),
        SystemRam = platform.SystemRam,
        ReservedMemory = [.. platform.ReservedMemory.Select(r => new ReservedMemoryRegion(
            r.Name,
            r.Range,
            r.NoMap,
            r.Reusable,
            r.CompatibleStrings.Contains(ReservedRegionDescription.SharedDmaPool) ? ReservedRegionDescription.SharedDmaPool : r.CompatibleStrings is [var first, ..] ? first : ""))],
        DefaultCmaRegion = platform.DefaultCmaRegion,
        Devices = [.. platform.Devices.Select(d => new DeviceConfig(d.Name, d.Compatible, d.BusMaster, d.MemoryRegions, d.StringProperties) { ProtectedHeapName = d.ProtectedHeapName })],
        Options = platform.KernelOptions,
        Tee = platform.Tee is { } tee ? TeeConfigFor(platform, tee) : null,
    };
}
