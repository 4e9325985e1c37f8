using System.CommandLine;
using Protmem.Platform;
using Protmem.Platform.Boards;

namespace Protmem.Cli;

/// <summary>
/// The options every command understands, declared once on the root command: <c>-p/--platform NAME|FILE</c>
/// (also <c>--platform=NAME</c>), <c>--seed N</c> and <c>--memory BASE:SIZE</c>. A command that boots a board also takes the board as
/// its first positional argument (<see cref="BoardArgument"/>); both ways name the same thing.
/// </summary>
internal sealed class GlobalOptions
{
    public Option<string?> Platform { get; } = new("--platform", "-p")
    {
        Description = $"the board: a shipped platform ({string.Join(", ", PlatformCatalog.Platforms.Select(p => p.Name))}) or a .dts/.dtb file [default: {PlatformCatalog.DefaultName}]",
        HelpName = "NAME|FILE",
        Recursive = true,
    };

    public Option<ulong> Seed { get; } = new("--seed")
    {
        Description = "the seed of the machine's random generator: the same board, seed and programs give the same run",
        HelpName = "N",
        DefaultValueFactory = _ => 1,
        Recursive = true,
    };

    /// <summary><c>--trace FILE</c>: record the machine's events and write them for ui.perfetto.dev.</summary>
    public static Option<FileInfo?> TraceOption() => new("--trace")
    {
        Description = "write the machine's event trace to FILE in the Chrome/Perfetto JSON format (open it in ui.perfetto.dev)",
        HelpName = "FILE",
    };

    /// <summary><c>--json</c>: the command's result as one JSON document on standard output, with schema <paramref name="schema"/>.</summary>
    public static Option<bool> JsonOption(string schema) => new("--json")
    {
        Description = $"print the result as one JSON document (schema {schema}, see docs/json-output.md) and nothing else on standard output",
    };

    /// <summary>Writes the trace of <paramref name="machine"/> to <paramref name="file"/> when one was asked for.</summary>
    public static void WriteTrace(Protmem.Platform.Machine machine, FileInfo? file)
    {
        if (file is null)
        {
            return;
        }

        try
        {
            using var stream = file.Create();
            Protmem.Platform.Tracing.PerfettoTrace.Write(stream, machine);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--trace: cannot write '{file.FullName}': {e.Message}");
        }
    }

    public Option<string[]> Memory { get; } = new("--memory")
    {
        Description = "normal-world RAM as BASE:SIZE (repeatable), in place of the tree's /memory, as a boot loader fills it in: e.g. --memory 0x0:8G",
        HelpName = "BASE:SIZE",
        Recursive = true,
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string?> Append { get; } = new("--append")
    {
        Description = "words to append to the board's kernel command line, as QEMU's -append: e.g. --append protmem.unmap_direct_map=1 (docs/bindings.md lists the options)",
        HelpName = "ARGS",
        Recursive = true,
    };

    /// <summary>An optional positional board, for commands that boot one.</summary>
    public static Argument<string?> BoardArgument() => new("platform")
    {
        Description = "the board (the same as --platform)",
        Arity = ArgumentArity.ZeroOrOne,
    };

    /// <summary>
    /// The board a command runs on: the positional argument, else --platform, else the default. Naming two
    /// different boards is a usage error.
    /// </summary>
    public string Board(ParseResult result, Argument<string?>? positional = null)
    {
        var named = positional is null ? null : result.GetValue(positional);
        var option = result.GetValue(Platform);
        if (named is not null && option is not null && named != option)
        {
            throw new UsageException($"the board is named twice: '{named}' and --platform '{option}'");
        }

        return named ?? option ?? PlatformCatalog.DefaultName;
    }

    /// <summary>The board named on the command line (positional or --platform), or null when none was; two different ones are a usage error.</summary>
    public string? NamedBoard(ParseResult result, Argument<string?> positional)
    {
        var named = result.GetValue(positional);
        var option = result.GetValue(Platform);
        if (named is not null && option is not null && named != option)
        {
            throw new UsageException($"the board is named twice: '{named}' and --platform '{option}'");
        }

        return named ?? option;
    }

    /// <summary>The seed.</summary>
    public ulong SeedOf(ParseResult result) => result.GetValue(Seed);

    /// <summary>How to boot: the seed and any --memory ranges.</summary>
    public MachineOptions MachineOptionsOf(ParseResult result, bool monitor = true)
    {
        try
        {
            return new MachineOptions { Seed = SeedOf(result), Monitor = monitor, Append = result.GetValue(Append) ?? "" }.WithMemory(result.GetValue(Memory) ?? []);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
