using Protmem.Hardware.Firewall;
using Protmem.Hardware.Mmu;

namespace Protmem.Hardware.Tests;

public sealed class CpuTests
{
    private readonly Soc _soc = TestBoards.Build(trace: true);

    [Fact]
    public void AddressSpace_MapTranslateUnmap_PageGranular()
    {
        var space = _soc.CreateAddressSpace("app");

        Assert.True(space.TryMap(new CpuVirtAddr(0x40_0000), TestBoards.Dram(0x5000), 0x2000, CpuPermissions.Read));

        Assert.True(space.TryTranslate(new CpuVirtAddr(0x40_1234), out var phys, out var perms));
        Assert.Equal(TestBoards.Dram(0x6234), phys);
        Assert.Equal(CpuPermissions.Read, perms);
        Assert.False(space.TryMap(new CpuVirtAddr(0x40_1000), TestBoards.Dram(0), 0x1000, CpuPermissions.Read));
        Assert.False(space.TryMap(new CpuVirtAddr(0x50_0800), TestBoards.Dram(0), 0x1000, CpuPermissions.Read));
        Assert.Equal(2, space.MappedPages);
        Assert.Equal(1UL, space.Unmap(new CpuVirtAddr(0x40_0000), 0x1000));
        Assert.False(space.TryTranslate(new CpuVirtAddr(0x40_0000), out _, out _));
        Assert.Equal(1UL, space.Unmap(new CpuVirtAddr(0x3F_F000), 0x10_0000));
        Assert.Equal(0, space.MappedPages);
    }

    [Fact]
    public void AddressSpace_UnmapOrProtectOfAHugeRange_TouchesOnlyMappedPages()
    {
        var space = _soc.CreateAddressSpace("app");
        space.Map(new CpuVirtAddr(0x7000), TestBoards.Dram(0), 0x2000, CpuPermissions.ReadWrite);
        space.Map(new CpuVirtAddr(0x7fff_0000_0000), TestBoards.Dram(0x8000), 0x1000, CpuPermissions.ReadWrite);

        Assert.Equal(2UL, space.Protect(new CpuVirtAddr(0x8000), ulong.MaxValue - 0x8000, CpuPermissions.Read));
        Assert.Equal(2UL, space.Unmap(new CpuVirtAddr(0x8000), ulong.MaxValue));

        Assert.True(space.TryTranslate(new CpuVirtAddr(0x7000), out _, out var perms));
        Assert.Equal(CpuPermissions.ReadWrite, perms);
        Assert.Equal(1, space.MappedPages);
    }

    [Fact]
    public void AddressSpace_EnumerateMappings_CoalescesRuns()
    {
        var space = _soc.CreateAddressSpace("app");
        space.Map(new CpuVirtAddr(0x1000), TestBoards.Dram(0x1000), 0x2000, CpuPermissions.ReadWrite);
        space.Map(new CpuVirtAddr(0x3000), TestBoards.Dram(0x3000), 0x1000, CpuPermissions.ReadWrite);
        space.Map(new CpuVirtAddr(0x4000), TestBoards.Dram(0x9000), 0x1000, CpuPermissions.ReadWrite);
        space.Protect(new CpuVirtAddr(0x4000), 0x1000, CpuPermissions.Read);

        Assert.Equal(
            [
                new CpuMapping(new CpuVirtAddr(0x1000), TestBoards.Dram(0x1000), 0x3000, CpuPermissions.ReadWrite),
                new CpuMapping(new CpuVirtAddr(0x4000), TestBoards.Dram(0x9000), 0x1000, CpuPermissions.Read),
            ],
            space.EnumerateMappings());
    }

    [Fact]
    public void LinearMap_RemoveRange_UnmapsAndRestoreRangeMapsBack()
    {
        var linear = _soc.LinearMap;
        var page = TestBoards.Dram(0x30_0000);
        var va = linear.VirtualOf(page);
        Assert.Equal(new CpuVirtAddr(0xffff_0000_0000_0000 + page.Value), va);
        Assert.True(linear.TryTranslate(va, out var phys, out var perms));
        Assert.Equal((page, CpuPermissions.ReadWrite), (phys, perms));

        linear.RemoveRange(new PhysRange(page, 0x4000));
        linear.RemoveRange(new PhysRange(page + 0x2000, 0x4000)); // overlaps: merged

        Assert.False(linear.TryTranslate(va + 0x5000, out _, out _));
        Assert.Equal([new PhysRange(page, 0x6000)], linear.RemovedRanges);
        Assert.False(_soc.Cpu.TryRead(linear, va, new byte[4], SecurityState.NonSecure, out var result));
        Assert.Equal(CpuAccessResult.TranslationFault, result);

        linear.RestoreRange(new PhysRange(page + 0x1000, 0x1000));

        Assert.True(linear.TryTranslate(va + 0x1000, out _, out _));
        Assert.False(linear.TryTranslate(va, out _, out _));
        Assert.Equal([new PhysRange(page, 0x1000), new PhysRange(page + 0x2000, 0x4000)], linear.RemovedRanges);
        linear.AssertInvariants();
    }

    [Fact]
    public void LinearMap_EnumerateMappings_IsDramMinusRemovedPlusOtherMappings()
    {
        var linear = _soc.LinearMap;
        linear.RemoveRange(new PhysRange(TestBoards.Dram(0x1000), 0x1000));
        linear.Map(new CpuVirtAddr(0xffff_8000_0000_0000), TestBoards.Dram(0x1000), 0x1000, CpuPermissions.Read);

        var runs = linear.EnumerateMappings();

        Assert.Equal(
            [
                new CpuMapping(linear.VirtualOf(TestBoards.Dram(0)), TestBoards.Dram(0), 0x1000, CpuPermissions.ReadWrite),
                new CpuMapping(linear.VirtualOf(TestBoards.Dram(0x2000)), TestBoards.Dram(0x2000), TestBoards.DramSize - 0x2000, CpuPermissions.ReadWrite),
                new CpuMapping(linear.VirtualOf(new PhysAddr(TestBoards.HighBase)), new PhysAddr(TestBoards.HighBase), TestBoards.HighSize, CpuPermissions.ReadWrite),
                new CpuMapping(new CpuVirtAddr(0xffff_8000_0000_0000), TestBoards.Dram(0x1000), 0x1000, CpuPermissions.Read),
            ],
            runs);
    }

    [Fact]
    public void LinearMap_MapInsideTheWindowOrRemoveOutsideDram_IsRefused()
    {
        var linear = _soc.LinearMap;

        Assert.False(linear.TryMap(linear.VirtualOf(TestBoards.Dram(0)), TestBoards.Dram(0), 0x1000, CpuPermissions.Read));
        Assert.Throws<ArgumentException>(() => linear.RemoveRange(new PhysRange(new PhysAddr(0x1000), 0x1000)));
        Assert.Throws<ArgumentException>(() => linear.RemoveRange(new PhysRange(TestBoards.Dram(0x800), 0x1000)));
        Assert.False(linear.TryTranslate(linear.VirtualOf(new PhysAddr(0x1000)), out _, out _));
    }

    [Fact]
    public void CpuReadWrite_UserSpaceAcrossPages_MovesBytesAndCostsCopyTime()
    {
        var space = _soc.CreateAddressSpace("app");
        space.Map(new CpuVirtAddr(0x1000), TestBoards.Dram(0x9000), 0x1000, CpuPermissions.ReadWrite);
        space.Map(new CpuVirtAddr(0x2000), TestBoards.Dram(0x4000), 0x1000, CpuPermissions.ReadWrite);
        var before = _soc.Clock.Now;

        Assert.True(_soc.Cpu.TryWrite(space, new CpuVirtAddr(0x1FFC), "abcdefgh"u8, SecurityState.NonSecure));

        Assert.Equal(1UL, _soc.Clock.Now - before); // 8 bytes at 10 bytes/ns, rounded up
        var back = new byte[4];
        _soc.Memory.Read(TestBoards.Dram(0x4000), back);
        Assert.Equal("efgh"u8.ToArray(), back);
        var all = new byte[8];
        Assert.True(_soc.Cpu.TryRead(space, new CpuVirtAddr(0x1FFC), all, SecurityState.NonSecure));
        Assert.Equal("abcdefgh"u8.ToArray(), all);
    }

    [Fact]
    public void CpuWrite_ReadOnlyMapping_IsAPermissionFaultAndTraced()
    {
        var space = _soc.CreateAddressSpace("app");
        space.Map(new CpuVirtAddr(0x1000), TestBoards.Dram(0x9000), 0x1000, CpuPermissions.Read);

        Assert.False(_soc.Cpu.TryWrite(space, new CpuVirtAddr(0x1000), "x"u8, SecurityState.NonSecure, out var result));

        Assert.Equal(CpuAccessResult.PermissionFault, result);
        Assert.Equal(1, _soc.Cpu.FaultCount);
        Assert.Contains(_soc.Trace.Events, e => e.Kind == Tracing.TraceKind.CpuFault && e.Subject == "app" && e.Address == 0x1000);
    }

    [Fact]
    public void CpuRead_FirewalledPage_NonSecureDeniedSecureAllowed()
    {
        var cap = _soc.TakeSecureFirmwareCapability();
        var secret = new PhysRange(TestBoards.Dram(0x40_0000), 0x1000);
        _soc.Firewall.ProgramRegion(cap, 1, secret, FirewallPermissions.SecureOnly);
        var tee = _soc.CreateAddressSpace("optee", SecurityState.Secure);
        tee.Map(new CpuVirtAddr(0x1000), secret.Start, 0x1000, CpuPermissions.ReadWrite);

        Assert.False(_soc.Cpu.TryRead(_soc.LinearMap, _soc.LinearMap.VirtualOf(secret.Start), new byte[4], SecurityState.NonSecure, out var result));
        Assert.Equal(CpuAccessResult.FirewallDenied, result);
        Assert.True(_soc.Cpu.TryWrite(tee, new CpuVirtAddr(0x1000), "key"u8, SecurityState.Secure));
        Assert.Equal(1, _soc.Bus.FaultCount);
    }

    [Fact]
    public void ReleaseAddressSpace_ForgetsItOnceAndNeverTheLinearMap()
    {
        var space = _soc.CreateAddressSpace("app");
        Assert.Contains(space, _soc.AddressSpaces);

        _soc.ReleaseAddressSpace(space);

        Assert.DoesNotContain(space, _soc.AddressSpaces);
        Assert.Throws<InvalidOperationException>(() => _soc.ReleaseAddressSpace(space));
        Assert.Throws<InvalidOperationException>(() => _soc.ReleaseAddressSpace(_soc.LinearMap));
    }
}
