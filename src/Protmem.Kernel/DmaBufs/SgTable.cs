using Protmem.Hardware;
using Protmem.Kernel.Core;

namespace Protmem.Kernel.DmaBufs;

/// <summary>
/// A scatter-gather table (<c>struct sg_table</c>): the physical chunks of a buffer in order and,
/// once DMA-mapped for a device, the device address of each chunk.
/// </summary>
public sealed class SgTable
{
    private readonly SgEntry[] _entries;

    /// <summary>A table of the page-aligned physical <paramref name="chunks"/>, not yet DMA-mapped.</summary>
    public SgTable(IReadOnlyList<PhysRange> chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        _entries = new SgEntry[chunks.Count];
        for (var i = 0; i < chunks.Count; i++)
        {
            if (!chunks[i].IsPageAligned || chunks[i].IsEmpty)
            {
                throw new ArgumentException($"sg chunk {chunks[i]} is empty or not page aligned", nameof(chunks));
            }

            _entries[i] = new SgEntry(chunks[i].Start, chunks[i].Length, default);
            TotalLength += chunks[i].Length;
        }
    }

    /// <summary>The entries, in buffer order.</summary>
    public ReadOnlySpan<SgEntry> Entries => _entries;

    /// <summary>Number of entries (<c>orig_nents</c>).</summary>
    public int Count => _entries.Length;

    /// <summary>Bytes described.</summary>
    public ulong TotalLength { get; }

    /// <summary>True while the table carries device addresses.</summary>
    public bool IsDmaMapped { get; private set; }

    /// <summary>The physical chunks.</summary>
    public IReadOnlyList<PhysRange> Chunks => [.. _entries.Select(e => new PhysRange(e.Phys, e.Length))];

    /// <summary>The device address of byte <paramref name="offset"/> of the buffer (mapped tables only).</summary>
    public DeviceAddr DmaAddressOf(ulong offset)
    {
        if (!IsDmaMapped || offset >= TotalLength)
        {
            throw new KernelOopsException($"offset 0x{offset:x} of a {(IsDmaMapped ? "mapped" : "unmapped")} table of 0x{TotalLength:x} bytes has no device address");
        }

        foreach (var e in _entries)
        {
            if (offset < e.Length)
            {
                return e.DmaAddress + offset;
            }

            offset -= e.Length;
        }

        throw new KernelOopsException("an offset inside the table lies in one of its entries");
    }

    /// <summary>A copy of the physical layout, not DMA-mapped (what an exporter gives each attachment).</summary>
    public SgTable Duplicate() => new(Chunks);

    internal void SetDmaAddress(int index, DeviceAddr address) => _entries[index] = _entries[index] with { DmaAddress = address };

    internal void MarkMapped(bool mapped) => IsDmaMapped = mapped;
}
