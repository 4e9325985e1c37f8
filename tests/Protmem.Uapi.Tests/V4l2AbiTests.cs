using Protmem.Uapi.Videodev2;
using static Protmem.Uapi.Videodev2.V4l2Ioctl;

namespace Protmem.Uapi.Tests;

/// <summary>The decoder's videodev2.h ioctls and the proposed restricted-memory values, pinned (gcc checks them against the header in <see cref="RealHeaderTests"/>).</summary>
public sealed class V4l2AbiTests
{
    public static TheoryData<string, uint, uint> Numbers => new()
    {
        { "VIDIOC_QUERYCAP", VIDIOC_QUERYCAP, 0x80685600 },
        { "VIDIOC_ENUM_FMT", VIDIOC_ENUM_FMT, 0xC0405602 },
        { "VIDIOC_G_FMT", VIDIOC_G_FMT, 0xC0D05604 },
        { "VIDIOC_S_FMT", VIDIOC_S_FMT, 0xC0D05605 },
        { "VIDIOC_REQBUFS", VIDIOC_REQBUFS, 0xC0145608 },
        { "VIDIOC_QUERYBUF", VIDIOC_QUERYBUF, 0xC0585609 },
        { "VIDIOC_QBUF", VIDIOC_QBUF, 0xC058560F },
        { "VIDIOC_EXPBUF", VIDIOC_EXPBUF, 0xC0405610 },
        { "VIDIOC_DQBUF", VIDIOC_DQBUF, 0xC0585611 },
        { "VIDIOC_STREAMON", VIDIOC_STREAMON, 0x40045612 },
        { "VIDIOC_STREAMOFF", VIDIOC_STREAMOFF, 0x40045613 },
        { "VIDIOC_TRY_FMT", VIDIOC_TRY_FMT, 0xC0D05640 },
        { "VIDIOC_CREATE_BUFS", VIDIOC_CREATE_BUFS, 0xC100565C },
    };

    [Theory]
    [MemberData(nameof(Numbers))]
    public void Number_OfEachIoctl_IsTheHeaderValue(string name, uint actual, uint expected)
    {
        Assert.True(expected == actual, $"{name}: 0x{actual:X8}, expected 0x{expected:X8}");
    }

    [Fact]
    public void Restricted_ProposedValues_AreTheV6SeriesBits()
    {
        Assert.Equal(1U << 1, V4L2_MEMORY_FLAG_RESTRICTED);
        Assert.Equal(1U << 9, V4L2_BUF_CAP_SUPPORTS_RESTRICTED_MEM);
        Assert.Equal(0x3156_4D50U, V4L2_PIX_FMT_PMV1);
        Assert.Equal(0x3231_564EU, V4L2_PIX_FMT_NV12);
    }

    [Fact]
    public void CreateBuffers_WriteThenRead_KeepsTheEmbeddedFormatAtOffset16()
    {
        var args = new V4l2CreateBuffers
        {
            Index = 3,
            Count = 2,
            Memory = V4L2_MEMORY_DMABUF,
            Format = new V4l2Format { Type = V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE, Width = 64, Height = 48, Pixelformat = V4L2_PIX_FMT_NV12, SizeImage = 4608, NumPlanes = 1 },
            Capabilities = V4L2_BUF_CAP_SUPPORTS_DMABUF,
            Flags = V4L2_MEMORY_FLAG_RESTRICTED,
        };
        var bytes = new byte[V4l2CreateBuffers.Size];

        args.Write(bytes);

        Assert.Equal(V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE, BitConverter.ToUInt32(bytes, 16));
        Assert.Equal(4608U, BitConverter.ToUInt32(bytes, 16 + 28));
        Assert.Equal(V4L2_MEMORY_FLAG_RESTRICTED, BitConverter.ToUInt32(bytes, 228));
        Assert.Equal(args, V4l2CreateBuffers.Read(bytes));
    }
}
