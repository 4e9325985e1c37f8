namespace Protmem.Platform.Tests.Exec;

/// <summary>
/// The fast path of <c>protmem exec</c>: small requests and their replies travel in the page the program shares
/// with the model while the model spins for them, interleaved with requests that need the socket.
/// </summary>
public sealed class ExecFastPathTests(CPrograms programs) : IClassFixture<CPrograms>
{
    private const int Rounds = 8;
    private const int PerRound = 500;

    [Fact]
    public void Run_SmallRequestsBetweenSocketRequests_SomeTakeTheFastPathAndAllResultsHold()
    {
        var result = programs.Run("qemu-virt", "fastpath_client", $"{Rounds}", $"{PerRound}");

        ExecDmaHeapTests.AssertPassed(result);
        var small = (2 * Rounds * PerRound) + (3 * Rounds * ((PerRound + 63) / 64));
        Assert.Contains($"ok {small} small requests", result.StandardOutput);
        if (Environment.ProcessorCount > 1)
        {
            // Beside the model, most small requests skip the socket; allocations, opens and closes never do.
            Assert.InRange(result.FastPathRequests, 1, small);
        }
        else
        {
            // On one CPU the model never spins for the program (it would only keep it from running).
            Assert.Equal(0, result.FastPathRequests);
        }
    }
}
