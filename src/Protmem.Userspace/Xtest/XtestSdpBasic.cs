using Protmem.Uapi;

namespace Protmem.Userspace.Xtest;

/// <summary>
/// <c>xtest --sdp-basic</c> as a user program: five sub-tests in order, each compared with what
/// xtest expects; the first mismatch stops the run (the rest are reported as not run), as
/// xtest's runner does.
/// <list type="number">
/// <item>non-secure client → SDP TA: 0 (pass);</item>
/// <item>SDP TA → SDP TA: 0;</item>
/// <item>SDP TA → test pseudo-TA: 0;</item>
/// <item>non-secure client → test pseudo-TA: 1 (it must fail: a pseudo-TA touches SDP memory only for a TA);</item>
/// <item>out-of-bounds memrefs: 0 (five rejections, and at verbosity &gt; 0 the valid last byte reaching the TA).</item>
/// </list>
/// Test data comes from <c>fillRandom</c>, the caller's seeded generator (xtest reads /dev/urandom).
/// </summary>
public sealed class XtestSdpBasic : SdpProgram
{
    public XtestSdpBasic(ISyscalls sys, TextWriter output, Action<byte[]> fillRandom)
        : base(sys, output, fillRandom)
    {
    }

    /// <summary>The five sub-tests: (title, target or null for out-of-bounds, expected return).</summary>
    public static IReadOnlyList<(string Title, SdpTarget? Target, int Expected)> Plan { get; } =
    [
        ("NS invokes SDP TA", SdpTarget.NsToTa, 0),
        ("SDP TA invokes SDP TA", SdpTarget.TaToTa, 0),
        ("SDP TA invokes SDP pTA", SdpTarget.TaToPta, 0),
        ("NS invokes SDP pTA (shall fail)", SdpTarget.NsToPta, 1),
        ("Invoke TA with out of bounds buffer references", null, 0),
    ];

    public SdpRunResult Run(SdpBasicOptions? options = null)
    {
        options ??= new SdpBasicOptions();
        var tests = CreateTests();
        var results = new List<SdpSubtestResult>();
        var stopped = false;

        // Progress counts loops: each looping sub-test is options.Loops units, the out-of-bounds one is one.
        var total = ((double)Plan.Count(p => p.Target is not null) * Math.Max(options.Loops, 1ul)) + Plan.Count(p => p.Target is null);
        var done = 0d;
        for (var i = 0; i < Plan.Count; i++)
        {
            var (title, target, expected) = Plan[i];
            var id = $"sdp-basic.{i + 1}";
            if (stopped)
            {
                results.Add(new SdpSubtestResult(id, title, expected, null, []));
                continue;
            }

            Verbose(options, "");
            Verbose(options, $"Secure Data Path basic access: {title}");
            var cases = new List<SdpMemrefCaseResult>();
            var before = done;
            var got = target is { } t
                ? tests.BasicTest(t, options.Size, options.Loops, options.HeapName, options.RandomOffset, options.Verbosity, Progress is null ? null : loop => Progress.Report((before + loop) / total))
                : tests.OutOfBounds(options.Size, options.HeapName, options.Verbosity, cases);
            done = before + (target is null ? 1 : Math.Max(options.Loops, 1ul));
            Progress?.Report(done / total);
            var result = new SdpSubtestResult(id, title, expected, got, cases, tests.LastSetupFailure?.SkipReasonFor(expected));
            results.Add(result);
            Verbose(options, result.Passed ? "Test passed" : result.Skipped ? $"Test skipped: {result.SkipReason}" : "Test failed!");
            AfterSubtest?.Invoke(result);
            stopped = result.Verdict == Verdict.Fail;
        }

        return new SdpRunResult("xtest --sdp-basic", results);
    }

    private void Verbose(SdpBasicOptions options, string line)
    {
        if (options.Verbosity > 0)
        {
            Output.WriteLine(line);
        }
    }
}
