using System.CommandLine;
using Protmem.Cli.Json;
using Protmem.Platform.Boards;
using Spectre.Console;

namespace Protmem.Cli;

/// <summary><c>protmem platforms [--json]</c>: the shipped platforms with a short description, as a table fitted to the terminal or as JSON.</summary>
internal static class PlatformsCommand
{
    public static Command Create(Terminal terminal)
    {
        var json = GlobalOptions.JsonOption(PlatformsDocument.SchemaName);
        var command = new Command("platforms", "List the shipped platforms") { json };
        command.SetAction(result =>
        {
            if (result.GetValue(json))
            {
                Documents.Write(terminal.Output, new PlatformsDocument(PlatformsDocument.SchemaName, PlatformCatalog.DefaultName, PlatformCatalog.Platforms), ReportJsonContext.Default.PlatformsDocument);
                return ProtmemCommand.ExitOk;
            }

            // No border: a name column and a description column that wraps within the width.
            var table = new Table { Border = TableBorder.None, ShowHeaders = false };
            table.AddColumn(new TableColumn("Name").NoWrap());
            table.AddColumn(new TableColumn("Description"));
            foreach (var platform in PlatformCatalog.Platforms)
            {
                table.AddRow(new Text(platform.Name), new Text(platform.Description));
            }

            terminal.Console().Write(table);
            return ProtmemCommand.ExitOk;
        });
        return command;
    }
}
