namespace Protmem.Hardware.Iommu;

/// <summary>
/// An IOTLB: a direct-mapped cache of PTEs indexed by IOVA page number. It really caches, so a PTE
/// changed in DRAM without a zap keeps translating the old way until the line is zapped or evicted.
/// </summary>
internal sealed class Iotlb
{
    private readonly ulong[] _tags; // page number + 1; 0 marks an empty line
    private readonly uint[] _ptes;
    private readonly int _mask;
    private readonly List<int> _filled = []; // lines filled since the last clear (may repeat), so a clear touches only those

    public Iotlb(int entries)
    {
        if (entries <= 0 || (entries & (entries - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(entries), $"IOTLB size {entries} must be a positive power of two");
        }

        _tags = new ulong[entries];
        _ptes = new uint[entries];
        _mask = entries - 1;
    }

    public int Capacity => _tags.Length;

    public bool TryLookup(ulong pageNumber, out uint pte)
    {
        var line = (int)pageNumber & _mask;
        if (_tags[line] == pageNumber + 1)
        {
            pte = _ptes[line];
            return true;
        }

        pte = 0;
        return false;
    }

    public void Insert(ulong pageNumber, uint pte)
    {
        var line = (int)pageNumber & _mask;
        if (_tags[line] == 0)
        {
            if (_filled.Count >= 2 * _tags.Length)
            {
                // Lines zapped one by one and refilled repeat in the list: keep it no longer than the cache.
                _filled.Clear();
                _filled.AddRange(Enumerable.Range(0, _tags.Length).Where(i => _tags[i] != 0));
            }

            _filled.Add(line);
        }

        _tags[line] = pageNumber + 1;
        _ptes[line] = pte;
    }

    /// <summary>ZAP_ONE_LINE: drops the line for <paramref name="pageNumber"/> if it holds that page.</summary>
    public void Invalidate(ulong pageNumber)
    {
        var line = (int)pageNumber & _mask;
        if (_tags[line] == pageNumber + 1)
        {
            _tags[line] = 0;
        }
    }

    /// <summary>ZAP_CACHE: drops every line.</summary>
    public void Clear()
    {
        if (_filled.Count >= _tags.Length)
        {
            Array.Clear(_tags);
        }
        else
        {
            foreach (var line in _filled)
            {
                _tags[line] = 0;
            }
        }

        _filled.Clear();
    }

    /// <summary>The cached translations: (IOVA page number, PTE).</summary>
    public IEnumerable<(ulong PageNumber, uint Pte)> Entries()
    {
        for (var i = 0; i < _tags.Length; i++)
        {
            if (_tags[i] != 0)
            {
                yield return (_tags[i] - 1, _ptes[i]);
            }
        }
    }
}
