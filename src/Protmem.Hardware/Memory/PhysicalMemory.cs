using System.Collections.ObjectModel;

namespace Protmem.Hardware.Memory;

/// <summary>
/// The physical memory map: the DRAM banks of the SoC, which do not overlap. Direct access here has
/// no access control (it is what a table walker or a test inspection uses); masters go through the bus.
/// </summary>
public sealed class PhysicalMemory
{
    private readonly Dram[] _banks;

    public PhysicalMemory(IEnumerable<Dram> banks)
    {
        ArgumentNullException.ThrowIfNull(banks);
        _banks = [.. banks.OrderBy(b => b.Base.Value)];
        if (_banks.Length == 0)
        {
            throw new ArgumentException("a SoC needs at least one DRAM bank", nameof(banks));
        }

        for (var i = 1; i < _banks.Length; i++)
        {
            if (_banks[i - 1].Range.Overlaps(_banks[i].Range))
            {
                throw new ArgumentException($"DRAM banks {_banks[i - 1].Range} and {_banks[i].Range} overlap", nameof(banks));
            }
        }

        Banks = new ReadOnlyCollection<Dram>(_banks);
    }

    /// <summary>The banks, by ascending address.</summary>
    public IReadOnlyList<Dram> Banks { get; }

    /// <summary>Total bytes of DRAM.</summary>
    public ulong TotalSize => _banks.Aggregate(0UL, (sum, b) => sum + b.Size);

    /// <summary>Pages holding host memory, over all banks.</summary>
    public long MaterialisedPages => _banks.Sum(b => b.MaterialisedPages);

    /// <summary>The ranges of DRAM, by ascending address.</summary>
    public IEnumerable<PhysRange> Ranges => _banks.Select(b => b.Range);

    /// <summary>The bank holding all of [<paramref name="address"/>, +<paramref name="length"/>), if one does.</summary>
    public bool TryFindBank(PhysAddr address, ulong length, out Dram bank)
    {
        foreach (var b in _banks)
        {
            var start = b.Range.Start.Value;
            if (address.Value >= start && address.Value - start <= b.Range.Length && length <= b.Range.Length - (address.Value - start))
            {
                bank = b;
                return true;
            }
        }

        bank = null!;
        return false;
    }

    /// <summary>True when every byte of <paramref name="range"/> is DRAM (banks that touch count as one).</summary>
    public bool Contains(PhysRange range)
    {
        if (TryFindBank(range.Start, range.Length, out _))
        {
            return true;
        }

        var cursor = range.Start.Value;
        var end = range.Start.Value + range.Length;
        if (end < cursor)
        {
            return false;
        }

        foreach (var b in _banks)
        {
            if (b.Range.Contains(new PhysAddr(cursor)))
            {
                cursor = b.Range.End.Value;
                if (cursor >= end)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Reads DRAM directly (no firewall); the range may span banks that touch.</summary>
    public void Read(PhysAddr address, Span<byte> into)
    {
        if (TryFindBank(address, (ulong)into.Length, out var bank))
        {
            bank.Read(address, into);
            return;
        }

        CheckContains(address, (ulong)into.Length);
        while (!into.IsEmpty)
        {
            var part = BankFor(address, 1);
            var count = (int)Math.Min((ulong)into.Length, part.Range.End - address);
            part.Read(address, into[..count]);
            into = into[count..];
            address += (ulong)count;
        }
    }

    /// <summary>Writes DRAM directly (no firewall); the range may span banks that touch.</summary>
    public void Write(PhysAddr address, ReadOnlySpan<byte> from)
    {
        if (TryFindBank(address, (ulong)from.Length, out var bank))
        {
            bank.Write(address, from);
            return;
        }

        CheckContains(address, (ulong)from.Length);
        while (!from.IsEmpty)
        {
            var part = BankFor(address, 1);
            var count = (int)Math.Min((ulong)from.Length, part.Range.End - address);
            part.Write(address, from[..count]);
            from = from[count..];
            address += (ulong)count;
        }
    }

    /// <summary>
    /// Copies <paramref name="length"/> bytes from <paramref name="from"/> to <paramref name="to"/> directly (no
    /// firewall), a page run at a time with no staging buffer; the two ranges must not overlap, and each may span
    /// banks that touch. An untouched source page is copied as zeros.
    /// </summary>
    public void Copy(PhysAddr to, PhysAddr from, ulong length)
    {
        CheckContains(from, length);
        CheckContains(to, length);
        if (from.Value < to.Value + length && to.Value < from.Value + length)
        {
            throw new ArgumentException($"a copy of 0x{length:x} bytes from {from} to {to} overlaps itself", nameof(to));
        }

        for (var done = 0UL; done < length;)
        {
            var source = from + done;
            var target = to + done;
            // A piece within one source page and one target page (so within one bank of each).
            var count = Math.Min(length - done, HwConstants.PageSize - Math.Max(source.Value & HwConstants.PageMask, target.Value & HwConstants.PageMask));
            var page = BankFor(source, 1).PageForRead(new PhysAddr(source.Value & ~HwConstants.PageMask));
            if (page.IsEmpty)
            {
                Zero(new PhysRange(target, count));
            }
            else
            {
                Write(target, page.Slice((int)(source.Value & HwConstants.PageMask), (int)count));
            }

            done += count;
        }
    }

    /// <summary>
    /// Runs <paramref name="update"/> over the <paramref name="length"/> bytes at <paramref name="address"/> in
    /// place (no firewall), a page piece at a time: what it leaves is what the bytes become. An untouched page is
    /// handed over as zeros and keeps no host memory if they stay zeros.
    /// </summary>
    public void Update(PhysAddr address, ulong length, BytesUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        CheckContains(address, length);
        Span<byte> zeros = stackalloc byte[(int)HwConstants.PageSize];
        for (var done = 0UL; done < length;)
        {
            var at = address + done;
            var inPage = (int)(at.Value & HwConstants.PageMask);
            var count = (int)Math.Min(length - done, HwConstants.PageSize - (ulong)inPage);
            var pageAddress = new PhysAddr(at.Value & ~HwConstants.PageMask);
            var bank = BankFor(at, 1);
            if (!bank.IsMaterialised(pageAddress))
            {
                var piece = zeros[..count];
                piece.Clear();
                update(piece);
                bank.Write(at, piece);
            }
            else
            {
                update(bank.PageForWrite(pageAddress).Slice(inPage, count));
            }

            done += (ulong)count;
        }
    }

    public void Fill(PhysRange range, byte value) => BankFor(range.Start, range.Length).Fill(range, value);

    public void Zero(PhysRange range) => BankFor(range.Start, range.Length).Zero(range);

    public uint ReadUInt32(PhysAddr address) => BankFor(address, 4).ReadUInt32(address);

    public void WriteUInt32(PhysAddr address, uint value) => BankFor(address, 4).WriteUInt32(address, value);

    internal ReadOnlySpan<byte> PageForRead(PhysAddr pageAddress) => BankFor(pageAddress, HwConstants.PageSize).PageForRead(pageAddress);

    internal Span<byte> PageForWrite(PhysAddr pageAddress) => BankFor(pageAddress, HwConstants.PageSize).PageForWrite(pageAddress);

    private void CheckContains(PhysAddr address, ulong length)
    {
        if (!Contains(new PhysRange(address, length)))
        {
            throw new ArgumentOutOfRangeException(nameof(address), $"[{address}, +0x{length:x}) is not all DRAM");
        }
    }

    private Dram BankFor(PhysAddr address, ulong length) =>
        TryFindBank(address, length, out var bank)
            ? bank
            : throw new ArgumentOutOfRangeException(nameof(address), $"[{address}, +0x{length:x}) is not inside one DRAM bank");
}
