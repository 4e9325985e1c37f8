using System.CommandLine;
using Protmem.Cli.Json;
using Protmem.Platform;
using Protmem.Userspace.Selftests;

namespace Protmem.Cli;

/// <summary>
/// <c>protmem selftest dmabuf-heaps [PLATFORM] [--platform NAME|FILE] [--json]</c>: boots the board, runs Linux's
/// dmabuf-heaps selftest as a user process on every heap in /dev/dma_heap and prints its TAP output (or, with
/// --json, one document with every check). Exit code 0 only when every check passed or was an expected skip.
/// </summary>
internal static class SelftestCommand
{
    public static Command Create(GlobalOptions globals, Terminal terminal)
    {
        var board = GlobalOptions.BoardArgument();
        var json = GlobalOptions.JsonOption(SelftestDocument.SchemaName);
        var heaps = new Command("dmabuf-heaps", "Run the dmabuf-heaps selftest on every dma-heap of the board") { board, json };
        heaps.SetAction(result => ProtmemCommand.Guard(terminal.Error, () =>
        {
            var options = globals.MachineOptionsOf(result);
            using var machine = Machine.Boot(globals.Board(result, board), options);
            var process = machine.Spawn("dmabuf-heaps");
            var asJson = result.GetValue(json);
            var report = new DmabufHeapsSelftest(process, asJson ? TextWriter.Null : terminal.Output).Run(machine.DmaHeapNames);
            var exit = report.Ok ? ProtmemCommand.ExitOk : ProtmemCommand.ExitCheckFailed;
            if (asJson)
            {
                Documents.Write(terminal.Output, new SelftestDocument(
                    SelftestDocument.SchemaName,
                    machine.Platform.Name,
                    options.Seed,
                    "dmabuf-heaps",
                    machine.DmaHeapNames,
                    Documents.Checks(report),
                    report.Passed,
                    report.Failed,
                    report.Skipped,
                    report.Failed > 0 ? "FAIL" : report.Passed > 0 ? "PASS" : "SKIP",
                    exit), ReportJsonContext.Default.SelftestDocument);
            }

            return exit;
        }));
        return new Command("selftest", "Run a selftest program on a booted board") { heaps };
    }
}
