using Protmem.Hardware;
using Protmem.Platform.DeviceTree;

namespace Protmem.Platform.Bindings;

/// <summary>
/// The secure-only touchscreen of a trusted UI: a <c>protmem,dma-touchscreen</c> node with
/// <c>status = "disabled"</c> and <c>secure-status = "okay"</c> (only the secure world drives it, so Linux
/// never sees it), <c>protmem,master-id</c> (its firewall id, required: it DMAs its reports) and the
/// generic touchscreen binding's <c>touchscreen-size-x</c> / <c>touchscreen-size-y</c>. It becomes a bus
/// master the use cases may name in <c>protmem,masters</c>, and the trusted-UI TA's touchscreen.
/// An enabled node of this compatible is an error: a normal world driving it would see every tap.
/// </summary>
internal static class TouchscreenBinding
{
    public const string Compatible = "protmem,dma-touchscreen";

    public static List<TouchControllerDescription> Bind(BindingContext context, MasterBinding.Result masters)
    {
        var touchscreens = new List<TouchControllerDescription>();
        foreach (var node in context.Tree.Nodes.Where(n => BindingContext.IsCompatible(n, Compatible)))
        {
            if (BindingContext.IsEnabled(node))
            {
                throw BindingContext.Error(node, "status", $"a {Compatible} is the trusted UI's: give it status = \"disabled\" and secure-status = \"okay\"");
            }

            if (!BindingContext.IsSecureOnly(node))
            {
                continue;
            }

            context.Claim(node);
            if (!node.HasProperty("protmem,master-id"))
            {
                throw BindingContext.Error(node, "protmem,master-id", "a touchscreen that writes its reports by DMA needs its firewall id");
            }

            var id = BindingContext.ReadUInt32(node, "protmem,master-id");
            if (id == 0 || id > int.MaxValue || masters.Masters.Any(m => m.Id == id))
            {
                throw BindingContext.Error(node, "protmem,master-id", $"{id} is the CPU's or another master's id");
            }

            var name = node.BaseName;
            if (masters.Masters.Any(m => m.Name == name))
            {
                throw BindingContext.Error(node, null, $"a master is already named '{name}'");
            }

            var width = BindingContext.ReadUInt32(node, "touchscreen-size-x");
            var height = BindingContext.ReadUInt32(node, "touchscreen-size-y");
            if (width is 0 or > ushort.MaxValue || height is 0 or > ushort.MaxValue)
            {
                throw BindingContext.Error(node, "touchscreen-size-x", $"{width}x{height} is not a panel size (1 to 65535 each way)");
            }

            masters.Masters.Add(new BusMasterDescription((int)id, name, CanIssueNonSecure: true, CanIssueSecure: false));
            masters.NameOf[node] = name;
            touchscreens.Add(new TouchControllerDescription(name, (int)width, (int)height));
        }

        return touchscreens;
    }
}
