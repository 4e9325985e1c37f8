using Protmem.Kernel.Tee;
using Protmem.Userspace.Xtest;

namespace Protmem.Kernel.Tests.Tee;

/// <summary>OP-TEE's SDP suite, unchanged user programs, against the hand-wired machine.</summary>
public class XtestSdpTests
{
    public static TheoryData<string> Designs => ["static", "dynamic", "dynamic-directmap", "ffa"];

    private static TeeMachine Boot(string design) => design switch
    {
        "static" => TeeMachine.Boot(TeeDesign.Static),
        "dynamic" => TeeMachine.Boot(TeeDesign.Dynamic),
        "ffa" => TeeMachine.Boot(TeeDesign.DynamicFfa),
        _ => TeeMachine.Boot(TeeDesign.Dynamic, new TeeConfig { RemoveLentMemoryFromDirectMap = true }),
    };

    [Theory]
    [MemberData(nameof(Designs))]
    public void SdpBasic_SmallRun_GivesXtestsExpectedResults(string design)
    {
        var machine = Boot(design);
        var before = machine.Kernel.Snapshot();
        using var output = new StringWriter();
        var run = machine.RunSdpBasic(new SdpBasicOptions { Loops = 20 }, output);
        Assert.True(run.Passed, output.ToString());
        Assert.Equal(new int?[] { 0, 0, 0, 1, 0 }, run.Subtests.Select(s => s.Got));
        Assert.Equal(5, run.Subtests[4].MemrefCases.Count(c => c.Passed && !c.Case.ValidReference));
        Assert.Equal(before, machine.Kernel.Snapshot());
        machine.AssertInvariants();
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void Regression1014_GivesZeroZeroZeroOneZero(string design)
    {
        var machine = Boot(design);
        using var output = new StringWriter();
        var run = machine.RunRegression1014(output);
        Assert.True(run.Passed, output.ToString());
        Assert.Equal(new int?[] { 0, 0, 0, 1, 0 }, run.Subtests.Select(s => s.Got));
        Assert.Contains("regression_1014 OK", output.ToString(), StringComparison.Ordinal);
        machine.AssertInvariants();
    }
}
