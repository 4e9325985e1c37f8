using Protmem.Hardware;

namespace Protmem.Kernel.Tee.Optee;

/// <summary>
/// The message-arg cache of optee/call.c (<c>optee_shm_arg_cache</c>): message args live in kernel pages
/// the driver keeps, each page cut into slots of the largest arg (<see cref="MaxArgParamCount"/>
/// parameters). optee_get_msg_arg takes the first free slot, allocating a page only when every slot is
/// in use; optee_free_msg_arg gives the slot back. A call costs no page allocation once the cache is warm.
/// Model: the pages stay when the driver is removed (Linux frees them in optee_shm_arg_cache_uninit), as
/// the rest of the removed driver's state stays readable for the post-mortem checks.
/// </summary>
internal sealed class OpteeShmArgCache(KernelPages pages)
{
    /// <summary>MAX_ARG_PARAM_COUNT: the most parameters a cached arg holds (TEEC's four plus open session's two).</summary>
    public const int MaxArgParamCount = 6;

    /// <summary>The slot size: the arg of <see cref="MaxArgParamCount"/> parameters.</summary>
    public static readonly int SlotSize = OpteeMsgAbi.ArgSize(MaxArgParamCount);

    private static readonly int SlotsPerPage = (int)(HwConstants.PageSize / (ulong)SlotSize);

    private readonly List<(PhysAddr Page, ulong InUse)> _entries = [];

    /// <summary>Pages the cache holds.</summary>
    public int Pages => _entries.Count;

    /// <summary>optee_get_msg_arg: the physical address of a free slot for <paramref name="size"/> bytes, or null (no memory, or an arg larger than a slot).</summary>
    public PhysAddr? Get(int size)
    {
        if (size > SlotSize)
        {
            return null;
        }

        for (var e = 0; e < _entries.Count; e++)
        {
            var (page, inUse) = _entries[e];
            var bit = System.Numerics.BitOperations.TrailingZeroCount(~inUse);
            if (bit < SlotsPerPage)
            {
                _entries[e] = (page, inUse | (1UL << bit));
                return page + ((ulong)bit * (ulong)SlotSize);
            }
        }

        if (pages.Alloc() is not { } fresh)
        {
            return null;
        }

        _entries.Add((fresh, 1));
        return fresh;
    }

    /// <summary>
    /// The first page, at probe. Model: Linux allocates it at the first call; here the kernel's resources
    /// after boot are already those of its steady state, so a program's run leaves them as it found them.
    /// </summary>
    public bool Reserve()
    {
        if (_entries.Count == 0)
        {
            if (pages.Alloc() is not { } page)
            {
                return false;
            }

            _entries.Add((page, 0));
        }

        return true;
    }

    /// <summary>optee_free_msg_arg; paired with <see cref="Get"/>.</summary>
    public void Free(PhysAddr arg)
    {
        for (var e = 0; e < _entries.Count; e++)
        {
            var (page, inUse) = _entries[e];
            if (arg.Value >= page.Value && arg.Value < page.Value + HwConstants.PageSize)
            {
                var bit = (int)((arg.Value - page.Value) / (ulong)SlotSize);
                _entries[e] = (page, inUse & ~(1UL << bit));
                return;
            }
        }

        throw new Core.KernelOopsException($"optee: message arg {arg} is not in the arg cache");
    }
}
