using Protmem.Uapi;

namespace Protmem.Userspace.Xtest;

/// <summary>
/// xtest regression 1014, "Test secure data path against SDP TAs and pTAs": the five SDP
/// sub-tests with size 17000, 10 loops, random offsets and verbosity 0 (so the out-of-bounds
/// test runs only the five rejections), expecting 0/0/0/1/0. Every sub-case runs, as ADBG_EXPECT
/// does not stop the case; output follows xtest's ADBG form.
/// </summary>
public sealed class XtestRegression1014 : SdpProgram
{
    public const ulong Size = 17000;
    public const ulong Loops = 10;

    public XtestRegression1014(ISyscalls sys, TextWriter output, Action<byte[]> fillRandom)
        : base(sys, output, fillRandom)
    {
    }

    /// <summary>The sub-cases: (title, target or null for out-of-bounds, expected return).</summary>
    public static IReadOnlyList<(string Title, SdpTarget? Target, int Expected)> Plan { get; } =
    [
        ("SDP: NonSecure client invokes a SDP TA", SdpTarget.NsToTa, 0),
        ("SDP: SDP TA invokes a SDP TA", SdpTarget.TaToTa, 0),
        ("SDP: SDP TA invokes a test pTA (invoke_tests.pta)", SdpTarget.TaToPta, 0),
        ("SDP: NSec CA invokes a test pTA (invoke_tests.pta) (should fail)", SdpTarget.NsToPta, 1),
        ("SDP: Invoke TA with out of bounds SDP memref", null, 0),
    ];

    /// <summary>Runs the five sub-cases on the heap <paramref name="options"/> name, or the solver's.</summary>
    public SdpRunResult Run(XtestRegression1014Options? options = null) => Run(options?.HeapName);

    /// <param name="heapName">The heap (a name under /dev/dma_heap or a path), or null for the solver's choice.</param>
    public SdpRunResult Run(string? heapName)
    {
        var tests = CreateTests();
        var results = new List<SdpSubtestResult>();
        Output.WriteLine("* regression_1014 Test secure data path against SDP TAs and pTAs");
        for (var i = 0; i < Plan.Count; i++)
        {
            var (title, target, expected) = Plan[i];
            var id = $"regression_1014.{i + 1}";
            Output.WriteLine($"o {id} {title}");
            var cases = new List<SdpMemrefCaseResult>();
            var got = target is { } t
                ? tests.BasicTest(t, Size, Loops, heapName, randomOffset: true, verbosity: 0)
                : tests.OutOfBounds(Size, heapName, verbosity: 0, cases);
            var result = new SdpSubtestResult(id, title, expected, got, cases, tests.LastSetupFailure?.SkipReasonFor(expected));
            results.Add(result);
            AfterSubtest?.Invoke(result);
            if (result.Verdict == Verdict.Fail)
            {
                Output.WriteLine($"  {id}: ret has an unexpected value: 0x{got:x} = {got}, expected 0x{expected:x} = {expected}");
            }

            Output.WriteLine($"  {id} {(result.Passed ? "OK" : result.Skipped ? $"SKIPPED ({result.SkipReason})" : "FAILED")}");
        }

        var run = new SdpRunResult("xtest 1014", results);
        Output.WriteLine($"  regression_1014 {run.Verdict switch { Verdict.Pass => "OK", Verdict.Skip => "SKIPPED", _ => "FAILED" }}");
        return run;
    }
}
