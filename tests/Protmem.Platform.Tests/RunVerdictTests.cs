using Protmem.Kernel.Core;
using Protmem.Uapi;

namespace Protmem.Platform.Tests;

/// <summary>A run's verdict: a path not modelled turns PASS into INCOMPLETE, naming what is missing; failures stay FAIL.</summary>
public class RunVerdictTests
{
    private const int MAP_HUGETLB = 0x40000;

    [Fact]
    public void Of_NothingFailedNothingMissing_Pass()
    {
        Assert.Equal("PASS", RunVerdict.Of(0, []));
    }

    [Fact]
    public void Of_AProgramReachedHugetlb_IncompleteNamingItAndTheCallIsListed()
    {
        using var machine = Machine.Boot("qemu-virt");
        var sys = machine.Spawn("app");
        Assert.Equal(-Errno.ENOMEM, sys.Mmap(0, 2UL << 20, Mman.PROT_READ, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | MAP_HUGETLB, -1, 0));

        var verdict = RunVerdict.Of(0, machine.NotModelled);

        Assert.StartsWith("INCOMPLETE: not modelled: MAP_HUGETLB", verdict, StringComparison.Ordinal);
        var lines = RunVerdict.NotModelledLines(machine.NotModelled).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Contains("mmap(0x0, 0x200000, 0x1, 0x40022, -1, 0x0) by app[", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("-> ENOMEM", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Of_FailuresAndMissingPaths_FailWins()
    {
        var finding = new NotModelledFinding("X", "call()", "app[1]", Errno.EINVAL, 1);
        Assert.Equal("FAIL (2 problem(s))", RunVerdict.Of(2, [finding]));
        Assert.Equal("SKIP", RunVerdict.Qualify("SKIP", [finding]));
        Assert.Equal("INCOMPLETE: not modelled: X", RunVerdict.Qualify("PASS", [finding]));
        Assert.Equal("PASS", RunVerdict.Qualify("PASS", []));
    }
}
