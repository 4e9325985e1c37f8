using Protmem.Uapi;
using Protmem.Userspace.DmaHeaps;

namespace Protmem.Userspace.Selftests;

/// <summary>
/// Linux's dmabuf-heaps selftest (tools/testing/selftests/dmabuf-heaps/dmabuf-heap.c) as a user
/// program over <see cref="ISyscalls"/>: 11 checks per heap, printed as kselftest TAP.
/// <list type="number">
/// <item>alloc 1 MiB, mmap, write a pattern; import into vgem (skip without vgem) — 2 checks;</item>
/// <item>32 × 4 KiB and 32 × 1 MiB: fill with 0xff, free, re-allocate, every byte 0 — 2 checks each;</item>
/// <item>the older 16-byte and newer 48-byte (with garbage) allocation structs — 2 checks;</item>
/// <item>errors: the ioctl on fd 0, heap_flags 0x111111, fd_flags ~(O_RDWR|O_CLOEXEC) — 3 checks.</item>
/// </list>
/// The C program lists /dev/dma_heap with readdir; <see cref="ISyscalls"/> has no readdir, so the
/// caller passes the heap names it found there. On a protected heap mmap fails with EINVAL by
/// design: the mmap-dependent checks are reported as SKIP saying so, and a protected heap that
/// does allow mmap fails them.
/// </summary>
public sealed class DmabufHeapsSelftest
{
    /// <summary>The selftest plans 11 results per heap.</summary>
    public const int ChecksPerHeap = 11;

    private readonly ISyscalls _sys;
    private readonly TextWriter _output;
    private readonly Func<string, bool> _isProtected;

    /// <param name="sys">The process the selftest runs as.</param>
    /// <param name="output">Where the TAP lines go.</param>
    /// <param name="isProtectedHeap">Which heaps are protected (no CPU mapping by design); by default the
    /// names starting "protected," (mainline) or "restricted" (the earlier designs).</param>
    public DmabufHeapsSelftest(ISyscalls sys, TextWriter output, Func<string, bool>? isProtectedHeap = null)
    {
        ArgumentNullException.ThrowIfNull(sys);
        ArgumentNullException.ThrowIfNull(output);
        _sys = sys;
        _output = output;
        _isProtected = isProtectedHeap ?? IsProtectedHeapName;
    }

    /// <summary>Whether a heap of that name is a protected heap by naming convention.</summary>
    public static bool IsProtectedHeapName(string heapName)
    {
        ArgumentNullException.ThrowIfNull(heapName);
        return heapName.StartsWith("protected,", StringComparison.Ordinal)
            || heapName.StartsWith("restricted", StringComparison.Ordinal);
    }

    /// <summary>Runs the 11 checks on each heap in <paramref name="heapNames"/> (the entries of /dev/dma_heap).</summary>
    public SelftestReport Run(IReadOnlyList<string> heapNames)
    {
        ArgumentNullException.ThrowIfNull(heapNames);
        var tap = new TapRecorder(_output);
        tap.Header(ChecksPerHeap * heapNames.Count);
        if (heapNames.Count == 0)
        {
            tap.Message("No /dev/dma_heap entries given: nothing to test (KSFT_SKIP)");
            tap.Totals();
            return new SelftestReport(tap.Checks);
        }

        using var library = new DmaHeapLibrary(_sys);
        using var args = UserBuffer.Map(_sys, Mman.PAGE_SIZE);
        foreach (var name in heapNames)
        {
            tap.Message($"Testing heap: {name}");
            tap.Message("=======================================");
            new HeapChecks(library, args, tap, name, _isProtected(name)).RunAll();
        }

        tap.Totals();
        return new SelftestReport(tap.Checks);
    }
}
