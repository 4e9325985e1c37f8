using FsCheck;
using FsCheck.Fluent;
using Protmem.Hardware.Firewall;
using Protmem.Hardware.Iommu;
using Protmem.Hardware.Mmu;
using Protmem.Hardware.Oracle;

namespace Protmem.Hardware.Tests;

public sealed class OracleTests
{
    private static readonly PhysRange Protected = new(TestBoards.Dram(0x100_0000), 0x4000);
    private static readonly PhysAddr Normal = TestBoards.Dram(0x200_0000);

    private readonly Soc _soc = TestBoards.Build();
    private readonly FirewallCapability _cap;
    private readonly RkIommuPageTable _npuTable;

    public OracleTests()
    {
        _cap = _soc.TakeSecureFirmwareCapability();
        // Protected: secure read/write, plus non-secure read for the vpu (id 2) only.
        _soc.Firewall.ProgramRegion(_cap, 1, Protected, FirewallPermissions.SecureOnly.WithNonSecure(2, read: true, write: false));
        _npuTable = _soc.CreateRkIommuPageTable(TestBoards.TablePool());
        _npuTable.Map(new DeviceAddr(0x10_0000), Protected.Start, 0x2000, IommuProt.ReadWrite);
        _npuTable.Map(new DeviceAddr(0x20_0000), Normal, 0x1000, IommuProt.Read);
        _soc.Iommu("npu-mmu").Attach(_npuTable.Root);
        _soc.Iommu("vpu-mmu").Attach(_npuTable.Root); // same domain on a second instance
        _soc.Iommu("vpu-mmu").Detach();
    }

    [Fact]
    public void DescribePage_ProtectedPage_ListsExactlyTheExpectedReach()
    {
        var page = Protected.Start + 0x1000;

        var reach = _soc.Oracle.DescribePage(page + 0x10);

        Assert.Equal(page, reach.Page);
        var cpu = _soc.Master("cpu");
        var gpu = _soc.Master("gpu");
        Assert.Equal(
            [
                new FirewallGrant(cpu, SecurityState.Secure, AccessDirection.Read),
                new FirewallGrant(cpu, SecurityState.Secure, AccessDirection.Write),
                new FirewallGrant(_soc.Master("vpu"), SecurityState.NonSecure, AccessDirection.Read),
                new FirewallGrant(gpu, SecurityState.Secure, AccessDirection.Read),
                new FirewallGrant(gpu, SecurityState.Secure, AccessDirection.Write),
            ],
            reach.Firewall);
        var onePage = new PhysRange(page, 0x1000);
        Assert.Equal(
            [
                new DeviceRoute(_soc.Device("npu"), DeviceRouteKind.Mapped, new DeviceAddr(0x10_1000), onePage, IommuProt.ReadWrite),
                new DeviceRoute(_soc.Device("vpu"), DeviceRouteKind.PassThrough, new DeviceAddr(page.Value), onePage, IommuProt.ReadWrite),
                new DeviceRoute(_soc.Device("gpu"), DeviceRouteKind.PassThrough, new DeviceAddr(page.Value), onePage, IommuProt.ReadWrite),
                new DeviceRoute(_soc.Device("dma"), DeviceRouteKind.Physical, new DeviceAddr(page.Value), onePage, IommuProt.ReadWrite),
            ],
            reach.Devices);
        Assert.Equal([new CpuRoute(_soc.LinearMap, _soc.LinearMap.VirtualOf(page), CpuPermissions.ReadWrite)], reach.Cpu);
        Assert.False(reach.DeviceCanReach(_soc.Device("npu"), AccessDirection.Read)); // mapped, but the firewall says no
        Assert.True(reach.DeviceCanReach(_soc.Device("vpu"), AccessDirection.Read));
        Assert.False(reach.DeviceCanReach(_soc.Device("vpu"), AccessDirection.Write));
        Assert.True(reach.DeviceCanReach(_soc.Device("gpu"), AccessDirection.Write)); // only in its secure state
        Assert.False(reach.CpuCanReach(_soc.LinearMap, cpu, SecurityState.NonSecure, AccessDirection.Read));
    }

    [Fact]
    public void DescribePage_AgreesWithWhatDevicesReallyDo()
    {
        var page = Protected.Start;
        var reach = _soc.Oracle.DescribePage(page);

        foreach (var device in _soc.Devices.Values)
        {
            var route = reach.Devices.FirstOrDefault(r => r.Device == device);
            var iova = route.Device is null ? new DeviceAddr(page.Value) : route.Iova;
            var read = device.TryRead(iova, new byte[8], SecurityState.NonSecure);
            var expected = route.Device is not null && reach.FirewallAllows(device.Master, SecurityState.NonSecure, AccessDirection.Read);
            Assert.True(expected == read, $"{device.Name}: oracle says {expected}, the device read {(read ? "succeeded" : "failed")}");
        }
    }

    [Fact]
    public void ReachableBy_Device_IsItsMappingsThroughTheFirewall()
    {
        var npu = _soc.Device("npu");

        Assert.Equal([new PhysRange(Normal, 0x1000)], _soc.Oracle.ReachableBy(npu, AccessDirection.Read));
        Assert.Empty(_soc.Oracle.ReachableBy(npu, AccessDirection.Write)); // the protected pages are firewalled; Normal is read-only
        Assert.Equal(
            [new PhysRange(Protected.Start, 0x2000), new PhysRange(Normal, 0x1000)],
            _soc.Oracle.DeviceRoutes(npu).Select(r => r.Phys));
    }

    [Fact]
    public void ReachableBy_AfterTheFirewallIsReprogrammed_ReflectsTheNewRegions()
    {
        var vpu = _soc.Device("vpu");
        var before = _soc.Oracle.ReachableBy(vpu, AccessDirection.Write);
        Assert.True(PhysRanges.Intersect(before, [new PhysRange(Normal, 0x1000)]).Count == 1);

        _soc.Firewall.ProgramRegion(_cap, 2, new PhysRange(Normal, 0x1000), FirewallPermissions.SecureOnly);

        Assert.Empty(PhysRanges.Intersect(_soc.Oracle.ReachableBy(vpu, AccessDirection.Write), [new PhysRange(Normal, 0x1000)]));
        _soc.Firewall.DisableRegion(_cap, 2);
        Assert.Equal(before, _soc.Oracle.ReachableBy(vpu, AccessDirection.Write));
    }

    [Fact]
    public void ReachableBy_PassThroughDevice_IsLowDramThroughTheFirewall()
    {
        var expected = PhysRanges.Subtract([new PhysRange(TestBoards.Dram(0), TestBoards.DramSize)], [Protected]);

        Assert.Equal(expected, _soc.Oracle.ReachableBy(_soc.Device("vpu"), AccessDirection.Write)); // the high bank is above 4 GiB
        Assert.Equal([new PhysRange(TestBoards.Dram(0), TestBoards.DramSize)], _soc.Oracle.ReachableBy(_soc.Device("vpu"), AccessDirection.Read));
        Assert.Equal([new PhysRange(TestBoards.Dram(0), TestBoards.DramSize)], _soc.Oracle.ReachableBy(_soc.Device("gpu"), AccessDirection.Write)); // its secure state
        Assert.Contains(new PhysRange(new PhysAddr(TestBoards.HighBase), TestBoards.HighSize), _soc.Oracle.ReachableBy(_soc.Device("dma"), AccessDirection.Read));
    }

    [Fact]
    public void ReachableBy_CpuSpace_IsItsMappingsThroughTheFirewall()
    {
        var app = _soc.CreateAddressSpace("app");
        app.Map(new CpuVirtAddr(0x1000), Protected.Start, 0x1000, CpuPermissions.ReadWrite);
        app.Map(new CpuVirtAddr(0x2000), Normal, 0x1000, CpuPermissions.Read);

        Assert.Equal([new PhysRange(Normal, 0x1000)], _soc.Oracle.ReachableBy(app, SecurityState.NonSecure, AccessDirection.Read));
        Assert.Empty(_soc.Oracle.ReachableBy(app, SecurityState.NonSecure, AccessDirection.Write));
        Assert.Equal([new PhysRange(Protected.Start, 0x1000)], _soc.Oracle.ReachableBy(app, SecurityState.Secure, AccessDirection.Write));
    }

    [Fact]
    public void DeviceRoutes_UnmapWithoutZap_ReportsTheStaleIotlbLineUntilZapped()
    {
        var npu = _soc.Device("npu");
        Assert.True(npu.TryRead(new DeviceAddr(0x20_0000), new byte[4]));
        _npuTable.Unmap(new DeviceAddr(0x20_0000), 0x1000);

        var stale = _soc.Oracle.DescribePage(Normal).Devices.Single(r => r.Device == npu);

        Assert.Equal(new DeviceRoute(npu, DeviceRouteKind.StaleIotlb, new DeviceAddr(0x20_0000), new PhysRange(Normal, 0x1000), IommuProt.Read), stale);
        Assert.Equal([new PhysRange(Normal, 0x1000)], _soc.Oracle.ReachableBy(npu, AccessDirection.Read));
        _soc.Iommu("npu-mmu").ZapRange(new DeviceAddr(0x20_0000), 0x1000);
        Assert.DoesNotContain(_soc.Oracle.DescribePage(Normal).Devices, r => r.Device == npu);
    }

    [Fact]
    public void Oracle_Queries_ChangeNothing()
    {
        var npu = _soc.Device("npu");
        npu.TryRead(new DeviceAddr(0x20_0000), new byte[4]);
        var mmu = _soc.Iommu("npu-mmu");
        var before = (_soc.Clock.Now, mmu.IotlbHits, mmu.IotlbMisses, mmu.FaultCount, _soc.Bus.FaultCount,
            _soc.Memory.MaterialisedPages, string.Join(",", mmu.IotlbEntries(0)), mmu.GetBankState(0));

        _soc.Oracle.DescribePage(Normal);
        _soc.Oracle.ReachableBy(npu, AccessDirection.Read);
        _soc.Oracle.SpeculativeHazards();

        var after = (_soc.Clock.Now, mmu.IotlbHits, mmu.IotlbMisses, mmu.FaultCount, _soc.Bus.FaultCount,
            _soc.Memory.MaterialisedPages, string.Join(",", mmu.IotlbEntries(0)), mmu.GetBankState(0));
        Assert.Equal(before, after);
    }

    [Fact]
    public void SpeculativeHazards_FirewalledPageInTheLinearMap_IsReportedAndFatalOnlyWhereTheBoardSaysSo()
    {
        var soc = TestBoards.Build(hazardFatal: true);
        var cap = soc.TakeSecureFirmwareCapability();
        Assert.Empty(soc.Oracle.SpeculativeHazards());
        soc.Firewall.ProgramRegion(cap, 1, Protected, FirewallPermissions.SecureOnly);

        var hazard = Assert.Single(soc.Oracle.SpeculativeHazards());

        Assert.Equal(new SpeculativeHazard(soc.LinearMap, soc.LinearMap.VirtualOf(Protected.Start), Protected), hazard);
        Assert.Throws<InvalidOperationException>(() => soc.Oracle.ThrowIfFatalHazard());
        soc.LinearMap.RemoveRange(Protected);
        Assert.Empty(soc.Oracle.SpeculativeHazards());
        soc.Oracle.ThrowIfFatalHazard();
    }

    [Fact]
    public void SpeculativeHazards_UserAndSecureSpaces_OnlyNonSecureOnesCount()
    {
        _soc.LinearMap.RemoveRange(Protected);
        var tee = _soc.CreateAddressSpace("optee", SecurityState.Secure);
        tee.Map(new CpuVirtAddr(0x1000), Protected.Start, 0x4000, CpuPermissions.ReadWrite);
        Assert.Empty(_soc.Oracle.SpeculativeHazards()); // vpu's read is not the CPU's: the page is closed to the CPU, but only the TEE maps it

        var app = _soc.CreateAddressSpace("app");
        app.Map(new CpuVirtAddr(0x7000), Protected.Start + 0x3000, 0x1000, CpuPermissions.Read);

        Assert.Equal([new SpeculativeHazard(app, new CpuVirtAddr(0x7000), new PhysRange(Protected.Start + 0x3000, 0x1000))], _soc.Oracle.SpeculativeHazards());
        _soc.Oracle.ThrowIfFatalHazard(); // the test board does not declare the hazard fatal
    }

    [Fact]
    public void ReachableBy_MasterState_MatchesAPageByPageFirewallVerdict()
    {
        // A 64-page board; random non-overlapping regions; compare the oracle's ranges with the firewall asked page by page.
        var regionGen = from start in Gen.Choose(0, 63)
                        from pages in Gen.Choose(1, 8)
                        from bits in Gen.Choose(0, 63)
                        select (start, pages, bits);
        Prop.ForAll(Gen.ListOf(regionGen).Select(l => l.Take(8).ToArray()).ToArbitrary(), Gen.Choose(0, 15).ToArbitrary(), (regions, background) =>
        {
            var soc = new Soc(TestBoards.Description() with { DramBanks = [new DramBankDescription(0x10_0000, 64 * 0x1000)] });
            var cap = soc.TakeSecureFirmwareCapability();
            soc.Firewall.ProgramBackground(cap, Permissions(background));
            var index = 1;
            foreach (var (start, pages, bits) in regions)
            {
                var range = new PhysRange(new PhysAddr(0x10_0000 + ((ulong)start * 0x1000)), (ulong)Math.Min(pages, 64 - start) * 0x1000);
                if (soc.Firewall.TryProgramRegion(cap, index, range, Permissions(bits), out _))
                {
                    index++;
                }
            }

            foreach (var master in soc.Masters.Values)
            {
                foreach (var state in new[] { SecurityState.NonSecure, SecurityState.Secure })
                {
                    foreach (var direction in new[] { AccessDirection.Read, AccessDirection.Write })
                    {
                        var oracle = PhysRanges.Pages(soc.Oracle.ReachableBy(master, state, direction)).ToHashSet();
                        for (ulong p = 0; p < 64; p++)
                        {
                            var page = new PhysAddr(0x10_0000 + (p * 0x1000));
                            if (oracle.Contains(page) != soc.Firewall.Allows(master.Id, state, page, 0x1000, direction))
                            {
                                return false;
                            }
                        }
                    }
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }

    // Bits: 0 secure read, 1 secure write, 2 NS read for masters 1 and 3, 3 NS write for masters 1 and 3; bits 4-5 the same for masters 0 and 2.
    private static FirewallPermissions Permissions(int bits) => new(
        (bits & 1) != 0,
        (bits & 2) != 0,
        ((bits & 4) != 0 ? 0b1010UL : 0) | ((bits & 16) != 0 ? 0b0101UL : 0),
        ((bits & 8) != 0 ? 0b1010UL : 0) | ((bits & 32) != 0 ? 0b0101UL : 0));
}
