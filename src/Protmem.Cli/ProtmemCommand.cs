using System.CommandLine;
using Protmem.Platform;
using Spectre.Console;

namespace Protmem.Cli;

/// <summary>
/// The <c>protmem</c> command: presentation only. Each subcommand is one file; this one parses, runs and
/// maps failures to exit codes: 0 success, 1 a check failed, 2 a bad option or a bad platform
/// (a message with the option, or the DTS file:line:column, or the node and property).
/// </summary>
internal static class ProtmemCommand
{
    public const int ExitOk = 0;
    public const int ExitCheckFailed = 1;
    public const int ExitUsage = 2;

    /// <summary>Runs the command line <paramref name="args"/>, writing to <paramref name="output"/> and <paramref name="error"/>.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("Protmem: an executable model of the Linux protected-memory stack")
        {
            PlatformsCommand.Create(output),
            DescribeCommand.Create(output, error),
            SelftestCommand.Create(output, error),
        };
        var result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var parseError in result.Errors)
            {
                error.WriteLine($"protmem: {parseError.Message}");
            }

            error.WriteLine("Run 'protmem --help' for usage.");
            return ExitUsage;
        }

        return result.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
    }

    /// <summary>Runs <paramref name="action"/>; a platform that cannot be read or built is a message and exit code 2.</summary>
    public static int Guard(TextWriter error, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (PlatformException e)
        {
            error.WriteLine($"protmem: {e.Message}");
            return ExitUsage;
        }
    }

    /// <summary>A Spectre console writing plain text (no colours, no control codes) to <paramref name="writer"/>.</summary>
    public static IAnsiConsole ConsoleFor(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 160;
        return console;
    }
}
