using Protmem.Kernel.Core;
using Protmem.Uapi;

namespace Protmem.Kernel.DmaBufs;

/// <summary>
/// The heaps of the kernel (dma_heap_add and the heap list). Heaps come and stay: Linux has no
/// removal. Subscribers learn of each new heap (<see cref="HeapAdded"/>, <see cref="WhenAdded"/>),
/// so a driver can defer its probe until a named heap exists.
/// </summary>
public sealed class DmaHeapRegistry
{
    /// <summary>NUM_HEAP_MINORS: the most heaps the char device region holds.</summary>
    public const int MaxHeaps = 128;

    private readonly KernelContext _kernel;
    private readonly Dictionary<string, DmaHeap> _heaps = new(StringComparer.Ordinal);
    private readonly List<DmaHeap> _order = [];
    private readonly List<(string Name, Action<DmaHeap> Action)> _waiters = [];

    internal DmaHeapRegistry(KernelContext kernel) => _kernel = kernel;

    /// <summary>Raised after a heap is added and its node exists.</summary>
    public event Action<DmaHeap>? HeapAdded;

    /// <summary>Every heap, in the order added.</summary>
    public IReadOnlyList<DmaHeap> Heaps => _order;

    /// <summary>
    /// dma_heap_add: 0 and the heap, or -EINVAL (empty name, a name with '/', a name taken), -ENOSPC
    /// (no minor left).
    /// </summary>
    public int Add(string name, IDmaHeapOps ops, object? privateData, out DmaHeap? heap)
    {
        ArgumentNullException.ThrowIfNull(ops);
        heap = null;
        if (string.IsNullOrEmpty(name) || name.Contains('/', StringComparison.Ordinal) || _heaps.ContainsKey(name))
        {
            return -Errno.EINVAL;
        }

        if (_heaps.Count >= MaxHeaps)
        {
            return -Errno.ENOSPC;
        }

        var created = new DmaHeap(_kernel, name, ops, privateData);
        if (!_kernel.DeviceNodes.TryRegister(created.DevicePath, created))
        {
            return -Errno.EINVAL;
        }

        _heaps.Add(name, created);
        _order.Add(created);
        heap = created;
        HeapAdded?.Invoke(created);
        for (var i = _waiters.Count - 1; i >= 0; i--)
        {
            if (_waiters[i].Name == name)
            {
                var action = _waiters[i].Action;
                _waiters.RemoveAt(i);
                action(created);
            }
        }

        return 0;
    }

    /// <summary>dma_heap_find: the heap of that name.</summary>
    public bool TryGet(string name, out DmaHeap heap) => _heaps.TryGetValue(name, out heap!);

    /// <summary>Runs <paramref name="action"/> when a heap named <paramref name="name"/> exists: now, or when it is added.</summary>
    public void WhenAdded(string name, Action<DmaHeap> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (_heaps.TryGetValue(name, out var heap))
        {
            action(heap);
        }
        else
        {
            _waiters.Add((name, action));
        }
    }
}
