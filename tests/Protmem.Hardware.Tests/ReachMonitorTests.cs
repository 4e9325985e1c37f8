using Protmem.Hardware.Firewall;
using Protmem.Hardware.Iommu;
using Protmem.Hardware.Mmu;
using Protmem.Hardware.Oracle;

namespace Protmem.Hardware.Tests;

public sealed class ReachMonitorTests
{
    private static readonly PhysRange Protected = new(TestBoards.Dram(0x100_0000), 0x4000);

    private sealed class FixedPolicy(params ProtectedRange[] ranges) : IProtectionPolicy
    {
        public IReadOnlyList<ProtectedRange> ProtectedRanges { get; } = ranges;
    }

    private static FixedPolicy ProtectedForVpu() =>
        new(new ProtectedRange(Protected, "the test region", new HashSet<string>(["vpu"], StringComparer.Ordinal)));

    /// <summary>The test region for the vpu and for the gpu, the test board's secure-capable master (a TZC-400 lets its secure transactions in).</summary>
    private static FixedPolicy ProtectedForVpuAndGpu() =>
        new(new ProtectedRange(Protected, "the test region", new HashSet<string>(["vpu", "gpu"], StringComparer.Ordinal)));

    [Fact]
    public void FirewallProgrammed_LinearMapStillMapsRegionOnFatalBoard_ReportsHazardWithTimeActorAndRange()
    {
        var soc = TestBoards.Build(hazardFatal: true);
        var cap = soc.TakeSecureFirmwareCapability();
        using var monitor = ReachMonitor.Watch(soc, ProtectedForVpuAndGpu());
        soc.Clock.Advance(1234);

        soc.Firewall.ProgramRegion(cap, 3, Protected, FirewallPermissions.SecureOnly);

        var finding = Assert.Single(monitor.Findings);
        Assert.Equal("tzc400 region 3 (secure firmware)", finding.Actor);
        Assert.Equal(Protected, finding.Range);
        Assert.True(finding.Nanoseconds >= 1234);
        Assert.StartsWith($"speculative-access hazard: {Protected} is closed to the non-secure CPU", finding.What, StringComparison.Ordinal);
    }

    [Fact]
    public void FirewallProgrammed_RegionRemovedFromLinearMapFirst_ReportsNothing()
    {
        var soc = TestBoards.Build(hazardFatal: true);
        var cap = soc.TakeSecureFirmwareCapability();
        using var monitor = ReachMonitor.Watch(soc, ProtectedForVpuAndGpu());

        soc.LinearMap.RemoveRange(Protected);
        soc.Firewall.ProgramRegion(cap, 3, Protected, FirewallPermissions.SecureOnly);

        Assert.Empty(monitor.Findings);
        Assert.Equal(1, monitor.ChangesChecked);
    }

    [Fact]
    public void FirewallProgrammed_SecureOnlyRegionOnATzc400_ReportsTheSecureGpuOutsideTheUseCase()
    {
        var soc = TestBoards.Build();
        var cap = soc.TakeSecureFirmwareCapability();
        soc.LinearMap.RemoveRange(Protected);
        using var monitor = ReachMonitor.Watch(soc, ProtectedForVpu());

        soc.Firewall.ProgramRegion(cap, 3, Protected, FirewallPermissions.SecureOnly.WithSecureMasters(FirewallPermissions.MasterBit(0), FirewallPermissions.MasterBit(0)));

        Assert.Equal(
            [$"device gpu in secure mode can read the test region at {Protected}, outside its use case", $"device gpu in secure mode can write the test region at {Protected}, outside its use case"],
            monitor.Findings.Select(f => f.What));
    }

    [Fact]
    public void FirewallProgrammed_SecureOnlyForTheCpuOnAFilteringFirewall_ReportsNothing()
    {
        var soc = new Soc(TestBoards.Description() with { FirewallFiltersSecureByMaster = true });
        var cap = soc.TakeSecureFirmwareCapability();
        soc.LinearMap.RemoveRange(Protected);
        using var monitor = ReachMonitor.Watch(soc, ProtectedForVpu());

        soc.Firewall.ProgramRegion(cap, 3, Protected, FirewallPermissions.SecureOnly.WithSecureMasters(FirewallPermissions.MasterBit(0), FirewallPermissions.MasterBit(0)));

        Assert.Empty(monitor.Findings);
        Assert.False(soc.Firewall.Allows(soc.Master("gpu").Id, SecurityState.Secure, Protected, AccessDirection.Read));
        Assert.True(soc.Firewall.Allows(soc.Cpu.Master.Id, SecurityState.Secure, Protected, AccessDirection.Read));
    }

    [Fact]
    public void CpuMapped_RestoringLinearMapOverFirewalledRegion_ReportsHazardFromTheLinearMap()
    {
        var soc = TestBoards.Build(hazardFatal: true);
        var cap = soc.TakeSecureFirmwareCapability();
        soc.LinearMap.RemoveRange(Protected);
        soc.Firewall.ProgramRegion(cap, 3, Protected, FirewallPermissions.SecureOnly);
        using var monitor = ReachMonitor.Watch(soc, ProtectedForVpu());

        soc.LinearMap.RestoreRange(Protected);

        var finding = Assert.Single(monitor.Findings);
        Assert.Equal("the kernel's linear map", finding.Actor);
    }

    [Fact]
    public void FirewallProgrammed_OpenToNonSecureCpu_ReportsCpuCanReadAndWrite()
    {
        var soc = TestBoards.Build();
        var cap = soc.TakeSecureFirmwareCapability();
        using var monitor = ReachMonitor.Watch(soc, ProtectedForVpu());

        soc.Firewall.ProgramRegion(cap, 1, Protected, FirewallPermissions.Open);

        Assert.Contains(monitor.Findings, f => f.What == $"the non-secure CPU can read the test region at {Protected}");
        Assert.Contains(monitor.Findings, f => f.What == $"the non-secure CPU can write the test region at {Protected}");
    }

    [Fact]
    public void CpuMapped_ProcessMapsProtectedPageTheFirewallLetsThrough_ReportsTheProcess()
    {
        var soc = TestBoards.Build();
        var space = soc.CreateAddressSpace("app[7]");
        using var monitor = ReachMonitor.Watch(soc, ProtectedForVpu());

        space.Map(new CpuVirtAddr(0x40_0000), Protected.Start, 0x1000, CpuPermissions.Read);

        var finding = Assert.Single(monitor.Findings);
        Assert.Equal("address space 'app[7]'", finding.Actor);
        Assert.Equal(new PhysRange(Protected.Start, 0x1000), finding.Range);
        Assert.Contains("'app[7]' can read the test region", finding.What, StringComparison.Ordinal);
    }

    [Fact]
    public void CpuMapped_ProcessMapsProtectedPageTheFirewallCloses_ReportsNothingWhenHazardIsNotFatal()
    {
        var soc = TestBoards.Build();
        var cap = soc.TakeSecureFirmwareCapability();
        soc.Firewall.ProgramRegion(cap, 1, Protected, FirewallPermissions.SecureOnly);
        var space = soc.CreateAddressSpace("app[7]");
        using var monitor = ReachMonitor.Watch(soc, ProtectedForVpu());

        space.Map(new CpuVirtAddr(0x40_0000), Protected.Start, 0x1000, CpuPermissions.ReadWrite);

        Assert.Empty(monitor.Findings);
    }

    [Fact]
    public void IommuMapped_DeviceOutsideAllowedMastersGetsPte_ReportsTheDevice()
    {
        var soc = TestBoards.Build();
        var table = soc.CreateRkIommuPageTable(TestBoards.TablePool());
        soc.Iommu("npu-mmu").Attach(table.Root);
        using var monitor = ReachMonitor.Watch(soc, ProtectedForVpu());

        table.Map(new DeviceAddr(0x10_0000), Protected.Start, 0x2000, IommuProt.Read);

        var finding = Assert.Single(monitor.Findings);
        Assert.StartsWith($"IOMMU tables at {table.Root} (npu-mmu bank 0", finding.Actor, StringComparison.Ordinal);
        Assert.Equal($"device npu can read the test region at {new PhysRange(Protected.Start, 0x2000)}, outside its use case", finding.What);
    }

    [Fact]
    public void IommuMapped_AllowedMaster_ReportsNothing()
    {
        var soc = TestBoards.Build();
        var table = soc.CreateRkIommuPageTable(TestBoards.TablePool());
        soc.Iommu("vpu-mmu").Attach(table.Root);
        using var monitor = ReachMonitor.Watch(soc, ProtectedForVpu());

        table.Map(new DeviceAddr(0x10_0000), Protected.Start, 0x2000, IommuProt.ReadWrite);

        Assert.Empty(monitor.Findings);
    }

    [Fact]
    public void IommuBankChanged_DetachToPassThrough_ReportsDeviceReachingProtectedMemory()
    {
        var soc = TestBoards.Build();
        var table = soc.CreateRkIommuPageTable(TestBoards.TablePool());
        soc.Iommu("npu-mmu").Attach(table.Root);
        using var monitor = ReachMonitor.Watch(soc, ProtectedForVpu());

        soc.Iommu("npu-mmu").Detach();

        Assert.Contains(monitor.Findings, f => f.Actor.StartsWith("npu-mmu bank 0 (PassThrough)", StringComparison.Ordinal)
            && f.What.StartsWith("device npu can write the test region", StringComparison.Ordinal));
    }

    [Fact]
    public void CpuMapped_SameFindingTwice_ReportedOnce()
    {
        var soc = TestBoards.Build();
        var space = soc.CreateAddressSpace("app[7]");
        using var monitor = ReachMonitor.Watch(soc, ProtectedForVpu());

        space.Map(new CpuVirtAddr(0x40_0000), Protected.Start, 0x1000, CpuPermissions.Read);
        space.Unmap(new CpuVirtAddr(0x40_0000), 0x1000);
        space.Map(new CpuVirtAddr(0x40_0000), Protected.Start, 0x1000, CpuPermissions.Read);

        Assert.Single(monitor.Findings);
        Assert.Equal(1, monitor.FindingCount);
    }

    [Fact]
    public void Dispose_AfterWatch_LaterChangesAreNotChecked()
    {
        var soc = TestBoards.Build();
        var space = soc.CreateAddressSpace("app[7]");
        var monitor = ReachMonitor.Watch(soc, ProtectedForVpu());

        monitor.Dispose();
        space.Map(new CpuVirtAddr(0x40_0000), Protected.Start, 0x1000, CpuPermissions.Read);

        Assert.Empty(monitor.Findings);
        Assert.Null(soc.ReachFeed.Observer);
    }
}
