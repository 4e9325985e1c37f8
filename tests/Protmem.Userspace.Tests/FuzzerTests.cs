using Protmem.Userspace.Fuzz;

namespace Protmem.Userspace.Tests;

/// <summary>
/// The fuzzer on a test-only board with a planted bug (<see cref="PlantedBugMachine"/>): determinism per
/// seed, shards that add up to the run, a bug found at the sampled check cadence and shrunk to a minimal
/// program that replays to it, a recurring finding reported once with its count.
/// </summary>
public class FuzzerTests
{
    private readonly Dictionary<ulong, List<string>> _traces = [];

    private Fuzzer Planted(bool monitorOnPoke = false, bool leak = false) => new(seed =>
    {
        var machine = new PlantedBugMachine { MonitorOnPoke = monitorOnPoke, LeakOnExit = leak };
        _traces.TryAdd(seed, machine.Trace); // the episode's own machine, not the shrinker's replays
        return machine;
    });

    [Fact]
    public void Run_SameSeed_SameSyscallsAndSameResult()
    {
        var first = Planted().Run("planted", 7, 30_000, 3);
        var firstTraces = _traces.ToDictionary(t => t.Key, t => t.Value);
        _traces.Clear();
        var second = Planted().Run("planted", 7, 30_000, 3);

        Assert.Equal(firstTraces.Keys.Order(), _traces.Keys.Order());
        foreach (var (seed, trace) in firstTraces)
        {
            Assert.Equal(trace, _traces[seed]);
        }

        Assert.Equal((first.Syscalls, first.Episodes, first.Errnos), (second.Syscalls, second.Episodes, second.Errnos));
        Assert.Equal(first.Findings.Select(f => (f.Kind, f.Message, f.Occurrences, string.Join("\n", f.Program))), second.Findings.Select(f => (f.Kind, f.Message, f.Occurrences, string.Join("\n", f.Program))));
    }

    [Fact]
    public void Run_OtherSeed_OtherSyscalls()
    {
        Planted().Run("planted", 7, 5_000, 3);
        var first = _traces.Single().Value.ToList();
        _traces.Clear();
        Planted().Run("planted", 8, 5_000, 3);

        Assert.NotEqual(first, _traces.Single().Value);
    }

    [Fact]
    public void Run_ShardsMerged_SameEpisodesAndTotalsAsOneRun()
    {
        var whole = Planted().Run("planted", 3, 5 * Fuzzer.EpisodeLength, 2);
        var wholeTraces = _traces.ToDictionary(t => t.Key, t => t.Value);
        _traces.Clear();
        var shards = Enumerable.Range(0, 3).Select(i => Planted().Run("planted", 3, 5 * Fuzzer.EpisodeLength, 2, i, 3)).ToList();
        var merged = FuzzResult.Merge(shards);

        Assert.Equal(wholeTraces.Keys.Order(), _traces.Keys.Where(wholeTraces.ContainsKey).Order());
        Assert.All(wholeTraces, t => Assert.Equal(t.Value, _traces[t.Key]));
        Assert.Equal([2L, 2L, 1L], shards.Select(s => s.Episodes));
        Assert.Equal((whole.Syscalls, whole.Episodes, whole.Errnos), (merged.Syscalls, merged.Episodes, merged.Errnos));
        Assert.Equal(whole.Findings.Select(f => (f.Kind, f.Message, f.Episode, f.Occurrences)), merged.Findings.Select(f => (f.Kind, f.Message, f.Episode, f.Occurrences)));
        Assert.NotEmpty(whole.Findings);
    }

    [Fact]
    public void Run_PlantedBugSeenOnlyByTheSampledChecks_FoundAndShrunkToTheThreeOpsThatShowIt()
    {
        var run = Planted().Run("planted", 1, Fuzzer.EpisodeLength, 4);

        var finding = Assert.Single(run.Findings);
        Assert.Equal(Fuzzer.Violation, finding.Kind);
        Assert.StartsWith(PlantedBugMachine.Planted, finding.Message, StringComparison.Ordinal);
        var program = finding.Program.Select(FuzzOp.Parse).ToList();
        Assert.Equal([FuzzOpKind.Spawn, FuzzOpKind.Open, FuzzOpKind.Dup], program.Select(o => o.Kind));
        Assert.Equal("/dev/tee0", program[1].Path);
        Assert.Equal(0, program[2].A);
        Assert.Single(program.Select(o => o.Slot).Distinct());
    }

    [Fact]
    public void Replay_ShrunkProgramPrinted_SameFindingAndNoneWithoutAnyOfItsOps()
    {
        var fuzzer = Planted();
        var finding = fuzzer.Run("planted", 1, Fuzzer.EpisodeLength, 4).Findings.Single();
        var program = finding.Program.Select(FuzzOp.Parse).ToList();

        var replayed = fuzzer.Replay(program);
        Assert.Equal((finding.Kind, finding.Message), replayed);
        for (var i = 0; i < program.Count; i++)
        {
            Assert.Null(fuzzer.Replay([.. program.Take(i), .. program.Skip(i + 1)]));
        }
    }

    [Fact]
    public void Run_MonitorFindingAfterManyOps_EpisodesGoOnAndItIsReportedOnceWithItsCount()
    {
        var run = Planted(monitorOnPoke: true).Run("planted", 5, 2 * Fuzzer.EpisodeLength, 1);

        Assert.Equal(2 * Fuzzer.EpisodeLength, run.Syscalls);
        var poke = Assert.Single(run.Findings, f => f.Message.Contains("poked scratch", StringComparison.Ordinal));
        Assert.True(poke.Occurrences > 10, $"seen {poke.Occurrences} times");
        Assert.Equal(FuzzOpKind.Poke, FuzzOp.Parse(poke.Program[^1]).Kind);
        Assert.True(poke.Program.Count <= 2, string.Join(" | ", poke.Program));
    }

    [Fact]
    public void Run_SomethingLeftBehindAfterEveryProcessExited_ALeak()
    {
        var run = Planted(leak: true).Run("planted", 2, 3_000, 2);

        var leak = Assert.Single(run.Findings, f => f.Kind == Fuzzer.Leak);
        Assert.Contains("left a pool page behind", leak.Message, StringComparison.Ordinal);
    }
}
