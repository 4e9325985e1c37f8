using System.Buffers.Binary;
using Protmem.Hardware;

namespace Protmem.SecureWorld.Ffa;

/// <summary>
/// The FF-A v1.1 memory transaction descriptor as Linux's arm_ffa driver writes it into the TX buffer:
/// <c>struct ffa_mem_region</c> (48 bytes: u16 sender_id, u16 attributes, u32 flags, u64 handle, u64 tag,
/// u32 ep_mem_size, u32 ep_count, u32 ep_mem_offset, u32 reserved[3]), ep_count endpoint memory access
/// descriptors (u16 receiver, u8 attrs, u8 flag, u32 composite_off, u64 reserved) and one composite
/// region (u32 total_pg_cnt, u32 addr_range_cnt, u64 reserved, then {u64 address, u32 pg_cnt, u32 reserved}).
/// </summary>
internal sealed record FfaMemoryDescriptor(ushort Sender, ulong Tag, IReadOnlyList<(ushort Receiver, byte Permissions)> Receivers, IReadOnlyList<PhysRange> Ranges)
{
    /// <summary>The most endpoints and constituents accepted in one descriptor.</summary>
    public const int MaxEndpoints = 16;

    /// <summary>Parses <paramref name="bytes"/> (total_len long); null with an FF-A error when malformed.</summary>
    public static FfaMemoryDescriptor? Parse(ReadOnlySpan<byte> bytes, out int error)
    {
        error = FfaAbi.FFA_RET_INVALID_PARAMETERS;
        if (bytes.Length < FfaAbi.MemRegionSize)
        {
            return null;
        }

        var sender = BinaryPrimitives.ReadUInt16LittleEndian(bytes);
        var handle = BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]);
        var tag = BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]);
        var epSize = BinaryPrimitives.ReadUInt32LittleEndian(bytes[24..]);
        var epCount = BinaryPrimitives.ReadUInt32LittleEndian(bytes[28..]);
        var epOffset = BinaryPrimitives.ReadUInt32LittleEndian(bytes[32..]);
        if (handle != 0 || epCount is 0 or > MaxEndpoints || epSize < FfaAbi.EndpointDescriptorSize || epSize > 256
            || epOffset < FfaAbi.MemRegionSize || epOffset + ((ulong)epSize * epCount) > (ulong)bytes.Length)
        {
            return null;
        }

        var receivers = new List<(ushort, byte)>();
        uint compositeOffset = 0;
        for (var i = 0; i < epCount; i++)
        {
            var ep = bytes.Slice((int)(epOffset + (i * epSize)), FfaAbi.EndpointDescriptorSize);
            var offset = BinaryPrimitives.ReadUInt32LittleEndian(ep[4..]);
            if (i > 0 && offset != compositeOffset)
            {
                return null;
            }

            compositeOffset = offset;
            receivers.Add((BinaryPrimitives.ReadUInt16LittleEndian(ep), ep[2]));
        }

        if (compositeOffset < epOffset + (epSize * epCount) || (ulong)compositeOffset + FfaAbi.CompositeHeaderSize > (ulong)bytes.Length)
        {
            return null;
        }

        var composite = bytes[(int)compositeOffset..];
        var totalPages = BinaryPrimitives.ReadUInt32LittleEndian(composite);
        var rangeCount = BinaryPrimitives.ReadUInt32LittleEndian(composite[4..]);
        if (rangeCount is 0 or > MaxEndpoints * 16 || FfaAbi.CompositeHeaderSize + ((ulong)rangeCount * FfaAbi.ConstituentSize) > (ulong)composite.Length)
        {
            return null;
        }

        var ranges = new List<PhysRange>();
        ulong pages = 0;
        for (var i = 0; i < rangeCount; i++)
        {
            var c = composite.Slice(FfaAbi.CompositeHeaderSize + (i * FfaAbi.ConstituentSize), FfaAbi.ConstituentSize);
            var address = BinaryPrimitives.ReadUInt64LittleEndian(c);
            var count = BinaryPrimitives.ReadUInt32LittleEndian(c[8..]);
            var length = (ulong)count << HwConstants.PageShift;
            if (count == 0 || (address & HwConstants.PageMask) != 0 || address > HwConstants.PhysAddressLimit || length > HwConstants.PhysAddressLimit - address)
            {
                return null;
            }

            var range = new PhysRange(new PhysAddr(address), length);
            if (ranges.Any(r => r.Overlaps(range)))
            {
                return null;
            }

            ranges.Add(range);
            pages += count;
        }

        if (pages != totalPages)
        {
            return null;
        }

        error = 0;
        return new FfaMemoryDescriptor(sender, tag, receivers, ranges);
    }
}
