using Protmem.Kernel.Iommu;
using Protmem.Uapi;

namespace Protmem.Kernel.Tests.Iommu;

/// <summary>The format contract on the Rockchip v2 table (40-bit physical addresses), walked by a <c>rockchip,rk3568-iommu</c>.</summary>
public sealed class RkIommuV2FormatTests : IommuFormatContract
{
    protected override IoPgtableFmt Format => IoPgtableFmt.RkIommuV2;

    protected override string IommuCompatible => "rockchip,rk3568-iommu";

    protected override int Oas => 40;

    protected override int AlreadyMappedErrno => -Errno.EADDRINUSE;
}
