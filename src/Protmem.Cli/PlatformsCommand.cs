using System.CommandLine;
using Protmem.Platform.Boards;

namespace Protmem.Cli;

/// <summary><c>protmem platforms</c>: the shipped platforms, one a line, with a short description.</summary>
internal static class PlatformsCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("platforms", "List the shipped platforms");
        command.SetAction(_ =>
        {
            var width = PlatformCatalog.Platforms.Max(p => p.Name.Length);
            foreach (var platform in PlatformCatalog.Platforms)
            {
                output.WriteLine($"{platform.Name.PadRight(width)}  {platform.Description}");
            }

            return ProtmemCommand.ExitOk;
        });
        return command;
    }
}
