using System.Buffers.Binary;

namespace Protmem.Hardware.Memory;

/// <summary>
/// One bank of DRAM, sparse: a 4 KiB page costs host memory only once a non-zero byte is written
/// to it; an untouched page reads as zero. Pages sit in a two-level array (1024 pages per chunk),
/// so a 16 GiB bank costs 32 KiB of chunk references before any write.
/// This is the memory itself, with no access control: masters reach it through the
/// <see cref="Bus.SystemBus"/>, which asks the firewall first.
/// A bank made with <see cref="DramBacking.SharedMemory"/> keeps its bytes in a memfd instead, which a
/// program outside the model can map (<see cref="SharedMemoryFd"/>).
/// </summary>
public sealed class Dram : IDisposable
{
    private const int ChunkShift = 10;
    private const int PagesPerChunk = 1 << ChunkShift;
    private const int PageBytes = (int)HwConstants.PageSize;

    /// <summary>Host pages kept for reuse after a page went back to zeros (4 MiB at most).</summary>
    private const int MaxSparePages = 1024;

    private readonly byte[]?[]?[] _chunks;
    private readonly SharedDramStore? _shared;

    // Host pages of dematerialised pages, handed to the next page materialised: a page freed and written
    // again (a bounce buffer per TEE call) costs no new host allocation. They keep their old bytes until
    // they are handed out, and are cleared then unless the write that takes one covers the whole page.
    private readonly Stack<byte[]> _spare = new();

    /// <summary>Creates a bank of <paramref name="size"/> bytes at <paramref name="baseAddress"/>, both page-aligned.</summary>
    public Dram(PhysAddr baseAddress, ulong size, DramBacking backing = DramBacking.Sparse)
    {
        if (!baseAddress.IsPageAligned || (size & HwConstants.PageMask) != 0 || size == 0)
        {
            throw new ArgumentException($"DRAM bank at {baseAddress} of 0x{size:x} bytes must be non-empty and page-aligned");
        }

        if (baseAddress.Value + size > HwConstants.PhysAddressLimit || baseAddress.Value + size < baseAddress.Value)
        {
            throw new ArgumentException($"DRAM bank at {baseAddress} of 0x{size:x} bytes ends above the 40-bit physical address space");
        }

        Range = new PhysRange(baseAddress, size);
        PageCount = size >> HwConstants.PageShift;
        if (backing == DramBacking.SharedMemory)
        {
            _shared = new SharedDramStore($"protmem-dram-{baseAddress.Value:x}", size);
            _chunks = [];
        }
        else
        {
            _chunks = new byte[]?[]?[(PageCount + PagesPerChunk - 1) >> ChunkShift];
        }
    }

    /// <summary>The memfd holding the bank's bytes (offset = address - <see cref="Base"/>), or -1 for a sparse bank.</summary>
    public int SharedMemoryFd => _shared?.Descriptor ?? -1;

    /// <summary>Unmaps and closes the memfd of a shared bank (nothing for a sparse bank); the bank is unusable after.</summary>
    public void Dispose() => _shared?.Dispose();

    /// <summary>What holds the bytes.</summary>
    public DramBacking Backing => _shared is null ? DramBacking.Sparse : DramBacking.SharedMemory;

    /// <summary>The physical addresses this bank answers.</summary>
    public PhysRange Range { get; }

    public PhysAddr Base => Range.Start;

    public ulong Size => Range.Length;

    /// <summary>Number of 4 KiB pages in the bank.</summary>
    public ulong PageCount { get; }

    /// <summary>Pages that hold host memory (written with something other than zeros since last cleared).</summary>
    public long MaterialisedPages { get; private set; }

    /// <summary>Copies <paramref name="into"/>.Length bytes starting at <paramref name="address"/>.</summary>
    public void Read(PhysAddr address, Span<byte> into)
    {
        CheckInside(address, (ulong)into.Length);
        var offset = address.Value - Range.Start.Value;
        if (_shared is not null)
        {
            _shared.Bytes(offset, into.Length).CopyTo(into);
            return;
        }

        while (!into.IsEmpty)
        {
            var inPage = (int)(offset & HwConstants.PageMask);
            var count = Math.Min(into.Length, PageBytes - inPage);
            var page = PageOrNull(offset >> HwConstants.PageShift);
            if (page is null)
            {
                into[..count].Clear();
            }
            else
            {
                page.AsSpan(inPage, count).CopyTo(into);
            }

            into = into[count..];
            offset += (ulong)count;
        }
    }

    /// <summary>Copies <paramref name="from"/> into the bank starting at <paramref name="address"/>.</summary>
    public void Write(PhysAddr address, ReadOnlySpan<byte> from)
    {
        CheckInside(address, (ulong)from.Length);
        var offset = address.Value - Range.Start.Value;
        if (_shared is not null)
        {
            WriteShared(offset, from);
            return;
        }

        while (!from.IsEmpty)
        {
            var inPage = (int)(offset & HwConstants.PageMask);
            var count = Math.Min(from.Length, PageBytes - inPage);
            var pageIndex = offset >> HwConstants.PageShift;
            var part = from[..count];
            var page = PageOrNull(pageIndex);
            if (page is not null)
            {
                part.CopyTo(page.AsSpan(inPage));
            }
            else if (part.ContainsAnyExcept((byte)0))
            {
                part.CopyTo(Materialise(pageIndex, wholePage: count == PageBytes).AsSpan(inPage));
            }

            from = from[count..];
            offset += (ulong)count;
        }
    }

    /// <summary>Sets every byte of <paramref name="range"/> to <paramref name="value"/>.</summary>
    public void Fill(PhysRange range, byte value)
    {
        if (value == 0)
        {
            Zero(range);
            return;
        }

        CheckInside(range.Start, range.Length);
        var offset = range.Start.Value - Range.Start.Value;
        var end = offset + range.Length;
        while (offset < end)
        {
            var inPage = (int)(offset & HwConstants.PageMask);
            var count = (int)Math.Min(end - offset, (ulong)(PageBytes - inPage));
            if (_shared is not null)
            {
                MarkShared(offset >> HwConstants.PageShift);
                _shared.Bytes(offset, count).Fill(value);
                offset += (ulong)count;
                continue;
            }

            Materialise(offset >> HwConstants.PageShift, wholePage: count == PageBytes).AsSpan(inPage, count).Fill(value);
            offset += (ulong)count;
        }
    }

    /// <summary>Sets every byte of <paramref name="range"/> to zero; whole pages give their host memory back.</summary>
    public void Zero(PhysRange range)
    {
        CheckInside(range.Start, range.Length);
        var offset = range.Start.Value - Range.Start.Value;
        var end = offset + range.Length;
        while (offset < end)
        {
            var inPage = (int)(offset & HwConstants.PageMask);
            var count = (int)Math.Min(end - offset, (ulong)(PageBytes - inPage));
            var pageIndex = offset >> HwConstants.PageShift;
            if (_shared is not null)
            {
                ZeroShared(offset, count);
            }
            else if (count == PageBytes)
            {
                Dematerialise(pageIndex);
            }
            else
            {
                PageOrNull(pageIndex)?.AsSpan(inPage, count).Clear();
            }

            offset += (ulong)count;
        }
    }

    /// <summary>Reads a little-endian 32-bit word (as a page-table walker does).</summary>
    public uint ReadUInt32(PhysAddr address)
    {
        CheckInside(address, 4);
        var offset = address.Value - Range.Start.Value;
        if ((offset & HwConstants.PageMask) > HwConstants.PageSize - 4)
        {
            Span<byte> bytes = stackalloc byte[4];
            Read(address, bytes);
            return BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        }

        if (_shared is not null)
        {
            return BinaryPrimitives.ReadUInt32LittleEndian(_shared.Bytes(offset, 4));
        }

        var page = PageOrNull(offset >> HwConstants.PageShift);
        return page is null ? 0 : BinaryPrimitives.ReadUInt32LittleEndian(page.AsSpan((int)(offset & HwConstants.PageMask)));
    }

    /// <summary>Writes a little-endian 32-bit word.</summary>
    public void WriteUInt32(PhysAddr address, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        Write(address, bytes);
    }

    /// <summary>True when the page holding <paramref name="address"/> holds host memory.</summary>
    public bool IsMaterialised(PhysAddr address)
    {
        CheckInside(address, 1);
        if (_shared is not null)
        {
            return _shared.IsWritten((address.Value - Range.Start.Value) >> HwConstants.PageShift);
        }

        return PageOrNull((address.Value - Range.Start.Value) >> HwConstants.PageShift) is not null;
    }

    /// <summary>Checks that <see cref="MaterialisedPages"/> counts exactly the pages holding host memory.</summary>
    public void AssertInvariants()
    {
        long pages = _shared?.CountWritten() ?? 0;
        foreach (var chunk in _chunks)
        {
            if (chunk is not null)
            {
                pages += chunk.Count(p => p is not null);
            }
        }

        if (pages != MaterialisedPages)
        {
            throw new InvalidOperationException($"invariant: the materialised-page count ({MaterialisedPages}) equals the pages holding memory ({pages})");
        }
    }

    /// <summary>The page at <paramref name="pageAddress"/> for reading, or empty when it is all zeros and untouched.</summary>
    internal ReadOnlySpan<byte> PageForRead(PhysAddr pageAddress)
    {
        var offset = pageAddress.Value - Range.Start.Value;
        return _shared is not null ? _shared.Bytes(offset, PageBytes) : PageOrNull(offset >> HwConstants.PageShift);
    }

    /// <summary>The page at <paramref name="pageAddress"/> for writing, materialised if needed.</summary>
    internal Span<byte> PageForWrite(PhysAddr pageAddress)
    {
        var offset = pageAddress.Value - Range.Start.Value;
        if (_shared is not null)
        {
            MarkShared(offset >> HwConstants.PageShift);
            return _shared.Bytes(offset, PageBytes);
        }

        return Materialise(offset >> HwConstants.PageShift, wholePage: false);
    }

    private void WriteShared(ulong offset, ReadOnlySpan<byte> from)
    {
        from.CopyTo(_shared!.Bytes(offset, from.Length));
        while (!from.IsEmpty)
        {
            var inPage = (int)(offset & HwConstants.PageMask);
            var count = Math.Min(from.Length, PageBytes - inPage);
            var pageIndex = offset >> HwConstants.PageShift;
            if (!_shared.IsWritten(pageIndex) && from[..count].ContainsAnyExcept((byte)0))
            {
                MarkShared(pageIndex);
            }

            from = from[count..];
            offset += (ulong)count;
        }
    }

    private void ZeroShared(ulong offset, int count)
    {
        if (count == PageBytes)
        {
            if (_shared!.PunchPage(offset >> HwConstants.PageShift))
            {
                MaterialisedPages--;
            }
        }
        else
        {
            _shared!.Bytes(offset, count).Clear();
        }
    }

    private void MarkShared(ulong pageIndex)
    {
        if (_shared!.MarkWritten(pageIndex))
        {
            MaterialisedPages++;
        }
    }

    private byte[]? PageOrNull(ulong pageIndex) => _chunks[pageIndex >> ChunkShift]?[pageIndex & (PagesPerChunk - 1)];

    /// <summary>The host page of <paramref name="pageIndex"/>, all zeros if it had none, unless <paramref name="wholePage"/> says the caller overwrites every byte.</summary>
    private byte[] Materialise(ulong pageIndex, bool wholePage)
    {
        var chunk = _chunks[pageIndex >> ChunkShift] ??= new byte[]?[PagesPerChunk];
        ref var slot = ref chunk[pageIndex & (PagesPerChunk - 1)];
        if (slot is null)
        {
            if (_spare.TryPop(out var spare))
            {
                if (!wholePage)
                {
                    spare.AsSpan().Clear();
                }

                slot = spare;
            }
            else
            {
                slot = new byte[PageBytes];
            }

            MaterialisedPages++;
        }

        return slot;
    }

    private void Dematerialise(ulong pageIndex)
    {
        var chunk = _chunks[pageIndex >> ChunkShift];
        if (chunk is null)
        {
            return;
        }

        ref var slot = ref chunk[pageIndex & (PagesPerChunk - 1)];
        if (slot is not null)
        {
            if (_spare.Count < MaxSparePages)
            {
                _spare.Push(slot);
            }

            slot = null;
            MaterialisedPages--;
        }
    }

    private void CheckInside(PhysAddr address, ulong length)
    {
        if (address < Range.Start || address.Value - Range.Start.Value > Range.Length || length > Range.Length - (address.Value - Range.Start.Value))
        {
            ThrowOutside(address, length);
        }
    }

    // Out of line, so the check above inlines into every access.
    private void ThrowOutside(PhysAddr address, ulong length) =>
        throw new ArgumentOutOfRangeException(nameof(address), $"[{address}, +0x{length:x}) is not inside DRAM bank {Range}");
}
