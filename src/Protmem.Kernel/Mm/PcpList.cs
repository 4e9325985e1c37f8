using System.Numerics;
using Protmem.Kernel.Core;

namespace Protmem.Kernel.Mm;

/// <summary>
/// One per-cpu page list (<c>per_cpu_pages.lists[migratetype]</c>): order-0 pages freed recently,
/// handed out again hot-first (the head), returned to the buddy allocator oldest-first (the tail).
/// A ring buffer of page indexes whose size is a power of two.
/// </summary>
internal sealed class PcpList(int capacity)
{
    private readonly int[] _ring = new int[BitOperations.RoundUpToPowerOf2((uint)Math.Max(capacity, 1))];
    private int _head;

    public int Count { get; private set; }

    private int Mask => _ring.Length - 1;

    public void PushHead(int index)
    {
        CheckRoom();
        _head = (_head - 1) & Mask;
        _ring[_head] = index;
        Count++;
    }

    public void PushTail(int index)
    {
        CheckRoom();
        _ring[(_head + Count) & Mask] = index;
        Count++;
    }

    public int PopHead()
    {
        var index = _ring[_head];
        _head = (_head + 1) & Mask;
        Count--;
        return index;
    }

    public int PopTail()
    {
        Count--;
        return _ring[(_head + Count) & Mask];
    }

    public IEnumerable<int> Items()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return _ring[(_head + i) & Mask];
        }
    }

    private void CheckRoom()
    {
        if (Count == _ring.Length)
        {
            throw new KernelOopsException("a per-cpu list holds at most high + batch pages", $"list full at {Count}");
        }
    }
}
