using Protmem.Kernel.Core;
using Protmem.Kernel.DmaBufs;
using Protmem.Uapi;
using KDmaBuf = Protmem.Kernel.DmaBufs.DmaBuf;

namespace Protmem.Kernel.Tests;

/// <summary>read(2), write(2) and poll(2) on the model's files, with Linux's answers.</summary>
public class ReadWritePollTests
{
    private static (KernelContext Kernel, UserProcess P, int Buf, ulong Args) Setup()
    {
        var kernel = TestMachine.Boot();
        var p = kernel.Spawn("app");
        var args = TestMachine.MapArgs(p, 2 * 4096);
        var heap = TestMachine.OpenHeap(p, "system");
        return (kernel, p, TestMachine.Alloc(p, heap, args, 4096), args);
    }

    private static int PollOne(UserProcess p, ulong args, int fd, short events, int timeoutMs, out short revents)
    {
        var entry = new byte[PollFd.Size];
        new PollFd { Fd = fd, Events = events, REvents = 0x7ff }.Write(entry);
        Assert.Equal(0, p.WriteMemory(args, entry));
        var result = p.Poll(args, 1, timeoutMs);
        Assert.Equal(0, p.ReadMemory(args, entry));
        revents = PollFd.Read(entry).REvents;
        return result;
    }

    [Fact]
    public void ReadWrite_DmaBufWithoutHooks_ReturnEinval()
    {
        var (_, p, buf, args) = Setup();
        Assert.Equal(-Errno.EINVAL, p.Read(buf, args, 16));
        Assert.Equal(-Errno.EINVAL, p.Write(buf, args, 16));
    }

    [Fact]
    public void ReadWrite_ClosedOrWrongModeFd_ReturnEbadf()
    {
        var (_, p, buf, args) = Setup();
        var readOnly = TestMachine.Alloc(p, TestMachine.OpenHeap(p, "system"), args + 4096, 4096, Fcntl.O_RDONLY);
        Assert.Equal(-Errno.EBADF, p.Write(readOnly, args, 1));
        Assert.Equal(0, p.Close(buf));
        Assert.Equal(-Errno.EBADF, p.Read(buf, args, 1));
        Assert.Equal(-Errno.EBADF, p.Read(-1, args, 1));
    }

    [Fact]
    public void Poll_IdleDmaBuf_ReadyForWhatWasAsked()
    {
        var (_, p, buf, args) = Setup();
        Assert.Equal(1, PollOne(p, args, buf, Poll.POLLIN, -1, out var revents));
        Assert.Equal(Poll.POLLIN, revents);
        Assert.Equal(1, PollOne(p, args, buf, Poll.POLLIN | Poll.POLLOUT, 0, out revents));
        Assert.Equal(Poll.POLLIN | Poll.POLLOUT, revents);
    }

    [Fact]
    public void Poll_NegativeAndUnknownFds_IgnoredAndNval()
    {
        var (_, p, _, args) = Setup();
        Assert.Equal(0, PollOne(p, args, -1, Poll.POLLIN, 0, out var revents));
        Assert.Equal(0, revents);
        Assert.Equal(1, PollOne(p, args, 999, Poll.POLLIN, 0, out revents));
        Assert.Equal(Poll.POLLNVAL, revents);
    }

    [Fact]
    public void Poll_BadPointerOrTooManyFds_ReturnsEfaultOrEinval()
    {
        var (_, p, _, args) = Setup();
        Assert.Equal(-Errno.EFAULT, p.Poll(0x10, 1, 0));
        Assert.Equal(-Errno.EINVAL, p.Poll(args, 1_000_000, 0));
        Assert.Equal(0, p.Poll(args, 0, 0));
    }

    [Fact]
    public void Poll_PendingWriteFence_TimesOutInSimulatedTimeThenWakesOnSignal()
    {
        var (kernel, p, buf, args) = Setup();
        Assert.True(p.Files.TryGet<KDmaBuf>(buf, out _, out var buffer));
        var fence = new DmaFence(kernel.FenceContextAlloc(), 1);
        buffer.Resv.AddFence(fence, DmaResvUsage.Write);

        var before = kernel.Hardware.Clock.Now;
        Assert.Equal(0, PollOne(p, args, buf, Poll.POLLIN, 5, out var revents));
        Assert.Equal(0, revents);
        Assert.InRange(kernel.Hardware.Clock.Now - before, 5_000_000UL, 5_010_000UL);
        Assert.Equal(-Errno.EINTR, PollOne(p, args, buf, Poll.POLLIN, -1, out _));

        kernel.Hardware.Events.ScheduleAfter(1_000, () => fence.Signal());
        Assert.Equal(1, PollOne(p, args, buf, Poll.POLLIN, -1, out revents));
        Assert.Equal(Poll.POLLIN, revents);
    }
}
