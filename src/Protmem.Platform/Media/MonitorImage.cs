using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Protmem.Platform.Media;

/// <summary>
/// The monitor: what a display controller's last frame looks like. The NV12 screen is converted to RGB with
/// BT.601 limited-range coefficients (Y 16–235, Cb/Cr 16–240, chroma shared by each 2 × 2 block) and written as
/// a PNG: 8-bit truecolour, no interlace, each row filter 0, the rows deflated in one zlib stream (IDAT), every
/// chunk closed by its CRC-32.
/// </summary>
public static class MonitorImage
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a];
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>The RGB image (3 bytes per pixel, rows top first) of an NV12 frame of <paramref name="width"/> × <paramref name="height"/>.</summary>
    public static byte[] Nv12ToRgb(ReadOnlySpan<byte> nv12, int width, int height)
    {
        if (width <= 0 || height <= 0 || (width & 1) != 0 || (height & 1) != 0 || nv12.Length < (width * height) + (width * height / 2))
        {
            throw new ArgumentException($"{nv12.Length} bytes are not an NV12 frame of {width}x{height}", nameof(nv12));
        }

        var rgb = new byte[width * height * 3];
        var chroma = nv12[(width * height)..];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var c = nv12[(y * width) + x] - 16;
                var pair = ((y / 2) * width) + (x & ~1);
                var d = chroma[pair] - 128;
                var e = chroma[pair + 1] - 128;
                var o = ((y * width) + x) * 3;
                rgb[o] = Clamp(((298 * c) + (409 * e) + 128) >> 8);
                rgb[o + 1] = Clamp(((298 * c) - (100 * d) - (208 * e) + 128) >> 8);
                rgb[o + 2] = Clamp(((298 * c) + (516 * d) + 128) >> 8);
            }
        }

        return rgb;
    }

    /// <summary>A PNG of an NV12 frame.</summary>
    public static byte[] EncodePng(ReadOnlySpan<byte> nv12, int width, int height)
    {
        var rgb = Nv12ToRgb(nv12, width, height);
        using var idat = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionLevel.Fastest, leaveOpen: true))
        {
            for (var y = 0; y < height; y++)
            {
                zlib.WriteByte(0);
                zlib.Write(rgb, y * width * 3, width * 3);
            }
        }

        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)height);
        header[8] = 8;
        header[9] = 2;
        using var png = new MemoryStream();
        png.Write(Signature);
        WriteChunk(png, "IHDR", header);
        WriteChunk(png, "IDAT", idat.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>The PNG chunk CRC: CRC-32 (ISO 3309, reflected 0xEDB88320) over the type and the data.</summary>
    public static uint Crc(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFF_FFFFu;
        foreach (var b in bytes)
        {
            crc = CrcTable[(crc ^ b) & 0xff] ^ (crc >> 8);
        }

        return crc ^ 0xFFFF_FFFFu;
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        var body = new byte[4 + data.Length];
        Encoding.ASCII.GetBytes(type, body);
        data.CopyTo(body, 4);
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)data.Length);
        png.Write(word);
        png.Write(body);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc(body));
        png.Write(word);
    }

    private static byte Clamp(int value) => (byte)Math.Clamp(value, 0, 255);

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB8_8320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
