using System.IO.Hashing;
using Protmem.Hardware.Firewall;
using Protmem.Hardware.Media;

namespace Protmem.Hardware.Tests.Media;

/// <summary>
/// The display controller on the "dma" master (no IOMMU: it fetches physically): composition in plane order
/// over black, clipping at the screen's edges, solid black, the CRC-32 of each frame against a frame the test
/// composes itself, and a fetch the firewall refuses.
/// </summary>
public sealed class DisplayControllerTests
{
    private const int Width = 16;
    private const int Height = 8;

    [Fact]
    public void ScanOut_TwoPlanes_UpperPlaneCoversTheLowerAndCrcIsOfTheComposedFrame()
    {
        var (soc, display) = Build();
        Place(soc, display.Planes[0], 0x10_0000, 16, 8, 0, 0, 0x50, 0x60);
        Place(soc, display.Planes[1], 0x20_0000, 4, 4, 6, 2, 0xa0, 0xb0);

        var frame = display.ScanOut()!;

        var expected = Black();
        Paint(expected, 0, 0, 16, 8, 0x50, 0x60);
        Paint(expected, 6, 2, 4, 4, 0xa0, 0xb0);
        Assert.Equal(expected, display.Screen.ToArray());
        Assert.Equal(Crc32.HashToUInt32(expected), frame.Crc);
        Assert.False(frame.Faulted);
    }

    [Fact]
    public void ScanOut_PlanePastTheRightAndBottomEdges_IsClipped()
    {
        var (soc, display) = Build();
        Place(soc, display.Planes[0], 0x10_0000, 8, 6, 12, 4, 0x70, 0x80);

        var frame = display.ScanOut()!;

        var expected = Black();
        Paint(expected, 12, 4, 4, 4, 0x70, 0x80);
        Assert.Equal(Crc32.HashToUInt32(expected), frame.Crc);
    }

    [Fact]
    public void ScanOut_SolidBlackPlane_CoversLowerPlanesWithoutFetching()
    {
        var (soc, display) = Build();
        Place(soc, display.Planes[0], 0x10_0000, 16, 8, 0, 0, 0x50, 0x60);
        var black = display.Planes[2];
        black.X = 4;
        black.Y = 2;
        black.Width = 8;
        black.Height = 4;
        black.SolidBlack = true;
        black.LumaAddress = new DeviceAddr(0xdead_0000);
        black.Enabled = true;

        var frame = display.ScanOut()!;

        var expected = Black();
        Paint(expected, 0, 0, 16, 8, 0x50, 0x60);
        Paint(expected, 4, 2, 8, 4, DisplayController.BlackLuma, DisplayController.BlackChroma);
        Assert.Equal(Crc32.HashToUInt32(expected), frame.Crc);
        Assert.False(frame.Faulted);
        Assert.Equal(0, soc.Device("dma").FaultCount);
    }

    [Fact]
    public void ScanOut_FetchTheFirewallRefuses_BlacksThatPlaneAndFlagsTheFrame()
    {
        var (soc, display) = Build();
        Place(soc, display.Planes[0], 0x10_0000, 16, 8, 0, 0, 0x50, 0x60);
        Place(soc, display.Planes[1], 0x20_0000, 4, 4, 6, 2, 0xa0, 0xb0);
        var cap = soc.TakeSecureFirmwareCapability();
        soc.Firewall.ProgramRegion(cap, 1, new PhysRange(TestBoards.Dram(0x20_0000), 0x10_0000), FirewallPermissions.SecureOnly);

        var frame = display.ScanOut()!;

        var expected = Black();
        Paint(expected, 0, 0, 16, 8, 0x50, 0x60);
        Paint(expected, 6, 2, 4, 4, DisplayController.BlackLuma, DisplayController.BlackChroma);
        Assert.True(frame.Faulted);
        Assert.Equal(Crc32.HashToUInt32(expected), frame.Crc);
        Assert.True(soc.Device("dma").FaultCount > 0);
    }

    [Fact]
    public void ScanOut_EachFrame_TakesOneRefreshPeriodAndCountsUp()
    {
        var (_, display) = Build();
        Assert.Null(new DisplayController("off", display.Master, 1, new Time.SimClock(), new Tracing.Trace(false)).ScanOut());
        var start = display.LastFrame;
        var first = display.ScanOut()!;
        var second = display.ScanOut()!;
        Assert.Null(start);
        Assert.Equal((0L, 1L), (first.Sequence, second.Sequence));
        Assert.Equal(DisplayController.FramePeriodNs, second.Time - first.Time);
        Assert.Equal(Crc32.HashToUInt32(Black()), second.Crc);
        Assert.Equal(2, display.FrameCount);
    }

    [Fact]
    public void Constructor_ProtectedPlaneOutsideThePlanes_Throws()
    {
        var soc = TestBoards.Build();
        Assert.Throws<ArgumentException>(() => new DisplayController("d", soc.Device("dma"), 2, soc.Clock, soc.Trace, [2]));
        Assert.Throws<ArgumentException>(() => new DisplayController("d", soc.Device("dma"), 2, soc.Clock, soc.Trace, [1, 1]));
        Assert.Equal([0, 1], new DisplayController("d", soc.Device("dma"), 2, soc.Clock, soc.Trace, [1, 0]).ProtectedPlanes);
    }

    private static (Soc Soc, DisplayController Display) Build()
    {
        var soc = new Soc(TestBoards.Description() with { Displays = [new DisplayDescription("dma", 3, [0])] });
        var display = soc.Displays["dma"];
        display.SetMode(Width, Height);
        return (soc, display);
    }

    /// <summary>Writes a solid NV12 image (luma <paramref name="luma"/>, every CbCr byte <paramref name="chroma"/>) at DRAM + <paramref name="offset"/> and points <paramref name="plane"/> at it.</summary>
    private static void Place(Soc soc, DisplayPlaneRegisters plane, ulong offset, int w, int h, int x, int y, byte luma, byte chroma)
    {
        var pitch = (uint)w + 16;
        var bytes = new byte[pitch * h];
        bytes.AsSpan().Fill(luma);
        soc.Memory.Write(TestBoards.Dram(offset), bytes);
        bytes.AsSpan().Fill(chroma);
        soc.Memory.Write(TestBoards.Dram(offset + 0x8_0000), bytes.AsSpan(0, (int)pitch * h / 2));
        plane.LumaAddress = new DeviceAddr(TestBoards.DramBase + offset);
        plane.ChromaAddress = new DeviceAddr(TestBoards.DramBase + offset + 0x8_0000);
        plane.Pitch = pitch;
        plane.ChromaPitch = pitch;
        plane.Width = w;
        plane.Height = h;
        plane.X = x;
        plane.Y = y;
        plane.Enabled = true;
    }

    private static byte[] Black()
    {
        var frame = new byte[Width * Height * 3 / 2];
        frame.AsSpan(0, Width * Height).Fill(DisplayController.BlackLuma);
        frame.AsSpan(Width * Height).Fill(DisplayController.BlackChroma);
        return frame;
    }

    private static void Paint(byte[] frame, int x, int y, int w, int h, byte luma, byte chroma)
    {
        for (var row = 0; row < h; row++)
        {
            frame.AsSpan(((y + row) * Width) + x, w).Fill(luma);
        }

        for (var row = 0; row < h / 2; row++)
        {
            frame.AsSpan((Width * Height) + (((y / 2) + row) * Width) + x, w).Fill(chroma);
        }
    }
}
