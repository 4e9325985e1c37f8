using Protmem.Userspace.Fuzz;

namespace Protmem.Cli.Json;

/// <summary>The JSON form of a fuzz result (what <c>protmem fuzz --json</c> prints and <c>--merge</c> reads).</summary>
internal sealed record FuzzReportJson(string Platform, ulong Seed, long Syscalls, long Episodes, long Errnos, double Seconds, List<FuzzFinding> Findings)
{
    public static FuzzReportJson From(FuzzResult r, double seconds) => new(r.Platform, r.Seed, r.Syscalls, r.Episodes, r.Errnos, seconds, [.. r.Findings]);

    public FuzzResult ToResult() => new(Platform, Seed, Syscalls, Episodes, Errnos, Findings ?? []);
}
