using Protmem.Hardware.Bus;
using Protmem.Hardware.Firewall;

namespace Protmem.Hardware.Tests;

public sealed class FirewallTests
{
    private const ulong Mib = 1UL << 20;

    // Declared first: the tables below use it.
    private static readonly string[] MasterNames = ["cpu", "npu", "vpu", "gpu", "dma"];

    // Where each probe lands: the background, and regions 1..3 programmed by Program().
    private static readonly Dictionary<string, PhysAddr> Probes = new()
    {
        ["bg"] = TestBoards.Dram(0x80_0000),
        ["r1"] = TestBoards.Dram(0x10_0000 + 0x40),
        ["r2"] = TestBoards.Dram(0x20_0000 + 0x1000),
        ["r3"] = TestBoards.Dram(0x3F_F000),
    };

    // The expectation, written independently of the firewall: every allowed (where, state, direction, master).
    private static readonly HashSet<string> Allowed =
    [
        .. Each("bg", "S", "R"), .. Each("bg", "S", "W"),
        .. Each("r1", "S", "R"), .. Each("r1", "S", "W"),
        .. Each("r2", "S", "R"), "r2 NS R npu", "r2 NS R vpu", "r2 NS W vpu",
        .. Each("r3", "NS", "R"), .. Each("r3", "NS", "W"),
    ];

    public static TheoryData<string, string, SecurityState, AccessDirection> Cases()
    {
        var data = new TheoryData<string, string, SecurityState, AccessDirection>();
        foreach (var where in Probes.Keys)
        {
            foreach (var master in MasterNames)
            {
                foreach (var state in new[] { SecurityState.NonSecure, SecurityState.Secure })
                {
                    foreach (var direction in new[] { AccessDirection.Read, AccessDirection.Write })
                    {
                        data.Add(where, master, state, direction);
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Allows_EveryMasterStateDirection_MatchesTheExpectationTable(string where, string masterName, SecurityState state, AccessDirection direction)
    {
        var soc = TestBoards.Build();
        Program(soc, TestBoards.Capability(soc));
        var master = soc.Master(masterName);
        var key = $"{where} {(state == SecurityState.Secure ? "S" : "NS")} {(direction == AccessDirection.Read ? "R" : "W")} {masterName}";

        var verdict = soc.Firewall.Allows(master.Id, state, Probes[where], 16, direction);

        Assert.Equal(Allowed.Contains(key), verdict);
        if (master.CanIssue(state))
        {
            var buffer = new byte[16];
            var bus = direction == AccessDirection.Read
                ? soc.Bus.TryRead(master, state, Probes[where], buffer)
                : soc.Bus.TryWrite(master, state, Probes[where], buffer);
            Assert.Equal(verdict, bus);
            Assert.Equal(verdict ? 0 : 1, soc.Bus.FaultCount);
        }
    }

    [Fact]
    public void Allows_AccessStraddlingRegions_NeedsEveryRegionToAllow()
    {
        var soc = TestBoards.Build();
        Program(soc, TestBoards.Capability(soc));
        var seam = TestBoards.Dram(0x30_0000) - 8; // last 8 bytes of r2, first 8 of r3
        var tail = TestBoards.Dram(0x40_0000) - 8;  // last 8 bytes of r3, first 8 of the background

        Assert.True(soc.Firewall.Allows(2, SecurityState.NonSecure, seam, 16, AccessDirection.Write)); // vpu: r2 W and r3 W
        Assert.False(soc.Firewall.Allows(1, SecurityState.NonSecure, seam, 16, AccessDirection.Write)); // npu: r2 denies W
        Assert.True(soc.Firewall.Allows(1, SecurityState.NonSecure, seam, 16, AccessDirection.Read));
        Assert.False(soc.Firewall.Allows(1, SecurityState.NonSecure, tail, 16, AccessDirection.Read)); // background denies NS
        Assert.True(soc.Firewall.Allows(1, SecurityState.NonSecure, tail, 8, AccessDirection.Read));
    }

    [Fact]
    public void TryProgramRegion_Overlapping_IsRefusedAndChangesNothing()
    {
        var soc = TestBoards.Build();
        var cap = TestBoards.Capability(soc);
        Program(soc, cap);
        var before = soc.Firewall.Regions.ToArray();
        var time = soc.Clock.Now;

        var ok = soc.Firewall.TryProgramRegion(cap, 4, new PhysRange(TestBoards.Dram(0x2F_F000), 0x2000), FirewallPermissions.Open, out var error);

        Assert.False(ok);
        Assert.Contains("overlaps region 2", error, StringComparison.Ordinal);
        Assert.Equal(before, soc.Firewall.Regions.ToArray());
        Assert.Equal(time, soc.Clock.Now);
        var thrown = Assert.Throws<ArgumentException>(() =>
            soc.Firewall.ProgramRegion(cap, 4, new PhysRange(TestBoards.Dram(0x10_0000), 0x1000), FirewallPermissions.Open));
        Assert.Contains("overlaps region 1", thrown.Message, StringComparison.Ordinal);
        soc.Firewall.AssertInvariants();
    }

    [Fact]
    public void TryProgramRegion_SameRegionMovedOverItsOldRange_IsAccepted()
    {
        var soc = TestBoards.Build();
        var cap = TestBoards.Capability(soc);
        Program(soc, cap);

        soc.Firewall.ProgramRegion(cap, 2, new PhysRange(TestBoards.Dram(0x28_0000), 0x8_0000), FirewallPermissions.SecureOnly);

        Assert.Equal(new PhysRange(TestBoards.Dram(0x28_0000), 0x8_0000), soc.Firewall.Regions[2].Range);
        Assert.Equal(soc.Firewall.Regions[2], soc.Firewall.RegionAt(TestBoards.Dram(0x2F_F000)));
        Assert.Equal(0, soc.Firewall.RegionAt(TestBoards.Dram(0x20_0000)).Index);
    }

    [Fact]
    public void TryProgramRegion_UnalignedOrEmpty_IsRefused()
    {
        var soc = TestBoards.Build();
        var cap = TestBoards.Capability(soc);

        Assert.False(soc.Firewall.TryProgramRegion(cap, 1, new PhysRange(TestBoards.Dram(0x800), 0x1000), FirewallPermissions.Open, out _));
        Assert.False(soc.Firewall.TryProgramRegion(cap, 1, new PhysRange(TestBoards.Dram(0), 0), FirewallPermissions.Open, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            soc.Firewall.TryProgramRegion(cap, 9, new PhysRange(TestBoards.Dram(0), 0x1000), FirewallPermissions.Open, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            soc.Firewall.TryProgramRegion(cap, 0, new PhysRange(TestBoards.Dram(0), 0x1000), FirewallPermissions.Open, out _));
    }

    [Fact]
    public void DisableRegion_ReturnsItsRangeToTheBackground()
    {
        var soc = TestBoards.Build();
        var cap = TestBoards.Capability(soc);
        Program(soc, cap);
        var r3 = Probes["r3"];
        Assert.True(soc.Firewall.Allows(1, SecurityState.NonSecure, r3, 4, AccessDirection.Read));

        soc.Firewall.DisableRegion(cap, 3);

        Assert.False(soc.Firewall.Allows(1, SecurityState.NonSecure, r3, 4, AccessDirection.Read));
        Assert.Equal(3, soc.Firewall.FindFreeRegion());
    }

    [Fact]
    public void TakeSecureFirmwareCapability_SecondCall_Throws()
    {
        var soc = TestBoards.Build();
        soc.TakeSecureFirmwareCapability();

        Assert.Throws<InvalidOperationException>(() => soc.TakeSecureFirmwareCapability());
    }

    [Fact]
    public void FirewallCapability_HasNoPublicConstructor()
    {
        Assert.Empty(typeof(FirewallCapability).GetConstructors());
    }

    [Fact]
    public void ProgramRegion_CapabilityOfAnotherSoc_Throws()
    {
        var soc = TestBoards.Build();
        var other = TestBoards.Build();
        var foreign = other.TakeSecureFirmwareCapability();

        Assert.Throws<InvalidOperationException>(() => soc.Firewall.ProgramBackground(foreign, FirewallPermissions.None));
        Assert.Throws<ArgumentNullException>(() => soc.Firewall.ProgramBackground(null!, FirewallPermissions.None));
        Assert.Equal(FirewallPermissions.Open, soc.Firewall.Background.Permissions);
    }

    [Fact]
    public void ProgramRegion_EachProgramming_CostsFirewallReprogram()
    {
        var soc = new Soc(TestBoards.Description() with
        {
            CostOverrides = new Dictionary<string, double> { ["firewall-reprogram"] = 2_500 },
        });
        var cap = soc.TakeSecureFirmwareCapability();

        Program(soc, cap); // background + 3 regions

        Assert.Equal(4 * 2_500UL, soc.Clock.Now);
        Assert.Equal(4, soc.Firewall.ProgramCount);
    }

    [Fact]
    public void Regions_View_ReflectsProgrammingForEveryone()
    {
        var soc = TestBoards.Build();
        var view = soc.Firewall.Regions;

        Program(soc, TestBoards.Capability(soc));

        Assert.Equal(9, view.Count);
        Assert.True(view[2].Enabled);
        Assert.Equal(0b110UL, view[2].Permissions.NonSecureReadMasters);
        Assert.Equal(FirewallPermissions.SecureOnly, view[0].Permissions);
    }

    private static void Program(Soc soc, FirewallCapability cap)
    {
        soc.Firewall.ProgramBackground(cap, FirewallPermissions.SecureOnly);
        soc.Firewall.ProgramRegion(cap, 1, new PhysRange(TestBoards.Dram(0x10_0000), Mib), FirewallPermissions.SecureOnly);
        soc.Firewall.ProgramRegion(cap, 2, new PhysRange(TestBoards.Dram(0x20_0000), Mib),
            new FirewallPermissions(SecureRead: true, SecureWrite: false, 0, 0).WithNonSecure(1, read: true, write: false).WithNonSecure(2, read: true, write: true));
        soc.Firewall.ProgramRegion(cap, 3, new PhysRange(TestBoards.Dram(0x30_0000), Mib),
            new FirewallPermissions(false, false, ulong.MaxValue, ulong.MaxValue));
    }

    private static IEnumerable<string> Each(string where, string state, string direction) =>
        MasterNames.Select(m => $"{where} {state} {direction} {m}");

    [Fact]
    public void ProgramRegion_SecureMastersNarrowedOnATzc400_EverySecureMasterStillGetsIn()
    {
        var soc = TestBoards.Build();
        var range = new PhysRange(TestBoards.Dram(0x100_0000), 0x1000);
        var cpuOnly = FirewallPermissions.MasterBit(soc.Cpu.Master.Id);

        soc.Firewall.ProgramRegion(TestBoards.Capability(soc), 1, range, FirewallPermissions.SecureOnly.WithSecureMasters(cpuOnly, cpuOnly));

        Assert.Equal(ulong.MaxValue, soc.Firewall.Regions[1].Permissions.SecureReadMasters);
        Assert.True(soc.Firewall.Allows(soc.Master("gpu").Id, SecurityState.Secure, range, AccessDirection.Read));
        Assert.True(soc.Firewall.Allows(soc.Master("gpu").Id, SecurityState.Secure, range, AccessDirection.Write));
    }

    [Theory]
    [InlineData("cpu", true, true)]
    [InlineData("gpu", true, false)]
    [InlineData("vpu", false, false)]
    public void ProgramRegion_SecureMastersOnAFilteringFirewall_OnlyThoseMastersSecureTransactionsGetIn(string masterName, bool read, bool write)
    {
        var soc = new Soc(TestBoards.Description() with { FirewallFiltersSecureByMaster = true });
        var range = new PhysRange(TestBoards.Dram(0x100_0000), 0x1000);
        var cpu = FirewallPermissions.MasterBit(soc.Cpu.Master.Id);
        var gpu = FirewallPermissions.MasterBit(soc.Master("gpu").Id);

        soc.Firewall.ProgramRegion(TestBoards.Capability(soc), 1, range, FirewallPermissions.SecureOnly.WithSecureMasters(cpu | gpu, cpu));

        var master = masterName == "cpu" ? soc.Cpu.Master : soc.Master(masterName);
        Assert.Equal(read, soc.Firewall.Allows(master.Id, SecurityState.Secure, range, AccessDirection.Read));
        Assert.Equal(write, soc.Firewall.Allows(master.Id, SecurityState.Secure, range, AccessDirection.Write));
        Assert.False(soc.Firewall.Allows(master.Id, SecurityState.NonSecure, range, AccessDirection.Read));
        Assert.True(soc.Firewall.FiltersSecureByMaster);
    }
}
