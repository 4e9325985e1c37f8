using System.CommandLine;
using Protmem.Platform.Boards;

namespace Protmem.Cli;

/// <summary>The <c>--platform NAME|FILE</c> option every command that boots a machine takes.</summary>
internal static class PlatformOption
{
    public static Option<string> Create() => new("--platform", "-p")
    {
        Description = $"a shipped platform ({string.Join(", ", PlatformCatalog.Platforms.Select(p => p.Name))}) or a .dts/.dtb file",
        DefaultValueFactory = _ => PlatformCatalog.DefaultName,
    };
}
