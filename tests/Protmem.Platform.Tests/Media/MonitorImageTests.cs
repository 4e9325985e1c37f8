using Protmem.Platform.Media;

namespace Protmem.Platform.Tests.Media;

/// <summary>The monitor's colour conversion (BT.601 limited range) on known colours, and the PNG chunk CRC against System.IO.Hashing.</summary>
public sealed class MonitorImageTests
{
    [Theory]
    [InlineData(16, 128, 128, 0, 0, 0)]
    [InlineData(235, 128, 128, 255, 255, 255)]
    [InlineData(81, 90, 240, 255, 0, 0)]
    [InlineData(145, 54, 34, 0, 255, 0)]
    [InlineData(41, 240, 110, 0, 0, 255)]
    public void Nv12ToRgb_Bt601LimitedColour_IsTheRgbColour(byte y, byte cb, byte cr, int r, int g, int b)
    {
        byte[] nv12 = [y, y, y, y, cb, cr];
        var rgb = MonitorImage.Nv12ToRgb(nv12, 2, 2);
        for (var i = 0; i < 4; i++)
        {
            Assert.InRange(rgb[i * 3], r - 1, r + 1);
            Assert.InRange(rgb[(i * 3) + 1], g - 1, g + 1);
            Assert.InRange(rgb[(i * 3) + 2], b - 1, b + 1);
        }
    }

    [Fact]
    public void Crc_OfBytes_IsCrc32()
    {
        var bytes = "IEND"u8.ToArray();
        Assert.Equal(0xAE426082u, MonitorImage.Crc(bytes));
        Assert.Equal(System.IO.Hashing.Crc32.HashToUInt32("123456789"u8), MonitorImage.Crc("123456789"u8));
    }

    [Fact]
    public void Nv12ToRgb_WrongSize_Throws()
    {
        Assert.Throws<ArgumentException>(() => MonitorImage.Nv12ToRgb(new byte[5], 2, 2));
        Assert.Throws<ArgumentException>(() => MonitorImage.Nv12ToRgb(new byte[6], 3, 2));
    }
}
