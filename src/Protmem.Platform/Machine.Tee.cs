using Protmem.Hardware;
using Protmem.Hardware.Bus;
using Protmem.Kernel.Tee;

namespace Protmem.Platform;

/// <summary>The TEE side of a machine: its kernel options from the board, and the whole-machine safety check.</summary>
public sealed partial class Machine
{
    private readonly List<string> _scrubFailures = [];
    private int _reclaims;

    /// <summary>Whether the kernel's OP-TEE driver probed and /dev/tee0 exists.</summary>
    public bool HasTee => _kernel.Optee is not null;

    /// <summary>Why the OP-TEE driver did not probe, or null.</summary>
    public string? TeeProbeFailure => _kernel.TeeProbeFailure;

    /// <summary>
    /// Why this board offers nothing protected to test, or null when it does: no TEE in the tree, a
    /// TEE whose driver did not probe, or a TEE whose design leaves nothing protected reachable from the
    /// normal world (no protected heap and no RSTMEM allocation).
    /// </summary>
    public string? NothingProtectedReason =>
        Platform.Tee is null ? "the board has no TEE (no OP-TEE node in its device tree)"
        : _firmware is null ? "the board's TEE has no secure firmware behind the secure monitor"
        : !HasTee ? $"the OP-TEE driver did not probe: {TeeProbeFailure ?? "no reason given"}"
        : null;

    /// <summary>The protected-memory design the board selected.</summary>
    public ProtectedMemoryDesign Design => Platform.Design;

    /// <summary>The design as the command line and <c>protmem.design=</c> name it (tee-dma-heap, tee-ioctl, restricted-heap, secure-world-heap).</summary>
    public string DesignName => Bindings.BoardBinding.DesignName(Platform.Design);

    /// <summary>Simulated time since boot, in nanoseconds.</summary>
    public ulong SimulatedNanoseconds => Soc.Clock.Now;

    /// <summary>A source of test data from the machine's seeded generator (xtest reads /dev/urandom).</summary>
    public Action<byte[]> CreateRandomSource()
    {
        var random = Soc.Random.Fork();
        return bytes => random.NextBytes(bytes);
    }

    /// <summary>
    /// The whole-machine safety check, computed from state with the access oracle: no protected page
    /// (TZDRAM, the static carveout, every lent region) is reachable by the non-secure CPU, by a process's
    /// page tables, or by a device master outside the region's use case (in either state it can issue); no speculative hazard on a board
    /// where it is fatal; every reclaimed region came back scrubbed. With <paramref name="quiescent"/>
    /// (after every process exited): every pool is full, no region is lent, no session or shm is left.
    /// </summary>
    public SafetyReport CheckSafety(bool quiescent = false)
    {
        var findings = new List<string>(_scrubFailures);
        var protectedRanges = ProtectedRanges();
        var cpu = Soc.Cpu.Master;
        foreach (var direction in new[] { AccessDirection.Read, AccessDirection.Write })
        {
            foreach (var hit in PhysRanges.Intersect(Soc.Oracle.ReachableBy(cpu, SecurityState.NonSecure, direction), [.. protectedRanges.Select(p => p.Range)]))
            {
                findings.Add($"the non-secure CPU can {Verb(direction)} protected memory {hit}");
            }
        }

        foreach (var process in _kernel.Processes)
        {
            foreach (var hit in PhysRanges.Intersect(Soc.Oracle.ReachableBy(process.Memory.Space, SecurityState.NonSecure, AccessDirection.Read), [.. protectedRanges.Select(p => p.Range)]))
            {
                findings.Add($"process {process} can read protected memory {hit}");
            }
        }

        foreach (var device in Soc.Devices.Values)
        {
            foreach (var (range, what, allowed) in protectedRanges)
            {
                if (allowed.Contains(device.Name))
                {
                    continue;
                }

                foreach (var direction in new[] { AccessDirection.Read, AccessDirection.Write })
                {
                    // In every state the master can issue: a secure-capable master (a GPU in protected mode,
                    // a decoder in secure mode) reaches only the ranges whose use case lists it.
                    foreach (var state in device.Master.States)
                    {
                        foreach (var hit in PhysRanges.Intersect(Soc.Oracle.ReachableBy(device.Master, state, direction), [range]))
                        {
                            findings.Add(state == SecurityState.Secure
                                ? $"device {device.Name} in secure mode can {Verb(direction)} {what} at {hit}, outside its use case"
                                : $"device {device.Name} can {Verb(direction)} {what} at {hit}, outside its use case");
                        }
                    }
                }
            }
        }

        var hazards = Soc.Oracle.SpeculativeHazards();
        if (Soc.SpeculativeAccessToFirewalledPageIsFatal)
        {
            findings.AddRange(hazards.Select(h => $"speculative-access hazard: {h.Phys} is firewalled but mapped in '{h.Space.Name}' at {h.Va}"));
        }

        findings.AddRange(NpuIsolationFindings());
        if (quiescent)
        {
            findings.AddRange(QuiescentFindings());
        }

        return new SafetyReport(findings, protectedRanges.Count, hazards.Count, _reclaims, quiescent);
    }

    private IEnumerable<string> QuiescentFindings()
    {
        if (_kernel.Optee?.Device is { } tee)
        {
            foreach (var pool in tee.ProtmemPools.Values.Where(p => p.Available != p.Capacity || p.Outstanding != 0))
            {
                yield return $"the use-case {pool.UseCase} pool is not full: {pool.Outstanding} buffers, 0x{pool.Available:x} of 0x{pool.Capacity:x} bytes free";
            }

            if (tee.Shms.Count != 0)
            {
                yield return $"{tee.Shms.Count} TEE shms outlived their processes";
            }
        }

        if (_firmware is { } firmware)
        {
            foreach (var region in firmware.ProtectedRegions)
            {
                yield return $"region {region.Range} (use case {region.UseCase}) is still lent and firewalled (firewall region {region.FirewallRegion})";
            }

            if (firmware.SecmemBlockCount != 0)
            {
                yield return $"the secmem TA still holds {firmware.SecmemBlockCount} blocks";
            }

            if (firmware.SessionCount != 0)
            {
                yield return $"{firmware.SessionCount} TEE sessions are still open";
            }
        }
    }

    private List<(PhysRange Range, string What, IReadOnlySet<string> Allowed)> ProtectedRanges() =>
        [.. _policy.ProtectedRanges.Select(p => (p.Range, p.What, p.AllowedDevices))];

    /// <summary>Every region the TEE reclaims is read back at once: protected content must never return to the normal world.</summary>
    private void WatchTee()
    {
        if (_kernel.Optee?.Device is not { } tee)
        {
            return;
        }

        tee.RegionReclaimed += (range, useCase) =>
        {
            _reclaims++;
            var page = new byte[HwConstants.PageSize];
            for (var offset = 0UL; offset < range.Length; offset += HwConstants.PageSize)
            {
                Soc.Memory.Read(range.Start + offset, page);
                if (page.AsSpan().ContainsAnyExcept((byte)0))
                {
                    _scrubFailures.Add($"the use-case {useCase} region {range} came back to the normal world unscrubbed (page at +0x{offset:x})");
                    return;
                }
            }
        };
    }

    private static string Verb(AccessDirection direction) => direction == AccessDirection.Read ? "read" : "write";

    internal static TeeConfig TeeConfigFor(PlatformDescription platform, TeeDescription tee) => new()
    {
        Abi = tee.Abi == TeeAbi.Ffa ? OpteeAbi.Ffa : OpteeAbi.Smc,
        FfaPartitionId = tee.FfaPartitionId,
        LendRegion = tee.MemoryRegion,
        RemoveLentMemoryFromDirectMap = platform.UnmapDirectMapOnLend,
        Design = platform.Design,
        StaticProtmemDevices = [.. platform.Devices.Where(d => d.BusMaster is { } master && tee.StaticCarveoutMasters.Contains(master)).Select(d => d.Name)],
        UseCases = platform.Design switch
        {
            // Model: the driver also asks about use case 4 (crypto-key), past Linux's tee_dma_heap_id.
            ProtectedMemoryDesign.TeeDmaHeap or ProtectedMemoryDesign.TeeIoctl or ProtectedMemoryDesign.RestrictedHeap => [1, 2, 3, 4],
            ProtectedMemoryDesign.SecureWorldHeap => [],
            _ => throw new PlatformException($"{platform.Name}: the {platform.Design} design (protmem.design) is not modelled by the kernel"),
        },
    };
}
