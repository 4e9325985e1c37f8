using System.Buffers.Binary;
using System.Text;

namespace Protmem.Platform.DeviceTree;

/// <summary>
/// Reads a flattened device tree blob (versions 16 and 17) into a <see cref="DtTree"/>:
/// 1. check the header: magic, sizes and block offsets inside the blob, a version it can read;
/// 2. read the memory reservation block up to its zero entry;
/// 3. walk the structure block's tokens (BEGIN_NODE, END_NODE, PROP, NOP, END), taking
///    property names from the strings block;
/// 4. check the tree's rules (unique names, valid and unique phandles, depth).
/// Every read is bounds-checked: a malformed blob gives a <see cref="DtbFormatException"/>
/// naming the offset, never another exception, and reading always ends (each step advances).
/// </summary>
public static class DtbReader
{
    private const int Version16HeaderSize = 36;

    /// <summary>Reads <paramref name="blob"/>; bytes after the header's totalsize are ignored.</summary>
    public static DtTree Read(ReadOnlySpan<byte> blob)
    {
        if (blob.Length < Version16HeaderSize)
        {
            throw new DtbFormatException(0, $"{blob.Length} bytes are too few for a device-tree header");
        }

        var magic = U32(blob, 0);
        if (magic != DtbFormat.Magic)
        {
            throw new DtbFormatException(0, $"bad magic 0x{magic:x8} (a DTB starts with 0xd00dfeed)");
        }

        var version = U32(blob, 20);
        var lastCompatible = U32(blob, 24);
        if (version < 16)
        {
            throw new DtbFormatException(20, $"version {version} is not supported (versions 16 and 17 are)");
        }

        if (lastCompatible > DtbFormat.Version)
        {
            throw new DtbFormatException(24, $"the blob needs a reader of version {lastCompatible}; this one reads up to {DtbFormat.Version}");
        }

        var headerSize = version >= 17 ? DtbFormat.HeaderSize : Version16HeaderSize;
        var total = U32(blob, 4);
        if (total < headerSize || total > blob.Length)
        {
            throw new DtbFormatException(4, $"totalsize {total} is outside {headerSize}..{blob.Length} (the header's size .. the bytes given)");
        }

        var data = blob[..(int)total];
        var structBlock = Block(data, U32(data, 8), version >= 17 ? U32(data, 36) : null, headerSize, (8, 36), "structure");
        var stringsBlock = Block(data, U32(data, 12), U32(data, 32), headerSize, (12, 32), "strings");
        var reservations = ReadReservations(data, U32(data, 16), headerSize);
        var reader = new StructureReader(data, structBlock.Start, structBlock.Length, stringsBlock.Start, stringsBlock.Length);
        var root = reader.ReadRoot();
        if (DtTree.FindRuleBroken(root) is { } broken)
        {
            throw new DtbFormatException(reader.OffsetOf(broken.Node), broken.Reason);
        }

        return new DtTree(root, reservations, U32(data, 28));
    }

    private static uint U32(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadUInt32BigEndian(data[offset..]);

    /// <summary>A block's bounds from its offset and size fields (<paramref name="fields"/> are where those fields are, for messages).</summary>
    private static (int Start, int Length) Block(ReadOnlySpan<byte> data, uint offset, uint? size, int headerSize, (int Offset, int Size) fields, string name)
    {
        if (offset < headerSize || offset > data.Length)
        {
            throw new DtbFormatException(fields.Offset, $"the {name} block offset 0x{offset:x} is outside the blob (0x{headerSize:x}..0x{data.Length:x})");
        }

        var length = size ?? (uint)(data.Length - (int)offset);
        if (length > data.Length - offset)
        {
            throw new DtbFormatException(fields.Size, $"the {name} block (0x{offset:x} + {length} bytes) runs past the end of the blob at 0x{data.Length:x}");
        }

        return ((int)offset, (int)length);
    }

    private static List<DtReserveEntry> ReadReservations(ReadOnlySpan<byte> data, uint offset, int headerSize)
    {
        if (offset < headerSize || offset > data.Length)
        {
            throw new DtbFormatException(16, $"the memory reservation block offset 0x{offset:x} is outside the blob");
        }

        var entries = new List<DtReserveEntry>();
        for (var at = (long)offset; ; at += DtbFormat.ReserveEntrySize)
        {
            if (at + DtbFormat.ReserveEntrySize > data.Length)
            {
                throw new DtbFormatException(at, "the memory reservation block runs past the end of the blob without its zero entry");
            }

            var address = BinaryPrimitives.ReadUInt64BigEndian(data[(int)at..]);
            var size = BinaryPrimitives.ReadUInt64BigEndian(data[((int)at + 8)..]);
            if (address == 0 && size == 0)
            {
                return entries;
            }

            entries.Add(new DtReserveEntry(address, size));
        }
    }

    /// <summary>Step 3: the token walk, with an explicit stack of open nodes (no recursion).</summary>
    private sealed class StructureReader
    {
        private readonly byte[] _data;
        private readonly int _start;
        private readonly int _end;
        private readonly int _stringsStart;
        private readonly int _stringsEnd;
        private readonly Dictionary<DtNode, int> _offsets = new(ReferenceEqualityComparer.Instance);
        private readonly Dictionary<int, string> _names = [];

        public StructureReader(ReadOnlySpan<byte> data, int start, int length, int stringsStart, int stringsLength)
        {
            _data = data.ToArray();
            _start = start;
            _end = start + length;
            _stringsStart = stringsStart;
            _stringsEnd = stringsStart + stringsLength;
        }

        public int OffsetOf(DtNode node) => _offsets.GetValueOrDefault(node, _start);

        public DtNode ReadRoot()
        {
            var open = new Stack<OpenNode>();
            DtNode? root = null;
            var at = _start;
            while (true)
            {
                var tokenAt = at;
                var token = ReadToken(ref at, open.Count);
                switch (token)
                {
                    case DtbFormat.BeginNode:
                        if (root is not null)
                        {
                            throw new DtbFormatException(tokenAt, "a second root node after the first one ended");
                        }

                        open.Push(BeginNode(ref at, tokenAt, open.Count));
                        break;
                    case DtbFormat.EndNode:
                        if (open.Count == 0)
                        {
                            throw new DtbFormatException(tokenAt, "FDT_END_NODE with no node open");
                        }

                        var node = open.Pop().Build(_offsets);
                        if (open.Count == 0)
                        {
                            root = node;
                        }
                        else
                        {
                            open.Peek().AddChild(node, tokenAt);
                        }

                        break;
                    case DtbFormat.Prop:
                        if (open.Count == 0)
                        {
                            throw new DtbFormatException(tokenAt, "FDT_PROP outside any node");
                        }

                        open.Peek().AddProperty(ReadProperty(ref at, tokenAt), tokenAt);
                        break;
                    case DtbFormat.Nop:
                        break;
                    case DtbFormat.End:
                        if (open.Count > 0)
                        {
                            throw new DtbFormatException(tokenAt, $"FDT_END while {open.Count} node(s) are still open");
                        }

                        return root ?? throw new DtbFormatException(tokenAt, "FDT_END before any node: the tree has no root");
                    default:
                        throw new DtbFormatException(tokenAt, $"unknown structure token 0x{token:x8}");
                }
            }
        }

        private uint ReadToken(ref int at, int depth)
        {
            if (at + 4 > _end)
            {
                throw new DtbFormatException(at, depth > 0 ? "the structure block ends inside a node" : "the structure block ends without FDT_END");
            }

            var token = BinaryPrimitives.ReadUInt32BigEndian(_data.AsSpan(at));
            at += 4;
            return token;
        }

        private OpenNode BeginNode(ref int at, int tokenAt, int depth)
        {
            if (depth > DtTree.MaxDepth)
            {
                throw new DtbFormatException(tokenAt, $"nodes nested more than {DtTree.MaxDepth} deep");
            }

            var nul = Array.IndexOf(_data, (byte)0, at, _end - at);
            if (nul < 0)
            {
                throw new DtbFormatException(at, "a node name runs past the end of the structure block");
            }

            var name = Encoding.Latin1.GetString(_data, at, nul - at);
            if (depth == 0 ? name.Length != 0 : !DtNode.IsValidName(name))
            {
                throw new DtbFormatException(at, depth == 0
                    ? $"the root node's name must be empty, not '{Printable(name)}'"
                    : $"'{Printable(name)}' is not a valid node name (printable ASCII without '/')");
            }

            at = DtbFormat.Align(nul + 1 - _start, 4) + _start;
            return new OpenNode(name, tokenAt);
        }

        private DtProperty ReadProperty(ref int at, int tokenAt)
        {
            if (at + 8 > _end)
            {
                throw new DtbFormatException(at, "an FDT_PROP header runs past the end of the structure block");
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(_data.AsSpan(at));
            var nameOffset = BinaryPrimitives.ReadUInt32BigEndian(_data.AsSpan(at + 4));
            at += 8;
            var name = PropertyName(nameOffset, tokenAt);
            if (length > _end - at)
            {
                throw new DtbFormatException(tokenAt, $"property '{name}' of {length} bytes runs past the end of the structure block");
            }

            var value = _data.AsSpan(at, (int)length).ToArray();
            at = DtbFormat.Align(at + (int)length - _start, 4) + _start;
            return new DtProperty(name, value, [], null);
        }

        private string PropertyName(uint nameOffset, int tokenAt)
        {
            if (_names.TryGetValue((int)Math.Min(nameOffset, int.MaxValue), out var cached))
            {
                return cached;
            }

            if (nameOffset >= _stringsEnd - _stringsStart)
            {
                throw new DtbFormatException(tokenAt, $"property name offset {nameOffset} is outside the strings block ({_stringsEnd - _stringsStart} bytes)");
            }

            var from = _stringsStart + (int)nameOffset;
            var nul = Array.IndexOf(_data, (byte)0, from, _stringsEnd - from);
            if (nul < 0)
            {
                throw new DtbFormatException(from, "a property name runs past the end of the strings block");
            }

            var name = Encoding.Latin1.GetString(_data, from, nul - from);
            if (!DtProperty.IsValidName(name))
            {
                throw new DtbFormatException(from, $"'{Printable(name)}' is not a valid property name (printable ASCII)");
            }

            _names[(int)nameOffset] = name;
            return name;
        }

        private static string Printable(string text) =>
            string.Concat(text.Take(64).Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\x{(int)c:x2}"));
    }

    /// <summary>A node whose END_NODE has not come yet: what it has so far, names checked for duplicates as they arrive.</summary>
    private sealed class OpenNode(string name, int offset)
    {
        private readonly List<DtProperty> _properties = [];
        private readonly List<DtNode> _children = [];
        private readonly HashSet<string> _propertyNames = new(StringComparer.Ordinal);
        private readonly HashSet<string> _childNames = new(StringComparer.Ordinal);

        public void AddProperty(DtProperty property, int at)
        {
            if (_children.Count > 0)
            {
                throw new DtbFormatException(at, $"property '{property.Name}' of node '{name}' comes after a child node");
            }

            if (!_propertyNames.Add(property.Name))
            {
                throw new DtbFormatException(at, $"node '{name}' has two properties named '{property.Name}'");
            }

            _properties.Add(property);
        }

        public void AddChild(DtNode child, int at)
        {
            if (!_childNames.Add(child.Name))
            {
                throw new DtbFormatException(at, $"node '{name}' has two children named '{child.Name}'");
            }

            _children.Add(child);
        }

        public DtNode Build(Dictionary<DtNode, int> offsets)
        {
            var node = new DtNode(name, _properties, _children);
            offsets[node] = offset;
            return node;
        }
    }
}
