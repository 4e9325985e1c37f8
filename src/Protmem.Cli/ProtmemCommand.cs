using System.CommandLine;
using System.CommandLine.Invocation;
using Protmem.Platform;

namespace Protmem.Cli;

/// <summary>
/// The <c>protmem</c> command line: one parser for every command, presentation only. Each subcommand is
/// one file with a <c>Create</c> that returns its <see cref="Command"/>; <see cref="Build(Terminal)"/> lists them.
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
    public static RootCommand Build(TextWriter output, TextWriter error) => Build(new Terminal(output, error));

    /// <summary>The root command writing through <paramref name="terminal"/>.</summary>
    public static RootCommand Build(Terminal terminal)
    {
        ArgumentNullException.ThrowIfNull(terminal);
        var globals = new GlobalOptions();
        var output = terminal.Output;
        var error = terminal.Error;
        RootCommand? root = null;
        root = new RootCommand("Protmem: an executable model of the Linux protected-memory stack (the secure data path)")
        {
            globals.Platform,
            globals.Seed,
            globals.Memory,
            globals.Append,
            RunCommand.Create(globals, terminal),
            XtestCommand.Create(globals, terminal),
            SelftestCommand.Create(globals, terminal),
            PlatformsCommand.Create(terminal),
            DescribeCommand.Create(globals, terminal),
            FuzzCommand.Create(globals, output, error),
            ExecCommand.Create(globals, error),
            CompareCommand.Create(globals, terminal),
            HelpCommand.Create(() => Build(terminal), output),
        };
        root.SetAction(result => ProtmemCommand.Guard(error, () => RunCommand.Execute(globals.Board(result), globals.MachineOptionsOf(result), RunCommand.Presentation.Default, terminal)));
        return root;
    }

    /// <summary>Runs the command line <paramref name="args"/>, writing to <paramref name="output"/> and <paramref name="error"/>.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        return Run(args, new Terminal(output, error));
    }

    /// <summary>Runs the command line <paramref name="args"/> through <paramref name="terminal"/>.</summary>
    public static int Run(string[] args, Terminal terminal)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(terminal);
        var output = terminal.Output;
        var error = terminal.Error;
        var root = Build(terminal);
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
