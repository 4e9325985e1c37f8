using System.Globalization;

namespace Protmem.Hardware;

/// <summary>
/// A device-virtual address (IOVA): what a bus master behind an IOMMU issues.
/// A distinct type so that it cannot be mixed with the other address kinds by mistake.
/// </summary>
/// <param name="Value">The raw address.</param>
public readonly record struct DeviceAddr(ulong Value) : IComparable<DeviceAddr>
{
    /// <summary>The page this address lies in (address / 4 KiB).</summary>
    public ulong PageNumber => Value >> HwConstants.PageShift;

    /// <summary>The offset of this address inside its page.</summary>
    public ulong PageOffset => Value & HwConstants.PageMask;

    /// <summary>True when the address is at the start of a 4 KiB page.</summary>
    public bool IsPageAligned => (Value & HwConstants.PageMask) == 0;

    /// <summary>The start of the page holding this address.</summary>
    public DeviceAddr AlignDown() => new(Value & ~HwConstants.PageMask);

    /// <summary>The first page boundary at or above this address.</summary>
    public DeviceAddr AlignUp() => new(checked(Value + HwConstants.PageMask) & ~HwConstants.PageMask);

    /// <summary>The address of page <paramref name="pageNumber"/>.</summary>
    public static DeviceAddr FromPageNumber(ulong pageNumber) => new(checked(pageNumber << HwConstants.PageShift));

    public static DeviceAddr operator +(DeviceAddr address, ulong offset) => new(checked(address.Value + offset));

    public static DeviceAddr operator -(DeviceAddr address, ulong offset) => new(checked(address.Value - offset));

    /// <summary>The distance in bytes from <paramref name="low"/> up to <paramref name="high"/>.</summary>
    public static ulong operator -(DeviceAddr high, DeviceAddr low) => checked(high.Value - low.Value);

    public static bool operator <(DeviceAddr left, DeviceAddr right) => left.Value < right.Value;

    public static bool operator >(DeviceAddr left, DeviceAddr right) => left.Value > right.Value;

    public static bool operator <=(DeviceAddr left, DeviceAddr right) => left.Value <= right.Value;

    public static bool operator >=(DeviceAddr left, DeviceAddr right) => left.Value >= right.Value;

    public int CompareTo(DeviceAddr other) => Value.CompareTo(other.Value);

    /// <summary>Hexadecimal, e.g. <c>0x12_3456_7000</c> is written <c>0x1234567000</c>.</summary>
    public override string ToString() => "0x" + Value.ToString("x", CultureInfo.InvariantCulture);
}
