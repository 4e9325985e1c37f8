namespace Protmem.Userspace.Fuzz;

/// <summary>
/// Shrinks a program that shows a fault to a smaller one that still does (same <see cref="FuzzFault.Signature"/>
/// on a fresh replay), only when a run finds something new:
/// 1. whole processes dropped (every op of one slot but the last op's);
/// 2. chunks of ops removed, halving the chunk size down to single ops (delta debugging);
/// 3. single ops removed with the later fds of their process renumbered one down, as the kernel hands out
///    the lowest free fd: an open that goes takes its fd number with it.
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
            return fuzzer.Faults(candidate, episodeSeed, signature).Any(f => f.Signature == signature);
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

        for (var changed = true; changed && !Spent();)
        {
            changed = false;
            for (var i = current.Count - 1; i >= 0 && !Spent(); i--)
            {
                var slot = current[i].Slot;
                var candidate = current.Take(i).Concat(current.Skip(i + 1).Select(o => o.Slot == slot ? FdsDown(o) : o)).ToList();
                if (candidate.SequenceEqual(current.Take(i).Concat(current.Skip(i + 1))) || !Shows(candidate))
                {
                    continue;
                }

                current = candidate;
                changed = true;
            }
        }

        return current;
    }

    /// <summary>The op with its fd argument one lower, where it names an fd above 0.</summary>
    private static FuzzOp FdsDown(FuzzOp op) => op.Kind switch
    {
        FuzzOpKind.Mmap when op.E > 0 => op with { E = op.E - 1 },
        FuzzOpKind.Close or FuzzOpKind.Dup or FuzzOpKind.Ioctl or FuzzOpKind.IoctlValue or FuzzOpKind.Lseek
            or FuzzOpKind.Read or FuzzOpKind.Write or FuzzOpKind.Poll when op.A > 0 => op with { A = op.A - 1 },
        _ => op,
    };
}
