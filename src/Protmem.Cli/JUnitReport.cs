using System.Globalization;
using System.Xml.Linq;
using Protmem.Cli.Json;

namespace Protmem.Cli;

/// <summary>
/// <c>protmem run --junit FILE</c>: the run as JUnit XML, as CI systems read it (the Ant/Maven Surefire
/// schema: testsuites, testsuite, testcase with failure or skipped). One testsuite per step of the run, one
/// testcase per sub-test or check. Safety findings are a failing testcase named "safety": in each safety
/// step, in the monitor's step, and in a program's step when a check after one of its sub-tests found
/// something. A step that failed with no failing testcase of its own gets one, so CI never shows green for it.
/// </summary>
internal static class JUnitReport
{
    /// <summary>The report for <paramref name="run"/>.</summary>
    public static XDocument Build(RunDocument run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var suites = run.Steps.Select((step, index) => Suite(run, step, index)).ToList();
        var root = new XElement("testsuites",
            new XAttribute("name", $"protmem run {run.Board}"),
            Counts(suites),
            new XAttribute("time", Seconds(run.SimulatedNanoseconds)),
            suites);
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }

    /// <summary>Writes the report for <paramref name="run"/> to <paramref name="file"/>; a file that cannot be written is a usage error.</summary>
    public static void Write(FileInfo file, RunDocument run)
    {
        ArgumentNullException.ThrowIfNull(file);
        try
        {
            using var stream = file.Create();
            Build(run).Save(stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--junit: cannot write '{file.FullName}': {e.Message}");
        }
    }

    private static XElement Suite(RunDocument run, StepDocument step, int index)
    {
        var findings = run.SafetyFindings.Where(f => f.Step == step.Name).ToList();
        var cases = step.Subtests.Select(s => Case(step.Name, $"{s.Id} {s.Name}", s.Verdict, s.Message, null)).ToList();
        var isSafetyStep = step.Subtests.Count == 0 && !step.TestsProtectedMemory;
        if (isSafetyStep || findings.Count > 0)
        {
            var body = string.Join('\n', findings.Select(f => string.Create(CultureInfo.InvariantCulture,
                $"{f.Kind}{(f.Subtest is null ? "" : $" after {f.Subtest}")} at {f.Nanoseconds} ns{(f.Actor is null ? "" : $", {f.Actor}")}{(f.Range is null ? "" : $", [0x{f.Range.Start:x}, 0x{f.Range.End:x})")}: {f.What}")));
            var verdict = findings.Count > 0 ? "FAIL" : isSafetyStep ? step.Verdict : "PASS";
            cases.Add(Case(step.Name, "safety", verdict, findings.Count > 0 ? findings[0].What : step.Reason, body));
        }

        if (step.Verdict == "FAIL" && !cases.Any(c => c.Element("failure") is not null))
        {
            cases.Add(Case(step.Name, step.Name, "FAIL", step.Reason, null));
        }

        if (cases.Count == 0)
        {
            // A step with nothing to list (a program that did not run) is one testcase with its verdict.
            cases.Add(Case(step.Name, step.Name, step.Verdict, step.Reason, null));
        }

        return new XElement("testsuite",
            new XAttribute("name", step.Name),
            new XAttribute("id", index),
            Counts(cases),
            new XAttribute("time", "0"),
            new XElement("properties",
                new XElement("property", new XAttribute("name", "board"), new XAttribute("value", run.Board)),
                new XElement("property", new XAttribute("name", "seed"), new XAttribute("value", run.Seed)),
                new XElement("property", new XAttribute("name", "verdict"), new XAttribute("value", step.Verdict))),
            cases);
    }

    private static XElement Case(string suite, string name, string verdict, string? message, string? body)
    {
        var element = new XElement("testcase", new XAttribute("classname", suite), new XAttribute("name", name), new XAttribute("time", "0"));
        if (verdict == "FAIL")
        {
            element.Add(new XElement("failure", new XAttribute("message", message ?? "failed"), new XAttribute("type", "FAIL"), body ?? message ?? string.Empty));
        }
        else if (verdict == "SKIP")
        {
            element.Add(new XElement("skipped", new XAttribute("message", message ?? "skipped")));
        }

        return element;
    }

    /// <summary>tests, failures, errors and skipped of <paramref name="children"/> (testcases, or suites to sum).</summary>
    private static XAttribute[] Counts(IReadOnlyList<XElement> children)
    {
        int Sum(string attribute, Func<XElement, bool> isCase) => children.Sum(c =>
            c.Name == "testsuite" ? (int)c.Attribute(attribute)! : isCase(c) ? 1 : 0);
        return
        [
            new XAttribute("tests", Sum("tests", _ => true)),
            new XAttribute("failures", Sum("failures", c => c.Element("failure") is not null)),
            new XAttribute("errors", 0),
            new XAttribute("skipped", Sum("skipped", c => c.Element("skipped") is not null)),
        ];
    }

    private static string Seconds(ulong nanoseconds) => (nanoseconds / 1e9).ToString("0.######", CultureInfo.InvariantCulture);
}
