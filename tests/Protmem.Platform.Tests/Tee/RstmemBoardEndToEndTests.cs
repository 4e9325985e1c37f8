using Protmem.Kernel.Tee;
using Protmem.Uapi;
using Protmem.Uapi.Tee;
using Protmem.Userspace;
using Protmem.Userspace.TeeClient;
using Protmem.Userspace.Xtest;

namespace Protmem.Platform.Tests.Tee;

/// <summary>The seed design on qemu-virt-rstmem: TEE_IOC_RSTMEM_ALLOC, then the SDP TA's inject, transform and dump over the buffer.</summary>
public class RstmemBoardEndToEndTests
{
    private const string Board = "qemu-virt-rstmem";
    private const ulong HwPage = 4096;

    [Fact]
    public void Boot_QemuVirtRstmem_OffersTheIoctlAndNoProtectedHeap()
    {
        using var machine = Machine.Boot(Board);

        Assert.True(machine.HasTee, machine.TeeProbeFailure);
        Assert.Equal(ProtectedMemoryDesign.TeeIoctl, machine.Design);
        Assert.DoesNotContain(machine.DmaHeapNames, h => h.StartsWith("protected,", StringComparison.Ordinal));
        var sys = machine.Spawn("app");
        Assert.True(TeecContext.InitializeContext(sys, out var context).IsSuccess);
        using (context)
        {
            Assert.NotEqual(0u, context!.Version.GenCaps & TeeIoctl.TEE_GEN_CAP_RSTMEM);
        }
    }

    [Fact]
    public void RstmemAlloc_RegisteredFdThroughTheClient_InjectTransformDumpGivesTheTransformedBytesAndStaysSafe()
    {
        using var machine = Machine.Boot(Board);
        var sys = machine.Spawn("xtest");
        using var argument = UserBuffer.Map(sys, HwPage);
        Assert.True(TeecContext.InitializeContext(sys, out var context).IsSuccess);
        using (context)
        {
            var data = new TeeIoctlRstmemAllocData { ShmSize = 5000, UseCase = TeeIoctl.TEE_IOC_UC_SECURE_VIDEO_PLAY };
            var fd = argument.Ioctl(context!.Fd, TeeIoctl.TEE_IOC_RSTMEM_ALLOC, ref data);
            Assert.True(fd >= 0, Errno.Describe(-fd));
            Assert.True(data.Id >= 1);
            Assert.Equal(-Errno.EINVAL, (long)sys.Mmap(0, HwPage, Mman.PROT_READ, Mman.MAP_SHARED, fd, 0));

            Assert.True(context.OpenSession(SdpTrustedApps.SdpBasicTa, out var session).IsSuccess);
            using (session)
            {
                Assert.True(context.RegisterSharedMemoryFileDescriptor(fd, Teec.TEEC_MEM_INPUT | Teec.TEEC_MEM_OUTPUT, out var registered).IsSuccess);
                using (registered)
                {
                    var input = new byte[256];
                    machine.CreateRandomSource()(input);
                    var dumped = new byte[input.Length];
                    var offset = 64UL;
                    var length = (ulong)input.Length;
                    Assert.True(session!.InvokeCommand(SdpTrustedApps.TA_SDP_BASIC_CMD_INJECT, new TeecOperation(
                        TeecParameter.Temp(Teec.TEEC_MEMREF_TEMP_INPUT, input),
                        TeecParameter.Partial(Teec.TEEC_MEMREF_PARTIAL_OUTPUT, registered!, offset, length))).IsSuccess);
                    Assert.True(session.InvokeCommand(SdpTrustedApps.TA_SDP_BASIC_CMD_TRANSFORM, new TeecOperation(
                        TeecParameter.Partial(Teec.TEEC_MEMREF_PARTIAL_INOUT, registered!, offset, length))).IsSuccess);
                    Assert.True(session.InvokeCommand(SdpTrustedApps.TA_SDP_BASIC_CMD_DUMP, new TeecOperation(
                        TeecParameter.Partial(Teec.TEEC_MEMREF_PARTIAL_INPUT, registered!, offset, length),
                        TeecParameter.Temp(Teec.TEEC_MEMREF_TEMP_OUTPUT, dumped))).IsSuccess);
                    Assert.Equal(input.Select(SdpTrustedApps.Transformed), dumped);
                    var during = machine.CheckSafety();
                    Assert.True(during.Passed, string.Join("\n", during.Findings));
                }
            }

            Assert.Equal(0, sys.Close(fd));
        }

        machine.Dispose();
        var after = machine.CheckSafety(quiescent: true);
        Assert.True(after.Passed, string.Join("\n", after.Findings));
        machine.CheckInvariants();
    }
}
