using System.Diagnostics.CodeAnalysis;
using Protmem.Platform.DeviceTree;

namespace Protmem.Platform.Boards;

/// <summary>
/// The shipped boards as files for <c>/include/</c>: a board built on another (rk3588-gpu-carveout on rk3588)
/// includes it by name (<c>/include/ "rk3588.dts"</c>) and overrides what differs, as Linux's board files
/// include their SoC's .dtsi.
/// </summary>
internal sealed class ShippedBoardFiles : IDtsFileSource
{
    public static ShippedBoardFiles Instance { get; } = new();

    private ShippedBoardFiles()
    {
    }

    public bool TryReadFile(string path, [NotNullWhen(true)] out byte[]? contents)
    {
        ArgumentNullException.ThrowIfNull(path);
        contents = null;
        var name = path.EndsWith(".dts", StringComparison.Ordinal) && path.IndexOfAny(['/', '\\']) < 0 ? path[..^4] : null;
        if (name is null || !PlatformCatalog.IsShipped(name))
        {
            return false;
        }

        contents = System.Text.Encoding.UTF8.GetBytes(PlatformCatalog.ReadSource(name));
        return true;
    }
}
