using System.CommandLine;
using Protmem.Platform;
using Protmem.Userspace.Selftests;

namespace Protmem.Cli;

/// <summary>
/// <c>protmem selftest dmabuf-heaps [PLATFORM] [--platform NAME|FILE]</c>: boots the board, runs Linux's dmabuf-heaps
/// selftest as a user process on every heap in /dev/dma_heap and prints its TAP output. Exit code 0
/// only when every check passed or was an expected skip.
/// </summary>
internal static class SelftestCommand
{
    public static Command Create(GlobalOptions globals, TextWriter output, TextWriter error)
    {
        var board = GlobalOptions.BoardArgument();
        var heaps = new Command("dmabuf-heaps", "Run the dmabuf-heaps selftest on every dma-heap of the board") { board };
        heaps.SetAction(result => ProtmemCommand.Guard(error, () =>
        {
            using var machine = Machine.Boot(globals.Board(result, board), new MachineOptions { Seed = globals.SeedOf(result) });
            var process = machine.Spawn("dmabuf-heaps");
            var report = new DmabufHeapsSelftest(process, output).Run(machine.DmaHeapNames);
            return report.Ok ? ProtmemCommand.ExitOk : ProtmemCommand.ExitCheckFailed;
        }));
        return new Command("selftest", "Run a selftest program on a booted board") { heaps };
    }
}
