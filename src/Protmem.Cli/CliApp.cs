using Protmem.Platform;
using Protmem.Platform.Boards;
using Protmem.Userspace.Xtest;

namespace Protmem.Cli;

/// <summary>
/// The <c>protmem</c> command line: presentation only; the work is the platform's and the programs'.
/// <list type="bullet">
/// <item><c>protmem run [--platform NAME|FILE] [--seed N]</c>: the SDP suite, the dmabuf-heaps selftest and the safety check.</item>
/// <item><c>protmem xtest [--platform P] [--seed N] --sdp-basic [-s SIZE] [-n LOOPS] [--heap-name NAME] [--no-offset] [-v]</c></item>
/// <item><c>protmem xtest [--platform P] [--seed N] 1014</c></item>
/// <item>every other command (platforms, describe, selftest, --help): <see cref="ProtmemCommand"/>.</item>
/// </list>
/// Exit codes: 0 everything passed, 1 a test or check failed, 2 bad usage or a board that cannot boot.
/// </summary>
public static class CliApp
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    private const string UsageText = """
        usage: protmem run [--platform NAME|FILE] [--seed N]
               protmem xtest [--platform NAME|FILE] [--seed N] --sdp-basic [-s SIZE] [-n LOOPS] [--heap-name NAME] [--no-offset] [-v]
               protmem xtest [--platform NAME|FILE] [--seed N] 1014
               protmem platforms | describe | selftest ... (see protmem --help)
        """;

    /// <summary>Runs the command <paramref name="args"/> names; the exit code.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var command = args.Count == 0 ? "run" : args[0];
        if (command is not ("run" or "xtest"))
        {
            return ProtmemCommand.Run([.. args], output, error);
        }

        var rest = args.Skip(args.Count == 0 ? 0 : 1).ToList();
        try
        {
            var (platform, seed) = TakeMachineOptions(rest);
            switch (command)
            {
                case "run":
                    if (rest.Count != 0)
                    {
                        throw new ArgumentException($"run: unexpected argument '{rest[0]}'");
                    }

                    return RunCommand.Execute(platform, seed, output);
                default:
                    return XtestCommand(platform, seed, rest, output, error);
            }
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"protmem: {e.Message}");
            error.WriteLine(UsageText);
            return Usage;
        }
        catch (PlatformException e)
        {
            error.WriteLine($"protmem: {e.Message}");
            return Usage;
        }
    }

    private static int XtestCommand(string platform, ulong seed, List<string> rest, TextWriter output, TextWriter error)
    {
        if (rest.Count == 1 && rest[0] == "1014")
        {
            using var machine = Machine.Boot(platform, new MachineOptions { Seed = seed });
            var run = new XtestRegression1014(machine.Spawn("xtest"), output, machine.CreateRandomSource()).Run();
            return Summarize(run, output);
        }

        if (rest.Count == 0 || rest[0] != "--sdp-basic")
        {
            throw new ArgumentException("xtest: say --sdp-basic [options] or 1014");
        }

        var options = SdpBasicOptions.Parse(rest.Skip(1).ToList());
        if (options is null)
        {
            output.WriteLine(SdpBasicOptions.Usage());
            return Ok;
        }

        using (var machine = Machine.Boot(platform, new MachineOptions { Seed = seed }))
        {
            var run = new XtestSdpBasic(machine.Spawn("xtest"), output, machine.CreateRandomSource()).Run(options);
            return Summarize(run, output);
        }
    }

    /// <summary>xtest's closing lines: each sub-test's verdict and the totals.</summary>
    internal static int Summarize(SdpRunResult run, TextWriter output)
    {
        foreach (var subtest in run.Subtests)
        {
            var verdict = !subtest.Ran ? "not run" : subtest.Passed ? "ok" : $"FAILED (got {subtest.Got}, expected {subtest.Expected})";
            output.WriteLine($"  {subtest.Id,-18} {subtest.Title}: {verdict}");
        }

        output.WriteLine($"{run.Program}: {run.Subtests.Count(s => s.Passed)} of {run.Subtests.Count} sub-tests as expected, {(run.Passed ? "PASSED" : "FAILED")}");
        return run.Passed ? Ok : Failed;
    }

    /// <summary>Removes --platform and --seed from <paramref name="rest"/>.</summary>
    private static (string Platform, ulong Seed) TakeMachineOptions(List<string> rest)
    {
        var platform = PlatformCatalog.DefaultName;
        ulong seed = 1;
        for (var i = 0; i < rest.Count;)
        {
            if (rest[i] is "--platform" or "--seed")
            {
                if (i + 1 >= rest.Count)
                {
                    throw new ArgumentException($"{rest[i]}: missing argument");
                }

                if (rest[i] == "--platform")
                {
                    platform = rest[i + 1];
                }
                else if (!ulong.TryParse(rest[i + 1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out seed))
                {
                    throw new ArgumentException($"--seed: '{rest[i + 1]}' is not a number");
                }

                rest.RemoveRange(i, 2);
                continue;
            }

            i++;
        }

        return (platform, seed);
    }
}
