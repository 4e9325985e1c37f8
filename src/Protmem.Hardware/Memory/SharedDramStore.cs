using System.Runtime.InteropServices;

namespace Protmem.Hardware.Memory;

/// <summary>
/// The bytes of a <see cref="DramBacking.SharedMemory"/> bank: a memfd of the bank's size, mapped shared into
/// this process. The handle is the mapping; releasing it unmaps and closes the memfd. Pages the model
/// writes are counted as materialised; a whole page zeroed is punched out of the memfd (its memory goes back).
/// </summary>
/// <remarks>
/// Model: a program mapping the memfd writes the pages directly; those writes are not counted as
/// materialised (the model cannot see them happen, only read them).
/// </remarks>
internal sealed unsafe class SharedDramStore : SafeHandle
{
    private readonly byte[] _written;

    public SharedDramStore(string name, ulong size)
        : base(0, ownsHandle: true)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("DRAM backed by a memfd needs a Linux host");
        }

        Size = size;
        Descriptor = SharedDramNative.MemfdCreate(name, SharedDramNative.MfdCloexec);
        if (Descriptor < 0)
        {
            throw new InvalidOperationException($"memfd_create for DRAM bank {name} failed: errno {Marshal.GetLastPInvokeError()}");
        }

        if (SharedDramNative.Ftruncate(Descriptor, (long)size) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            SharedDramNative.Close(Descriptor);
            throw new InvalidOperationException($"sizing the memfd of DRAM bank {name} to 0x{size:x} bytes failed: errno {errno}");
        }

        var address = SharedDramNative.Mmap(0, (nuint)size, SharedDramNative.ProtRead | SharedDramNative.ProtWrite, SharedDramNative.MapShared, Descriptor, 0);
        if (address == -1)
        {
            var errno = Marshal.GetLastPInvokeError();
            SharedDramNative.Close(Descriptor);
            throw new InvalidOperationException($"mapping the memfd of DRAM bank {name} failed: errno {errno}");
        }

        SetHandle(address);
        _written = new byte[(int)(((size >> HwConstants.PageShift) + 7) / 8)];
    }

    /// <summary>The memfd (a program maps it at the offsets of physical pages in the bank).</summary>
    public int Descriptor { get; }

    public ulong Size { get; }

    public override bool IsInvalid => handle == 0;

    /// <summary>The bytes [<paramref name="offset"/>, +<paramref name="length"/>) of the bank; the caller checked the range.</summary>
    public Span<byte> Bytes(ulong offset, int length) => new((byte*)handle + offset, length);

    public bool IsWritten(ulong pageIndex) => (_written[(int)(pageIndex >> 3)] & (1 << (int)(pageIndex & 7))) != 0;

    /// <summary>Marks a page written; true when it was not before.</summary>
    public bool MarkWritten(ulong pageIndex)
    {
        ref var cell = ref _written[(int)(pageIndex >> 3)];
        var bit = (byte)(1 << (int)(pageIndex & 7));
        if ((cell & bit) != 0)
        {
            return false;
        }

        cell |= bit;
        return true;
    }

    /// <summary>Zeroes a whole page and gives its memory back; true when it was counted as written.</summary>
    public bool PunchPage(ulong pageIndex)
    {
        var offset = pageIndex << HwConstants.PageShift;
        if (SharedDramNative.Fallocate(Descriptor, SharedDramNative.FallocFlPunchHole | SharedDramNative.FallocFlKeepSize, (long)offset, (long)HwConstants.PageSize) != 0)
        {
            Bytes(offset, (int)HwConstants.PageSize).Clear();
        }

        ref var cell = ref _written[(int)(pageIndex >> 3)];
        var bit = (byte)(1 << (int)(pageIndex & 7));
        var was = (cell & bit) != 0;
        cell &= (byte)~bit;
        return was;
    }

    /// <summary>Pages marked written (for the bank's invariant).</summary>
    public long CountWritten()
    {
        long count = 0;
        foreach (var cell in _written)
        {
            count += System.Numerics.BitOperations.PopCount(cell);
        }

        return count;
    }

    protected override bool ReleaseHandle()
    {
        SharedDramNative.Munmap(handle, (nuint)Size);
        SharedDramNative.Close(Descriptor);
        return true;
    }
}
