using FsCheck;
using FsCheck.Fluent;
using Protmem.Uapi.Accel;
using Protmem.Uapi.DmaBuf;
using Protmem.Uapi.DmaHeap;
using Protmem.Uapi.Drm;
using Protmem.Uapi.Tee;

namespace Protmem.Uapi.Tests;

/// <summary>The structs' bytes: little-endian, at the pinned offsets, padding zero.</summary>
public sealed class StructCodecTests
{
    [Fact]
    public void DmaHeapAllocationData_Write_PutsEachFieldLittleEndianAtItsOffset()
    {
        var data = new DmaHeapAllocationData { Len = 0x0102030405060708, Fd = 0x11121314, FdFlags = 0x80002, HeapFlags = 0x111111 };
        var bytes = new byte[DmaHeapAllocationData.Size];

        data.Write(bytes);

        Assert.Equal(
            "08-07-06-05-04-03-02-01-14-13-12-11-02-00-08-00-11-11-11-00-00-00-00-00",
            BitConverter.ToString(bytes));
    }

    [Fact]
    public void TeeIoctlShmRegisterFdData_Read_DecodesKernelAnswer()
    {
        byte[] bytes =
        [
            0xFD, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, // fd = -3
            0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // size = 8192
            0x10, 0x00, 0x00, 0x00,                         // flags = TEE_SHM_DMA_BUF
            0x07, 0x00, 0x00, 0x00,                         // id = 7
        ];

        var data = TeeIoctlShmRegisterFdData.Read(bytes);

        Assert.Equal(-3, data.Fd);
        Assert.Equal(8192ul, data.ShmSize);
        Assert.Equal(TeeIoctl.TEE_SHM_DMA_BUF, data.Flags);
        Assert.Equal(7, data.Id);
    }

    [Fact]
    public void TeeIoctlRstmemAllocData_Write_ZeroesTailPadding()
    {
        var bytes = Enumerable.Repeat((byte)0xAA, TeeIoctlRstmemAllocData.Size).ToArray();

        new TeeIoctlRstmemAllocData { ShmSize = 4096, UseCase = 1, Id = 2 }.Write(bytes);

        Assert.Equal([0, 0, 0, 0], bytes[20..24]);
        Assert.Equal(1u, BitConverter.ToUInt32(bytes, 12));
    }

    [Fact]
    public void TeeIoctlOpenSessionArg_Write_PutsUuidOctetsFirst()
    {
        var arg = new TeeIoctlOpenSessionArg
        {
            Uuid = TeeUuid.Parse("12345678-5b69-11e4-9dbb-101f74f00099"),
            ClntLogin = TeeIoctl.TEE_IOCTL_LOGIN_PUBLIC,
            NumParams = 4,
        };
        var bytes = new byte[TeeIoctlOpenSessionArg.Size];

        arg.Write(bytes);

        Assert.Equal("12-34-56-78-5B-69-11-E4-9D-BB-10-1F-74-F0-00-99", BitConverter.ToString(bytes, 0, 16));
        Assert.All(bytes[16..32], b => Assert.Equal(0, b));
        Assert.Equal(4u, BitConverter.ToUInt32(bytes, 52));
    }

    [Fact]
    public void Read_FromTooShortSpan_ThrowsNamingTheStruct()
    {
        var error = Assert.Throws<ArgumentException>(() => TeeIoctlParam.Read(new byte[31]));

        Assert.Contains("tee_ioctl_param", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_IntoTooShortSpan_Throws()
    {
        Assert.Throws<ArgumentException>(() => new DmaBufSync { Flags = 1 }.Write(new byte[7]));
    }

    [Fact]
    public void TeeIoctlParam_Memref_CarriesOffsetSizeAndId()
    {
        var param = TeeIoctlParam.Memref(TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT, 3, 4096, 9);

        Assert.Equal(TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT, param.Type);
        Assert.Equal((3ul, 4096ul, 9ul), (param.A, param.B, param.C));
    }

    [Fact]
    public void RoundTrip_OfEveryStructOverRandomBytes_PreservesFieldBytes()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>().Filter(b => b.Length >= 64), (byte[] raw) =>
        {
            AssertRoundTrip<DmaHeapAllocationData>(raw);
            AssertRoundTrip<DmaBufSync>(raw);
            AssertRoundTrip<DmaBufExportSyncFile>(raw);
            AssertRoundTrip<DmaBufImportSyncFile>(raw);
            AssertRoundTrip<TeeIoctlVersionData>(raw);
            AssertRoundTrip<TeeIoctlShmAllocData>(raw);
            AssertRoundTrip<TeeIoctlBufData>(raw);
            AssertRoundTrip<TeeIoctlParam>(raw);
            AssertRoundTrip<TeeIoctlOpenSessionArg>(raw);
            AssertRoundTrip<TeeIoctlInvokeArg>(raw);
            AssertRoundTrip<TeeIoctlCancelArg>(raw);
            AssertRoundTrip<TeeIoctlCloseSessionArg>(raw);
            AssertRoundTrip<TeeIoctlShmRegisterData>(raw);
            AssertRoundTrip<TeeIoctlShmRegisterFdData>(raw);
            AssertRoundTrip<TeeIoctlRstmemAllocData>(raw);
            AssertRoundTrip<DrmVersion>(raw);
            AssertRoundTrip<DrmPrimeHandle>(raw);
            AssertRoundTrip<DrmGemClose>(raw);
            AssertRoundTrip<DrmGetCap>(raw);
            AssertRoundTrip<DrmRocketCreateBo>(raw);
            AssertRoundTrip<DrmRocketSubmit>(raw);
            AssertRoundTrip<DrmRocketJob>(raw);
            AssertRoundTrip<DrmRocketTask>(raw);
            AssertRoundTrip<DrmRocketPrepBo>(raw);
            AssertRoundTrip<DrmRocketFiniBo>(raw);
        }).QuickCheckThrowOnFailure();
    }

    private static void AssertRoundTrip<T>(byte[] raw)
        where T : struct, IUapiStruct<T>
    {
        var layout = T.Layout;
        var written = new byte[layout.Size];

        T.Read(raw).Write(written);

        foreach (var field in layout.Fields)
        {
            Assert.Equal(raw[field.Offset..(field.Offset + field.Width)], written[field.Offset..(field.Offset + field.Width)]);
        }

        var covered = layout.Fields.Sum(f => f.Width);
        var padding = written.Where((_, i) => !layout.Fields.Any(f => i >= f.Offset && i < f.Offset + f.Width));
        Assert.Equal(layout.Size - covered, padding.Count());
        Assert.All(padding, b => Assert.Equal(0, b));
    }

    [Fact]
    public void SyncMergeData_NameWithoutNul_IsCutAtByte31AsTheKernelDoes()
    {
        var raw = new byte[SyncMergeData.Size];
        raw.AsSpan(0, 32).Fill((byte)'m');
        raw[32] = 7;

        var data = SyncMergeData.Read(raw);

        Assert.Equal(new string('m', 31), data.Name);
        Assert.Equal(7, data.Fd2);
        var written = new byte[SyncMergeData.Size];
        data.Write(written);
        Assert.Equal(0, written[31]);
        Assert.Equal(raw.AsSpan(32).ToArray(), written.AsSpan(32).ToArray());
    }

    [Fact]
    public void SyncFenceInfo_WriteThenRead_KeepsNamesStatusAndTimestamp()
    {
        var info = new SyncFenceInfo { ObjName = "signaled-timeline", DriverName = "detached-driver", Status = -5, Flags = 0, TimestampNs = 0x1234_5678_9abc };
        var raw = new byte[SyncFenceInfo.Size];
        info.Write(raw);

        var back = SyncFenceInfo.Read(raw);

        Assert.Equal((info.ObjName, info.DriverName, info.Status, info.TimestampNs), (back.ObjName, back.DriverName, back.Status, back.TimestampNs));
        Assert.Equal(0, raw[(int)"signaled-timeline".Length]);
    }
}
