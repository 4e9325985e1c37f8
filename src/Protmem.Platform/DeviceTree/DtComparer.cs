using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Protmem.Platform.DeviceTree;

/// <summary>
/// Compares two device trees and reports the first difference in tree order (a node's
/// labels, then its properties, then its children, depth first), by path.
/// </summary>
public static class DtComparer
{
    private const int ShownBytes = 48;

    /// <summary>The first difference of <paramref name="actual"/> from <paramref name="expected"/>, or null when they are equal.</summary>
    public static DtDifference? FindFirstDifference(DtTree expected, DtTree actual, DtCompareOptions options = DtCompareOptions.None)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        if (!options.HasFlag(DtCompareOptions.IgnoreMemoryReservations) && !expected.MemoryReservations.SequenceEqual(actual.MemoryReservations))
        {
            return new DtDifference("/memreserve/", null, $"expected [{string.Join(", ", expected.MemoryReservations)}], found [{string.Join(", ", actual.MemoryReservations)}]");
        }

        if (!options.HasFlag(DtCompareOptions.IgnoreBootCpuId) && expected.BootCpuId != actual.BootCpuId)
        {
            return new DtDifference("/", null, $"boot CPU id: expected 0x{expected.BootCpuId:x}, found 0x{actual.BootCpuId:x}");
        }

        return CompareNodes(expected.Root, actual.Root, options);
    }

    /// <summary>True when <see cref="FindFirstDifference"/> finds nothing.</summary>
    public static bool AreEqual(DtTree expected, DtTree actual, DtCompareOptions options = DtCompareOptions.None) =>
        FindFirstDifference(expected, actual, options) is null;

    /// <summary>A value as a short, readable text: strings, cells or bytes.</summary>
    public static string Render(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return "(empty)";
        }

        if (value[^1] == 0 && value[0] != 0 && !value.ContainsAnyExcept(PrintableOrNul) && value.IndexOf("\0\0"u8) < 0)
        {
            var strings = Encoding.UTF8.GetString(value[..^1]).Split('\0');
            return string.Join(", ", strings.Select(s => $"\"{s}\""));
        }

        var shown = value[..Math.Min(value.Length, ShownBytes)];
        var more = value.Length > ShownBytes ? $" ...({value.Length} bytes)" : "";
        if (value.Length % 4 == 0)
        {
            var cells = new List<string>();
            for (var i = 0; i + 4 <= shown.Length; i += 4)
            {
                cells.Add($"0x{BinaryPrimitives.ReadUInt32BigEndian(shown[i..]):x}");
            }

            return $"<{string.Join(' ', cells)}{more}>";
        }

        return $"[{Convert.ToHexString(shown).ToLowerInvariant()}{more}]";
    }

    private static readonly SearchValues<byte> PrintableOrNul =
        SearchValues.Create([0, .. Enumerable.Range(' ', '~' - ' ' + 1).Select(c => (byte)c)]);

    private static DtDifference? CompareNodes(DtNode expected, DtNode actual, DtCompareOptions options)
    {
        var path = expected.Path;
        var ignoreOrder = options.HasFlag(DtCompareOptions.IgnoreOrder);
        if (!options.HasFlag(DtCompareOptions.IgnoreLabels) && !SameNames(expected.Labels, actual.Labels, ignoreOrder))
        {
            return new DtDifference(path, null, $"labels: expected [{string.Join(", ", expected.Labels)}], found [{string.Join(", ", actual.Labels)}]");
        }

        var propertyNames = CompareNameLists(expected.Properties.Select(p => p.Name), actual.Properties.Select(p => p.Name), ignoreOrder, "property", path);
        if (propertyNames is not null)
        {
            return propertyNames;
        }

        foreach (var want in expected.Properties)
        {
            var got = actual.GetProperty(want.Name);
            if (!want.Value.SequenceEqual(got.Value))
            {
                return new DtDifference(path, want.Name, $"expected {Render(want.Value)}, found {Render(got.Value)}");
            }

            if (!options.HasFlag(DtCompareOptions.IgnoreLabels) && !SameNames(want.Labels, got.Labels, ignoreOrder))
            {
                return new DtDifference(path, want.Name, $"labels: expected [{string.Join(", ", want.Labels)}], found [{string.Join(", ", got.Labels)}]");
            }
        }

        var childNames = CompareNameLists(expected.Children.Select(c => c.Name), actual.Children.Select(c => c.Name), ignoreOrder, "child node", path);
        if (childNames is not null)
        {
            return childNames;
        }

        var children = ignoreOrder ? expected.Children.OrderBy(c => c.Name, StringComparer.Ordinal) : expected.Children.AsEnumerable();
        foreach (var want in children)
        {
            var got = actual.Children.First(c => c.Name == want.Name);
            if (CompareNodes(want, got, options) is { } difference)
            {
                return difference;
            }
        }

        return null;
    }

    private static bool SameNames(IReadOnlyList<string> expected, IReadOnlyList<string> actual, bool ignoreOrder) =>
        ignoreOrder
            ? expected.Order(StringComparer.Ordinal).SequenceEqual(actual.Order(StringComparer.Ordinal), StringComparer.Ordinal)
            : expected.SequenceEqual(actual, StringComparer.Ordinal);

    private static DtDifference? CompareNameLists(IEnumerable<string> expected, IEnumerable<string> actual, bool ignoreOrder, string what, string path)
    {
        var want = expected.ToList();
        var got = actual.ToList();
        if (ignoreOrder)
        {
            want.Sort(StringComparer.Ordinal);
            got.Sort(StringComparer.Ordinal);
        }

        for (var i = 0; i < Math.Max(want.Count, got.Count); i++)
        {
            if (i >= got.Count || (ignoreOrder && string.CompareOrdinal(want[i], got[i]) < 0))
            {
                return new DtDifference(path, null, $"{what} '{want[i]}' is missing");
            }

            if (i >= want.Count || (ignoreOrder && string.CompareOrdinal(want[i], got[i]) > 0))
            {
                return new DtDifference(path, null, $"unexpected {what} '{got[i]}'");
            }

            if (want[i] != got[i])
            {
                return new DtDifference(path, null, $"{what} #{i + 1} is '{got[i]}', expected '{want[i]}'");
            }
        }

        return null;
    }
}
