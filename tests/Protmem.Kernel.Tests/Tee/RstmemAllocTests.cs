using Protmem.Kernel.Tee;
using Protmem.Uapi;
using Protmem.Uapi.Tee;

namespace Protmem.Kernel.Tests.Tee;

/// <summary>TEE_IOC_RSTMEM_ALLOC, the seed design, as a kernel option over the same pools.</summary>
public class RstmemAllocTests
{
    private static int Alloc(TeeClient client, ulong size, uint useCase, out TeeIoctlRstmemAllocData data, uint flags = 0)
    {
        data = new TeeIoctlRstmemAllocData { ShmSize = size, UseCase = useCase, Flags = flags };
        return client.Ioctl(TeeIoctl.TEE_IOC_RSTMEM_ALLOC, ref data);
    }

    [Fact]
    public void RstmemAlloc_WhenNotConfigured_IsEinval()
    {
        var machine = TeeMachine.Boot(TeeDesign.Dynamic);
        using var client = new TeeClient(machine.Kernel);
        Assert.Equal(-Errno.EINVAL, Alloc(client, 4096, 1, out _));
    }

    [Theory]
    [InlineData(0u, 0u, 4096ul)]
    [InlineData(1u, 1u, 4096ul)]
    [InlineData(3u, 0u, 4096ul)]
    [InlineData(1u, 0u, 0ul)]
    public void RstmemAlloc_ReservedOrUnsupportedUseCaseFlagsOrZeroSize_IsEinval(uint useCase, uint flags, ulong size)
    {
        var machine = TeeMachine.Boot(TeeDesign.Dynamic, new TeeConfig { Design = ProtectedMemoryDesign.TeeIoctl });
        using var client = new TeeClient(machine.Kernel);
        Assert.Equal(-Errno.EINVAL, Alloc(client, size, useCase, out _, flags));
    }

    [Theory]
    [InlineData(TeeDesign.Static)]
    [InlineData(TeeDesign.Dynamic)]
    public void RstmemAlloc_ReturnsCloexecDmaBufAndAnIdTheSdpTaWritesThrough(TeeDesign design)
    {
        var machine = TeeMachine.Boot(design, new TeeConfig { Design = ProtectedMemoryDesign.TeeIoctl });
        Assert.DoesNotContain(machine.Kernel.DeviceNodes.List("/dev/dma_heap"), n => n.StartsWith("protected,", StringComparison.Ordinal));
        using var client = new TeeClient(machine.Kernel);
        var version = default(TeeIoctlVersionData);
        client.Ioctl(TeeIoctl.TEE_IOC_VERSION, ref version);
        Assert.NotEqual(0u, version.GenCaps & TeeIoctl.TEE_GEN_CAP_RSTMEM);

        var fd = Alloc(client, 5000, TeeIoctl.TEE_IOC_UC_SECURE_VIDEO_PLAY, out var data);
        Assert.True(fd >= 0, Errno.Describe(-fd));
        Assert.True(client.Process.Files.IsCloseOnExec(fd));
        Assert.True(data.Id >= 1);
        Assert.Equal(8192ul, data.ShmSize);
        Assert.Equal(-Errno.EINVAL, (int)client.Process.Mmap(0, 4096, Mman.PROT_READ, Mman.MAP_SHARED, fd, 0));

        var session = client.OpenSdpSession();
        var (input, _) = client.SharedInput([5, 6, 7, 8]);
        Assert.Equal(0, client.Invoke(session, TeeClient.CmdInject, out var ret, out _,
        [
            TeeIoctlParam.Memref(TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT, 0, 4, input),
            TeeIoctlParam.Memref(TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT, 100, 4, data.Id),
        ]));
        Assert.Equal(0u, ret);
        var range = ((TeeHeapBuffer)machine.Kernel.DmaBufs.Single().ExporterPrivate!).Range;
        var bytes = new byte[4];
        machine.Soc.Memory.Read(range.Start + 100, bytes);
        Assert.Equal(new byte[] { 5, 6, 7, 8 }, bytes);

        Assert.Equal(0, client.Process.Close(fd));
        Assert.False(machine.Tee.Shms.ContainsKey(data.Id));
        Assert.All(machine.Tee.ProtmemPools.Values, p => Assert.Equal(p.Capacity, p.Available));
        machine.AssertInvariants();
    }
}
