using Protmem.Platform.DeviceTree;

namespace Protmem.Platform.Bindings;

/// <summary>
/// Warnings for what a binding would silently ignore though the author meant it: a property that looks
/// like a misspelt <c>protmem,</c> property (the model then runs without it), and an OP-TEE node whose
/// compatible no binding knows (the board then has no TEE).
/// </summary>
internal static class SuspectNodeChecks
{
    private const string Prefix = "protmem,";

    /// <summary>Every <c>protmem,</c> property a binding reads; <c>protmem,cost-*</c> is a family.</summary>
    private static readonly string[] Known =
    [
        "protmem,alignment", "protmem,display", "protmem,ffa-partition-id", "protmem,firewall-regions",
        "protmem,gpu-fw-memory", "protmem,gpu-fw-prot-check", "protmem,iotlb-entries", "protmem,master-id", "protmem,masters", "protmem,min-size", "protmem,npu-isolation", "protmem,protected-planes", "protmem,secure-carveout",
        "protmem,secure-carveout-masters", "protmem,secure-dram", "protmem,secure-master", "protmem,speculative-access-fatal", "protmem,static-protmem",
        "protmem,static-protmem-masters", "protmem,use-case", "protmem,video-decoder",
    ];

    private static readonly string[] KnownTeeCompatibles = [TeeBinding.OpteeCompatible, TeeBinding.FfaCompatible];

    public static void Run(BindingContext context)
    {
        foreach (var node in context.EnabledNodes())
        {
            foreach (var property in node.Properties)
            {
                if (Suspect(property.Name) is { } meant)
                {
                    context.Warn($"{node.Path}: property '{property.Name}' is not one Protmem reads; did you mean '{meant}'? (it is ignored)");
                }
            }

            if (LooksLikeOptee(node) && BindingContext.CompatibleOf(node).Any() && !BindingContext.CompatibleOf(node).Any(c => KnownTeeCompatibles.Contains(c, StringComparer.Ordinal)))
            {
                context.Warn($"{node.Path}: an OP-TEE node with compatible \"{string.Join("\", \"", BindingContext.CompatibleOf(node))}\", which no binding knows (expected \"{TeeBinding.OpteeCompatible}\"); the board has no TEE from it");
            }
        }
    }

    /// <summary>The known property <paramref name="name"/> was probably meant to be, or null when it is known or unrelated.</summary>
    internal static string? Suspect(string name)
    {
        if (Known.Contains(name, StringComparer.Ordinal) || name.StartsWith("protmem,cost-", StringComparison.Ordinal))
        {
            return null;
        }

        var head = name.Length >= Prefix.Length ? name[..Prefix.Length] : name;
        if (Distance(head, Prefix) > 2)
        {
            return null;
        }

        var best = Known.MinBy(k => Distance(name, k))!;
        return name.StartsWith(Prefix, StringComparison.Ordinal) || Distance(name, best) <= 3 ? best : null;
    }

    private static bool LooksLikeOptee(DtNode node) =>
        node.BaseName == "optee" || BindingContext.CompatibleOf(node).Any(c => c.Contains("optee", StringComparison.OrdinalIgnoreCase));

    /// <summary>Levenshtein distance.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
