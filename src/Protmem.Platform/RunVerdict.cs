using System.Globalization;
using Protmem.Kernel.Core;

namespace Protmem.Platform;

/// <summary>
/// The last line of a run's report, from what failed and what the programs reached that the model does
/// not cover: a run with failures FAILs; a run without failures that reached a path not modelled is
/// INCOMPLETE (its PASS would claim more than was tested), naming each missing piece; otherwise PASS.
/// </summary>
public static class RunVerdict
{
    /// <summary><see cref="Of(int, IReadOnlyList{NotModelledFinding})"/> with <paramref name="machine"/>'s findings (for the presentation layer, which sees no kernel type).</summary>
    public static string Of(int failures, Machine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        return Of(failures, machine.NotModelled);
    }

    /// <summary><see cref="NotModelledLines(IReadOnlyList{NotModelledFinding})"/> of <paramref name="machine"/>'s findings.</summary>
    public static IEnumerable<string> NotModelledLines(Machine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        return NotModelledLines(machine.NotModelled);
    }

    /// <summary><paramref name="machine"/>'s not-modelled findings as entries a report lists (one per missing piece and call).</summary>
    public static IReadOnlyList<NotModelledEntry> NotModelledEntries(Machine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        return [.. machine.NotModelled.Select(f => new NotModelledEntry(f.What, f.Call, f.Process, f.Errno == 0 ? "0" : Uapi.Errno.Name(f.Errno), f.Count))];
    }

    /// <summary>"PASS", "FAIL (n problem(s))", or "INCOMPLETE: not modelled: what; what".</summary>
    public static string Of(int failures, IReadOnlyList<NotModelledFinding> notModelled)
    {
        ArgumentNullException.ThrowIfNull(notModelled);
        return failures > 0 ? string.Create(CultureInfo.InvariantCulture, $"FAIL ({failures} problem(s))")
            : notModelled.Count > 0 ? "INCOMPLETE: not modelled: " + string.Join("; ", notModelled.Select(f => f.What))
            : "PASS";
    }

    /// <summary>Turns a PASS verdict into INCOMPLETE when a path was not modelled; any other verdict stands.</summary>
    public static string Qualify(string verdict, IReadOnlyList<NotModelledFinding> notModelled)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentNullException.ThrowIfNull(notModelled);
        return verdict == "PASS" && notModelled.Count > 0 ? Of(0, notModelled) : verdict;
    }

    /// <summary>The report's "not modelled" section: one line per finding (the call, who made it, the errno), or nothing.</summary>
    public static IEnumerable<string> NotModelledLines(IReadOnlyList<NotModelledFinding> notModelled)
    {
        ArgumentNullException.ThrowIfNull(notModelled);
        return notModelled.Count == 0
            ? []
            : [string.Create(CultureInfo.InvariantCulture, $"not modelled ({notModelled.Count}):"), .. notModelled.Select(f => "  " + f)];
    }
}
