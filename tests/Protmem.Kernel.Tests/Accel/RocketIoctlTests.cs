using System.Buffers.Binary;
using Protmem.Hardware.Devices;
using Protmem.Kernel.Accel.Rocket;
using Protmem.Uapi;
using Protmem.Uapi.Accel;
using Protmem.Userspace.Accel;

namespace Protmem.Kernel.Tests.Accel;

/// <summary>The rocket ioctls as a program sees them: results in real bytes, and Linux's errno for bad input.</summary>
public sealed class RocketIoctlTests
{
    [Fact]
    public void Submit_MacJob_ComputesTheBytesAndSignalsBeforePrepBoReturns()
    {
        var kernel = RocketTestMachine.Boot();
        using var p = kernel.Spawn("client");
        using var npu = RocketClient.Open(p);
        var regcmd = npu.CreateBo(100);
        Assert.Equal(4096u, regcmd.Size);
        var a = npu.CreateBo(4096);
        var b = npu.CreateBo(4096);
        var output = npu.CreateBo(4096);
        npu.Write(a, 0, Ints(16, i => i + 1));
        npu.Write(b, 0, Ints(16, _ => 7));
        npu.Write(output, 0, Ints(16, _ => 100));
        var list = new NpuCommandList().Mac(a.DmaAddress, b.DmaAddress, output.DmaAddress, 16).Fill(output.DmaAddress + 64, 0xAB, 4).End();
        npu.Write(regcmd, 0, list.ToArray());

        Assert.Equal(0, npu.Submit([new RocketJobSpec([((uint)regcmd.DmaAddress, list.WordCount)], [regcmd.Handle, a.Handle, b.Handle], [output.Handle])]));
        Assert.Equal(0, npu.PrepBo(output.Handle));

        var bytes = new byte[68];
        npu.Read(output, 0, bytes);
        for (var i = 0; i < 16; i++)
        {
            Assert.Equal(100 + ((i + 1) * 7), BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(i * 4)));
        }

        Assert.Equal(new byte[] { 0xAB, 0xAB, 0xAB, 0xAB }, bytes[64..]);
        Assert.Equal(0, npu.FiniBo(output.Handle));
        Assert.Equal(1, kernel.Npu().Stats.JobsRun);
        kernel.AssertInvariants();
    }

    [Fact]
    public void CreateBo_TwoFiles_EachHasItsOwnAddressSpace()
    {
        var kernel = RocketTestMachine.Boot();
        using var p = kernel.Spawn("client");
        using var first = RocketClient.Open(p);
        using var second = RocketClient.Open(p);
        var x = first.CreateBo(4096);
        var y = second.CreateBo(4096);
        Assert.Equal(x.DmaAddress, y.DmaAddress);
        Assert.Equal(x.Handle, y.Handle);
        Assert.NotEqual(kernel.Npu().Clients[0].Domain, kernel.Npu().Clients[1].Domain);
    }

    [Fact]
    public void Submit_BadSubmitArguments_EinvalAndZeroCountIsZero()
    {
        var kernel = RocketTestMachine.Boot();
        using var p = kernel.Spawn("client");
        using var npu = RocketClient.Open(p);
        Assert.Equal(0, npu.SubmitRaw(new DrmRocketSubmit { JobCount = 0, JobStructSize = 1 }));
        Assert.Equal(-Errno.EINVAL, npu.SubmitRaw(new DrmRocketSubmit { JobCount = 1, JobStructSize = DrmRocketJob.Size - 1 }));
        Assert.Equal(-Errno.EINVAL, npu.SubmitRaw(new DrmRocketSubmit { JobCount = 1, JobStructSize = DrmRocketJob.Size, Reserved = 1 }));
        Assert.Equal(-Errno.EFAULT, npu.SubmitRaw(new DrmRocketSubmit { Jobs = 0x10, JobCount = 1, JobStructSize = DrmRocketJob.Size }));
        Assert.Equal(0, kernel.Npu().Stats.JobsRun);
    }

    [Fact]
    public void Submit_BadJobs_AreDroppedAndTheIoctlStillReturnsZero()
    {
        // The merged code ignores rocket_ioctl_submit_job's result: each bad job is dropped, SUBMIT says 0.
        var kernel = RocketTestMachine.Boot();
        using var p = kernel.Spawn("client");
        using var npu = RocketClient.Open(p);
        using var other = RocketClient.Open(p);
        var regcmd = npu.CreateBo(4096);
        var foreign = other.CreateBo(4096);
        foreign = other.CreateBo(4096);
        npu.Write(regcmd, 0, new NpuCommandList().End().ToArray());
        var task = ((uint)regcmd.DmaAddress, 1u);
        Assert.Equal(0, npu.Submit([new RocketJobSpec([], [], [])]));
        Assert.Equal(0, npu.Submit([new RocketJobSpec([((uint)regcmd.DmaAddress, 0u)], [], [])]));
        Assert.Equal(0, npu.Submit([new RocketJobSpec([task], [foreign.Handle], [])]));
        Assert.Equal(0, npu.Submit([new RocketJobSpec([task], [], [999])]));
        Assert.Equal(0, kernel.Npu().Stats.JobsRun);
        Assert.Equal(0, npu.Submit([new RocketJobSpec([task], [regcmd.Handle], [])]));
        kernel.SocRunUntilIdle();
        Assert.Equal(1, kernel.Npu().Stats.JobsRun);
        kernel.AssertInvariants();
    }

    [Fact]
    public void PrepAndFiniBo_ReservedOrUnknownHandle_EinvalOrEnoent()
    {
        var kernel = RocketTestMachine.Boot();
        using var p = kernel.Spawn("client");
        using var npu = RocketClient.Open(p);
        var bo = npu.CreateBo(4096);
        Assert.Equal(-Errno.EINVAL, npu.PrepBo(bo.Handle, reserved: 1));
        Assert.Equal(-Errno.ENOENT, npu.PrepBo(bo.Handle + 1));
        Assert.Equal(-Errno.EINVAL, npu.FiniBo(bo.Handle, reserved: 1));
        Assert.Equal(-Errno.ENOENT, npu.FiniBo(bo.Handle + 1));
        Assert.Equal(0, npu.PrepBo(bo.Handle, timeoutNs: 0));
    }

    [Fact]
    public void PrepBo_JobStillRunning_EbusyOnPollAndEtimedoutBeforeItEnds()
    {
        var kernel = RocketTestMachine.Boot();
        using var p = kernel.Spawn("client");
        using var npu = RocketClient.Open(p);
        var regcmd = npu.CreateBo(4096);
        var output = npu.CreateBo(4096);
        var list = new NpuCommandList().Wait(1000).End();
        npu.Write(regcmd, 0, list.ToArray());
        Assert.Equal(0, npu.Submit([new RocketJobSpec([((uint)regcmd.DmaAddress, list.WordCount)], [regcmd.Handle], [output.Handle])]));
        Assert.Equal(-Errno.EBUSY, npu.PrepBo(output.Handle, timeoutNs: 0));
        var now = (long)kernel.Hardware.Clock.Now;
        Assert.Equal(-Errno.ETIMEDOUT, npu.PrepBo(output.Handle, timeoutNs: now + 100_000));
        Assert.Equal(0, npu.PrepBo(output.Handle, timeoutNs: now + 10_000_000));
    }

    [Fact]
    public void CreateBo_ZeroSize_EinvalAndNothingLeaks()
    {
        var kernel = RocketTestMachine.Boot();
        using var p = kernel.Spawn("client");
        using var npu = RocketClient.Open(p);
        var before = kernel.Snapshot();
        var args = new DrmRocketCreateBo { BoSize = 0 };
        Assert.Equal(-Errno.EINVAL, npu.TryCreateBo(ref args));
        Assert.Equal(before, kernel.Snapshot());
    }

    [Fact]
    public void Submit_LongJob_TimesOutAfter500MsResetsTheCoreAndOthersRun()
    {
        var kernel = RocketTestMachine.Boot();
        using var p = kernel.Spawn("slow");
        using var q = kernel.Spawn("fast");
        using var slow = RocketClient.Open(p);
        using var fast = RocketClient.Open(q);
        var slowCmd = slow.CreateBo(4096);
        var slowOut = slow.CreateBo(4096);
        var wait = new NpuCommandList().Wait(600_000).End();
        slow.Write(slowCmd, 0, wait.ToArray());
        var fastCmd = fast.CreateBo(4096);
        var fastOut = fast.CreateBo(4096);
        var fill = new NpuCommandList().Fill(fastOut.DmaAddress, 0x11, 16).End();
        fast.Write(fastCmd, 0, fill.ToArray());

        Assert.Equal(0, slow.Submit([new RocketJobSpec([((uint)slowCmd.DmaAddress, wait.WordCount)], [slowCmd.Handle], [slowOut.Handle])]));
        Assert.Equal(0, fast.Submit([new RocketJobSpec([((uint)fastCmd.DmaAddress, fill.WordCount)], [fastCmd.Handle], [fastOut.Handle])]));
        Assert.Equal(0, slow.PrepBo(slowOut.Handle));
        Assert.Equal(0, fast.PrepBo(fastOut.Handle));

        var npu = kernel.Npu();
        var fault = Assert.Single(npu.Faults);
        Assert.True(fault.TimedOut);
        Assert.Equal(1, npu.Stats.Resets);
        Assert.Equal(1, npu.Stats.JobsFailed);
        Assert.InRange(kernel.Hardware.Clock.Now, RocketDevice.JobTimeoutNs, RocketDevice.JobTimeoutNs + 10_000_000);
        var bytes = new byte[16];
        fast.Read(fastOut, 0, bytes);
        Assert.All(bytes, x => Assert.Equal(0x11, x));
        Assert.All(npu.Cores, c => Assert.Null(c.AttachedDomain));
        kernel.AssertInvariants();
    }

    [Fact]
    public void Submit_UnknownOpcode_InvalidCommandThenTimeout()
    {
        var kernel = RocketTestMachine.Boot();
        using var p = kernel.Spawn("client");
        using var npu = RocketClient.Open(p);
        var regcmd = npu.CreateBo(4096);
        npu.Write(regcmd, 0, new NpuCommandList().Raw(0x7FUL << 56).ToArray());
        Assert.Equal(0, npu.Submit([new RocketJobSpec([((uint)regcmd.DmaAddress, 1u)], [regcmd.Handle], [regcmd.Handle])]));
        Assert.Equal(0, npu.PrepBo(regcmd.Handle));
        Assert.Contains(kernel.Npu().Faults, f => f.Status == NpuTaskStatus.InvalidCommand);
        Assert.Contains(kernel.Npu().Faults, f => f.TimedOut);
    }

    [Fact]
    public void Close_WithJobsQueued_JobsFinishAndEverythingIsFreed()
    {
        var kernel = RocketTestMachine.Boot();
        var before = kernel.Snapshot();
        using (var p = kernel.Spawn("client"))
        {
            var npu = RocketClient.Open(p);
            var regcmd = npu.CreateBo(4096);
            var output = npu.CreateBo(8192);
            var list = new NpuCommandList().Fill(output.DmaAddress, 1, 8192).End();
            npu.Write(regcmd, 0, list.ToArray());
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(0, npu.Submit([new RocketJobSpec([((uint)regcmd.DmaAddress, list.WordCount)], [regcmd.Handle], [output.Handle])]));
            }

            npu.Dispose();
        }

        kernel.SocRunUntilIdle();
        Assert.Equal(5, kernel.Npu().Stats.JobsRun);
        Assert.Equal(before, kernel.Snapshot());
        Assert.Empty(kernel.Npu().Drm.Objects);
        kernel.AssertInvariants();
    }

    private static byte[] Ints(int count, Func<int, int> value)
    {
        var bytes = new byte[count * 4];
        for (var i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * 4), value(i));
        }

        return bytes;
    }
}
