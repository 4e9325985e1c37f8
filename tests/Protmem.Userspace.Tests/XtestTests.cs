using Protmem.Uapi.Tee;
using Protmem.Userspace.TeeClient;
using Protmem.Userspace.Xtest;

namespace Protmem.Userspace.Tests;

public sealed class XtestTests
{
    [Fact]
    public void MemrefCases_ForSdpBasicSize8192_AreTheValidByteAndFiveRejections()
    {
        var cases = SdpMemrefCase.For(8192, includeValid: true);

        Assert.Equal(
            [(8191ul, 1ul, true), (8191, 2, false), (8191, 5000, false), (8192, 1, false), (8192, 4096, false), (2, ulong.MaxValue, false)],
            cases.Select(c => (c.Offset, c.Length, c.ValidReference)));
    }

    [Fact]
    public void MemrefCases_ForRegression1014Size20480_AreTheFiveRejectionsOnly()
    {
        var cases = SdpMemrefCase.For(20480, includeValid: false);

        Assert.Equal(
            [(20479ul, 2ul), (20479, 5000), (20480, 1), (20480, 4096), (2, ulong.MaxValue)],
            cases.Select(c => (c.Offset, c.Length)));
        Assert.DoesNotContain(cases, c => c.ValidReference);
    }

    [Theory]
    [InlineData(8192ul)]
    [InlineData(20480ul)]
    public void MemrefCases_Rejections_AreRefusedByTheClientBeforeAnyIoctl(ulong shmSize)
    {
        var process = new FakeProcess();
        _ = new ScriptedTee(process) { RegisterAnswer = (long)shmSize };
        Assert.True(TeecContext.InitializeContext(process, out var context).IsSuccess);
        Assert.True(context!.OpenSession(SdpTrustedApps.SdpBasicTa, out var session).IsSuccess);
        Assert.True(context.RegisterSharedMemoryFileDescriptor(9, Teec.TEEC_MEM_INPUT | Teec.TEEC_MEM_OUTPUT, out var sdp).IsSuccess);
        Assert.True(context.AllocateSharedMemory(sdp!.Size, Teec.TEEC_MEM_INPUT, out var input).IsSuccess);

        foreach (var memrefCase in SdpMemrefCase.For(sdp.Size, includeValid: false))
        {
            process.ForbidIoctls = true;
            var status = session!.InvokeCommand(SdpTrustedApps.TA_SDP_BASIC_CMD_INJECT, new TeecOperation(
                TeecParameter.Partial(Teec.TEEC_MEMREF_PARTIAL_INPUT, input!, 0, memrefCase.Length),
                TeecParameter.Partial(Teec.TEEC_MEMREF_PARTIAL_OUTPUT, sdp, memrefCase.Offset, memrefCase.Length)));

            Assert.True(new SdpMemrefCaseResult(memrefCase, status).Passed, $"{memrefCase.Description}: {status}");
            Assert.Equal(TeecOrigin.TEEC_ORIGIN_API, status.Origin);
        }
    }

    [Fact]
    public void MemrefCase_Valid_PassesOnlyWhenItReachesTheTa()
    {
        var valid = new SdpMemrefCase("last byte", 8191, 1, true);

        Assert.True(new SdpMemrefCaseResult(valid, new TeecStatus(TeecResult.TEEC_ERROR_SHORT_BUFFER, TeecOrigin.TEEC_ORIGIN_TRUSTED_APP)).Passed);
        Assert.False(new SdpMemrefCaseResult(valid, TeecStatus.FromApi(TeecResult.TEEC_ERROR_BAD_PARAMETERS)).Passed);
    }

    [Fact]
    public void MemrefCase_Invalid_PassesOnlyWhenRefusedWithGenericOrBadParameters()
    {
        var invalid = new SdpMemrefCase("offset = size", 8192, 1, false);

        Assert.True(new SdpMemrefCaseResult(invalid, new TeecStatus(TeecResult.TEEC_ERROR_GENERIC, TeecOrigin.TEEC_ORIGIN_COMMS)).Passed);
        Assert.False(new SdpMemrefCaseResult(invalid, new TeecStatus(TeecResult.TEEC_ERROR_BAD_PARAMETERS, TeecOrigin.TEEC_ORIGIN_TRUSTED_APP)).Passed);
        Assert.False(new SdpMemrefCaseResult(invalid, TeecStatus.FromApi(TeecResult.TEEC_ERROR_OUT_OF_MEMORY)).Passed);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 255)]
    [InlineData(0x80, 0x80)]
    [InlineData(0xff, 1)]
    [InlineData(0x12, 0xee)]
    public void Transformed_IsTwosComplementNegation(byte input, byte output)
    {
        Assert.Equal(output, SdpTrustedApps.Transformed(input));
    }

    [Fact]
    public void CountErrors_CountsBytesThatAreNotTransformed()
    {
        Assert.Equal(0, SdpBasicTests.CountErrors([1, 2, 0xff], [0xff, 0xfe, 1]));
        Assert.Equal(2, SdpBasicTests.CountErrors([1, 2, 0xff], [1, 0xfe, 0]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(64)]
    [InlineData(99)]
    public void CountErrors_LongBuffers_CountsEveryWrongByteWhereverItIs(int wrong)
    {
        var reference = Enumerable.Range(0, 100).Select(i => (byte)(i * 7)).ToArray();
        var dumped = reference.Select(SdpTrustedApps.Transformed).ToArray();
        Assert.Equal(0, SdpBasicTests.CountErrors(reference, dumped));

        dumped[wrong] ^= 1;
        dumped[(wrong + 50) % 100] ^= 0x80;

        Assert.Equal(2, SdpBasicTests.CountErrors(reference, dumped));
    }

    [Fact]
    public void Options_Parse_GivesXtestDefaults()
    {
        var options = SdpBasicOptions.Parse([])!;

        Assert.Equal((5000ul, 1000ul, (string?)null, true, 1),
            (options.Size, options.Loops, options.HeapName, options.RandomOffset, options.Verbosity));
    }

    [Fact]
    public void Options_Parse_ReadsEveryOption()
    {
        var options = SdpBasicOptions.Parse(["-s", "17000", "-n", "10", "--heap-name", "protected,trusted-ui", "--no-offset", "-v"])!;

        Assert.Equal((17000ul, 10ul, "protected,trusted-ui", false, 2),
            (options.Size, options.Loops, options.HeapName, options.RandomOffset, options.Verbosity));
    }

    [Theory]
    [InlineData("-s")]
    [InlineData("-n", "ten")]
    [InlineData("--bogus")]
    public void Options_Parse_BadArguments_NameTheProblem(params string[] arguments)
    {
        var error = Assert.Throws<ArgumentException>(() => SdpBasicOptions.Parse(arguments));

        Assert.Contains(arguments[0] == "--bogus" ? "--bogus" : arguments[0], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_Parse_Help_ReturnsNullForUsage()
    {
        Assert.Null(SdpBasicOptions.Parse(["-s", "1", "--help"]));
        Assert.Contains("--no-offset", SdpBasicOptions.Usage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Options_Parse_WithoutHeapName_LeavesTheChoiceToTheSolver()
    {
        var options = SdpBasicOptions.Parse(["-n", "2"])!;

        Assert.Null(options.HeapName);
        Assert.Contains("/sys/kernel/protmem", SdpBasicOptions.Usage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Regression1014Options_Parse_ReadsTheHeapName()
    {
        Assert.Equal("restricted_mtk_cm", XtestRegression1014Options.Parse(["--heap-name", "restricted_mtk_cm"])!.HeapName);
        Assert.Null(XtestRegression1014Options.Parse([])!.HeapName);
        Assert.Null(XtestRegression1014Options.Parse(["--help"]));
    }

    [Theory]
    [InlineData("--heap-name")]
    [InlineData("-s", "5000")]
    public void Regression1014Options_Parse_BadArguments_NameTheProblem(params string[] arguments)
    {
        var error = Assert.Throws<ArgumentException>(() => XtestRegression1014Options.Parse(arguments));

        Assert.Contains(arguments[0] == "--heap-name" ? "--heap-name: missing argument" : "invalid argument: -s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SdpBasic_WithoutTeeOrHeap_SkipsEverySubtestWithTheReason()
    {
        var output = new StringWriter();
        var program = new XtestSdpBasic(new FakeProcess(), output, new Random(1014).NextBytes);

        var run = program.Run(new SdpBasicOptions { Loops = 2 });

        Assert.False(run.Passed);
        Assert.Equal(Verdict.Skip, run.Verdict);
        Assert.All(run.Subtests, s => Assert.Equal(Verdict.Skip, s.Verdict));
        Assert.Contains("Error: no heap serves protected memory for secure-video shared with /dev/tee0: /sys/kernel/protmem cannot be read: ENOENT", output.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("no heap serves protected memory for secure-video", run.SkipReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Regression1014_WithoutTeeOrHeap_SkipsAllFiveAndTheShallFailCaseIsNotOk()
    {
        var output = new StringWriter();
        var program = new XtestRegression1014(new FakeProcess(), output, new Random(1014).NextBytes);

        var run = program.Run();

        Assert.Equal([0, 0, 0, 1, 0], run.Subtests.Select(s => s.Expected));
        Assert.All(run.Subtests, s => Assert.Equal(Verdict.Skip, s.Verdict));
        Assert.DoesNotContain("regression_1014.4 OK", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("regression_1014.4 SKIPPED", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("regression_1014 SKIPPED", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void RandomRing_FromTheSameSeed_GivesTheSameBytesAndWraps()
    {
        var a = new RandomRing(new Random(7).NextBytes);
        var b = new RandomRing(new Random(7).NextBytes);
        var first = new byte[40000];
        var second = new byte[40000];

        a.Read(first);
        b.Read(second);

        Assert.Equal(first, second);
        Assert.Equal(first.AsSpan(0, 40000 - 32769).ToArray(), first.AsSpan(32769).ToArray());
    }

    [Fact]
    public void SdpBasic_AgainstScriptedTa_GivesTheExpectedZeroZeroZeroOneZero()
    {
        var (process, ta) = ScriptedSystem(8192);
        var output = new StringWriter();

        var run = new XtestSdpBasic(process, output, new Random(5000).NextBytes).Run(new SdpBasicOptions { Loops = 3, HeapName = "protected,secure-video" });

        Assert.True(run.Passed, output.ToString());
        Assert.Equal([0, 0, 0, 1, 0], run.Subtests.Select(s => s.Got!.Value));
        var outOfBounds = run.Subtests[4].MemrefCases;
        Assert.Equal(6, outOfBounds.Count);
        Assert.Equal(TeecOrigin.TEEC_ORIGIN_TRUSTED_APP, outOfBounds[0].Status.Origin);
        Assert.All(outOfBounds, c => Assert.True(c.Passed));
        Assert.True(ta.Invocations > 27);
        Assert.Contains("Shm size 0x2000, offset 0x1fff/size 0x1: TEEC_SUCCESS/0x0 from TEEC_ORIGIN_TRUSTED_APP", output.ToString(), StringComparison.Ordinal);
        Assert.Empty(process.OpenFds);
        Assert.Equal(0, process.LiveMappings);
    }

    [Fact]
    public void Regression1014_AgainstScriptedTa_Passes()
    {
        var (process, _) = ScriptedSystem(20480);
        var output = new StringWriter();

        var run = new XtestRegression1014(process, output, new Random(17000).NextBytes).Run("protected,secure-video");

        Assert.True(run.Passed, output.ToString());
        Assert.Equal(5, run.Subtests[4].MemrefCases.Count);
        Assert.Contains("  regression_1014 OK", output.ToString(), StringComparison.Ordinal);
    }

    private static (FakeProcess Process, ScriptedSdpTa Ta) ScriptedSystem(long sdpSize)
    {
        var process = new FakeProcess();
        _ = new ScriptedHeaps(process, "protected,secure-video");
        var tee = new ScriptedTee(process) { RegisterAnswer = sdpSize };
        return (process, new ScriptedSdpTa(process, tee));
    }
}
