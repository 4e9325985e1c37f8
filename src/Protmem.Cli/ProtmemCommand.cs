using System.CommandLine;
using System.CommandLine.Invocation;
using Protmem.Platform;
using Spectre.Console;

namespace Protmem.Cli;

/// <summary>
/// The <c>protmem</c> command line: one parser for every command, presentation only. Each subcommand is
/// one file with a <c>Create</c> that returns its <see cref="Command"/>; <see cref="Build"/> lists them.
/// Exit codes: 0 success, 1 a test or check failed, 2 a bad command line or a board that cannot be read or
/// booted (the option, the DTS file:line:column, or the node and property), 4 nothing could be tested
/// (kselftest's KSFT_SKIP: the board offers nothing protected), 70 (EX_SOFTWARE) a bug in the
/// model, reported with the command that reproduces it.
/// </summary>
internal static class ProtmemCommand
{
    public const int ExitOk = 0;
    public const int ExitCheckFailed = 1;
    public const int ExitUsage = 2;
    public const int ExitSkip = 4;
    public const int ExitModelBug = 70;

    /// <summary>The root command with every subcommand; <c>protmem</c> alone is <c>protmem run</c>.</summary>
    public static RootCommand Build(TextWriter output, TextWriter error)
    {
        var globals = new GlobalOptions();
        RootCommand? root = null;
        root = new RootCommand("Protmem: an executable model of the Linux protected-memory stack (the secure data path)")
        {
            globals.Platform,
            globals.Seed,
            globals.Memory,
            RunCommand.Create(globals, output, error),
            XtestCommand.Create(globals, output, error),
            SelftestCommand.Create(globals, output, error),
            PlatformsCommand.Create(output),
            DescribeCommand.Create(globals, output, error),
            FuzzCommand.Create(globals, output, error),
            ExecCommand.Create(globals, error),
            CompareCommand.Create(globals, output, error),
            HelpCommand.Create(() => Build(output, error), output),
        };
        root.SetAction(result => ProtmemCommand.Guard(error, () => RunCommand.Execute(globals.Board(result), globals.MachineOptionsOf(result), RunCommand.Presentation.Default, output)));
        return root;
    }

    /// <summary>Runs the command line <paramref name="args"/>, writing to <paramref name="output"/> and <paramref name="error"/>.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var root = Build(output, error);
        var result = root.Parse(args);
        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        if (result.Errors.Count > 0)
        {
            foreach (var parseError in result.Errors)
            {
                error.WriteLine($"protmem: {parseError.Message}");
            }

            foreach (var suggestion in TypoSuggestions(result))
            {
                error.WriteLine(suggestion);
            }

            error.WriteLine(UsageHint(result));
            return ExitUsage;
        }

        try
        {
            return result.Invoke(configuration);
        }
        catch (UsageException e)
        {
            error.WriteLine($"protmem: {e.Message}");
            error.WriteLine(UsageHint(result));
            return ExitUsage;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Anything that escapes a command is the model's fault, never the user's.
            error.WriteLine($"protmem: model bug: {e.GetType().Name}: {e.Message}");
            error.WriteLine($"  reproduce with: protmem {Reproducer(args)}");
            error.WriteLine($"  at {e.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}");
            return ExitModelBug;
        }
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

    /// <summary>The command line that reproduces a run: the same arguments, with the seed made explicit.</summary>
    private static string Reproducer(string[] args) =>
        string.Join(' ', args.Any(a => a == "--seed" || a.StartsWith("--seed=", StringComparison.Ordinal)) ? args : [.. args, "--seed", "1"]);

    private static string UsageHint(ParseResult result) => $"Run '{string.Join(' ', ["protmem", .. CommandPath(result), "--help"])}' for usage.";

    /// <summary>System.CommandLine's "Did you mean ...?" lines for a mistyped command or option (its typo correction).</summary>
    private static List<string> TypoSuggestions(ParseResult result)
    {
        using var suggestions = new StringWriter();
        var configuration = new InvocationConfiguration { Output = suggestions, Error = suggestions, EnableDefaultExceptionHandler = false };
        if (result.Action is ParseErrorAction parseError)
        {
            parseError.ShowHelp = false;
            parseError.ShowTypoCorrections = true;
            result.Invoke(configuration);
        }

        // Its output is each error, then for a mistyped token "'X' was not matched. Did you mean one of the
        // following?" and the candidates, one a line.
        var lines = suggestions.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var found = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].Contains("Did you mean", StringComparison.Ordinal))
            {
                continue;
            }

            var candidates = lines.Skip(i + 1).TakeWhile(line => !line.Contains(' ', StringComparison.Ordinal)).ToList();
            if (candidates.Count > 0)
            {
                found.Add($"protmem: {lines[i][..lines[i].IndexOf(" Did you mean", StringComparison.Ordinal)]} Did you mean {string.Join(" or ", candidates.Select(c => $"'{c}'"))}?");
            }
        }

        return found;
    }

    private static List<string> CommandPath(ParseResult result)
    {
        var path = new List<string>();
        for (var command = result.CommandResult; command is not null; command = command.Parent as System.CommandLine.Parsing.CommandResult)
        {
            if (command.Command is not RootCommand)
            {
                path.Insert(0, command.Command.Name);
            }
        }

        return path;
    }
}
