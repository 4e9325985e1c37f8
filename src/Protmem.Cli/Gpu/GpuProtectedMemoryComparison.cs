using Protmem.Platform;
using Protmem.Userspace.Gpu;

namespace Protmem.Cli.Gpu;

/// <summary>
/// <c>protmem compare gpu-protected-memory</c>: the protected-texture flow under each firmware-memory design of
/// the panthor review, booted afresh per design (<see cref="Machine.WithGpuFwMemory"/>). Per design: what boot
/// needs, the time to the first protected job, the protected memory held for the GPU (the whole carveout under
/// reserved-memory: it is reserved at boot whether used or not), and what wrong memory does (the design's negative
/// cases, each run on its own machine).
/// </summary>
internal static class GpuProtectedMemoryComparison
{
    private const string ProtectedHeap = "protected-heap";
    private const string ReservedMemory = "reserved-memory";
    private const string EnableFwProtMode = "enable-fw-prot-mode";

    /// <summary>Runs every design on <paramref name="platform"/>, one row each in the review's order.</summary>
    /// <exception cref="PlatformException">The board's GPU names no protected heap (or it has no GPU).</exception>
    public static IReadOnlyList<GpuProtectedMemoryRow> Run(PlatformDescription platform, ulong seed = 1)
    {
        ArgumentNullException.ThrowIfNull(platform);
        var heap = Machine.GpuProtectedHeapName(platform)
            ?? throw new PlatformException($"{platform.Name} has no Mali CSF GPU naming a protected-heap-name; compare gpu-protected-memory needs one (try --platform rk3588)");
        return [.. Machine.GpuFwMemoryDesigns.Select(d => RunOne(platform, d, heap, seed))];
    }

    private static GpuProtectedMemoryRow RunOne(PlatformDescription platform, string design, string heap, ulong seed)
    {
        var atBoot = design switch
        {
            ProtectedHeap => "TEE registers the protected heap (probe deferred until then); device tree names it",
            ReservedMemory => "bootloader: a no-map carveout in the GPU node's memory-region; TEE: firewall it at boot (protmem,secure-carveout)",
            _ => "nothing: firmware boots without protected sections; a root program hands a protected buffer later",
        };
        if (design == ReservedMemory && !Machine.GpuHasCarveout(platform))
        {
            return new GpuProtectedMemoryRow(design, atBoot, false, false, 0, 0, $"not run: {platform.Name}'s GPU node has no memory-region carveout (rk3588-gpu-carveout has one)", false);
        }

        var enable = design == EnableFwProtMode;
        var options = new MachineOptions { Seed = seed };
        using var machine = Machine.Boot(Machine.WithGpuFwMemory(platform, design), options);
        var start = machine.GpuClockNow;
        var sys = enable ? machine.SpawnRoot("texture") : machine.Spawn("texture");
        var result = ProtectedTextureFlow.Run(sys, heap, ProtectedTextureCase.Flow, enable);
        var firstUs = machine.GpuFirstProtectedJobAt is { } at ? (at - start) / 1000.0 : 0;
        var held = Math.Max(machine.GpuProtectedBytesHeld, machine.GpuCarveoutBytes);
        return new GpuProtectedMemoryRow(design, atBoot, true, result.Completed && result.BystanderCompleted == true, firstUs, held,
            WrongMemory(platform, design, heap, options), machine.CheckSafety().Passed);
    }

    private static string WrongMemory(PlatformDescription platform, string design, string heap, MachineOptions options)
    {
        if (design != EnableFwProtMode)
        {
            using var machine = Machine.Boot(Machine.WithGpuFwMemory(platform, design), options);
            var target = ProtectedTextureFlow.Run(machine.Spawn("texture"), heap, ProtectedTextureCase.UnprotectedTargetInProtectedGroup, false);
            var fault = machine.GpuEvents.Any(e => e.StartsWith("ProtmFault", StringComparison.Ordinal));
            var targetText = $"an unprotected render target: {(fault ? "protected-mode fault, group killed, GPU reset" : "no fault")}, bystander {(target.BystanderCompleted == true ? "unharmed" : "HARMED")}";
            if (design != ReservedMemory)
            {
                return $"firmware memory is the kernel's choice; {targetText}";
            }

            // The bootloader reserved the carveout but the TEE was not told to firewall it.
            using var open = Machine.Boot(Machine.WithGpuFwMemory(platform, design, firewallCarveouts: false), options);
            _ = ProtectedTextureFlow.Run(open.Spawn("texture"), heap, ProtectedTextureCase.Flow, false);
            return $"carveout not firewalled by the TEE: {(open.GpuLost ? "fatal platform-hang event at first protected entry" : "no hang")}; {targetText}";
        }

        using var checkedMachine = Machine.Boot(Machine.WithGpuFwMemory(platform, design), options);
        var refused = ProtectedTextureFlow.Run(checkedMachine.SpawnRoot("texture"), heap, ProtectedTextureCase.EnableFwProtModeWithSystemHeap, true);
        using var uncheckedMachine = Machine.Boot(Machine.WithGpuFwMemory(platform, design, check: false), options);
        _ = ProtectedTextureFlow.Run(uncheckedMachine.SpawnRoot("texture"), heap, ProtectedTextureCase.EnableFwProtModeWithSystemHeap, true);
        return $"system-heap buffer: {(refused.EnableResult is { } r && r < 0 ? Uapi.Errno.Describe(r) : "accepted")} (importer check); check off: {(uncheckedMachine.GpuLost ? "fatal platform-hang event at first protected entry" : "no hang")}";
    }
}
