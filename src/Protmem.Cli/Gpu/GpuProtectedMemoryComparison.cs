using Protmem.Kernel.Core;
using Protmem.Platform;
using Protmem.Kernel.Gpu.Panthor;
using Protmem.Userspace.Gpu;

namespace Protmem.Cli.Gpu;

/// <summary>
/// <c>protmem compare gpu-protected-memory</c>: the protected-texture flow under each firmware-memory design of
/// the panthor review, booted afresh per design (the GPU node's <c>protmem,gpu-fw-memory</c> replaced, lent memory
/// out of the direct map). Per design: what boot needs, the time to the first protected job, the protected memory
/// the driver holds, and what wrong memory does (the design's negative case, run on its own machine).
/// </summary>
internal static class GpuProtectedMemoryComparison
{
    /// <summary>Runs every design on <paramref name="platform"/>, one row each in the review's order.</summary>
    /// <exception cref="PlatformException">The board has no Mali CSF GPU, or it names no protected heap.</exception>
    public static IReadOnlyList<GpuProtectedMemoryRow> Run(PlatformDescription platform, ulong seed = 1)
    {
        ArgumentNullException.ThrowIfNull(platform);
        var gpu = platform.Devices.FirstOrDefault(d => PanthorDevice.IsGpuCompatible(d.Compatible))
            ?? throw new PlatformException($"{platform.Name} has no Mali CSF GPU; compare gpu-protected-memory needs one (try --platform rk3588)");
        var heap = gpu.ProtectedHeapName
            ?? throw new PlatformException($"{platform.Name}: the GPU node names no protected-heap-name; compare gpu-protected-memory needs the heap");
        return [.. PanthorFwMemoryNames.All.Select(d => RunOne(platform, d.Design, heap, seed))];
    }

    /// <summary>The board with the GPU's design set (and the importer check off when <paramref name="check"/> is false).</summary>
    public static PlatformDescription WithDesign(PlatformDescription platform, PanthorFwMemory design, bool check = true)
    {
        ArgumentNullException.ThrowIfNull(platform);
        return platform with
        {
            UnmapDirectMapOnLend = true,
            Devices = [.. platform.Devices.Select(d => !PanthorDevice.IsGpuCompatible(d.Compatible) ? d : d with
            {
                StringProperties = new Dictionary<string, string>(d.StringProperties ?? new Dictionary<string, string>(), StringComparer.Ordinal)
                {
                    [PanthorFwMemoryNames.Property] = PanthorFwMemoryNames.NameOf(design),
                    [PanthorFwMemoryNames.CheckProperty] = check ? "on" : "off",
                },
            })],
        };
    }

    private static GpuProtectedMemoryRow RunOne(PlatformDescription platform, PanthorFwMemory design, string heap, ulong seed)
    {
        var name = PanthorFwMemoryNames.NameOf(design);
        var options = new MachineOptions { Seed = seed };
        if (design == PanthorFwMemory.ReservedMemory)
        {
            var gpu = platform.Devices.First(d => PanthorDevice.IsGpuCompatible(d.Compatible));
            if (gpu.MemoryRegions.Count == 0)
            {
                return new GpuProtectedMemoryRow(name, "bootloader: a no-map carveout in the GPU node's memory-region; TEE: firewall it at boot", false, false, 0, 0,
                    $"not run: {platform.Name}'s GPU node has no memory-region carveout", false);
            }
        }

        var enable = design == PanthorFwMemory.EnableFwProtMode;
        using var machine = Machine.Boot(WithDesign(platform, design), options);
        var start = machine.Clock.Now;
        var result = ProtectedTextureFlow.Run(machine.Spawn("texture", enable ? Credentials.Root : Credentials.DefaultUser), heap, ProtectedTextureCase.Flow, enable);
        var device = machine.Gpu!;
        var firstUs = device.Stats.FirstProtectedJobAt is { } at ? (at - start) / 1000.0 : 0;
        var held = device.ProtectedBytesHeld;
        var safe = machine.CheckSafety().Passed;
        var atBoot = design switch
        {
            PanthorFwMemory.ProtectedHeap => "TEE registers the protected heap (probe deferred until then); device tree names it",
            PanthorFwMemory.ReservedMemory => "bootloader: a no-map carveout in the GPU node's memory-region; TEE: firewall it at boot",
            _ => "nothing: firmware boots without protected sections; a root program hands a protected buffer later",
        };
        return new GpuProtectedMemoryRow(name, atBoot, true, result.Completed && result.BystanderCompleted == true, firstUs, held, WrongMemory(platform, design, heap, options), safe);
    }

    private static string WrongMemory(PlatformDescription platform, PanthorFwMemory design, string heap, MachineOptions options)
    {
        if (design != PanthorFwMemory.EnableFwProtMode)
        {
            using var machine = Machine.Boot(WithDesign(platform, design), options);
            var target = ProtectedTextureFlow.Run(machine.Spawn("texture"), heap, ProtectedTextureCase.UnprotectedTargetInProtectedGroup, false);
            var fault = machine.Gpu!.Events.Any(e => e.Kind == PanthorEventKind.ProtmFault);
            return $"firmware memory is the kernel's choice; an unprotected render target: {(fault ? "protected-mode fault, group killed, GPU reset" : "no fault")}, bystander {(target.BystanderCompleted == true ? "unharmed" : "HARMED")}";
        }

        using var checkedMachine = Machine.Boot(WithDesign(platform, design), options);
        var refused = ProtectedTextureFlow.Run(checkedMachine.Spawn("texture", Credentials.Root), heap, ProtectedTextureCase.EnableFwProtModeWithSystemHeap, true);
        using var unchecked_ = Machine.Boot(WithDesign(platform, design, check: false), options);
        _ = ProtectedTextureFlow.Run(unchecked_.Spawn("texture", Credentials.Root), heap, ProtectedTextureCase.EnableFwProtModeWithSystemHeap, true);
        var hang = unchecked_.Gpu!.Events.FirstOrDefault(e => e.IsFatal);
        return $"system-heap buffer: {(refused.EnableResult is { } r && r < 0 ? Uapi.Errno.Describe(r) : "accepted")} (importer check); check off: {(hang is null ? "no hang" : "fatal platform-hang event at first protected entry")}";
    }
}
