using Protmem.Platform.DeviceTree;

namespace Protmem.Platform.Bindings;

/// <summary>
/// Rockchip IOMMU nodes, v2 (<c>rockchip,rk3568-iommu</c>, <c>rockchip,rk3588-iommu</c>) and v1 (<c>rockchip,iommu</c>): <c>#iommu-cells</c>
/// must be 0; each <c>reg</c> entry is a bank (register set) of one instance, so the RK3588 NPU core 0's
/// MMU with two entries has two banks; <c>protmem,iotlb-entries</c> sets the IOTLB size (default 256).
/// </summary>
internal static class IommuBinding
{
    public static readonly string[] Compatibles = ["rockchip,rk3588-iommu", "rockchip,rk3568-iommu", "rockchip,iommu"];

    /// <summary>A bound IOMMU node: its node, the compatible matched, its bank count and IOTLB size.</summary>
    public sealed record BoundIommu(DtNode Node, string Compatible, int BankCount, int IotlbEntries);

    public static List<BoundIommu> Bind(BindingContext context)
    {
        var bound = new List<BoundIommu>();
        foreach (var node in context.EnabledNodes())
        {
            if (Compatibles.FirstOrDefault(c => BindingContext.IsCompatible(node, c)) is not { } compatible)
            {
                continue;
            }

            context.Claim(node);
            if (!node.HasProperty("#iommu-cells") || BindingContext.ReadUInt32(node, "#iommu-cells") != 0)
            {
                throw BindingContext.Error(node, "#iommu-cells", "a Rockchip IOMMU takes no specifier: #iommu-cells must be <0>");
            }

            if (!node.HasProperty("reg"))
            {
                throw BindingContext.Error(node, "reg", "a Rockchip IOMMU needs reg: one entry per bank");
            }

            var parent = node.Parent!;
            var banks = BindingContext.ReadRegs(node, "reg", parent.AddressCells, parent.SizeCells).Count;
            if (banks == 0)
            {
                throw BindingContext.Error(node, "reg", "is empty: an IOMMU has at least one bank");
            }

            var iotlb = node.HasProperty("protmem,iotlb-entries") ? BindingContext.ReadUInt32(node, "protmem,iotlb-entries") : 256u;
            if (iotlb is 0 or > 65536)
            {
                throw BindingContext.Error(node, "protmem,iotlb-entries", $"{iotlb} is not between 1 and 65536");
            }

            bound.Add(new BoundIommu(node, compatible, banks, (int)iotlb));
        }

        return bound;
    }
}
