using System.Text;

namespace Protmem.Platform.DeviceTree;

/// <summary>
/// The strings block as dtc builds it: a name already present anywhere in the block, even
/// as the tail of a longer name (<c>"cells"</c> inside <c>"#size-cells"</c>), is shared at
/// its first offset; otherwise it is appended.
/// </summary>
internal sealed class DtbStringTable
{
    private readonly Dictionary<string, int> _offsets = new(StringComparer.Ordinal);
    private readonly List<byte> _bytes = [];

    public int Length => _bytes.Count;

    public IReadOnlyList<byte> Bytes => _bytes;

    /// <summary>The offset of <paramref name="name"/>, adding it when no entry ends with it.</summary>
    public int Add(string name)
    {
        if (_offsets.TryGetValue(name, out var offset))
        {
            return offset;
        }

        offset = _bytes.Count;
        _bytes.AddRange(Encoding.UTF8.GetBytes(name));
        _bytes.Add(0);
        for (var i = 0; i <= name.Length; i++)
        {
            _offsets.TryAdd(name[i..], offset + i);
        }

        return offset;
    }
}
