namespace Protmem.Kernel.Iommu;

/// <summary>
/// The IOVA range an unmap has invalidated and not yet flushed (<c>struct iommu_iotlb_gather</c>): the
/// core passes one through unmap_pages and hands it to iotlb_sync when the unmap is done.
/// </summary>
public sealed class IommuIotlbGather
{
    /// <summary>The first IOVA gathered (ulong.MaxValue while empty).</summary>
    public ulong Start { get; private set; } = ulong.MaxValue;

    /// <summary>The last IOVA gathered, inclusive.</summary>
    public ulong End { get; private set; }

    /// <summary>True while nothing is gathered.</summary>
    public bool IsEmpty => Start > End;

    /// <summary>iommu_iotlb_gather_add_range: widens the range to [<paramref name="iova"/>, +<paramref name="size"/>).</summary>
    public void AddRange(ulong iova, ulong size)
    {
        if (size == 0)
        {
            return;
        }

        Start = Math.Min(Start, iova);
        End = Math.Max(End, iova + size - 1);
    }
}
