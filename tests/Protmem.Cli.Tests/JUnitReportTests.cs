using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Protmem.Cli.Tests;

/// <summary>run --junit FILE as a CI system reads it back: suites, cases, failures and skips matching the text report.</summary>
public sealed partial class JUnitReportTests
{
    [Fact]
    public void RunJUnit_OnQemuVirtFfa_CountsMatchTheTextReport()
    {
        var (code, text, report) = RunWithJUnit("qemu-virt-ffa");

        Assert.Equal(ProtmemCommand.ExitOk, code);
        var root = report.Root!;
        Assert.Equal("testsuites", root.Name.LocalName);
        var suites = root.Elements("testsuite").ToList();
        Assert.Equal(Count(root, "tests"), suites.Sum(s => Count(s, "tests")));
        Assert.Equal(0, Count(root, "failures"));
        Assert.Empty(root.Descendants("failure"));

        // "xtest --sdp-basic: 5 of 5 sub-tests as expected": one testcase per sub-test.
        foreach (var program in new[] { "xtest --sdp-basic", "xtest 1014" })
        {
            var summary = ProgramSummary().Match(text[text.IndexOf($"{program}: ", StringComparison.Ordinal)..]);
            var suite = suites.Single(s => (string?)s.Attribute("name") == program);
            Assert.Equal(int.Parse(summary.Groups["total"].Value, CultureInfo.InvariantCulture), Count(suite, "tests"));
            Assert.Equal(int.Parse(summary.Groups["total"].Value, CultureInfo.InvariantCulture) - int.Parse(summary.Groups["ok"].Value, CultureInfo.InvariantCulture), Count(suite, "failures"));
        }

        // "  system   N passed, M failed, K skipped": one testcase per selftest check.
        foreach (Match line in SelftestLine().Matches(text))
        {
            var suite = suites.Single(s => (string?)s.Attribute("name") == $"dmabuf-heaps selftest on {line.Groups["heap"].Value}");
            var passed = int.Parse(line.Groups["passed"].Value, CultureInfo.InvariantCulture);
            var failed = int.Parse(line.Groups["failed"].Value, CultureInfo.InvariantCulture);
            var skipped = int.Parse(line.Groups["skipped"].Value, CultureInfo.InvariantCulture);
            Assert.Equal(passed + failed + skipped, Count(suite, "tests"));
            Assert.Equal(failed, Count(suite, "failures"));
            Assert.Equal(skipped, Count(suite, "skipped"));
            Assert.Equal(skipped, suite.Descendants("skipped").Count());
        }

        var safety = suites.Single(s => (string?)s.Attribute("name") == "safety after exit").Elements("testcase").Single();
        Assert.Equal("safety", (string?)safety.Attribute("name"));
        Assert.Null(safety.Element("failure"));
    }

    [Fact]
    public void RunJUnit_OnRk3588_TheSafetyFindingIsAFailingTestcase()
    {
        var (code, text, report) = RunWithJUnit("rk3588");

        Assert.Equal(ProtmemCommand.ExitCheckFailed, code);
        Assert.Contains("RESULT: FAIL", text, StringComparison.Ordinal);
        var root = report.Root!;
        Assert.Equal(root.Descendants("failure").Count(), Count(root, "failures"));
        var monitor = root.Elements("testsuite").Single(s => (string?)s.Attribute("name") == "safety monitor");
        var safety = monitor.Elements("testcase").Single(c => (string?)c.Attribute("name") == "safety");
        var failure = safety.Element("failure");
        Assert.NotNull(failure);
        Assert.Contains("speculative-access hazard", (string?)failure.Attribute("message"), StringComparison.Ordinal);
        Assert.Contains("tzc400", failure.Value, StringComparison.Ordinal);
        Assert.Equal(1, Count(monitor, "failures"));
    }

    [Fact]
    public void RunJUnit_ToAnUnwritablePath_ExitsTwoNamingTheOption()
    {
        var (code, _, error) = CliRunner.Run("run", "--junit", Path.Combine(Path.GetTempPath(), "no-such-dir-protmem", "x", "report.xml"));

        Assert.Equal(ProtmemCommand.ExitUsage, code);
        Assert.StartsWith("protmem: --junit: cannot write", error, StringComparison.Ordinal);
    }

    private static (int Code, string Text, XDocument Report) RunWithJUnit(string board)
    {
        var file = Path.Combine(Path.GetTempPath(), $"protmem-junit-{Guid.NewGuid():N}.xml");
        try
        {
            var (code, text, _) = CliRunner.Run("run", board, "--junit", file);
            return (code, text, XDocument.Load(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static int Count(XElement element, string attribute) => int.Parse((string)element.Attribute(attribute)!, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^[^:]+: (?<ok>\d+) of (?<total>\d+) sub-tests")]
    private static partial Regex ProgramSummary();

    [GeneratedRegex(@"^  (?<heap>\S+)\s+(?<passed>\d+) passed, (?<failed>\d+) failed, (?<skipped>\d+) skipped", RegexOptions.Multiline)]
    private static partial Regex SelftestLine();
}
