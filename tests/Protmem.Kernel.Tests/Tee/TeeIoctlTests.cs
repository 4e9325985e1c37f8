using Protmem.Uapi;
using Protmem.Uapi.Tee;

namespace Protmem.Kernel.Tests.Tee;

/// <summary>The /dev/tee0 ioctls, errno for errno (uapi.md, tee-dmaheap-uapi.md §1.2).</summary>
public class TeeIoctlTests
{
    private const string SecureVideo = "protected,secure-video";

    private static ulong Ioc(uint dir, uint nr, uint size) => (dir << 30) | (size << 16) | (0xa4u << 8) | nr;

    [Fact]
    public void Version_OnOptee_ReportsOpteeAndGlobalPlatformWithMemrefNull()
    {
        var machine = TeeMachine.Boot();
        using var client = new TeeClient(machine.Kernel);
        var version = default(TeeIoctlVersionData);
        Assert.Equal(0, client.Ioctl(TeeIoctl.TEE_IOC_VERSION, ref version));
        Assert.Equal(TeeIoctl.TEE_IMPL_ID_OPTEE, version.ImplId);
        Assert.NotEqual(0u, version.GenCaps & TeeIoctl.TEE_GEN_CAP_GP);
        Assert.NotEqual(0u, version.GenCaps & TeeIoctl.TEE_GEN_CAP_MEMREF_NULL);
        Assert.Equal(0u, version.GenCaps & TeeIoctl.TEE_GEN_CAP_RSTMEM);
    }

    [Theory]
    [InlineData(2u, 6u, 16u)]
    [InlineData(2u, 7u, 16u)]
    [InlineData(3u, 10u, 24u)]
    [InlineData(3u, 30u, 8u)]
    public void Ioctl_UnknownOrAbsentTeeRequest_IsEinvalNotEnotty(uint dir, uint nr, uint size)
    {
        var machine = TeeMachine.Boot();
        using var client = new TeeClient(machine.Kernel);
        Assert.Equal(-Errno.EINVAL, client.Process.Ioctl(client.TeeFd, (uint)Ioc(dir, nr, size), client.ArgsAddress));
    }

    [Fact]
    public void ShmAlloc_Succeeds_IdsFromOneAndLowestReused()
    {
        var machine = TeeMachine.Boot();
        using var client = new TeeClient(machine.Kernel);
        var fd1 = client.ShmAlloc(5000, out var first);
        var fd2 = client.ShmAlloc(100, out var second);
        Assert.True(fd1 >= 0 && fd2 >= 0);
        Assert.Equal(1, first.Id);
        Assert.Equal(2, second.Id);
        Assert.Equal(8192ul, first.ShmSize);
        Assert.Equal(TeeIoctl.TEE_SHM_DYNAMIC | TeeIoctl.TEE_SHM_POOL, first.Flags);
        Assert.Equal(0, client.Process.Close(fd1));
        Assert.True(client.ShmAlloc(10, out var third) >= 0);
        Assert.Equal(1, third.Id);
    }

    [Fact]
    public void ShmAlloc_NonZeroFlags_IsEinval()
    {
        var machine = TeeMachine.Boot();
        using var client = new TeeClient(machine.Kernel);
        Assert.Equal(-Errno.EINVAL, client.ShmAlloc(4096, out _, flags: 1));
    }

    [Fact]
    public void ShmAllocMmap_BytesWritten_AreTheShmsBytes()
    {
        var machine = TeeMachine.Boot();
        using var client = new TeeClient(machine.Kernel);
        var (id, address) = client.SharedInput([1, 2, 3, 4]);
        var shm = machine.Tee.Shms[id];
        var bytes = new byte[4];
        machine.Soc.Memory.Read(shm.Paddr, bytes);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, bytes);
        Assert.Equal(-Errno.EINVAL, (int)client.Process.Mmap(0, 3 * 4096, Mman.PROT_READ, Mman.MAP_SHARED, client.ShmAlloc(4096, out _), 0));
        Assert.True(address > 0);
    }

    [Fact]
    public void RegisterFd_ProtectedBuffer_ReportsFlags0x10SizeAndIdAndOutlivesTheDmaBufFd()
    {
        var machine = TeeMachine.Boot();
        using var client = new TeeClient(machine.Kernel);
        var dmabuf = client.AllocFromHeap(SecureVideo, 5000);
        Assert.True(dmabuf >= 0);
        var shmFd = client.RegisterFd(dmabuf, out var data);
        Assert.True(shmFd >= 0, Errno.Describe(-shmFd));
        Assert.Equal(TeeIoctl.TEE_SHM_DMA_BUF, data.Flags);
        Assert.Equal(8192ul, data.ShmSize);
        Assert.True(data.Id >= 1);
        Assert.Equal(0, client.Process.Close(dmabuf));
        Assert.Single(machine.Kernel.DmaBufs);
        Assert.Equal(-Errno.EINVAL, (int)client.Process.Mmap(0, 8192, Mman.PROT_READ, Mman.MAP_SHARED, shmFd, 0));
        Assert.Equal(0, client.Process.Close(shmFd));
        Assert.Empty(machine.Kernel.DmaBufs);
        Assert.Equal(machine.Tee.ProtmemPools[1].Capacity, machine.Tee.ProtmemPools[1].Available);
    }

    [Fact]
    public void RegisterFd_EveryFailure_IsEinval()
    {
        var machine = TeeMachine.Boot();
        using var client = new TeeClient(machine.Kernel);
        var system = client.AllocFromHeap("system", 4096);
        var dmabuf = client.AllocFromHeap(SecureVideo, 4096);
        Assert.Equal(-Errno.EINVAL, client.RegisterFd(dmabuf, out _, flags: 0x10));
        Assert.Equal(-Errno.EINVAL, client.RegisterFd(63, out _));
        Assert.Equal(-Errno.EINVAL, client.RegisterFd(-1, out _));
        Assert.Equal(-Errno.EINVAL, client.RegisterFd(system, out _));
        Assert.Equal(-Errno.EINVAL, client.RegisterFd(client.TeeFd, out _));
        Assert.Empty(machine.Tee.Shms);
    }

    [Fact]
    public void ProtectedDmaBuf_Mmap_IsEinvalAndNonSecureCpuCannotReadIt()
    {
        var machine = TeeMachine.Boot();
        using var client = new TeeClient(machine.Kernel);
        var dmabuf = client.AllocFromHeap(SecureVideo, 4096);
        Assert.Equal(-Errno.EINVAL, (int)client.Process.Mmap(0, 4096, Mman.PROT_READ, Mman.MAP_SHARED, dmabuf, 0));
        var buffer = Assert.Single(machine.Kernel.DmaBufs);
        Assert.Equal(-Errno.EINVAL, buffer.Vmap(out _));
        var pa = ((Protmem.Kernel.Tee.TeeHeapBuffer)buffer.ExporterPrivate!).Range.Start;
        Assert.False(machine.Soc.Bus.TryRead(machine.Soc.Cpu.Master, Hardware.SecurityState.NonSecure, pa, new byte[16]));
    }

    [Fact]
    public void Invoke_MemrefBounds_UnknownIdOtherContextOverflowAndPastEnd_AreEinval()
    {
        var machine = TeeMachine.Boot();
        using var client = new TeeClient(machine.Kernel);
        using var other = new TeeClient(machine.Kernel, "other");
        var session = client.OpenSdpSession();
        var (input, _) = client.SharedInput(new byte[16]);
        var (foreign, _) = other.SharedInput(new byte[16]);
        var dmabuf = client.AllocFromHeap(SecureVideo, 4096);
        Assert.True(client.RegisterFd(dmabuf, out var sdp) >= 0);
        TeeIoctlParam In(int id) => TeeIoctlParam.Memref(TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT, 0, 16, id);
        TeeIoctlParam Out(ulong offset, ulong size, int id) => TeeIoctlParam.Memref(TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT, offset, size, id);

        Assert.Equal(-Errno.EINVAL, client.Invoke(session, TeeClient.CmdInject, out _, out _, [In(input), Out(0, 16, 999)]));
        Assert.Equal(-Errno.EINVAL, client.Invoke(session, TeeClient.CmdInject, out _, out _, [In(foreign), Out(0, 16, sdp.Id)]));
        Assert.Equal(-Errno.EINVAL, client.Invoke(session, TeeClient.CmdInject, out _, out _, [In(input), Out(2, ulong.MaxValue, sdp.Id)]));
        Assert.Equal(-Errno.EINVAL, client.Invoke(session, TeeClient.CmdInject, out _, out _, [In(input), Out(4095, 2, sdp.Id)]));
        Assert.Equal(0, client.Invoke(session, TeeClient.CmdInject, out var ret, out _, [In(input), Out(4080, 16, sdp.Id)]));
        Assert.Equal(0u, ret);
    }

    [Fact]
    public void Invoke_AttrBitsOutsideMaskOrUnknownType_IsEinval()
    {
        var machine = TeeMachine.Boot();
        using var client = new TeeClient(machine.Kernel);
        var session = client.OpenSdpSession();
        Assert.Equal(-Errno.EINVAL, client.Invoke(session, 1, out _, out _, [new TeeIoctlParam { Attr = 0x200 | 1 }]));
        Assert.Equal(-Errno.EINVAL, client.Invoke(session, 1, out _, out _, [new TeeIoctlParam { Attr = 4 }]));
    }

    [Fact]
    public void Invoke_BufLenTooLargeOrNotHeaderPlusParams_IsEinval()
    {
        var machine = TeeMachine.Boot();
        using var client = new TeeClient(machine.Kernel);
        var session = client.OpenSdpSession();
        Assert.Equal(-Errno.EINVAL, client.Invoke(session, 1, out _, out _, [], bufLen: 2048));
        Assert.Equal(-Errno.EINVAL, client.Invoke(session, 1, out _, out _, [], bufLen: 30));
        Assert.Equal(-Errno.EINVAL, client.Invoke(session, 1, out _, out _, [TeeIoctlParam.None], bufLen: 24 + 32 + 8));
    }

    [Fact]
    public void Invoke_ParamsRunningIntoAnUnmappedPage_AnswerAsLinuxReadsThemOneByOne()
    {
        var machine = TeeMachine.Boot();
        using var client = new TeeClient(machine.Kernel);
        var session = client.OpenSdpSession();
        var process = client.Process;
        var pages = (ulong)process.Mmap(0, 8192, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, -1, 0);
        Assert.Equal(0, process.Munmap(pages + 4096, 4096));

        // The header and parameter 0 end the mapped page; parameter 1 would be in the hole after it.
        var header = pages + 4096 - TeeIoctlInvokeArg.Size - TeeIoctlParam.Size;
        int Invoke(TeeIoctlParam first, uint numParams, int paramsInBuf)
        {
            Span<byte> bytes = stackalloc byte[TeeIoctlInvokeArg.Size + TeeIoctlParam.Size];
            new TeeIoctlInvokeArg { Func = TeeClient.CmdTransform, Session = session, NumParams = numParams }.Write(bytes);
            first.Write(bytes[TeeIoctlInvokeArg.Size..]);
            Assert.Equal(0, process.WriteMemory(header, bytes));
            var buf = new TeeIoctlBufData { BufPtr = header, BufLen = (ulong)(TeeIoctlInvokeArg.Size + (paramsInBuf * TeeIoctlParam.Size)) };
            return client.Ioctl(TeeIoctl.TEE_IOC_INVOKE, ref buf);
        }

        Assert.Equal(0, Invoke(TeeIoctlParam.None, 1, 1));
        Assert.Equal(-Errno.EFAULT, Invoke(TeeIoctlParam.None, 2, 2));
        // Parameter 0 is judged before parameter 1 is read, and num_params before any parameter.
        Assert.Equal(-Errno.EINVAL, Invoke(new TeeIoctlParam { Attr = 0x200 | 1 }, 2, 2));
        Assert.Equal(-Errno.EINVAL, Invoke(TeeIoctlParam.None, 1, 2));
    }

    [Fact]
    public void Invoke_MoreParametersThanLibteecPasses_AnswersLikeFour()
    {
        var machine = TeeMachine.Boot();
        using var client = new TeeClient(machine.Kernel);
        var session = client.OpenSdpSession();
        var six = Enumerable.Repeat(TeeIoctlParam.None, 6).ToArray();
        Assert.Equal(0, client.Invoke(session, 99, out var ret, out _, six));
        Assert.Equal(0, client.Invoke(session, 99, out var retFour, out _, [.. six.Take(4)]));
        Assert.Equal(retFour, ret);
        six[5] = new TeeIoctlParam { Attr = 0x200 | 1 };
        Assert.Equal(-Errno.EINVAL, client.Invoke(session, 99, out _, out _, six));
    }

    [Fact]
    public void Sessions_BelongToTheirContext_AnotherContextsSessionIsEinval()
    {
        var machine = TeeMachine.Boot();
        using var client = new TeeClient(machine.Kernel);
        using var other = new TeeClient(machine.Kernel, "other");
        var session = client.OpenSdpSession();
        Assert.Equal(-Errno.EINVAL, other.Invoke(session, TeeClient.CmdTransform, out _, out _, []));
        Assert.Equal(-Errno.EINVAL, other.CloseSession(session));
        Assert.Equal(0, client.CloseSession(session));
        Assert.Equal(-Errno.EINVAL, client.CloseSession(session));
        Assert.Equal(0, machine.Firmware.SessionCount);
    }

    [Fact]
    public void Invoke_TeeResult_TravelsInThePayloadNotTheReturnValue()
    {
        var machine = TeeMachine.Boot();
        using var client = new TeeClient(machine.Kernel);
        var session = client.OpenSdpSession();
        Assert.Equal(0, client.Invoke(session, 99, out var ret, out var origin, []));
        Assert.Equal(0xFFFF0006u, ret);
        Assert.NotEqual(TeecOrigin.TEEC_ORIGIN_COMMS, origin);
    }

    [Fact]
    public void OpenSession_ReeKernelLoginFromUser_IsEperm()
    {
        var machine = TeeMachine.Boot();
        using var client = new TeeClient(machine.Kernel);
        var buffer = Userspace.UserBuffer.Map(client.Process, 4096);
        buffer.Put(0, new TeeIoctlOpenSessionArg { Uuid = TeeClient.SdpBasicTa, ClntLogin = TeeIoctl.TEE_IOCTL_LOGIN_REE_KERNEL });
        var buf = new TeeIoctlBufData { BufPtr = buffer.Address, BufLen = TeeIoctlOpenSessionArg.Size };
        Assert.Equal(-Errno.EPERM, buffer.Ioctl(client.TeeFd, TeeIoctl.TEE_IOC_OPEN_SESSION, ref buf, 1024));
    }

    [Fact]
    public void Exit_WithoutClosingAnything_LeavesPoolsFullAndNoSessions()
    {
        var machine = TeeMachine.Boot(TeeDesign.Dynamic);
        var before = machine.Kernel.Snapshot();
        using (var client = new TeeClient(machine.Kernel))
        {
            client.OpenSdpSession();
            var dmabuf = client.AllocFromHeap(SecureVideo, 20000);
            Assert.True(client.RegisterFd(dmabuf, out _) >= 0);
            client.SharedInput(new byte[100]);
            Assert.Single(machine.Firmware.ProtectedRegions);
        }

        Assert.Equal(0, machine.Firmware.SessionCount);
        Assert.Empty(machine.Firmware.ProtectedRegions);
        Assert.Empty(machine.Tee.Shms);
        Assert.All(machine.Tee.ProtmemPools.Values, p => Assert.Equal(p.Capacity, p.Available));
        Assert.Equal(before, machine.Kernel.Snapshot());
        machine.AssertInvariants();
    }
}
