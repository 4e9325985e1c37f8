namespace Protmem.Kernel.Gpu.Panthor;

/// <summary>The device-tree spellings of <see cref="PanthorFwMemory"/> and of the board option that turns the importer check off.</summary>
public static class PanthorFwMemoryNames
{
    /// <summary>The GPU node's string property naming the design.</summary>
    public const string Property = "protmem,gpu-fw-memory";

    /// <summary>The GPU node's string property "off" that makes ENABLE_FW_PROT_MODE skip the protected-buffer check (to show the hang the review feared).</summary>
    public const string CheckProperty = "protmem,gpu-fw-prot-check";

    /// <summary>Every design with its spelling, in the order of the review.</summary>
    public static IReadOnlyList<(string Name, PanthorFwMemory Design)> All { get; } =
    [
        ("protected-heap", PanthorFwMemory.ProtectedHeap),
        ("reserved-memory", PanthorFwMemory.ReservedMemory),
        ("enable-fw-prot-mode", PanthorFwMemory.EnableFwProtMode),
    ];

    public static bool TryParse(string text, out PanthorFwMemory design)
    {
        foreach (var (name, value) in All)
        {
            if (name == text)
            {
                design = value;
                return true;
            }
        }

        design = default;
        return false;
    }

    public static string NameOf(PanthorFwMemory design) => All.First(a => a.Design == design).Name;
}
