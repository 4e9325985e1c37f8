namespace Protmem.Userspace.Tests;

public sealed class RunVerdictTests
{
    [Fact]
    public void Of_OnlyOrdinaryHeapChecksPassed_IsSkipWithEveryReason()
    {
        var verdict = RunVerdict.Of(
        [
            new RunStep("xtest --sdp-basic", Verdict.Skip, TestsProtectedMemory: true, "no heap"),
            new RunStep("dmabuf-heaps selftest", Verdict.Pass, TestsProtectedMemory: false),
        ]);

        Assert.Equal(Verdict.Skip, verdict.Verdict);
        Assert.Equal(["xtest --sdp-basic: no heap"], verdict.Reasons);
    }

    [Fact]
    public void Of_BoardReason_IsSkipLedByTheBoardReason()
    {
        var verdict = RunVerdict.Of([new RunStep("dmabuf-heaps selftest", Verdict.Pass, TestsProtectedMemory: false)], "the board has no TEE");

        Assert.Equal(Verdict.Skip, verdict.Verdict);
        Assert.Equal("the board has no TEE", verdict.Reasons[0]);
    }

    [Fact]
    public void Of_AFailureBesideSkips_IsFail()
    {
        var verdict = RunVerdict.Of(
        [
            new RunStep("xtest 1014", Verdict.Skip, TestsProtectedMemory: true, "no heap"),
            new RunStep("safety", Verdict.Fail, TestsProtectedMemory: false, "a hazard"),
        ], "the board has no TEE");

        Assert.Equal(Verdict.Fail, verdict.Verdict);
        Assert.Equal(["safety: a hazard"], verdict.Reasons);
    }

    [Fact]
    public void Of_AProtectedStepPassed_IsPass()
    {
        var verdict = RunVerdict.Of(
        [
            new RunStep("xtest --sdp-basic", Verdict.Pass, TestsProtectedMemory: true),
            new RunStep("xtest 1014", Verdict.Skip, TestsProtectedMemory: true, "why"),
        ]);

        Assert.Equal(Verdict.Pass, verdict.Verdict);
        Assert.Empty(verdict.Reasons);
    }

    [Fact]
    public void Of_NoSteps_IsSkip()
    {
        Assert.Equal(Verdict.Skip, RunVerdict.Of([]).Verdict);
    }
}
