using Protmem.Hardware.Time;
using Protmem.Kernel.Tee;
using Protmem.Platform.DeviceTree;

namespace Protmem.Platform.Bindings;

/// <summary>
/// Board-wide facts on the root and in <c>/chosen</c>:
/// <c>model</c>; <c>protmem,speculative-access-fatal</c> (the speculative-hazard flag);
/// <c>protmem,cost-&lt;name&gt; = &lt;ns&gt;</c> (a cost figure of spec/costs.md replaced, one or two cells of
/// nanoseconds); <c>/chosen/bootargs</c> (kernel options, <c>name=value</c> separated by spaces), of which
/// <c>protmem.design</c> and <c>protmem.unmap_direct_map</c> are read here.
/// </summary>
internal static class BoardBinding
{
    public const string CostPrefix = "protmem,cost-";

    public sealed record Result(string Model, bool HazardFatal, Dictionary<string, double> Costs, Dictionary<string, string> Options, ProtectedMemoryDesign Design, bool UnmapDirectMap);

    public static Result Bind(BindingContext context)
    {
        var root = context.Tree.Root;
        var model = root.HasProperty("model") ? BindingContext.ReadString(root, "model") : "";
        var hazard = root.FindProperty("protmem,speculative-access-fatal") is { } flag && (flag.IsEmpty
            ? true
            : throw BindingContext.Error(root, flag.Name, "is a flag and takes no value"));
        var costs = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var property in root.Properties.Where(p => p.Name.StartsWith(CostPrefix, StringComparison.Ordinal)))
        {
            var key = property.Name[CostPrefix.Length..];
            var name = CostModel.Names.FirstOrDefault(n => Normalise(n) == Normalise(key))
                ?? throw BindingContext.Error(root, property.Name, $"'{key}' is not a cost of the model ({string.Join(", ", CostModel.Names)})");
            var value = BindingContext.ReadNumber(root, property.Name);
            if (name == nameof(CostModel.CpuMemcpyBytesPerNs) && value == 0)
            {
                throw BindingContext.Error(root, property.Name, "must be positive");
            }

            costs[name] = value;
        }

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var chosen = root.FindChild("chosen");
        if (chosen is not null)
        {
            context.Claim(chosen);
            if (chosen.HasProperty("bootargs"))
            {
                foreach (var word in BindingContext.ReadString(chosen, "bootargs").Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var eq = word.IndexOf('=', StringComparison.Ordinal);
                    options[eq < 0 ? word : word[..eq]] = eq < 0 ? "1" : word[(eq + 1)..];
                }
            }
        }

        var design = options.TryGetValue("protmem.design", out var d) ? ParseDesign(chosen!, d) : ProtectedMemoryDesign.TeeDmaHeap;
        var unmap = options.TryGetValue("protmem.unmap_direct_map", out var u) && (u is "1" or "y" or "Y" or "true" or "on"
            ? true
            : u is "0" or "n" or "N" or "false" or "off" ? false : throw BindingContext.Error(chosen!, "bootargs", $"protmem.unmap_direct_map={u} is not a boolean"));
        return new Result(model, hazard, costs, options, design, unmap);
    }

    /// <summary>The command-line spelling of each design.</summary>
    public static string DesignName(ProtectedMemoryDesign design) => design switch
    {
        ProtectedMemoryDesign.TeeDmaHeap => "tee-dma-heap",
        ProtectedMemoryDesign.TeeIoctl => "tee-ioctl",
        ProtectedMemoryDesign.RestrictedHeap => "restricted-heap",
        ProtectedMemoryDesign.SecureWorldHeap => "secure-world-heap",
        _ => throw new ArgumentOutOfRangeException(nameof(design), design, "not a protected-memory design"),
    };

    private static ProtectedMemoryDesign ParseDesign(DtNode chosen, string value) =>
        Enum.GetValues<ProtectedMemoryDesign>().Where(v => DesignName(v) == value).Select(v => (ProtectedMemoryDesign?)v).FirstOrDefault()
            ?? throw BindingContext.Error(chosen, "bootargs", $"protmem.design={value} is not one of {string.Join(", ", Enum.GetValues<ProtectedMemoryDesign>().Select(DesignName))}");

    private static string Normalise(string name) => name.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToUpperInvariant();
}
