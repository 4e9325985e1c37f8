namespace Protmem.Kernel.Accel.Rocket;

/// <summary>The device-tree spelling of each <see cref="RocketIsolation"/>.</summary>
public static class RocketIsolationNames
{
    /// <summary>The property that chooses the strategy, on each <c>rockchip,rk3588-rknn-core</c> node.</summary>
    public const string Property = "protmem,npu-isolation";

    /// <summary>Every strategy with its name, in the order of <see cref="RocketIsolation"/>.</summary>
    public static IReadOnlyList<(RocketIsolation Isolation, string Name)> All { get; } =
    [
        (RocketIsolation.SharedContext, "shared-context"),
        (RocketIsolation.PerJobMap, "per-job-map"),
        (RocketIsolation.PerContextSwap, "per-context-swap"),
        (RocketIsolation.PerFileDomain, "per-file-domain"),
        (RocketIsolation.PerFileDomainKeepAttached, "per-file-domain-keep-attached"),
    ];

    /// <summary>The name of <paramref name="isolation"/>.</summary>
    public static string NameOf(RocketIsolation isolation) => All.First(a => a.Isolation == isolation).Name;

    /// <summary>The strategy named <paramref name="name"/>, or false.</summary>
    public static bool TryParse(string? name, out RocketIsolation isolation)
    {
        foreach (var (value, text) in All)
        {
            if (string.Equals(text, name, StringComparison.Ordinal))
            {
                isolation = value;
                return true;
            }
        }

        isolation = RocketIsolation.PerFileDomain;
        return false;
    }
}
