using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Protmem.Userspace;
using Protmem.Userspace.Selftests;
using Protmem.Userspace.Xtest;

namespace Protmem.Cli.Json;

/// <summary>Builds the documents' parts from the programs' results and writes a document.</summary>
internal static class Documents
{
    /// <summary>Writes <paramref name="document"/> as one JSON document and a newline.</summary>
    public static void Write<T>(TextWriter output, T document, JsonTypeInfo<T> type)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(JsonSerializer.Serialize(document, type));
    }

    /// <summary>"PASS", "FAIL" or "SKIP".</summary>
    public static string Word(Verdict verdict) => verdict switch
    {
        Verdict.Pass => "PASS",
        Verdict.Fail => "FAIL",
        _ => "SKIP",
    };

    /// <summary>"PASS", "FAIL" or "SKIP" for a selftest check.</summary>
    public static string Word(CheckOutcome outcome) => outcome switch
    {
        CheckOutcome.Pass => "PASS",
        CheckOutcome.Fail => "FAIL",
        _ => "SKIP",
    };

    /// <summary>Each sub-test of an xtest program run.</summary>
    public static IReadOnlyList<SubtestDocument> Subtests(SdpRunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return [.. run.Subtests.Select(s => new SubtestDocument(
            s.Id,
            s.Title,
            Word(s.Verdict),
            s.Expected,
            s.Got,
            s.Skipped ? s.SkipReason : !s.Ran ? "not run: an earlier sub-test failed" : !s.Passed ? $"got {s.Got}, expected {s.Expected}" : null,
            [.. s.MemrefCases.Select(c => new MemrefCaseDocument(
                c.Case.Description, c.Case.Offset, c.Case.Length, c.Case.ValidReference,
                Uapi.Tee.TeecResult.Name(c.Status.Result), Uapi.Tee.TeecOrigin.Name(c.Status.Origin), c.Passed))]))];
    }

    /// <summary>Each selftest check as a sub-test of its heap's step.</summary>
    public static IReadOnlyList<SubtestDocument> Subtests(IEnumerable<SelftestCheck> checks) =>
        [.. checks.Select(c => new SubtestDocument(
            c.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), c.Name, Word(c.Outcome), null, null, c.Detail.Length == 0 ? null : c.Detail, []))];

    /// <summary>Each selftest check.</summary>
    public static IReadOnlyList<CheckDocument> Checks(SelftestReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return [.. report.Checks.Select(c => new CheckDocument(c.Number, c.Heap, c.Name, Word(c.Outcome), c.Detail))];
    }
}
