using Protmem.Kernel.Core;
using Protmem.Kernel.Gpu.Panthor;
using Protmem.Uapi;

namespace Protmem.Platform;

/// <summary>The GPU side of a machine: the panthor driver (its event log, counters and protected memory).</summary>
public sealed partial class Machine
{
    /// <summary>The firmware-memory designs a GPU node can name, in the review's order.</summary>
    public static IReadOnlyList<string> GpuFwMemoryDesigns => [.. PanthorFwMemoryNames.All.Select(a => a.Name)];

    /// <summary>The panthor GPU, once its driver has probed.</summary>
    public PanthorDevice? Gpu => _kernel.DrmDevices.Select(d => d.Driver).OfType<PanthorDriver>().FirstOrDefault()?.Device;

    /// <summary>The GPU driver's firmware-memory design (one of <see cref="GpuFwMemoryDesigns"/>), or null without a probed GPU.</summary>
    public string? GpuFwMemoryDesign => Gpu is { } gpu ? PanthorFwMemoryNames.NameOf(gpu.FwMemory) : null;

    /// <summary>Whether the GPU's platform device is waiting on the deferred-probe list.</summary>
    public bool GpuProbeDeferred => _kernel.Drivers.Deferred.Any(d => PanthorDevice.Compatibles.Any(c => d.Compatible.Contains(c, StringComparer.Ordinal)));

    /// <summary>Protected memory the GPU driver holds (0 without a GPU).</summary>
    public ulong GpuProtectedBytesHeld => Gpu?.ProtectedBytesHeld ?? 0;

    /// <summary>Bytes of the reserved-memory carveout the GPU driver allocates from (0 under the other designs, or without a GPU).</summary>
    public ulong GpuCarveoutBytes => Gpu?.CarveoutBytes ?? 0;

    /// <summary>Simulated ns now (for timing the GPU's work from outside the platform layer).</summary>
    public ulong GpuClockNow => Soc.Clock.Now;

    /// <summary>Simulated ns when the first protected job completed, or null.</summary>
    public ulong? GpuFirstProtectedJobAt => Gpu?.Stats.FirstProtectedJobAt;

    /// <summary>The GPU driver's event log as "Kind: detail" lines.</summary>
    public IReadOnlyList<string> GpuEvents => [.. (Gpu?.Events ?? []).Select(e => $"{e.Kind}: {e.Detail}")];

    /// <summary>Whether the GPU driver reported a fatal event (the platform hang).</summary>
    public bool GpuLost => Gpu?.IsLost ?? false;

    /// <summary>The protected heap the board's GPU node names, or null (no GPU, or none named).</summary>
    public static string? GpuProtectedHeapName(PlatformDescription platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        return platform.Devices.FirstOrDefault(d => PanthorDevice.IsGpuCompatible(d.Compatible))?.ProtectedHeapName;
    }

    /// <summary>Whether the board's GPU node has a memory-region (the reserved-memory design's carveout).</summary>
    public static bool GpuHasCarveout(PlatformDescription platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        return platform.Devices.FirstOrDefault(d => PanthorDevice.IsGpuCompatible(d.Compatible))?.MemoryRegions.Count > 0;
    }

    /// <summary>
    /// The board with its GPU node's <c>protmem,gpu-fw-memory</c> set to <paramref name="design"/> (one of
    /// <see cref="GpuFwMemoryDesigns"/>), the ENABLE_FW_PROT_MODE check on or off, and lent memory out of the direct map.
    /// Without <paramref name="firewallCarveouts"/> the secure world leaves the board's secure carveouts (the GPU
    /// firmware's, under reserved-memory) unprotected: a bootloader that reserved the memory and a TEE that was
    /// not told to firewall it.
    /// </summary>
    public static PlatformDescription WithGpuFwMemory(PlatformDescription platform, string design, bool check = true, bool firewallCarveouts = true)
    {
        ArgumentNullException.ThrowIfNull(platform);
        if (!PanthorFwMemoryNames.TryParse(design, out _))
        {
            throw new PlatformException($"\"{design}\" is not a GPU firmware-memory design ({string.Join(", ", GpuFwMemoryDesigns)})");
        }

        return platform with
        {
            Tee = firewallCarveouts || platform.Tee is not { } tee ? platform.Tee : tee with { SecureCarveouts = [] },
            UnmapDirectMapOnLend = true,
            Devices = [.. platform.Devices.Select(d => !PanthorDevice.IsGpuCompatible(d.Compatible) ? d : d with
            {
                StringProperties = new Dictionary<string, string>(d.StringProperties ?? new Dictionary<string, string>(), StringComparer.Ordinal)
                {
                    [PanthorFwMemoryNames.Property] = design,
                    [PanthorFwMemoryNames.CheckProperty] = check ? "on" : "off",
                },
            })],
        };
    }

    /// <summary>A process with root's credentials (CAP_SYS_ADMIN), for programs such as the ENABLE_FW_PROT_MODE flow.</summary>
    public ISyscalls SpawnRoot(string name) => Spawn(name, Credentials.Root);
}
