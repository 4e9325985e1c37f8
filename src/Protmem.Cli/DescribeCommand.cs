using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Protmem.Cli.Json;
using Protmem.Platform;
using Protmem.Platform.Boards;
using Protmem.Platform.Summary;

namespace Protmem.Cli;

/// <summary>
/// <c>protmem describe [PLATFORM|FILE] [--json]</c>: the board's memory map, firewall, masters, IOMMUs,
/// reserved memory, TEE and (once its kernel boots) dma-heaps, as tables or as JSON; then the warnings.
/// </summary>
internal static class DescribeCommand
{
    public static Command Create(GlobalOptions globals, Terminal terminal)
    {
        var target = GlobalOptions.BoardArgument();
        var json = new Option<bool>("--json") { Description = "print the description as JSON" };
        var command = new Command("describe", "Describe a board: memory map, masters, IOMMUs, firewall, reserved memory, heaps") { target, json };
        command.SetAction(result => ProtmemCommand.Guard(terminal.Error, () =>
        {
            var name = globals.Board(result, target);
            var options = globals.MachineOptionsOf(result);
            var description = PlatformCatalog.Load(name, options);
            IReadOnlyList<string>? heaps = null;
            string? bootFailure = null;
            try
            {
                using var machine = Machine.Boot(description, options);
                heaps = machine.DmaHeapNames;
            }
            catch (PlatformException e)
            {
                bootFailure = e.Message;
            }

            var summary = PlatformSummary.From(description, heaps);
            if (result.GetValue(json))
            {
                terminal.Output.WriteLine(JsonSerializer.Serialize(summary, ReportJsonContext.Default.PlatformSummary));
            }
            else
            {
                DescribeTables.Write(terminal.Console(), summary, bootFailure);
            }

            return ProtmemCommand.ExitOk;
        }));
        return command;
    }

    /// <summary>A byte count as a person reads it (4 MiB, 16 GiB, 256 B).</summary>
    public static string Size(ulong bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        var unit = 0;
        var value = (double)bytes;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{value:0.##} {units[unit]}");
    }
}
