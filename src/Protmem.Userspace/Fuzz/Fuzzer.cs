namespace Protmem.Userspace.Fuzz;

/// <summary>
/// The fuzzer: several processes issuing random syscalls from <see cref="FuzzGenerator"/>'s grammar on
/// freshly booted machines, the safety monitor on.
/// 1. A run is episodes of <see cref="EpisodeLength"/> ops, each on a new machine with its own seed (from
///    the run's seed and the episode number), so a run is deterministic per seed and shard i/n runs the
///    episodes whose number is i mod n: shards on any job array add up to the whole run.
/// 2. After every op the monitor's new findings are violations (the episode goes on: the monitor only
///    watches); an exception escaping a syscall ends the episode with a finding. Every
///    <see cref="CheckEvery"/> ops and at the end the whole-machine invariants; at the end every process
///    exits and whatever is left behind (pools, lent regions, sessions, shms) is a leak.
/// 3. Each fault <see cref="FuzzFault.Signature"/> is reported once, from the first episode that shows it,
///    shrunk (<see cref="FuzzShrinker"/>) to a minimal program that still shows it, printed one op a line
///    (<see cref="Replay"/> runs it); later occurrences are counted, so a board's known hazard is reported
///    (never hidden) without drowning the rest of the run.
/// </summary>
public sealed class Fuzzer(Func<ulong, IFuzzMachine> boot)
{
    public const string ModelException = "model-exception";
    public const string NotModelled = "not-modelled";
    public const string Violation = "violation";
    public const string Invariant = "invariant";
    public const string Leak = "leak";
    public const int EpisodeLength = 20_000;
    public const int CheckEvery = 2_000;

    /// <summary>
    /// Runs <paramref name="count"/> syscalls' worth of episodes (this shard's share) with <paramref name="processes"/>
    /// processes; <paramref name="progress"/>, when given, hears the fraction of this shard's episodes done (it changes nothing else).
    /// </summary>
    public FuzzResult Run(string platform, ulong seed, long count, int processes, int shard = 0, int shards = 1, IProgress<double>? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(processes, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shard, shards);
        var episodes = (count + EpisodeLength - 1) / EpisodeLength;
        var findings = new List<FuzzFinding>();
        var bySignature = new Dictionary<string, int>(StringComparer.Ordinal);
        long syscalls = 0, errnos = 0, ran = 0;
        for (var episode = (long)shard; episode < episodes; episode += shards)
        {
            var episodeSeed = EpisodeSeed(seed, episode);
            var length = (int)Math.Min(EpisodeLength, count - (episode * EpisodeLength));
            var (ops, faults, session) = RunEpisode(episodeSeed, length, processes);
            syscalls += session.Syscalls;
            errnos += session.Errnos;
            ran++;
            foreach (var (fault, at) in faults)
            {
                if (bySignature.TryGetValue(fault.Signature, out var known))
                {
                    findings[known] = findings[known] with { Occurrences = findings[known].Occurrences + 1 };
                    continue;
                }

                bySignature[fault.Signature] = findings.Count;
                var program = FuzzShrinker.Shrink(this, ops[..at], fault.Signature, episodeSeed);
                findings.Add(new FuzzFinding(fault.Kind, fault.Message, episodeSeed, [.. program.Select(o => o.ToString())])
                {
                    Episode = episode,
                    Signature = fault.Signature,
                });
            }

            progress?.Report(Math.Min(1.0, (double)(episode + shards) / Math.Max(1, episodes)));
        }

        return new FuzzResult(platform, seed, syscalls, ran, errnos, findings);
    }

    /// <summary>Runs a program (e.g. a shrunk one read back from its lines) on a fresh machine; its first finding, or null.</summary>
    public (string Kind, string Message)? Replay(IReadOnlyList<FuzzOp> program, ulong episodeSeed = 1) =>
        Faults(program, episodeSeed) is [var first, ..] ? (first.Kind, first.Message) : null;

    /// <summary>The seed of episode <paramref name="episode"/> of a run seeded <paramref name="seed"/> (splitmix64).</summary>
    public static ulong EpisodeSeed(ulong seed, long episode)
    {
        var z = seed + (0x9E3779B97F4A7C15UL * (ulong)(episode + 1));
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>
    /// Everything <paramref name="program"/> shows on a fresh machine, in order, up to the first fault that
    /// ends it, or (for the shrinker) up to the first of signature <paramref name="until"/>, the end-of-program
    /// checks then skipped.
    /// </summary>
    internal List<FuzzFault> Faults(IReadOnlyList<FuzzOp> program, ulong episodeSeed, string? until = null)
    {
        ArgumentNullException.ThrowIfNull(program);
        var slots = program.Count == 0 ? 1 : program.Max(o => o.Slot) + 1;
        using var machine = boot(episodeSeed);
        var session = new FuzzSession(machine, slots);
        var faults = new List<FuzzFault>();
        foreach (var op in program)
        {
            foreach (var fault in session.Run(op))
            {
                faults.Add(fault);
                if (fault.EndsProgram || fault.Signature == until)
                {
                    return faults;
                }
            }
        }

        faults.AddRange(Finish(session));
        return faults;
    }

    private (List<FuzzOp> Ops, List<(FuzzFault Fault, int At)> Faults, FuzzSession Session) RunEpisode(ulong episodeSeed, int length, int processes)
    {
        using var machine = boot(episodeSeed);
        var session = new FuzzSession(machine, processes);
        var generator = new FuzzGenerator(new Random(unchecked((int)episodeSeed ^ (int)(episodeSeed >> 32))), machine.HeapNames);
        var ops = new List<FuzzOp>(length);
        var faults = new List<(FuzzFault, int)>();
        for (var i = 0; i < length; i++)
        {
            var op = generator.Next(session, processes);
            ops.Add(op);
            foreach (var fault in session.Run(op))
            {
                faults.Add((fault, ops.Count));
                if (fault.EndsProgram)
                {
                    return (ops, faults, session);
                }
            }

            if (ops.Count % CheckEvery == 0)
            {
                if (Invariants(machine) is { } broken)
                {
                    faults.Add((broken, ops.Count));
                    return (ops, faults, session);
                }

                var safety = Safety(machine, quiescent: false);
                faults.AddRange(safety.Select(f => (f, ops.Count)));
                if (safety.Any(f => f.EndsProgram))
                {
                    return (ops, faults, session);
                }
            }
        }

        faults.AddRange(Finish(session).Select(f => (f, ops.Count)));
        return (ops, faults, session);
    }

    /// <summary>The end of a program: invariants and point checks, then every process exits (the monitor watching) and nothing may be left behind.</summary>
    private static List<FuzzFault> Finish(FuzzSession session)
    {
        if (Invariants(session.Machine) is { } broken)
        {
            return [broken];
        }

        var faults = Safety(session.Machine, quiescent: false);
        try
        {
            session.ExitAll();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return [.. faults, new FuzzFault(ModelException, $"process exit: {FuzzSession.Describe(e)}")];
        }

        faults.AddRange(session.Monitor(null));
        if (Invariants(session.Machine) is { } after)
        {
            return [.. faults, after];
        }

        // What the point checks find only once every process is gone is what the processes left behind.
        var open = Safety(session.Machine, quiescent: false).Select(f => f.Detail).ToHashSet(StringComparer.Ordinal);
        faults.AddRange(Safety(session.Machine, quiescent: true).Where(f => !open.Contains(f.Detail)).Select(f => f with { Kind = Leak }));
        return faults;
    }

    private static FuzzFault? Invariants(IFuzzMachine machine)
    {
        try
        {
            return machine.CheckInvariants() is { Count: > 0 } broken ? new FuzzFault(Invariant, broken[0]) : null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new FuzzFault(Invariant, FuzzSession.Describe(e));
        }
    }

    /// <summary>The point checks' findings: violations (or, in a check that throws, a broken invariant).</summary>
    private static List<FuzzFault> Safety(IFuzzMachine machine, bool quiescent)
    {
        try
        {
            return [.. machine.CheckSafety(quiescent).Select(f => new FuzzFault(Violation, f))];
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return [new FuzzFault(Invariant, FuzzSession.Describe(e))];
        }
    }
}
