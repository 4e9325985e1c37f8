namespace Protmem.Userspace.Fuzz;

/// <summary>
/// The fuzzer: several processes issuing random syscalls from <see cref="FuzzGenerator"/>'s grammar on
/// freshly booted machines, the safety monitor on.
/// 1. A run is episodes of <see cref="EpisodeLength"/> ops, each on a new machine with its own seed (from
///    the run's seed and the episode number), so a run is deterministic per seed and shard i/n runs the
///    episodes whose number is i mod n: shards on any job array add up to the whole run.
/// 2. After every op: an exception escaping a syscall, or a new monitor finding, ends the episode with a
///    finding; every <see cref="CheckEvery"/> ops and at the end the whole-machine invariants; at the end
///    every process exits and whatever is left behind (pools, lent regions, sessions, shms) is a leak.
/// 3. A finding is shrunk (chunks of ops removed while a fresh replay still shows the same kind) to a
///    minimal program, printed one op a line: <see cref="Replay"/> runs it.
/// </summary>
public sealed class Fuzzer(Func<ulong, IFuzzMachine> boot)
{
    public const int EpisodeLength = 20_000;
    public const int CheckEvery = 2_000;
    private const int MaxShrinkReplays = 400;

    /// <summary>Runs <paramref name="count"/> syscalls' worth of episodes (this shard's share) with <paramref name="processes"/> processes.</summary>
    public FuzzResult Run(string platform, ulong seed, long count, int processes, int shard = 0, int shards = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(processes, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shard, shards);
        var episodes = (count + EpisodeLength - 1) / EpisodeLength;
        var findings = new List<FuzzFinding>();
        long syscalls = 0, errnos = 0, ran = 0;
        for (var episode = shard; episode < episodes; episode += shards)
        {
            var episodeSeed = EpisodeSeed(seed, episode);
            var length = (int)Math.Min(EpisodeLength, count - ((long)episode * EpisodeLength));
            var (ops, finding, session) = RunEpisode(episodeSeed, length, processes);
            syscalls += session.Syscalls;
            errnos += session.Errnos;
            ran++;
            if (finding is { } f)
            {
                var program = Shrink(ops, f.Kind, processes, episodeSeed);
                findings.Add(new FuzzFinding(f.Kind, f.Message, episodeSeed, [.. program.Select(o => o.ToString())]));
            }
        }

        return new FuzzResult(platform, seed, syscalls, ran, errnos, findings);
    }

    /// <summary>Runs a program (e.g. a shrunk one read back from its lines) on a fresh machine; its finding, or null.</summary>
    public (string Kind, string Message)? Replay(IReadOnlyList<FuzzOp> program, ulong episodeSeed = 1)
    {
        ArgumentNullException.ThrowIfNull(program);
        var slots = program.Count == 0 ? 1 : program.Max(o => o.Slot) + 1;
        using var machine = boot(episodeSeed);
        var session = new FuzzSession(machine, slots);
        foreach (var op in program)
        {
            if (session.Run(op) is { } finding)
            {
                return finding;
            }
        }

        return Finish(session);
    }

    /// <summary>The seed of episode <paramref name="episode"/> of a run seeded <paramref name="seed"/> (splitmix64).</summary>
    public static ulong EpisodeSeed(ulong seed, long episode)
    {
        var z = seed + (0x9E3779B97F4A7C15UL * (ulong)(episode + 1));
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private (List<FuzzOp> Ops, (string Kind, string Message)? Finding, FuzzSession Session) RunEpisode(ulong episodeSeed, int length, int processes)
    {
        using var machine = boot(episodeSeed);
        var session = new FuzzSession(machine, processes);
        var generator = new FuzzGenerator(new Random(unchecked((int)episodeSeed ^ (int)(episodeSeed >> 32))), machine.HeapNames);
        var ops = new List<FuzzOp>(length);
        for (var i = 0; i < length; i++)
        {
            var op = generator.Next(session, processes);
            ops.Add(op);
            if (session.Run(op) is { } finding)
            {
                return (ops, finding, session);
            }

            if ((i + 1) % CheckEvery == 0 && Invariants(machine, quiescent: false) is { } broken)
            {
                return (ops, broken, session);
            }
        }

        return (ops, Finish(session), session);
    }

    /// <summary>The end of a program: invariants, then every process exits and nothing may be left behind.</summary>
    private static (string Kind, string Message)? Finish(FuzzSession session)
    {
        if (Invariants(session.Machine, quiescent: false) is { } broken)
        {
            return broken;
        }

        try
        {
            session.ExitAll();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return ("model-exception", $"process exit: {e.GetType().Name}: {e.Message}");
        }

        return Invariants(session.Machine, quiescent: true) is { } left ? left with { Kind = left.Kind == "invariant" ? "leak" : left.Kind } : null;
    }

    private static (string Kind, string Message)? Invariants(IFuzzMachine machine, bool quiescent)
    {
        try
        {
            return machine.Check(quiescent) is { Count: > 0 } findings ? ("invariant", findings[0]) : null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return ("invariant", $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Removes chunks of ops, halving the chunk size, while a fresh replay still shows a finding of <paramref name="kind"/>.</summary>
    private List<FuzzOp> Shrink(List<FuzzOp> ops, string kind, int processes, ulong episodeSeed)
    {
        var current = ops;
        var replays = 0;
        for (var chunk = Math.Max(1, current.Count / 2); chunk >= 1 && replays < MaxShrinkReplays; chunk /= 2)
        {
            for (var start = current.Count - chunk; start >= 0 && replays < MaxShrinkReplays; start -= chunk)
            {
                var candidate = current.Take(start).Concat(current.Skip(start + chunk)).ToList();
                replays++;
                if (Replay(candidate, episodeSeed) is { } f && f.Kind == kind)
                {
                    current = candidate;
                }
            }

            if (chunk == 1)
            {
                break;
            }
        }

        return current.Any(o => o.Kind == FuzzOpKind.Spawn) || processes == 0 ? current : [new FuzzOp(0, FuzzOpKind.Spawn), .. current];
    }
}
