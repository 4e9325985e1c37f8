using Protmem.Kernel.Core;
using Protmem.Platform.Boards;
using Protmem.Uapi;
using Protmem.Userspace.Selftests;

namespace Protmem.Platform.Tests.Boards;

/// <summary>The embedding API on every shipped board: boot, spawn, check, dispose; the same inputs give the same trace.</summary>
public sealed class MachineTests
{
    public static TheoryData<string> Shipped => new(PlatformCatalog.Platforms.Select(p => p.Name));

    [Theory]
    [MemberData(nameof(Shipped))]
    public void Boot_ShippedBoard_InstallsTheSecureWorldAndRegistersHeaps(string name)
    {
        using var machine = Machine.Boot(name);

        Assert.True(machine.HasSecureWorld);
        Assert.Contains("system", machine.DmaHeapNames);
        Assert.Contains(machine.Platform.DefaultCmaRegion!, machine.DmaHeapNames);
        machine.CheckInvariants();
    }

    [Theory]
    [MemberData(nameof(Shipped))]
    public void Spawn_UserProcess_CanMapAndTouchItsMemory(string name)
    {
        using var machine = Machine.Boot(name);
        var app = machine.Spawn("app");

        var addr = app.Mmap(0, Mman.PAGE_SIZE, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, -1, 0);
        Assert.True(addr > 0, $"mmap failed: {addr}");
        Assert.Equal(0, app.WriteMemory((ulong)addr, [1, 2, 3]));
        var back = new byte[3];
        Assert.Equal(0, app.ReadMemory((ulong)addr, back));
        Assert.Equal([1, 2, 3], back);
        Assert.False(app is UserProcess, "a program holds its system calls, not the kernel's process object");
        machine.CheckInvariants();
    }

    [Theory]
    [MemberData(nameof(Shipped))]
    public void DmabufHeapsSelftest_UnchangedOnEveryShippedBoard_Passes(string name)
    {
        using var machine = Machine.Boot(name);
        var output = new StringWriter();

        var report = new DmabufHeapsSelftest(machine.Spawn("dmabuf-heaps"), output).Run(machine.DmaHeapNames);

        Assert.True(report.Ok, output.ToString());
        Assert.Equal(DmabufHeapsSelftest.ChecksPerHeap * machine.DmaHeapNames.Count, report.Checks.Count);
        machine.CheckInvariants();
    }

    [Fact]
    public void Dispose_EndsEveryProcessAndClosesItsFiles()
    {
        var machine = Machine.Boot("qemu-virt");
        var init = machine.Spawn("init", Credentials.Root);
        Assert.True(init.Open("/dev/dma_heap/system", Fcntl.O_RDONLY | Fcntl.O_CLOEXEC) >= 0);
        Assert.Equal(1, machine.ProcessCount);

        machine.Dispose();

        Assert.Equal(0, machine.ProcessCount);
        Assert.Equal(-Errno.EFAULT, init.ReadMemory(0x1000, new byte[1]));
        Assert.Throws<ObjectDisposedException>(() => machine.Spawn("late"));
    }

    [Theory]
    [MemberData(nameof(Shipped))]
    public void Boot_SameSeedAndProgram_GivesTheSameTrace(string name)
    {
        Assert.Equal(RunTraced(name, seed: 7), RunTraced(name, seed: 7));
    }

    [Fact]
    public void Boot_BadFile_IsAPlatformException()
    {
        Assert.Throws<PlatformException>(() => Machine.Boot("/no/such/board.dts"));
    }

    private static string RunTraced(string name, ulong seed)
    {
        using var machine = Machine.Boot(name, new MachineOptions { Seed = seed, Trace = true });
        new DmabufHeapsSelftest(machine.Spawn("dmabuf-heaps"), TextWriter.Null).Run(machine.DmaHeapNames);
        var trace = machine.Trace.Render();
        Assert.NotEmpty(trace);
        return trace + $"@{machine.Clock.Now}";
    }
}
