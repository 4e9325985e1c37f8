namespace Protmem.Userspace.Selftests;

/// <summary>One numbered check of a selftest run: on which heap, what, the outcome and why.</summary>
public sealed record SelftestCheck(int Number, string Heap, string Name, CheckOutcome Outcome, string Detail)
{
    /// <summary>The TAP line: "ok 3 name", "not ok 3 name # detail" or "ok 3 # SKIP name: detail".</summary>
    public string ToTapLine() => Outcome switch
    {
        CheckOutcome.Pass => $"ok {Number} {Name}",
        CheckOutcome.Fail => Detail.Length == 0 ? $"not ok {Number} {Name}" : $"not ok {Number} {Name} # {Detail}",
        _ => $"ok {Number} # SKIP {Name}: {Detail}",
    };
}
