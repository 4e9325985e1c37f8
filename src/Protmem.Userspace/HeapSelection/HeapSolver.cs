using Protmem.Uapi;

namespace Protmem.Userspace.HeapSelection;

/// <summary>
/// Picks the heap for a buffer from what /sys/kernel/protmem says, never from heap names:
/// 1. every device named must be known (by its /dev node or its name);
/// 2. a heap fits when its memory is what was asked (protected for that use case, or ordinary), every
///    device can import its buffers, and the CPU can map it if the program maps it;
/// 3. among the fits: a dma-heap before the seed design's RSTMEM ioctl; then, for protected memory,
///    a contiguous heap first (one range fits every importer), for ordinary memory a scattered one
///    (it spares the contiguous areas); then by name.
/// Without a fit the answer says, per heap, what was wrong.
/// </summary>
public static class HeapSolver
{
    /// <summary>Reads the machine's tree through <paramref name="sys"/> and solves; a tree that cannot be read is an answer with the reason.</summary>
    public static HeapChoice Solve(ISyscalls sys, HeapRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = MemoryTopology.TryRead(sys, out var topology);
        return result < 0
            ? new HeapChoice(request, null, [$"{MemoryTopology.Root} cannot be read: {Errno.Describe(-result)}"])
            : Solve(topology!, request);
    }

    /// <summary>The heap for <paramref name="request"/> in <paramref name="topology"/>, or why there is none.</summary>
    public static HeapChoice Solve(MemoryTopology topology, HeapRequest request)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(request);
        // Each device as the request named it (its node or its name), so a rejection speaks the caller's words.
        var devices = new List<(DeviceInfo Device, string AskedAs)>();
        var unknown = new List<string>();
        foreach (var name in request.Devices)
        {
            if (topology.Device(name) is { } device)
            {
                devices.Add((device, name));
            }
            else
            {
                unknown.Add($"no device {name} in {MemoryTopology.Root}/devices");
            }
        }

        if (unknown.Count > 0)
        {
            return new HeapChoice(request, null, unknown);
        }

        var fits = new List<HeapInfo>();
        var rejections = new List<string>();
        foreach (var heap in topology.Heaps)
        {
            if (Rejection(heap, request, devices) is { } why)
            {
                rejections.Add($"{heap.Name}: {why}");
            }
            else
            {
                fits.Add(heap);
            }
        }

        var best = fits
            .OrderBy(h => h.IsDmaHeap ? 0 : 1)
            .ThenBy(h => h.Contiguous == (request.UseCase is not null) ? 0 : 1)
            .ThenBy(h => h.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        return new HeapChoice(request, best, best is null ? rejections : []);
    }

    private static string? Rejection(HeapInfo heap, HeapRequest request, List<(DeviceInfo Device, string AskedAs)> devices)
    {
        if (request.UseCase is { } useCase)
        {
            if (!heap.Protected)
            {
                return "not protected memory";
            }

            if (heap.UseCase != useCase)
            {
                return $"protected memory for {heap.UseCase}, not {useCase}";
            }
        }
        else if (heap.Protected)
        {
            return $"protected memory (for {heap.UseCase}), and ordinary memory was asked for";
        }

        if (request.CpuAccess && !heap.CpuMappable)
        {
            return "the CPU cannot map its buffers";
        }

        var refusing = devices.Where(d => !d.Device.Heaps.Contains(heap.Name)).Select(d => d.AskedAs).ToList();
        return refusing.Count == 0 ? null : $"{string.Join(", ", refusing)} cannot import its buffers";
    }
}
