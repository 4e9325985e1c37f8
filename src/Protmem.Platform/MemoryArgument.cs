using System.Globalization;
using Protmem.Hardware;

namespace Protmem.Platform;

/// <summary>
/// <c>--memory BASE:SIZE</c>: a range of normal-world RAM, as QEMU's -m or a boot loader's /memory fixup
/// gives it. Numbers are decimal or 0x-hex, the size with an optional K, M, G or T suffix (binary units):
/// <c>0x0:8G</c>, <c>0x40000000:1G</c>.
/// </summary>
public static class MemoryArgument
{
    /// <summary>The ranges <paramref name="texts"/> name, in order; <see cref="ArgumentException"/> names a bad one.</summary>
    public static IReadOnlyList<PhysRange> ParseAll(IEnumerable<string> texts) => [.. texts.Select(Parse)];

    /// <summary><paramref name="options"/> with the normal-world RAM the <paramref name="texts"/> name (none: the tree's /memory).</summary>
    public static MachineOptions WithMemory(this MachineOptions options, IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with { Memory = ParseAll(texts) };
    }

    public static PhysRange Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
        {
            throw new ArgumentException($"--memory '{text}': say BASE:SIZE, e.g. 0x0:8G");
        }

        var start = Number(text[..colon], text, allowSuffix: false);
        var size = Number(text[(colon + 1)..], text, allowSuffix: true);
        if (size == 0 || size > HwConstants.PhysAddressLimit || start > HwConstants.PhysAddressLimit - size)
        {
            throw new ArgumentException($"--memory '{text}': the range must be non-empty and below the 0x{HwConstants.PhysAddressLimit:x} physical address limit");
        }

        if (((start | size) & HwConstants.PageMask) != 0)
        {
            throw new ArgumentException($"--memory '{text}': base and size must be multiples of the 4 KiB page");
        }

        return new PhysRange(new PhysAddr(start), size);
    }

    private static ulong Number(string part, string whole, bool allowSuffix)
    {
        var shift = 0;
        if (allowSuffix && part.Length > 1 && char.ToUpperInvariant(part[^1]) is 'K' or 'M' or 'G' or 'T')
        {
            shift = char.ToUpperInvariant(part[^1]) switch { 'K' => 10, 'M' => 20, 'G' => 30, _ => 40 };
            part = part[..^1];
        }

        var hex = part.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        if (!ulong.TryParse(hex ? part[2..] : part, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            || (shift > 0 && value > ulong.MaxValue >> shift))
        {
            throw new ArgumentException($"--memory '{whole}': '{part}' is not a number");
        }

        return value << shift;
    }
}
