using Protmem.Hardware;
using Protmem.Hardware.Smc;
using Protmem.Hardware.Time;
using Protmem.Hardware.Tracing;
using Protmem.Kernel;
using Protmem.Kernel.Core;
using Protmem.Platform.Boards;
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
    private bool _disposed;

    private Machine(PlatformDescription platform, MachineOptions options)
    {
        Platform = platform;
        Soc = new Soc(platform.Soc with { Seed = options.Seed, TraceEnabled = options.Trace });
        SecureMonitor? monitor = null;
        if (platform.Tee is { } tee)
        {
            monitor = new SecureMonitor(Soc.Clock, Soc.Costs, Soc.Trace);
            _firmware = SecureFirmware.Install(Soc, monitor, Soc.TakeSecureFirmwareCapability(), SecureWorldConfigFor(platform, tee));
        }

        _kernel = KernelContext.Boot(KernelConfigFor(platform, Soc, monitor));
        WatchTee();
    }

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
        return Boot(PlatformCatalog.Load(platform), options);
    }

    /// <summary>Boots the board <paramref name="platform"/> describes.</summary>
    public static Machine Boot(PlatformDescription platform, MachineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(platform);
        try
        {
            return new Machine(platform, options ?? new MachineOptions());
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

    /// <summary>
    /// The whole-machine check: DRAM, the linear map, the firewall, the kernel (allocators, IOMMU domains,
    /// processes, dma-bufs), the secure firmware (firewall against its beliefs), and the access oracle's
    /// fatal-hazard check. Throws naming the broken invariant.
    /// </summary>
    public void CheckInvariants()
    {
        foreach (var bank in Soc.Memory.Banks)
        {
            bank.AssertInvariants();
        }

        Soc.LinearMap.AssertInvariants();
        Soc.Firewall.AssertInvariants();
        _kernel.AssertInvariants();
        _firmware?.AssertInvariants();
        Soc.Oracle.ThrowIfFatalHazard();
    }

    /// <summary>Ends every process this machine spawned (their fds close, their memory goes back).</summary>
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

        return new SecureWorldConfig
        {
            Abi = tee.Abi == TeeAbi.Ffa ? SecureWorldAbi.Ffa : SecureWorldAbi.Smc,
            SecureDram = dram,
            StaticCarveout = secmem ? null : tee.StaticCarveout,
            Secmem = secmem ? new SecmemCarveout(tee.StaticCarveout!.Value, [.. tee.StaticCarveoutMasters.Select(m => new ProtectedMemoryEndpoint(m))]) : null,
            TrustedApplications = secmem ? [TrustedApplicationIds.SdpBasic, TrustedApplicationIds.MtkSecmem] : [TrustedApplicationIds.SdpBasic],
            StaticCarveoutEndpoints = [.. tee.StaticCarveoutMasters.Select(m => new ProtectedMemoryEndpoint(m))],
            UseCases = [.. tee.UseCases.Select(u => new ProtectedMemoryUseCase(u.UseCase, [.. u.Masters.Select(m => new ProtectedMemoryEndpoint(m))], u.MinSize, u.Alignment))],
            FfaPartitionId = tee.FfaPartitionId,
        };
    }

    internal static KernelConfig KernelConfigFor(PlatformDescription platform, Soc soc, SecureMonitor? monitor) => new()
    {
        Soc = soc,
        SystemRam = platform.SystemRam,
        ReservedMemory = [.. platform.ReservedMemory.Select(r => new ReservedMemoryRegion(
            r.Name,
            r.Range,
            r.NoMap,
            r.Reusable,
            r.CompatibleStrings.Contains(ReservedRegionDescription.SharedDmaPool) ? ReservedRegionDescription.SharedDmaPool : r.CompatibleStrings is [var first, ..] ? first : ""))],
        DefaultCmaRegion = platform.DefaultCmaRegion,
        Devices = [.. platform.Devices.Select(d => new DeviceConfig(d.Name, d.Compatible, d.BusMaster, d.MemoryRegions, d.StringProperties))],
        Options = platform.KernelOptions,
        SecureMonitor = monitor,
        Tee = platform.Tee is { } tee ? TeeConfigFor(platform, tee) : null,
    };
}
