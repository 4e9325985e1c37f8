using Protmem.Uapi.DmaBuf;
using Protmem.Uapi.DmaHeap;
using Protmem.Uapi.Tee;

namespace Protmem.Uapi.Tests;

/// <summary>The values of spec/uapi.md and spec/tee.md, pinned.</summary>
public sealed class ConstantTests
{
    [Fact]
    public void Errno_HasLinuxValues()
    {
        int[] expected = [1, 2, 8, 9, 11, 12, 13, 14, 16, 17, 19, 22, 24, 25, 28, 34, 38, 75, 98, 110];
        int[] actual =
        [
            Errno.EPERM, Errno.ENOENT, Errno.ENOEXEC, Errno.EBADF, Errno.EAGAIN, Errno.ENOMEM, Errno.EACCES,
            Errno.EFAULT, Errno.EBUSY, Errno.EEXIST, Errno.ENODEV, Errno.EINVAL, Errno.EMFILE, Errno.ENOTTY,
            Errno.ENOSPC, Errno.ERANGE, Errno.ENOSYS, Errno.EOVERFLOW, Errno.EADDRINUSE, Errno.ETIMEDOUT,
        ];

        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(22, "EINVAL", "Invalid argument")]
    [InlineData(-14, "EFAULT", "Bad address")]
    [InlineData(25, "ENOTTY", "Inappropriate ioctl for device")]
    public void ErrnoName_OfKnownValue_GivesSymbolAndText(int errno, string name, string message)
    {
        Assert.Equal(name, Errno.Name(errno));
        Assert.Equal(message, Errno.Message(errno));
        Assert.Equal($"{name} ({message})", Errno.Describe(errno));
    }

    [Fact]
    public void ErrnoName_OfUnknownValue_SaysSo()
    {
        Assert.Equal("E?4242", Errno.Name(4242));
        Assert.False(Errno.IsKnown(4242));
    }

    [Fact]
    public void ErrnoName_CoversEveryConstant()
    {
        var constants = typeof(Errno).GetFields().Where(f => f.IsLiteral).ToList();

        Assert.All(constants, f => Assert.Equal(f.Name, Errno.Name((int)f.GetRawConstantValue()!)));
    }

    [Fact]
    public void Flags_HaveAsmGenericValues()
    {
        Assert.Equal((0, 1, 2, 3), (Fcntl.O_RDONLY, Fcntl.O_WRONLY, Fcntl.O_RDWR, Fcntl.O_ACCMODE));
        Assert.Equal((0x80000, 0x101000, 0x800), (Fcntl.O_CLOEXEC, Fcntl.O_SYNC, Fcntl.O_NONBLOCK));
        Assert.Equal((1, 2, 4), (Mman.PROT_READ, Mman.PROT_WRITE, Mman.PROT_EXEC));
        Assert.Equal((1, 2, 0x10, 0x20), (Mman.MAP_SHARED, Mman.MAP_PRIVATE, Mman.MAP_FIXED, Mman.MAP_ANONYMOUS));
        Assert.Equal((0, 1, 2), (Seek.SEEK_SET, Seek.SEEK_CUR, Seek.SEEK_END));
        Assert.Equal(0x80003, DmaHeapIoctl.DMA_HEAP_VALID_FD_FLAGS);
        Assert.Equal(7ul, DmaBufIoctl.DMA_BUF_SYNC_VALID_FLAGS_MASK);
    }

    [Fact]
    public void TeeParamAttributes_HaveHeaderValues()
    {
        ulong[] types =
        [
            TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_NONE, TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT,
            TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT, TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT,
            TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT, TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT,
            TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT,
        ];

        Assert.Equal([0ul, 1, 2, 3, 5, 6, 7], types);
        Assert.Equal(0x100ul, TeeIoctl.TEE_IOCTL_PARAM_ATTR_META);
        Assert.Equal(0xfful, TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_MASK);
        Assert.Equal(0x1fful, TeeIoctl.TEE_IOCTL_PARAM_ATTR_MASK);
        Assert.Equal(0x10u, TeeIoctl.TEE_SHM_DMA_BUF);
        Assert.Equal(1u, TeeIoctl.TEE_IMPL_ID_OPTEE);
        Assert.Equal((0u, 1u, 2u, 3u), (TeeIoctl.TEE_IOC_UC_RESERVED, TeeIoctl.TEE_IOC_UC_SECURE_VIDEO_PLAY,
            TeeIoctl.TEE_IOC_UC_TRUSTED_UI, TeeIoctl.TEE_IOC_UC_SECURE_VIDEO_RECORD));
    }

    [Fact]
    public void TeecResults_HaveGlobalPlatformValues()
    {
        Assert.Equal(0u, TeecResult.TEEC_SUCCESS);
        Assert.Equal(0xFFFF0000u, TeecResult.TEEC_ERROR_GENERIC);
        Assert.Equal(0xFFFF0001u, TeecResult.TEEC_ERROR_ACCESS_DENIED);
        Assert.Equal(0xFFFF0006u, TeecResult.TEEC_ERROR_BAD_PARAMETERS);
        Assert.Equal(0xFFFF0008u, TeecResult.TEEC_ERROR_ITEM_NOT_FOUND);
        Assert.Equal(0xFFFF000Cu, TeecResult.TEEC_ERROR_OUT_OF_MEMORY);
        Assert.Equal(0xFFFF000Du, TeecResult.TEEC_ERROR_BUSY);
        Assert.Equal(0xFFFF000Fu, TeecResult.TEEC_ERROR_SECURITY);
        Assert.Equal(0xFFFF0010u, TeecResult.TEEC_ERROR_SHORT_BUFFER);
        Assert.Equal((1u, 2u, 3u, 4u), (TeecOrigin.TEEC_ORIGIN_API, TeecOrigin.TEEC_ORIGIN_COMMS,
            TeecOrigin.TEEC_ORIGIN_TEE, TeecOrigin.TEEC_ORIGIN_TRUSTED_APP));
    }

    [Fact]
    public void TeecNames_NameResultsAndOrigins()
    {
        Assert.Equal("TEEC_ERROR_BAD_PARAMETERS", TeecResult.Name(0xFFFF0006));
        Assert.Equal("0x12345678", TeecResult.Name(0x12345678));
        Assert.Equal("TEEC_ORIGIN_TRUSTED_APP", TeecOrigin.Name(4));
        Assert.Equal("origin 9", TeecOrigin.Name(9));
    }
}
