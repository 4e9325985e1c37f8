using System.Globalization;

namespace Protmem.Hardware;

/// <summary>
/// A CPU virtual address: what code running on the CPU issues, translated by an address space.
/// A distinct type so that it cannot be mixed with the other address kinds by mistake.
/// </summary>
/// <param name="Value">The raw address.</param>
public readonly record struct CpuVirtAddr(ulong Value) : IComparable<CpuVirtAddr>
{
    /// <summary>The page this address lies in (address / 4 KiB).</summary>
    public ulong PageNumber => Value >> HwConstants.PageShift;

    /// <summary>The offset of this address inside its page.</summary>
    public ulong PageOffset => Value & HwConstants.PageMask;

    /// <summary>True when the address is at the start of a 4 KiB page.</summary>
    public bool IsPageAligned => (Value & HwConstants.PageMask) == 0;

    /// <summary>The start of the page holding this address.</summary>
    public CpuVirtAddr AlignDown() => new(Value & ~HwConstants.PageMask);

    /// <summary>The first page boundary at or above this address.</summary>
    public CpuVirtAddr AlignUp() => new(checked(Value + HwConstants.PageMask) & ~HwConstants.PageMask);

    /// <summary>The address of page <paramref name="pageNumber"/>.</summary>
    public static CpuVirtAddr FromPageNumber(ulong pageNumber) => new(checked(pageNumber << HwConstants.PageShift));

    public static CpuVirtAddr operator +(CpuVirtAddr address, ulong offset) => new(checked(address.Value + offset));

    public static CpuVirtAddr operator -(CpuVirtAddr address, ulong offset) => new(checked(address.Value - offset));

    /// <summary>The distance in bytes from <paramref name="low"/> up to <paramref name="high"/>.</summary>
    public static ulong operator -(CpuVirtAddr high, CpuVirtAddr low) => checked(high.Value - low.Value);

    public static bool operator <(CpuVirtAddr left, CpuVirtAddr right) => left.Value < right.Value;

    public static bool operator >(CpuVirtAddr left, CpuVirtAddr right) => left.Value > right.Value;

    public static bool operator <=(CpuVirtAddr left, CpuVirtAddr right) => left.Value <= right.Value;

    public static bool operator >=(CpuVirtAddr left, CpuVirtAddr right) => left.Value >= right.Value;

    public int CompareTo(CpuVirtAddr other) => Value.CompareTo(other.Value);

    /// <summary>Hexadecimal, e.g. <c>0x12_3456_7000</c> is written <c>0x1234567000</c>.</summary>
    public override string ToString() => "0x" + Value.ToString("x", CultureInfo.InvariantCulture);
}
