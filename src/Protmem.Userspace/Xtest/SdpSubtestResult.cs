namespace Protmem.Userspace.Xtest;

/// <summary>
/// One SDP sub-test: what xtest expects (0 = success, 1 = failure, as the C functions return),
/// what it got (null when a previous mismatch stopped the run), and the out-of-bounds cases.
/// </summary>
public sealed record SdpSubtestResult(string Id, string Title, int Expected, int? Got, IReadOnlyList<SdpMemrefCaseResult> MemrefCases)
{
    public bool Ran => Got is not null;

    public bool Passed => Got == Expected;
}
