using Protmem.Kernel.Iommu;

namespace Protmem.Kernel.Tests.Iommu;

/// <summary>Flush ops that record every page a format reports cleared.</summary>
internal sealed class RecordingFlushOps : IIommuFlushOps
{
    public List<(ulong Iova, ulong Granule)> Pages { get; } = [];

    public void TlbAddPage(IommuIotlbGather gather, ulong iova, ulong granule)
    {
        gather.AddRange(iova, granule);
        Pages.Add((iova, granule));
    }
}
