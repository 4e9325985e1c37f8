namespace Protmem.Userspace.Fuzz;

/// <summary>
/// Shrinks a program that shows a fault to a smaller one that still does (same <see cref="FuzzFault.Signature"/>
/// on a fresh replay), only when a run finds something new:
/// 1. whole processes dropped (every op of one slot but the last op's);
/// 2. chunks of ops removed, halving the chunk size down to single ops (delta debugging).
/// Replays are bounded (<see cref="MaxReplays"/>, <see cref="MaxReplayedOps"/>) so a long episode's finding
/// costs seconds, not the run; what is left is still a program that shows the fault.
/// </summary>
internal static class FuzzShrinker
{
    public const int MaxReplays = 600;
    public const long MaxReplayedOps = 2_000_000;

    public static List<FuzzOp> Shrink(Fuzzer fuzzer, List<FuzzOp> ops, string signature, ulong episodeSeed)
    {
        var current = ops;
        var replays = 0;
        long replayed = 0;
        bool Shows(List<FuzzOp> candidate)
        {
            replays++;
            replayed += candidate.Count;
            return fuzzer.Faults(candidate, episodeSeed).Any(f => f.Signature == signature);
        }

        bool Spent() => replays >= MaxReplays || replayed >= MaxReplayedOps;

        if (current.Count > 0)
        {
            var keep = current[^1].Slot;
            foreach (var slot in current.Select(o => o.Slot).Distinct().Where(s => s != keep).ToList())
            {
                var candidate = current.Where(o => o.Slot != slot).ToList();
                if (!Spent() && Shows(candidate))
                {
                    current = candidate;
                }
            }
        }

        for (var chunk = Math.Max(1, current.Count / 2); chunk >= 1 && !Spent(); chunk /= 2)
        {
            for (var start = current.Count - chunk; start >= 0 && !Spent(); start -= chunk)
            {
                var candidate = current.Take(start).Concat(current.Skip(start + chunk)).ToList();
                if (Shows(candidate))
                {
                    current = candidate;
                }
            }

            if (chunk == 1)
            {
                break;
            }
        }

        return current;
    }
}
