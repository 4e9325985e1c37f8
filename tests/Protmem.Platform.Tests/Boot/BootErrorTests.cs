using Protmem.Hardware;
using Protmem.Platform.Boards;

namespace Protmem.Platform.Tests.Boot;

public sealed class BootErrorTests
{
    private static string WriteBoard(string source)
    {
        var path = Path.Combine(Path.GetTempPath(), $"protmem-boot-{Guid.NewGuid():N}.dts");
        File.WriteAllText(path, source);
        return path;
    }

    private static string QemuVirtWithoutMemory()
    {
        var source = PlatformCatalog.ReadSource("qemu-virt");
        var start = source.IndexOf("\tmemory@40000000 {", StringComparison.Ordinal);
        var end = source.IndexOf("};", start, StringComparison.Ordinal) + 2;
        return source[..start] + source[end..];
    }

    [Fact]
    public void Boot_QemuVirtWithoutMemoryNode_ThrowsPlatformExceptionNamingTheMemoryOption()
    {
        var path = WriteBoard(QemuVirtWithoutMemory());
        try
        {
            var e = Assert.Throws<PlatformException>(() => Machine.Boot(path));

            Assert.Contains("cannot boot: no memory node describes RAM (/memory)", e.Message, StringComparison.Ordinal);
            Assert.Contains("--memory", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Boot_QemuVirtWithoutMemoryNodeGivenMemory_BootsAndRunsTheSdpHeap()
    {
        var path = WriteBoard(QemuVirtWithoutMemory());
        try
        {
            using var machine = Machine.Boot(path, new MachineOptions { Memory = [new PhysRange(new PhysAddr(0x4000_0000), 0x4000_0000)] });

            Assert.Contains("protected,secure-video", machine.DmaHeapNames);
            Assert.Equal([new PhysRange(new PhysAddr(0x4000_0000), 0x4000_0000)], machine.Platform.SystemRam);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Boot_AllRamIsNoMapReserved_ThrowsNoUsableDram()
    {
        // All but 8 MiB of the 1 GiB of RAM is no-map, and there is no CMA area.
        var source = PlatformCatalog.ReadSource("qemu-virt");
        var cma = source.IndexOf("\t\tlinux,cma {", StringComparison.Ordinal);
        source = source[..cma] + "\t\tall@40000000 { reg = <0x0 0x40000000 0x0 0x3f800000>; no-map; };\n" + source[(source.IndexOf("};", cma, StringComparison.Ordinal) + 2)..];
        var path = WriteBoard(source);
        try
        {
            var e = Assert.Throws<PlatformException>(() => Machine.Boot(path));

            Assert.Contains("cannot boot: no usable DRAM", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Boot_RealRock5bTreeGivenMemory_Boots()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "testdata", "dts", "rk3588-rock-5b.dtc-canonical.dts");

        using var machine = Machine.Boot(path, new MachineOptions { Memory = [new PhysRange(new PhysAddr(0), 8UL << 30)] });

        Assert.Contains("system", machine.DmaHeapNames);
        Assert.NotNull(machine.NothingProtectedReason);
    }

    [Fact]
    public void Boot_RealRock5bTreeWithoutMemory_ThrowsPlatformException()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "testdata", "dts", "rk3588-rock-5b.dtc-canonical.dts");

        var e = Assert.Throws<PlatformException>(() => Machine.Boot(path));

        Assert.Contains("no memory node describes RAM", e.Message, StringComparison.Ordinal);
    }
}
