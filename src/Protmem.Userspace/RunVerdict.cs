namespace Protmem.Userspace;

/// <summary>
/// The verdict of a run about protected memory, from its steps: FAIL when any step failed; SKIP when
/// no step that tests protected memory really passed (the board offers nothing protected: no TEE, a TEE
/// that did not probe, no protected heap, a design xtest cannot allocate on), with every reason; PASS
/// otherwise. Passing checks of ordinary heaps never make a run about protected memory PASS.
/// </summary>
public sealed record RunVerdict(Verdict Verdict, IReadOnlyList<string> Reasons)
{
    /// <summary>Weighs <paramref name="steps"/>; <paramref name="boardReason"/> (why the board offers nothing protected, if known) leads the reasons of a SKIP.</summary>
    public static RunVerdict Of(IReadOnlyList<RunStep> steps, string? boardReason = null)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var failed = steps.Where(s => s.Verdict == Verdict.Fail).ToList();
        if (failed.Count > 0)
        {
            return new RunVerdict(Verdict.Fail, [.. failed.Select(s => s.Reason is null ? s.Name : $"{s.Name}: {s.Reason}")]);
        }

        if (boardReason is null && steps.Any(s => s.TestsProtectedMemory && s.Verdict == Verdict.Pass))
        {
            return new RunVerdict(Verdict.Pass, []);
        }

        var reasons = new List<string>();
        if (boardReason is not null)
        {
            reasons.Add(boardReason);
        }

        reasons.AddRange(steps.Where(s => s.Verdict == Verdict.Skip && s.Reason is not null).Select(s => $"{s.Name}: {s.Reason}"));
        if (reasons.Count == 0)
        {
            reasons.Add("no step tested protected memory");
        }

        return new RunVerdict(Verdict.Skip, reasons);
    }
}
