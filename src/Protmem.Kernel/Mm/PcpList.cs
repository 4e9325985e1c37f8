namespace Protmem.Kernel.Mm;

/// <summary>
/// One per-cpu page list (<c>per_cpu_pages.lists[migratetype]</c>): order-0 pages freed recently,
/// handed out again hot-first (the head), returned to the buddy allocator oldest-first (the tail).
/// A ring buffer of page indexes.
/// </summary>
internal sealed class PcpList(int capacity)
{
    private readonly int[] _ring = new int[Math.Max(capacity, 1)];
    private int _head;

    public int Count { get; private set; }

    public void PushHead(int index)
    {
        if (Count == _ring.Length)
        {
            throw new MmInvariantException("a per-cpu list holds at most high + batch pages", $"list full at {Count}");
        }

        _head = _head == 0 ? _ring.Length - 1 : _head - 1;
        _ring[_head] = index;
        Count++;
    }

    public void PushTail(int index)
    {
        if (Count == _ring.Length)
        {
            throw new MmInvariantException("a per-cpu list holds at most high + batch pages", $"list full at {Count}");
        }

        _ring[(_head + Count) % _ring.Length] = index;
        Count++;
    }

    public int PopHead()
    {
        var index = _ring[_head];
        _head = _head + 1 == _ring.Length ? 0 : _head + 1;
        Count--;
        return index;
    }

    public int PopTail()
    {
        Count--;
        return _ring[(_head + Count) % _ring.Length];
    }

    public IEnumerable<int> Items()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return _ring[(_head + i) % _ring.Length];
        }
    }
}
