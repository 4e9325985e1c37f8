using System.Buffers.Binary;
using System.Text;

namespace Protmem.Platform.DeviceTree;

/// <summary>
/// A device-tree property: a name and a value that is only bytes (big-endian cells,
/// NUL-terminated strings, raw bytes, or a mix), as in the flattened tree. The readers
/// interpret those bytes the way bindings do; each one throws a <see cref="DtValueException"/>
/// naming the property when the bytes do not have the shape asked for. Immutable.
/// </summary>
public sealed class DtProperty
{
    private readonly byte[] _value;

    /// <summary>A property with a copy of <paramref name="value"/>.</summary>
    public DtProperty(string name, ReadOnlySpan<byte> value, IEnumerable<string>? labels = null)
        : this(name, value.ToArray(), labels?.ToArray() ?? [], null)
    {
    }

    internal DtProperty(string name, byte[] value, IReadOnlyList<string> labels, DtsValueHint[]? hints)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!IsValidName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid property name (printable ASCII characters)", nameof(name));
        }

        Name = name;
        _value = value;
        Labels = labels;
        Hints = hints;
    }

    public string Name { get; }

    /// <summary>The value's bytes.</summary>
    public ReadOnlySpan<byte> Value => _value;

    /// <summary>The value's bytes as memory (for keeping a reference without copying).</summary>
    public ReadOnlyMemory<byte> ValueMemory => _value;

    public int Length => _value.Length;

    /// <summary>True for a property with no value (a flag such as <c>dma-coherent;</c>).</summary>
    public bool IsEmpty => _value.Length == 0;

    /// <summary>Labels on the property in the source (<c>lbl: name = ...;</c>); empty when read from a DTB.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>How the source wrote the value (types and labels at offsets), when it came from a DTS; the DTS writer uses it.</summary>
    internal DtsValueHint[]? Hints { get; }

    /// <summary>A property of 32-bit cells: <c>name = &lt;a b c&gt;;</c>.</summary>
    public static DtProperty FromCells(string name, params uint[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var bytes = new byte[cells.Length * 4];
        for (var i = 0; i < cells.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(i * 4), cells[i]);
        }

        return new DtProperty(name, bytes, [], null);
    }

    /// <summary>A property of 64-bit values: <c>name = /bits/ 64 &lt;a b&gt;;</c> (the same bytes as pairs of cells).</summary>
    public static DtProperty FromUInt64s(string name, params ulong[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var bytes = new byte[values.Length * 8];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(i * 8), values[i]);
        }

        return new DtProperty(name, bytes, [], null);
    }

    /// <summary>A property of NUL-terminated UTF-8 strings: <c>name = "a", "b";</c>.</summary>
    public static DtProperty FromStrings(string name, params string[] strings)
    {
        ArgumentNullException.ThrowIfNull(strings);
        var bytes = new List<byte>();
        foreach (var s in strings)
        {
            if (s.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException("a device-tree string cannot hold a NUL character", nameof(strings));
            }

            bytes.AddRange(Encoding.UTF8.GetBytes(s));
            bytes.Add(0);
        }

        return new DtProperty(name, [.. bytes], [], null);
    }

    /// <summary>A property without a value: <c>name;</c>.</summary>
    public static DtProperty Empty(string name) => new(name, [], [], null);

    /// <summary>The value as one 32-bit cell.</summary>
    public uint AsUInt32()
    {
        RequireLength(4, "one 32-bit cell");
        return BinaryPrimitives.ReadUInt32BigEndian(_value);
    }

    /// <summary>True and the cell when the value is exactly one 32-bit cell.</summary>
    public bool TryAsUInt32(out uint value)
    {
        value = _value.Length == 4 ? BinaryPrimitives.ReadUInt32BigEndian(_value) : 0;
        return _value.Length == 4;
    }

    /// <summary>The value as one 64-bit number (two cells, high first).</summary>
    public ulong AsUInt64()
    {
        RequireLength(8, "one 64-bit value (two cells)");
        return BinaryPrimitives.ReadUInt64BigEndian(_value);
    }

    /// <summary>The value as 32-bit cells.</summary>
    public IReadOnlyList<uint> AsCells()
    {
        RequireMultiple(4, "32-bit cells");
        var cells = new uint[_value.Length / 4];
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = BinaryPrimitives.ReadUInt32BigEndian(_value.AsSpan(i * 4));
        }

        return cells;
    }

    /// <summary>The value as 64-bit numbers, each a pair of cells, high first (<c>/bits/ 64</c> values read the same way).</summary>
    public IReadOnlyList<ulong> AsUInt64s()
    {
        RequireMultiple(8, "64-bit values (pairs of cells)");
        var values = new ulong[_value.Length / 8];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadUInt64BigEndian(_value.AsSpan(i * 8));
        }

        return values;
    }

    /// <summary>
    /// The number made of <paramref name="count"/> cells (1 or 2) starting at cell
    /// <paramref name="cellIndex"/>, high cell first: how bindings read an address or size.
    /// </summary>
    public ulong ReadNumber(int cellIndex, int count)
    {
        if (count is < 1 or > 2)
        {
            throw new DtValueException(Name, $"a number of {count} cells does not fit 64 bits (1 or 2 cells are readable as one number)");
        }

        RequireMultiple(4, "32-bit cells");
        if (cellIndex < 0 || (cellIndex + count) * 4 > _value.Length)
        {
            throw new DtValueException(Name, $"cells {cellIndex}..{cellIndex + count - 1} are past the end of its {_value.Length / 4} cells");
        }

        ulong number = 0;
        for (var i = 0; i < count; i++)
        {
            number = (number << 32) | BinaryPrimitives.ReadUInt32BigEndian(_value.AsSpan((cellIndex + i) * 4));
        }

        return number;
    }

    /// <summary>The value as one NUL-terminated string (UTF-8).</summary>
    public string AsString()
    {
        if (!TryAsString(out var text))
        {
            throw new DtValueException(Name, $"its {_value.Length} bytes are not one NUL-terminated string");
        }

        return text;
    }

    /// <summary>True and the text when the value is one NUL-terminated string with no other NUL.</summary>
    public bool TryAsString(out string text)
    {
        var ok = _value.Length > 0 && _value[^1] == 0 && Array.IndexOf(_value, (byte)0) == _value.Length - 1;
        text = ok ? Encoding.UTF8.GetString(_value, 0, _value.Length - 1) : "";
        return ok;
    }

    /// <summary>The value as a list of NUL-terminated strings (<c>"a", "b"</c>); empty for an empty value.</summary>
    public IReadOnlyList<string> AsStringList()
    {
        if (_value.Length > 0 && _value[^1] != 0)
        {
            throw new DtValueException(Name, "its value does not end with a NUL, so it is not a list of strings");
        }

        var strings = new List<string>();
        var start = 0;
        for (var i = 0; i < _value.Length; i++)
        {
            if (_value[i] == 0)
            {
                strings.Add(Encoding.UTF8.GetString(_value, start, i - start));
                start = i + 1;
            }
        }

        return strings;
    }

    /// <summary>The strings, or an empty list when the value is not a list of strings.</summary>
    internal IReadOnlyList<string> AsStringListOrEmpty() =>
        _value.Length > 0 && _value[^1] != 0 ? [] : AsStringList();

    /// <summary>
    /// The value as <c>reg</c>-style (address, size) entries of <paramref name="addressCells"/>
    /// and <paramref name="sizeCells"/> cells each (0 to 2; a size of 0 cells reads as 0).
    /// </summary>
    public IReadOnlyList<DtRegEntry> DecodeReg(int addressCells, int sizeCells)
    {
        if (addressCells is < 1 or > 2 || sizeCells is < 0 or > 2)
        {
            throw new DtValueException(Name, $"#address-cells = {addressCells} and #size-cells = {sizeCells} cannot be read as 64-bit (address, size) pairs (1-2 address cells and 0-2 size cells can)");
        }

        var entryCells = addressCells + sizeCells;
        RequireMultiple(4 * entryCells, $"entries of {addressCells} address and {sizeCells} size cells");
        var entries = new DtRegEntry[_value.Length / (4 * entryCells)];
        for (var i = 0; i < entries.Length; i++)
        {
            var first = i * entryCells;
            var size = sizeCells == 0 ? 0 : ReadNumber(first + addressCells, sizeCells);
            entries[i] = new DtRegEntry(ReadNumber(first, addressCells), size);
        }

        return entries;
    }

    public override string ToString() => IsEmpty ? $"{Name};" : $"{Name} = [{Convert.ToHexString(_value)}];";

    internal static bool IsValidName(string name) =>
        name.Length > 0 && name.All(c => c is > ' ' and <= '~');

    private void RequireLength(int length, string what)
    {
        if (_value.Length != length)
        {
            throw new DtValueException(Name, $"its {_value.Length} bytes are not {what}");
        }
    }

    private void RequireMultiple(int unit, string what)
    {
        if (_value.Length % unit != 0)
        {
            throw new DtValueException(Name, $"its {_value.Length} bytes are not a whole number of {what}");
        }
    }
}
