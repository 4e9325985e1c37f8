using System.Buffers.Binary;

namespace Protmem.Uapi.DmaHeap;

/// <summary>
/// struct dma_heap_allocation_data (24 bytes): the argument of DMA_HEAP_IOCTL_ALLOC.
/// </summary>
public struct DmaHeapAllocationData : IUapiStruct<DmaHeapAllocationData>
{
    public const int Size = 24;

    private const int LenOffset = 0;
    private const int FdOffset = 8;
    private const int FdFlagsOffset = 12;
    private const int HeapFlagsOffset = 16;

    /// <summary>[in] Bytes to allocate; the kernel rounds up to the page size. Offset 0, u64.</summary>
    public ulong Len;

    /// <summary>[out] The new dma-buf fd; must be 0 on input. Offset 8, u32.</summary>
    public uint Fd;

    /// <summary>[in] Flags of the new fd: O_CLOEXEC and an access mode. Offset 12, u32.</summary>
    public uint FdFlags;

    /// <summary>[in] Heap flags; none are defined, must be 0. Offset 16, u64.</summary>
    public ulong HeapFlags;

    public static AbiStructLayout Layout { get; } = new("dma_heap_allocation_data", Size,
    [
        new("len", LenOffset, 8),
        new("fd", FdOffset, 4),
        new("fd_flags", FdFlagsOffset, 4),
        new("heap_flags", HeapFlagsOffset, 8),
    ]);

    public static DmaHeapAllocationData Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DmaHeapAllocationData
        {
            Len = BinaryPrimitives.ReadUInt64LittleEndian(source[LenOffset..]),
            Fd = BinaryPrimitives.ReadUInt32LittleEndian(source[FdOffset..]),
            FdFlags = BinaryPrimitives.ReadUInt32LittleEndian(source[FdFlagsOffset..]),
            HeapFlags = BinaryPrimitives.ReadUInt64LittleEndian(source[HeapFlagsOffset..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[LenOffset..], Len);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[FdOffset..], Fd);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[FdFlagsOffset..], FdFlags);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[HeapFlagsOffset..], HeapFlags);
    }
}
