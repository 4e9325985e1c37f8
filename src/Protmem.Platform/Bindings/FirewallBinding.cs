using Protmem.Platform.DeviceTree;

namespace Protmem.Platform.Bindings;

/// <summary>
/// The bus firewall: an <c>arm,tzc-400</c> node (as QEMU's virt machine describes its TZC-400,
/// <c>status = "disabled"</c> with <c>secure-status = "okay"</c>: only the secure world drives it).
/// <c>protmem,firewall-regions</c> gives the programmable regions besides region 0 (8 on a TZC-400,
/// the default). <c>protmem,filter-secure-masters</c> says the block also checks secure transactions
/// per master (as Rockchip's FIREWALL_DDR does): the secure world then opens a protected region to secure
/// transactions only of the CPU and the masters its use case lists. With no such node the model's TZC-400
/// of 8 regions is assumed, with a warning.
/// </summary>
internal static class FirewallBinding
{
    public const string Compatible = "arm,tzc-400";
    public const int DefaultRegions = 8;

    /// <summary>The firewall's programmable regions and whether it filters secure transactions by master.</summary>
    public static (int Regions, bool FiltersSecureByMaster) Bind(BindingContext context)
    {
        var nodes = context.Tree.Nodes
            .Where(n => BindingContext.IsCompatible(n, Compatible) && (BindingContext.IsEnabled(n) || BindingContext.IsSecureOnly(n)))
            .ToList();
        if (nodes.Count == 0)
        {
            context.Warn($"/: no {Compatible} node; the model's TZC-400 with {DefaultRegions} regions is assumed");
            return (DefaultRegions, false);
        }

        foreach (var node in nodes)
        {
            context.Claim(node);
        }

        if (nodes.Count > 1)
        {
            context.Warn($"{nodes[1].Path}: a second firewall is not modelled; {nodes[0].Path} guards all DRAM");
        }

        var first = nodes[0];
        var filters = first.HasProperty("protmem,filter-secure-masters");
        if (!first.HasProperty("protmem,firewall-regions"))
        {
            return (DefaultRegions, filters);
        }

        var regions = BindingContext.ReadUInt32(first, "protmem,firewall-regions");
        if (regions is 0 or > 64)
        {
            throw BindingContext.Error(first, "protmem,firewall-regions", $"{regions} is not between 1 and 64");
        }

        return ((int)regions, filters);
    }
}
