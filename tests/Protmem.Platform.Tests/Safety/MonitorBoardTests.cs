using Protmem.Platform.Boards;
using Protmem.Userspace.Xtest;

namespace Protmem.Platform.Tests.Safety;

public sealed class MonitorBoardTests
{
    private static Machine BootRk3588(bool unmapDirectMap)
    {
        if (!unmapDirectMap)
        {
            return Machine.Boot("rk3588", new MachineOptions { Seed = 1 });
        }

        var source = PlatformCatalog.ReadSource("rk3588").Replace("protmem.design=tee-dma-heap", "protmem.design=tee-dma-heap protmem.unmap_direct_map=1", StringComparison.Ordinal);
        var path = Path.Combine(Path.GetTempPath(), $"rk3588-unmap-{Guid.NewGuid():N}.dts");
        File.WriteAllText(path, source);
        try
        {
            return Machine.Boot(path, new MachineOptions { Seed = 1 });
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void RunSdpBasic(Machine machine) =>
        new XtestSdpBasic(machine.Spawn("xtest"), TextWriter.Null, machine.CreateRandomSource()).Run(new SdpBasicOptions { Loops = 2, Verbosity = 0 });

    [Fact]
    public void Monitor_Rk3588AsShipped_ReportsSpeculativeHazardOnTheLentRegionWhenItIsLent()
    {
        using var machine = BootRk3588(unmapDirectMap: false);
        var bootTime = machine.SimulatedNanoseconds;

        RunSdpBasic(machine);

        var hazard = Assert.Single(machine.Monitor!.Findings, f => f.What.StartsWith("speculative-access hazard", StringComparison.Ordinal));
        Assert.StartsWith("tzc400 region", hazard.Actor, StringComparison.Ordinal);
        Assert.True(hazard.Nanoseconds > bootTime);
        Assert.Contains("mapped in 'kernel'", hazard.What, StringComparison.Ordinal);
        // The point check afterwards sees nothing: the region was reclaimed before it ran.
        Assert.Equal(0, machine.CheckSafety().Hazards);
    }

    [Fact]
    public void Monitor_Rk3588WithUnmapDirectMap_FindsNothing()
    {
        using var machine = BootRk3588(unmapDirectMap: true);

        RunSdpBasic(machine);

        Assert.Empty(machine.Monitor!.Findings);
        Assert.True(machine.Monitor.ChangesChecked > 0);
    }

    [Theory]
    [MemberData(nameof(ShippedBoards))]
    public void Monitor_ShippedBoardAfterBoot_FindsNothing(string board)
    {
        using var machine = Machine.Boot(board, new MachineOptions { Seed = 1 });

        Assert.Empty(machine.Monitor!.Findings);
    }

    [Fact]
    public void Boot_MonitorOff_HasNoMonitor()
    {
        using var machine = Machine.Boot("rk3588", new MachineOptions { Seed = 1, Monitor = false });

        Assert.Null(machine.Monitor);
        Assert.Null(machine.Soc.ReachFeed.Observer);
    }

    public static TheoryData<string> ShippedBoards() => [.. PlatformCatalog.Platforms.Select(p => p.Name)];
}
