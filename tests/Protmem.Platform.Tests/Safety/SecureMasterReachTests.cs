using Protmem.Hardware;
using Protmem.Platform.Tests.Crypto;
using Protmem.Userspace.Crypto;
using Protmem.Userspace.DmaHeaps;
using Protmem.Userspace.TeeClient;

namespace Protmem.Platform.Tests.Safety;

/// <summary>
/// Secure-capable masters (the GPU in protected mode, the decoder, encoder and camera in secure mode) reach
/// only the protected regions of the use cases that list them: on rk3588 the firewall checks secure
/// transactions per master and the secure world opens each region to its own masters; on a firewall that
/// cannot (a plain TZC-400) the whole-machine check says which master reaches what.
/// </summary>
public sealed class SecureMasterReachTests
{
    private static readonly PhysRange Tzdram = new(new PhysAddr(0x0840_0000), 0x0100_0000);

    [Fact]
    public void Lend_Rk3588_SecureMastersReachNeitherTheKeyNorTzdramButTheDecoderReachesSecureVideo()
    {
        using var machine = Machine.Boot("rk3588", Rk3588Options.LentOutOfDirectMap(3));
        using var lent = Lend(machine);
        var keyPages = CryptoBoards.ProtectedReachableBy(machine, "crypto");
        Assert.NotEmpty(keyPages);

        var secureMasters = machine.Soc.Masters.Values.Where(m => m.CanIssueSecure && !ReferenceEquals(m, machine.Soc.Cpu.Master)).ToList();
        Assert.Contains(secureMasters, m => m.Name == "video-codec@fdc38000");
        foreach (var master in secureMasters)
        {
            foreach (var direction in new[] { AccessDirection.Read, AccessDirection.Write })
            {
                var reach = machine.Soc.Oracle.ReachableBy(master, SecurityState.Secure, direction);
                Assert.Empty(PhysRanges.Intersect(reach, keyPages));
                Assert.Empty(PhysRanges.Intersect(reach, [Tzdram]));
            }
        }

        var decoder = machine.Soc.Oracle.ReachableBy(machine.Soc.Master("video-codec@fdc38000"), SecurityState.Secure, AccessDirection.Write);
        Assert.NotEmpty(PhysRanges.Intersect(decoder, CryptoBoards.HiddenFromTheCpu(machine)));
        Assert.True(machine.Soc.Firewall.Allows(machine.Soc.Cpu.Master.Id, SecurityState.Secure, keyPages[0], AccessDirection.Read));
        var safety = machine.CheckSafety();
        Assert.True(safety.Passed, string.Join("\n", safety.Findings));
    }

    [Fact]
    public void CheckSafety_FirewallWithoutPerMasterSecureChecks_ReportsTheDecoderReachingTheKeyAndTzdram()
    {
        using var machine = Machine.Boot(BoardWithoutSecureMasterFilter(), Rk3588Options.LentOutOfDirectMap(3));
        using var lent = Lend(machine);

        var safety = machine.CheckSafety();

        Assert.False(safety.Passed);
        Assert.Contains(safety.Findings, f => f.StartsWith("device video-codec@fdc38000 in secure mode can read the use-case 4 region", StringComparison.Ordinal));
        Assert.Contains(safety.Findings, f => f.StartsWith("device gpu in secure mode can write TZDRAM", StringComparison.Ordinal));
        Assert.DoesNotContain(safety.Findings, f => f.StartsWith("device video-codec@fdc38000 in secure mode can read the use-case 1 region", StringComparison.Ordinal));
    }

    /// <summary>A crypto key (use case 4) and a secure-video buffer (use case 1): two lent regions.</summary>
    private static Lent Lend(Machine machine)
    {
        var sys = machine.Spawn("lender");
        var heaps = new DmaHeapLibrary(sys);
        Assert.True(TeecContext.InitializeContext(sys, out var context).IsSuccess);
        var key = heaps.OpenHeap(KeyProvisioningClient.HeapName).Allocate(4096);
        Assert.True(KeyProvisioningClient.Provision(context!, key.Fd, 32, out _).IsSuccess);
        var video = heaps.OpenHeap(ProtectedHeapNames.SecureVideo).Allocate(1 << 20);
        return new Lent(heaps, context!, key, video);
    }

    private static string BoardWithoutSecureMasterFilter()
    {
        using var stream = typeof(Machine).Assembly.GetManifestResourceStream("Protmem.Platform.Boards.rk3588.dts")!;
        var dts = new StreamReader(stream).ReadToEnd();
        Assert.Contains("protmem,filter-secure-masters;", dts, StringComparison.Ordinal);
        var path = Path.Combine(Path.GetTempPath(), $"protmem-tzc-rk3588-{Environment.ProcessId}.dts");
        File.WriteAllText(path, dts.Replace("protmem,filter-secure-masters;", string.Empty, StringComparison.Ordinal));
        return path;
    }

    private sealed record Lent(DmaHeapLibrary Heaps, TeecContext Context, DmaBuffer Key, DmaBuffer Video) : IDisposable
    {
        public void Dispose()
        {
            Video.Dispose();
            Key.Dispose();
            Context.Dispose();
            Heaps.Dispose();
        }
    }
}
