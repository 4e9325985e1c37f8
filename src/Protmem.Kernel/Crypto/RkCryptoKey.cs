using Protmem.Hardware;
using Protmem.Kernel.DmaBufs;
using Protmem.Kernel.Iommu;

namespace Protmem.Kernel.Crypto;

/// <summary>
/// An imported key: a reference to its dma-buf, the engine's attachment and mapping of it, and the device
/// address and length the engine loads the key from. The kernel never reads the key's bytes.
/// </summary>
internal sealed class RkCryptoKey(DmaBuf buffer, DmaBufAttachment attachment, SgTable table, uint length)
{
    public DmaBuf Buffer { get; } = buffer;

    public DmaBufAttachment Attachment { get; } = attachment;

    public SgTable Table { get; } = table;

    /// <summary>The key's length: 16 or 32.</summary>
    public uint Length { get; } = length;

    /// <summary>Where the engine reads the key (physical: the engine has no IOMMU).</summary>
    public DeviceAddr Address => Table.DmaAddressOf(0);

    /// <summary>Unmaps, detaches and drops the dma-buf reference; paired with the import.</summary>
    public void Release()
    {
        Buffer.UnmapAttachment(Attachment, Table, DmaDataDirection.ToDevice);
        Buffer.Detach(Attachment);
        Buffer.Put();
    }
}
