using FsCheck;
using Protmem.Uapi.Accel;
using Protmem.Uapi.DmaBuf;
using Protmem.Uapi.DmaHeap;
using Protmem.Uapi.Drm;
using Protmem.Uapi.Tee;

namespace Protmem.Uapi.Tests;

/// <summary>Every ioctl number against the table of spec/uapi.md and the reference's Appendix A, and the encoding itself.</summary>
public sealed class IoctlNumberTests
{
    public static TheoryData<string, uint, uint> Numbers => new()
    {
        { "DMA_HEAP_IOCTL_ALLOC", DmaHeapIoctl.DMA_HEAP_IOCTL_ALLOC, 0xC0184800 },
        { "DMA_BUF_IOCTL_SYNC", DmaBufIoctl.DMA_BUF_IOCTL_SYNC, 0x40086200 },
        { "DMA_BUF_SET_NAME_A", DmaBufIoctl.DMA_BUF_SET_NAME_A, 0x40046201 },
        { "DMA_BUF_SET_NAME_B", DmaBufIoctl.DMA_BUF_SET_NAME_B, 0x40086201 },
        { "DMA_BUF_SET_NAME", DmaBufIoctl.DMA_BUF_SET_NAME, 0x40086201 },
        { "DMA_BUF_IOCTL_EXPORT_SYNC_FILE", DmaBufIoctl.DMA_BUF_IOCTL_EXPORT_SYNC_FILE, 0xC0086202 },
        { "DMA_BUF_IOCTL_IMPORT_SYNC_FILE", DmaBufIoctl.DMA_BUF_IOCTL_IMPORT_SYNC_FILE, 0x40086203 },
        { "SYNC_IOC_MERGE", SyncFileIoctl.SYNC_IOC_MERGE, 0xC0303E03 },
        { "SYNC_IOC_FILE_INFO", SyncFileIoctl.SYNC_IOC_FILE_INFO, 0xC0383E04 },
        { "SYNC_IOC_SET_DEADLINE", SyncFileIoctl.SYNC_IOC_SET_DEADLINE, 0x40103E05 },
        { "TEE_IOC_VERSION", TeeIoctl.TEE_IOC_VERSION, 0x800CA400 },
        { "TEE_IOC_SHM_ALLOC", TeeIoctl.TEE_IOC_SHM_ALLOC, 0xC010A401 },
        { "TEE_IOC_OPEN_SESSION", TeeIoctl.TEE_IOC_OPEN_SESSION, 0x8010A402 },
        { "TEE_IOC_INVOKE", TeeIoctl.TEE_IOC_INVOKE, 0x8010A403 },
        { "TEE_IOC_CANCEL", TeeIoctl.TEE_IOC_CANCEL, 0x8008A404 },
        { "TEE_IOC_CLOSE_SESSION", TeeIoctl.TEE_IOC_CLOSE_SESSION, 0x8004A405 },
        { "TEE_IOC_SUPPL_RECV", TeeIoctl.TEE_IOC_SUPPL_RECV, 0x8010A406 },
        { "TEE_IOC_SUPPL_SEND", TeeIoctl.TEE_IOC_SUPPL_SEND, 0x8010A407 },
        { "TEE_IOC_SHM_REGISTER_FD", TeeIoctl.TEE_IOC_SHM_REGISTER_FD, 0xC018A408 },
        { "TEE_IOC_SHM_REGISTER", TeeIoctl.TEE_IOC_SHM_REGISTER, 0xC018A409 },
        { "TEE_IOC_RSTMEM_ALLOC", TeeIoctl.TEE_IOC_RSTMEM_ALLOC, 0xC018A40A },
        { "DRM_IOCTL_VERSION", DrmIoctl.DRM_IOCTL_VERSION, 0xC0406400 },
        { "DRM_IOCTL_GEM_CLOSE", DrmIoctl.DRM_IOCTL_GEM_CLOSE, 0x40086409 },
        { "DRM_IOCTL_PRIME_HANDLE_TO_FD", DrmIoctl.DRM_IOCTL_PRIME_HANDLE_TO_FD, 0xC00C642D },
        { "DRM_IOCTL_PRIME_FD_TO_HANDLE", DrmIoctl.DRM_IOCTL_PRIME_FD_TO_HANDLE, 0xC00C642E },
        { "DRM_IOCTL_GET_CAP", DrmIoctl.DRM_IOCTL_GET_CAP, 0xC010640C },
        { "DRM_IOCTL_ROCKET_CREATE_BO", RocketIoctl.DRM_IOCTL_ROCKET_CREATE_BO, 0xC0186440 },
        { "DRM_IOCTL_ROCKET_SUBMIT", RocketIoctl.DRM_IOCTL_ROCKET_SUBMIT, 0x40186441 },
        { "DRM_IOCTL_ROCKET_PREP_BO", RocketIoctl.DRM_IOCTL_ROCKET_PREP_BO, 0x40106442 },
        { "DRM_IOCTL_ROCKET_FINI_BO", RocketIoctl.DRM_IOCTL_ROCKET_FINI_BO, 0x40086443 },
        { "DRM_IOCTL_PANTHOR_DEV_QUERY", PanthorIoctl.DRM_IOCTL_PANTHOR_DEV_QUERY, 0xC0106440 },
        { "DRM_IOCTL_PANTHOR_VM_CREATE", PanthorIoctl.DRM_IOCTL_PANTHOR_VM_CREATE, 0xC0106441 },
        { "DRM_IOCTL_PANTHOR_VM_DESTROY", PanthorIoctl.DRM_IOCTL_PANTHOR_VM_DESTROY, 0xC0086442 },
        { "DRM_IOCTL_PANTHOR_VM_BIND", PanthorIoctl.DRM_IOCTL_PANTHOR_VM_BIND, 0xC0186443 },
        { "DRM_IOCTL_PANTHOR_BO_CREATE", PanthorIoctl.DRM_IOCTL_PANTHOR_BO_CREATE, 0xC0186445 },
        { "DRM_IOCTL_PANTHOR_BO_MMAP_OFFSET", PanthorIoctl.DRM_IOCTL_PANTHOR_BO_MMAP_OFFSET, 0xC0106446 },
        { "DRM_IOCTL_PANTHOR_GROUP_CREATE", PanthorIoctl.DRM_IOCTL_PANTHOR_GROUP_CREATE, 0xC0386447 },
        { "DRM_IOCTL_PANTHOR_GROUP_DESTROY", PanthorIoctl.DRM_IOCTL_PANTHOR_GROUP_DESTROY, 0xC0086448 },
        { "DRM_IOCTL_PANTHOR_GROUP_SUBMIT", PanthorIoctl.DRM_IOCTL_PANTHOR_GROUP_SUBMIT, 0xC0186449 },
        { "DRM_IOCTL_PANTHOR_GROUP_GET_STATE", PanthorIoctl.DRM_IOCTL_PANTHOR_GROUP_GET_STATE, 0xC010644A },
    };

    [Theory]
    [MemberData(nameof(Numbers))]
    public void Constant_EqualsSpecTable(string name, uint constant, uint specified)
    {
        Assert.True(constant == specified, $"{name} is 0x{constant:X8}, the spec says 0x{specified:X8}");
    }

    [Fact]
    public void Constants_EqualTheEncodingFunctions()
    {
        Assert.Equal(DmaHeapIoctl.DMA_HEAP_IOCTL_ALLOC, Ioctl._IOWR('H', 0, DmaHeapAllocationData.Size));
        Assert.Equal(DmaBufIoctl.DMA_BUF_IOCTL_SYNC, Ioctl._IOW('b', 0, DmaBufSync.Size));
        Assert.Equal(DmaBufIoctl.DMA_BUF_SET_NAME_A, Ioctl._IOW('b', 1, 4));
        Assert.Equal(DmaBufIoctl.DMA_BUF_SET_NAME_B, Ioctl._IOW('b', 1, 8));
        Assert.Equal(DmaBufIoctl.DMA_BUF_IOCTL_EXPORT_SYNC_FILE, Ioctl._IOWR('b', 2, DmaBufExportSyncFile.Size));
        Assert.Equal(DmaBufIoctl.DMA_BUF_IOCTL_IMPORT_SYNC_FILE, Ioctl._IOW('b', 3, DmaBufImportSyncFile.Size));
        Assert.Equal(SyncFileIoctl.SYNC_IOC_MERGE, Ioctl._IOWR('>', 3, SyncMergeData.Size));
        Assert.Equal(SyncFileIoctl.SYNC_IOC_FILE_INFO, Ioctl._IOWR('>', 4, SyncFileInfo.Size));
        Assert.Equal(SyncFileIoctl.SYNC_IOC_SET_DEADLINE, Ioctl._IOW('>', 5, SyncSetDeadline.Size));
        Assert.Equal(TeeIoctl.TEE_IOC_VERSION, Ioctl._IOR(0xa4, 0, TeeIoctlVersionData.Size));
        Assert.Equal(TeeIoctl.TEE_IOC_SHM_ALLOC, Ioctl._IOWR(0xa4, 1, TeeIoctlShmAllocData.Size));
        Assert.Equal(TeeIoctl.TEE_IOC_OPEN_SESSION, Ioctl._IOR(0xa4, 2, TeeIoctlBufData.Size));
        Assert.Equal(TeeIoctl.TEE_IOC_INVOKE, Ioctl._IOR(0xa4, 3, TeeIoctlBufData.Size));
        Assert.Equal(TeeIoctl.TEE_IOC_CANCEL, Ioctl._IOR(0xa4, 4, TeeIoctlCancelArg.Size));
        Assert.Equal(TeeIoctl.TEE_IOC_CLOSE_SESSION, Ioctl._IOR(0xa4, 5, TeeIoctlCloseSessionArg.Size));
        Assert.Equal(TeeIoctl.TEE_IOC_SUPPL_RECV, Ioctl._IOR(0xa4, 6, TeeIoctlBufData.Size));
        Assert.Equal(TeeIoctl.TEE_IOC_SUPPL_SEND, Ioctl._IOR(0xa4, 7, TeeIoctlBufData.Size));
        Assert.Equal(TeeIoctl.TEE_IOC_SHM_REGISTER_FD, Ioctl._IOWR(0xa4, 8, TeeIoctlShmRegisterFdData.Size));
        Assert.Equal(TeeIoctl.TEE_IOC_SHM_REGISTER, Ioctl._IOWR(0xa4, 9, TeeIoctlShmRegisterData.Size));
        Assert.Equal(TeeIoctl.TEE_IOC_RSTMEM_ALLOC, Ioctl._IOWR(0xa4, 10, TeeIoctlRstmemAllocData.Size));
    }

    [Fact]
    public void Decoders_SplitDmaHeapAlloc_IntoItsParts()
    {
        const uint request = DmaHeapIoctl.DMA_HEAP_IOCTL_ALLOC;

        Assert.Equal(Ioctl._IOC_READ | Ioctl._IOC_WRITE, Ioctl._IOC_DIR(request));
        Assert.Equal((uint)'H', Ioctl._IOC_TYPE(request));
        Assert.Equal(0u, Ioctl._IOC_NR(request));
        Assert.Equal(24u, Ioctl._IOC_SIZE(request));
    }

    [Fact]
    public void Decoders_OfAnyEncodedRequest_ReturnItsParts()
    {
        FsCheck.Fluent.Prop.ForAll((uint raw) =>
        {
            uint nr = raw & 0xff, type = (raw >> 8) & 0xff, size = (raw >> 16) & Ioctl._IOC_SIZEMASK, dir = raw >> 30;
            var request = Ioctl._IOC(dir, type, nr, size);
            Assert.Equal(raw, request);
            Assert.Equal((dir, type, nr, size), (Ioctl._IOC_DIR(request), Ioctl._IOC_TYPE(request), Ioctl._IOC_NR(request), Ioctl._IOC_SIZE(request)));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Encode_SizeBeyondFourteenBits_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Ioctl._IOWR('H', 0, 1u << 14));
    }

    [Fact]
    public void Io_HasNoDirectionAndNoSize()
    {
        Assert.Equal(0x0000A40Bu, Ioctl._IO(0xa4, 11));
    }

    [Fact]
    public void SelftestCompatibilityStructs_EncodeAsTheSelftestExpects()
    {
        Assert.Equal(0xC0104800u, Ioctl._IOWR('H', 0, 16));
        Assert.Equal(0xC0304800u, Ioctl._IOWR('H', 0, 48));
    }
}
