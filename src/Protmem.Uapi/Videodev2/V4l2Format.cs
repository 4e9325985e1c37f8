using System.Buffers.Binary;

namespace Protmem.Uapi.Videodev2;

/// <summary>
/// struct v4l2_format (208 bytes) holding a struct v4l2_pix_format_mplane (the multi-planar buffer types):
/// VIDIOC_G_FMT / S_FMT's argument. Only the first plane's v4l2_plane_pix_format is carried (the formats here
/// have one memory plane); the others are written as zero.
/// </summary>
public struct V4l2Format : IUapiStruct<V4l2Format>
{
    public const int Size = 208;

    /// <summary>[in] The buffer type. Offset 0, u32.</summary>
    public uint Type;

    /// <summary>[in/out] fmt.pix_mp.width. Offset 8, u32.</summary>
    public uint Width;

    /// <summary>[in/out] fmt.pix_mp.height. Offset 12, u32.</summary>
    public uint Height;

    /// <summary>[in/out] fmt.pix_mp.pixelformat (fourcc). Offset 16, u32.</summary>
    public uint Pixelformat;

    /// <summary>[in/out] fmt.pix_mp.field. Offset 20, u32.</summary>
    public uint Field;

    /// <summary>[in/out] fmt.pix_mp.colorspace. Offset 24, u32.</summary>
    public uint Colorspace;

    /// <summary>[in/out] fmt.pix_mp.plane_fmt[0].sizeimage. Offset 28, u32.</summary>
    public uint SizeImage;

    /// <summary>[in/out] fmt.pix_mp.plane_fmt[0].bytesperline. Offset 32, u32.</summary>
    public uint BytesPerLine;

    /// <summary>[in/out] fmt.pix_mp.num_planes. Offset 188, u8.</summary>
    public byte NumPlanes;

    public static AbiStructLayout Layout { get; } = new("v4l2_format", Size,
    [
        new("type", 0, 4),
        new("fmt.pix_mp.width", 8, 4),
        new("fmt.pix_mp.height", 12, 4),
        new("fmt.pix_mp.pixelformat", 16, 4),
        new("fmt.pix_mp.field", 20, 4),
        new("fmt.pix_mp.colorspace", 24, 4),
        new("fmt.pix_mp.plane_fmt[0].sizeimage", 28, 4),
        new("fmt.pix_mp.plane_fmt[0].bytesperline", 32, 4),
        new("fmt.pix_mp.num_planes", 188, 1),
        new("fmt.pix_mp.flags", 189, 1),
    ]);

    public static V4l2Format Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new V4l2Format
        {
            Type = BinaryPrimitives.ReadUInt32LittleEndian(source),
            Width = BinaryPrimitives.ReadUInt32LittleEndian(source[8..]),
            Height = BinaryPrimitives.ReadUInt32LittleEndian(source[12..]),
            Pixelformat = BinaryPrimitives.ReadUInt32LittleEndian(source[16..]),
            Field = BinaryPrimitives.ReadUInt32LittleEndian(source[20..]),
            Colorspace = BinaryPrimitives.ReadUInt32LittleEndian(source[24..]),
            SizeImage = BinaryPrimitives.ReadUInt32LittleEndian(source[28..]),
            BytesPerLine = BinaryPrimitives.ReadUInt32LittleEndian(source[32..]),
            NumPlanes = source[188],
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Type);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Width);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], Height);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], Pixelformat);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[20..], Field);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[24..], Colorspace);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[28..], SizeImage);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[32..], BytesPerLine);
        destination[188] = NumPlanes;
    }
}
