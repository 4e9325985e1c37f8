using FsCheck;
using FsCheck.Fluent;
using Protmem.Uapi;
using Protmem.Uapi.Tee;
using Protmem.Userspace.TeeClient;
using Protmem.Userspace.Xtest;

namespace Protmem.Userspace.Tests;

public sealed class TeecClientTests
{
    [Fact]
    public void InitializeContext_WithoutTeeDevice_ReturnsItemNotFound()
    {
        var process = new FakeProcess();

        var status = TeecContext.InitializeContext(process, out var context);

        Assert.Equal(TeecResult.TEEC_ERROR_ITEM_NOT_FOUND, status.Result);
        Assert.Null(context);
        Assert.Equal(16, process.Calls.Count(c => c.StartsWith("open /dev/tee", StringComparison.Ordinal)));
    }

    [Fact]
    public void InitializeContext_OfNonGlobalPlatformTee_ReturnsItemNotFoundAndClosesIt()
    {
        var process = new FakeProcess();
        _ = new ScriptedTee(process, genCaps: TeeIoctl.TEE_GEN_CAP_PRIVILEGED);

        var status = TeecContext.InitializeContext(process, out _, "/dev/tee0");

        Assert.Equal(TeecResult.TEEC_ERROR_ITEM_NOT_FOUND, status.Result);
        Assert.Empty(process.OpenFds);
        Assert.Equal(0, process.LiveMappings);
    }

    [Fact]
    public void InitializeContext_OfOpTee_QueriesVersion()
    {
        var process = new FakeProcess();
        _ = new ScriptedTee(process);

        var status = TeecContext.InitializeContext(process, out var context);

        Assert.True(status.IsSuccess);
        using (context)
        {
            Assert.Equal(TeeIoctl.TEE_IMPL_ID_OPTEE, context!.Version.ImplId);
            Assert.Equal("/dev/tee0", context.DevicePath);
        }

        Assert.Empty(process.OpenFds);
    }

    [Theory]
    [InlineData(-1, Teec.TEEC_MEM_INPUT | Teec.TEEC_MEM_OUTPUT)]
    [InlineData(7, 0u)]
    [InlineData(7, 4u)]
    [InlineData(7, Teec.TEEC_MEM_INPUT | 0x100)]
    public void RegisterSharedMemoryFileDescriptor_BadFdOrFlags_IsBadParametersBeforeAnySyscall(int fd, uint flags)
    {
        var (process, tee, context) = Initialized();
        var callsBefore = process.Calls.Count;
        process.ForbidIoctls = true;

        var status = context.RegisterSharedMemoryFileDescriptor(fd, flags, out var shm);

        Assert.Equal(TeecStatus.FromApi(TeecResult.TEEC_ERROR_BAD_PARAMETERS), status);
        Assert.Null(shm);
        Assert.Equal(callsBefore, process.Calls.Count);
    }

    [Fact]
    public void RegisterSharedMemoryFileDescriptor_WhenKernelRefuses_IsBadParameters()
    {
        var (_, tee, context) = Initialized();
        tee.RegisterAnswer = -Errno.EINVAL;

        var status = context.RegisterSharedMemoryFileDescriptor(9, Teec.TEEC_MEM_INPUT, out var shm);

        Assert.Equal(TeecResult.TEEC_ERROR_BAD_PARAMETERS, status.Result);
        Assert.Null(shm);
        context.Dispose();
    }

    [Fact]
    public void RegisterSharedMemoryFileDescriptor_Success_HasNoBufferAndTheKernelSize()
    {
        var (process, tee, context) = Initialized();

        var status = context.RegisterSharedMemoryFileDescriptor(9, Teec.TEEC_MEM_INPUT | Teec.TEEC_MEM_OUTPUT, out var shm);

        Assert.True(status.IsSuccess);
        Assert.Null(shm!.Buffer);
        Assert.Equal(8192ul, shm.Size);
        Assert.True(shm.Id >= 1);
        Assert.Throws<InvalidOperationException>(() => shm.Write(0, new byte[1]));
        shm.Dispose();
        context.Dispose();
        Assert.Empty(process.OpenFds);
    }

    [Theory]
    [InlineData(Teec.TEEC_MEMREF_PARTIAL_OUTPUT, Teec.TEEC_MEM_INPUT, 0ul, 16ul)]
    [InlineData(Teec.TEEC_MEMREF_PARTIAL_INPUT, Teec.TEEC_MEM_OUTPUT, 0ul, 16ul)]
    [InlineData(Teec.TEEC_MEMREF_PARTIAL_INOUT, Teec.TEEC_MEM_INPUT, 0ul, 16ul)]
    [InlineData(Teec.TEEC_MEMREF_PARTIAL_INPUT, Teec.TEEC_MEM_INPUT, 4000ul, 200ul)]
    [InlineData(Teec.TEEC_MEMREF_PARTIAL_INPUT, Teec.TEEC_MEM_INPUT, 2ul, ulong.MaxValue)]
    [InlineData(Teec.TEEC_MEMREF_PARTIAL_INPUT, Teec.TEEC_MEM_INPUT, 4096ul, 1ul)]
    public void InvokeCommand_BadPartialMemref_IsBadParametersFromApiBeforeAnyIoctl(uint type, uint shmFlags, ulong offset, ulong size)
    {
        var (process, tee, context) = Initialized();
        Assert.True(context.AllocateSharedMemory(4096, shmFlags, out var shm).IsSuccess);
        Assert.True(context.OpenSession(SdpTrustedApps.SdpBasicTa, out var session).IsSuccess);
        process.ForbidIoctls = true;

        var status = session!.InvokeCommand(0, new TeecOperation(TeecParameter.Partial(type, shm!, offset, size)));

        Assert.Equal(new TeecStatus(TeecResult.TEEC_ERROR_BAD_PARAMETERS, TeecOrigin.TEEC_ORIGIN_API), status);
    }

    [Fact]
    public void InvokeCommand_WhenIoctlFails_MapsErrnoWithOriginComms()
    {
        Prop.ForAll(Gen.Choose(1, 133).ToArbitrary(), errno =>
        {
            var (process, tee, context) = Initialized();
            using (context)
            {
                Assert.True(context.OpenSession(SdpTrustedApps.SdpBasicTa, out var session).IsSuccess);
                tee.OnCall = (_, _, _) => (-errno, 0, 0, 0);

                var status = session!.InvokeCommand(1);

                var expected = errno switch
                {
                    Errno.ENOMEM => TeecResult.TEEC_ERROR_OUT_OF_MEMORY,
                    Errno.EINVAL => TeecResult.TEEC_ERROR_BAD_PARAMETERS,
                    _ => TeecResult.TEEC_ERROR_GENERIC,
                };
                Assert.Equal(new TeecStatus(expected, TeecOrigin.TEEC_ORIGIN_COMMS), status);
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void OpenSession_SendsUuidOctetsBigEndianFieldsFirst()
    {
        var process = new FakeProcess();
        var tee = new ScriptedTee(process);
        byte[]? sent = null;
        tee.OnCall = (request, header, _) =>
        {
            sent = header[..16];
            return (0, TeecResult.TEEC_SUCCESS, TeecOrigin.TEEC_ORIGIN_TRUSTED_APP, 7);
        };
        Assert.True(TeecContext.InitializeContext(process, out var context).IsSuccess);

        var status = context!.OpenSession(SdpTrustedApps.SdpBasicTa, out var session);

        Assert.True(status.IsSuccess);
        Assert.Equal(7u, session!.Id);
        Assert.Equal("12-34-56-78-5B-69-11-E4-9D-BB-10-1F-74-F0-00-99", BitConverter.ToString(sent!));
        session.Dispose();
        context.Dispose();
    }

    [Fact]
    public void InvokeCommand_ReturnsTheTeeResultAndOrigin_WhenTheIoctlSucceeds()
    {
        var (process, tee, context) = Initialized();
        Assert.True(context.OpenSession(SdpTrustedApps.SdpBasicTa, out var session).IsSuccess);
        tee.OnCall = (_, _, _) => (0, TeecResult.TEEC_ERROR_SHORT_BUFFER, TeecOrigin.TEEC_ORIGIN_TRUSTED_APP, 0);

        var status = session!.InvokeCommand(0);

        Assert.Equal(new TeecStatus(TeecResult.TEEC_ERROR_SHORT_BUFFER, TeecOrigin.TEEC_ORIGIN_TRUSTED_APP), status);
    }

    [Fact]
    public void InvokeCommand_TempMemrefs_StageInputAndCopyBackOutput()
    {
        var (process, tee, context) = Initialized();
        Assert.True(context.OpenSession(SdpTrustedApps.SdpBasicTa, out var session).IsSuccess);
        var seenAttrs = new List<ulong>();
        var staged = new byte[4];
        tee.OnCall = (_, _, ps) =>
        {
            seenAttrs.AddRange(ps.Select(p => p.Attr));
            Assert.Equal(0, process.ReadMemory(tee.ShmAddresses[(int)ps[0].C], staged));
            Assert.Equal(0, process.WriteMemory(tee.ShmAddresses[(int)ps[1].C], [9, 8, 7]));
            ps[1].B = 3;
            return (0, TeecResult.TEEC_SUCCESS, TeecOrigin.TEEC_ORIGIN_TRUSTED_APP, 0);
        };
        var input = TeecParameter.Temp(Teec.TEEC_MEMREF_TEMP_INPUT, [1, 2, 3, 4]);
        var output = TeecParameter.Temp(Teec.TEEC_MEMREF_TEMP_OUTPUT, new byte[4]);

        var status = session!.InvokeCommand(2, new TeecOperation(input, output));

        Assert.True(status.IsSuccess);
        Assert.Equal([5ul, 6ul, 0ul, 0ul], seenAttrs);
        Assert.Equal([1, 2, 3, 4], staged);
        Assert.Equal([9, 8, 7, 0], output.TempBuffer);
        Assert.Equal(3ul, output.Size);
        Assert.Equal(1, process.LiveMappings);
    }

    private static (FakeProcess Process, ScriptedTee Tee, TeecContext Context) Initialized()
    {
        var process = new FakeProcess();
        var tee = new ScriptedTee(process);
        Assert.True(TeecContext.InitializeContext(process, out var context).IsSuccess);
        return (process, tee, context!);
    }
}
