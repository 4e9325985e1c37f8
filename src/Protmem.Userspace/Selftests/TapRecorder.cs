using System.Globalization;

namespace Protmem.Userspace.Selftests;

/// <summary>Numbers checks, prints them as kselftest's TAP lines and keeps them for the report.</summary>
internal sealed class TapRecorder(TextWriter output)
{
    private readonly List<SelftestCheck> _checks = [];

    public IReadOnlyList<SelftestCheck> Checks => _checks;

    public void Header(int planned)
    {
        output.WriteLine("TAP version 13");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"1..{planned}"));
    }

    /// <summary>A "# ..." diagnostic line (ksft_print_msg).</summary>
    public void Message(string text) => output.WriteLine("# " + text);

    public void Pass(string heap, string name) => Record(heap, name, CheckOutcome.Pass, "");

    public void Fail(string heap, string name, string detail) => Record(heap, name, CheckOutcome.Fail, detail);

    public void Skip(string heap, string name, string detail) => Record(heap, name, CheckOutcome.Skip, detail);

    public void Result(bool passed, string heap, string name, string detail) =>
        Record(heap, name, passed ? CheckOutcome.Pass : CheckOutcome.Fail, passed ? "" : detail);

    public void Totals()
    {
        var report = new SelftestReport(_checks);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# Totals: pass:{report.Passed} fail:{report.Failed} xfail:0 xpass:0 skip:{report.Skipped} error:0"));
    }

    private void Record(string heap, string name, CheckOutcome outcome, string detail)
    {
        var check = new SelftestCheck(_checks.Count + 1, heap, name, outcome, detail);
        _checks.Add(check);
        output.WriteLine(check.ToTapLine());
    }
}
