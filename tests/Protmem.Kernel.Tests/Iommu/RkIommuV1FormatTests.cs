using Protmem.Kernel.Iommu;
using Protmem.Uapi;

namespace Protmem.Kernel.Tests.Iommu;

/// <summary>The format contract on the Rockchip v1 table (32-bit physical addresses), walked by a <c>rockchip,iommu</c>.</summary>
public sealed class RkIommuV1FormatTests : IommuFormatContract
{
    protected override IoPgtableFmt Format => IoPgtableFmt.RkIommuV1;

    protected override string IommuCompatible => "rockchip,iommu";

    protected override int Oas => 32;

    protected override int AlreadyMappedErrno => -Errno.EADDRINUSE;
}
