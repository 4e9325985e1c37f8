using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Protmem.Cli.Json;
using Protmem.Platform;
using Protmem.Platform.Boards;
using Protmem.Uapi;
using Protmem.Userspace.Fuzz;

namespace Protmem.Cli;

/// <summary>
/// <c>protmem fuzz [PLATFORM] [--seed S] [--count N] [--procs N] [--shard i/n] [--json]</c>: random syscalls
/// from the whole ABI on the board, the safety monitor on (<see cref="Fuzzer"/>); each finding printed
/// with its shrunk program. <c>--replay FILE</c> runs such a program; <c>--merge A.json B.json ...</c>
/// adds shard results. Exit 0 when nothing was found, 1 otherwise.
/// </summary>
internal static class FuzzCommand
{

    public static Command Create(GlobalOptions globals, TextWriter output, TextWriter error)
    {
        var board = GlobalOptions.BoardArgument();
        var count = new Option<long>("--count", "-n") { Description = "syscalls to issue (this run, all shards together)", DefaultValueFactory = _ => 100_000, HelpName = "N" };
        var procs = new Option<int>("--procs") { Description = "processes issuing syscalls at once", DefaultValueFactory = _ => 4, HelpName = "N" };
        var shard = new Option<string?>("--shard") { Description = "run shard i of n (0-based): episodes i, i+n, ...; shards' --json results merge", HelpName = "i/n" };
        var json = new Option<bool>("--json") { Description = "print the result as JSON (for --merge)" };
        var replay = new Option<string?>("--replay") { Description = "run the program in FILE (one op a line, as a finding prints it) on a machine seeded --seed (the finding's episode seed replays it exactly)", HelpName = "FILE" };
        var merge = new Option<string[]>("--merge") { Description = "add up the JSON results of shards", HelpName = "FILE", AllowMultipleArgumentsPerToken = true };
        var command = new Command("fuzz", "Random syscalls from the whole ABI, several processes, the safety monitor on; findings shrunk to replayable programs")
        {
            board, count, procs, shard, json, replay, merge,
        };
        command.SetAction(result => ProtmemCommand.Guard(error, () =>
        {
            if (result.GetValue(merge) is { Length: > 0 } files)
            {
                return Merge(files, result.GetValue(json), output);
            }

            var platform = globals.Board(result, board);
            var options = globals.MachineOptionsOf(result);
            var description = PlatformCatalog.Load(platform, options);
            var fuzzer = new Fuzzer(seed => new FuzzMachine(Machine.Boot(description, options with { Seed = seed })));
            if (result.GetValue(replay) is { } file)
            {
                return Replay(fuzzer, file, globals.SeedOf(result), output);
            }

            var (index, of) = ParseShard(result.GetValue(shard));
            var clock = Stopwatch.StartNew();
            var run = ProgressDisplay.Run(error, "fuzz", progress => fuzzer.Run(description.Name, globals.SeedOf(result), result.GetValue(count), result.GetValue(procs), index, of, progress));
            Print(run, clock.Elapsed.TotalSeconds, result.GetValue(json), output);
            return run.Findings.Count == 0 ? ProtmemCommand.ExitOk : ProtmemCommand.ExitCheckFailed;
        }));
        return command;
    }

    private static (int Index, int Of) ParseShard(string? text)
    {
        if (text is null)
        {
            return (0, 1);
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || !int.TryParse(text[..slash], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var of) || of < 1 || index >= of)
        {
            throw new UsageException($"--shard '{text}': say i/n with 0 <= i < n, e.g. 3/16");
        }

        return (index, of);
    }

    /// <summary>Runs the program in <paramref name="file"/> on a machine seeded <paramref name="seed"/> (a finding's episode seed replays it exactly).</summary>
    private static int Replay(Fuzzer fuzzer, string file, ulong seed, TextWriter output)
    {
        List<FuzzOp> program;
        try
        {
            program = [.. File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(FuzzOp.Parse)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            throw new UsageException($"--replay {file}: {e.Message}");
        }

        var finding = fuzzer.Replay(program, seed);
        output.WriteLine(finding is { } f ? $"{f.Kind}: {f.Message}" : $"no finding ({program.Count} ops)");
        return finding is null ? ProtmemCommand.ExitOk : ProtmemCommand.ExitCheckFailed;
    }

    private static int Merge(string[] files, bool json, TextWriter output)
    {
        var parts = new List<FuzzResult>();
        foreach (var file in files)
        {
            try
            {
                parts.Add(JsonSerializer.Deserialize(File.ReadAllText(file), ReportJsonContext.Default.FuzzReportJson)?.ToResult()
                    ?? throw new UsageException($"--merge {file}: not a fuzz result"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
            {
                throw new UsageException($"--merge {file}: {e.Message}");
            }
        }

        var merged = FuzzResult.Merge(parts);
        Print(merged, parts.Count == 0 ? 0 : files.Sum(f => JsonSerializer.Deserialize(File.ReadAllText(f), ReportJsonContext.Default.FuzzReportJson)!.Seconds), json, output);
        return merged.Findings.Count == 0 ? ProtmemCommand.ExitOk : ProtmemCommand.ExitCheckFailed;
    }

    private static void Print(FuzzResult run, double seconds, bool json, TextWriter output)
    {
        var rate = seconds > 0 ? run.Syscalls / seconds : 0;
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(FuzzReportJson.From(run, seconds), ReportJsonContext.Default.FuzzReportJson));
            return;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"protmem fuzz — {run.Platform}, seed {run.Seed}: {run.Syscalls} syscalls in {run.Episodes} episode(s), {run.Errnos} errno answers, {seconds:F1} s host ({rate:F0} syscalls/s)"));
        foreach (var finding in run.Findings)
        {
            var times = finding.Occurrences > 1 ? $", seen {finding.Occurrences} times" : "";
            output.WriteLine($"FINDING {finding.Kind} (episode {finding.Episode}, seed {finding.EpisodeSeed}{times}): {finding.Message}");
            output.WriteLine($"  shrunk to {finding.Program.Count} op(s); save these lines and run 'protmem fuzz {run.Platform} --seed {finding.EpisodeSeed} --replay FILE':");
            foreach (var line in finding.Program)
            {
                output.WriteLine($"    {line}");
            }
        }

        output.WriteLine(run.Findings.Count == 0 ? "RESULT: PASS (0 model exceptions, 0 leaks, 0 violations)" : $"RESULT: FAIL ({run.Findings.Count} finding(s))");
    }
}
