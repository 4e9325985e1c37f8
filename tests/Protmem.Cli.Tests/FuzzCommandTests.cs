using System.Text.Json;

namespace Protmem.Cli.Tests;

/// <summary>
/// <c>protmem fuzz</c> on the shipped boards: nothing found but rk3588's known speculative-access hazard
/// (reported, with its shrunk program, never hidden), shard results that merge to the run's totals, and a
/// printed program that replays to its finding.
/// </summary>
public class FuzzCommandTests
{
    [Theory]
    [InlineData("qemu-virt")]
    [InlineData("qemu-virt-ffa")]
    [InlineData("qemu-virt-mtk")]
    [InlineData("qemu-virt-linaro")]
    [InlineData("qemu-virt-rstmem")]
    public void Fuzz_ShippedBoard_PassWithNoFinding(string board)
    {
        var (code, output, _) = CliRunner.Run("fuzz", board, "--count", "6000", "--seed", "3");

        Assert.True(code == 0, output);
        Assert.Contains("RESULT: PASS", output, StringComparison.Ordinal);
        Assert.Contains("6000 syscalls", output, StringComparison.Ordinal);
        Assert.DoesNotContain("FINDING", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Fuzz_Rk3588AsShipped_ReportsItsKnownHazardOnlyWithRegionTimeAndProgram()
    {
        var (code, output, _) = CliRunner.Run("fuzz", "rk3588", "--count", "6000", "--seed", "3");

        Assert.Equal(1, code);
        Assert.Contains("6000 syscalls", output, StringComparison.Ordinal); // the hazard does not end the episode
        var findings = output.Split('\n').Where(l => l.StartsWith("FINDING", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.Contains("FINDING violation", f, StringComparison.Ordinal));
        Assert.All(findings, f => Assert.Contains("speculative-access hazard", f, StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Contains(" ms, tzc400 region ", StringComparison.Ordinal));
        Assert.Contains("RESULT: FAIL", output, StringComparison.Ordinal);
    }

    [Fact]
    public void FuzzReplay_ProgramAFindingPrinted_SameFinding()
    {
        var (_, output, _) = CliRunner.Run("fuzz", "rk3588", "--count", "2000", "--seed", "3");
        var lines = output.Split('\n');
        var first = Array.FindIndex(lines, l => l.StartsWith("FINDING", StringComparison.Ordinal));
        var message = lines[first][(lines[first].IndexOf("): ", StringComparison.Ordinal) + 3)..].Trim();
        var seed = lines[first + 1].Split("--seed ")[1].Split(' ')[0];
        var program = lines.Skip(first + 2).TakeWhile(l => l.StartsWith("    ", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(file, ["# a shrunk program", .. program]);
            var (code, replayed, _) = CliRunner.Run("fuzz", "rk3588", "--seed", seed, "--replay", file);

            Assert.Equal(1, code);
            // The same finding; its simulated time is earlier, the shrunk program doing less before it.
            Assert.StartsWith("violation: ", replayed, StringComparison.Ordinal);
            Assert.EndsWith(message[(message.IndexOf(" ms, ", StringComparison.Ordinal) + 5)..], replayed.Trim(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void FuzzMerge_ShardsOfARun_TheRunsTotals()
    {
        var files = new List<string>();
        try
        {
            var whole = Json(CliRunner.Run("fuzz", "qemu-virt", "--count", "45000", "--seed", "9", "--json").Output);
            for (var i = 0; i < 2; i++)
            {
                files.Add(Path.GetTempFileName());
                File.WriteAllText(files[^1], CliRunner.Run("fuzz", "qemu-virt", "--count", "45000", "--seed", "9", "--json", "--shard", $"{i}/2").Output);
            }

            var (code, output, _) = CliRunner.Run(["fuzz", "--json", "--merge", .. files]);
            var merged = Json(output);

            Assert.Equal(0, code);
            foreach (var total in new[] { "syscalls", "episodes", "errnos" })
            {
                Assert.Equal(whole.GetProperty(total).GetInt64(), merged.GetProperty(total).GetInt64());
            }

            Assert.Equal(45000, merged.GetProperty("syscalls").GetInt64());
            Assert.Equal(3, merged.GetProperty("episodes").GetInt64());
        }
        finally
        {
            files.ForEach(File.Delete);
        }
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
