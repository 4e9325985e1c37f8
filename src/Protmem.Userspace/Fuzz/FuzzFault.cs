using System.Text.RegularExpressions;

namespace Protmem.Userspace.Fuzz;

/// <summary>
/// One thing a fuzz program showed: its kind (<c>model-exception</c>, <c>not-modelled</c>, <c>violation</c>,
/// <c>invariant</c>, <c>leak</c>), what was wrong, and the op that showed it (none for the end-of-program
/// checks). <see cref="Signature"/> names the fault without the numbers that differ between occurrences
/// (times, addresses, fds, sizes): a run reports and shrinks each signature once and counts the rest.
/// </summary>
internal sealed partial record FuzzFault(string Kind, string Detail, FuzzOp? Op = null)
{
    public string Message => Op is null ? Detail : $"{Op}: {Detail}";

    public string Signature => $"{Kind}: {Numbers().Replace(MonitorTime().Replace(Detail, ""), "N")}";

    /// <summary>A violation leaves the machine as it was (the monitor only watches); any other fault ends the program.</summary>
    public bool EndsProgram => Kind != Fuzzer.Violation;

    [GeneratedRegex(@"^at [0-9.]+ ms, ")]
    private static partial Regex MonitorTime();

    [GeneratedRegex(@"\b(0x[0-9a-fA-F]+|[0-9]+)\b")]
    private static partial Regex Numbers();
}
