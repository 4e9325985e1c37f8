using System.IO.Hashing;
using Protmem.Hardware.Bus;
using Protmem.Hardware.Time;
using Protmem.Hardware.Tracing;

namespace Protmem.Hardware.Media;

/// <summary>
/// A display controller (one CRTC, a few planes) as a device master: each scanout composes its enabled planes,
/// in index order, over a black background into one NV12 frame, fetching every plane's pixels through its own
/// IOMMU (or physically), so the firewall judges what it reads. The CRC unit computes a CRC-32 of every
/// composed frame (as a debugfs <c>crtc-0/crc</c> source would); the last frame is kept as the "monitor".
/// 1. The driver programs <see cref="SetMode"/> and the <see cref="Planes"/>.
/// 2. <see cref="ScanOut"/> produces one frame (a vblank period of simulated time, <see cref="FramePeriodNs"/>).
/// 3. A refused fetch leaves that plane black for the frame and is reported in <see cref="DisplayFrame.Faulted"/>.
/// </summary>
public sealed class DisplayController
{
    /// <summary>A 60 Hz refresh.</summary>
    public const ulong FramePeriodNs = 16_666_667;

    /// <summary>NV12 black: Y 16, Cb = Cr = 128 (BT.601 limited range).</summary>
    public const byte BlackLuma = 16;

    public const byte BlackChroma = 128;

    private readonly SimClock _clock;
    private readonly Trace _trace;
    private readonly Crc32 _crc = new();
    private byte[] _frame = [];

    /// <summary>A display controller named <paramref name="name"/> fetching through <paramref name="master"/>, with <paramref name="planeCount"/> planes of which <paramref name="protectedPlanes"/> may show protected content.</summary>
    public DisplayController(string name, DeviceMaster master, int planeCount, SimClock clock, Trace trace, IReadOnlyList<int>? protectedPlanes = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(planeCount, 1);
        protectedPlanes ??= [];
        if (protectedPlanes.Any(p => p < 0 || p >= planeCount) || protectedPlanes.Distinct().Count() != protectedPlanes.Count)
        {
            throw new ArgumentException($"display '{name}': protected planes [{string.Join(", ", protectedPlanes)}] are not distinct planes of {planeCount}", nameof(protectedPlanes));
        }

        ProtectedPlanes = [.. protectedPlanes.Order()];
        Name = name;
        Master = master ?? throw new ArgumentNullException(nameof(master));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _trace = trace ?? throw new ArgumentNullException(nameof(trace));
        Planes = [.. Enumerable.Range(0, planeCount).Select(_ => new DisplayPlaneRegisters())];
    }

    public string Name { get; }

    public DeviceMaster Master { get; }

    /// <summary>The planes allowed to show protected content, in index order (a fact of the hardware the driver reads).</summary>
    public IReadOnlyList<int> ProtectedPlanes { get; }

    /// <summary>The planes, lowest first (plane 0 is at the bottom).</summary>
    public IReadOnlyList<DisplayPlaneRegisters> Planes { get; }

    /// <summary>The active mode's width (0 while the CRTC is off).</summary>
    public int Width { get; private set; }

    public int Height { get; private set; }

    /// <summary>The frames scanned out since power-on.</summary>
    public long FrameCount { get; private set; }

    /// <summary>The last frame scanned out, or null.</summary>
    public DisplayFrame? LastFrame { get; private set; }

    /// <summary>The last composed NV12 image (what the monitor shows); empty while the CRTC is off.</summary>
    public ReadOnlySpan<byte> Screen => _frame;

    /// <summary>Sets the active mode (0 × 0 switches the CRTC off).</summary>
    public void SetMode(int width, int height)
    {
        if (width < 0 || height < 0 || (width & 1) != 0 || (height & 1) != 0 || width > Pmv1Codec.MaxWidth || height > Pmv1Codec.MaxHeight)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"{width}x{height} is not a mode this display controller drives");
        }

        Width = width;
        Height = height;
        _frame = new byte[Pmv1Codec.Nv12Size(width, height)];
    }

    /// <summary>Scans out one frame; null while the CRTC is off.</summary>
    public DisplayFrame? ScanOut()
    {
        if (Width == 0)
        {
            return null;
        }

        var luma = _frame.AsSpan(0, Width * Height);
        var chroma = _frame.AsSpan(Width * Height);
        luma.Fill(BlackLuma);
        chroma.Fill(BlackChroma);
        var faulted = false;
        foreach (var plane in Planes.Where(p => p.Enabled))
        {
            if (plane.SolidBlack)
            {
                BlackOut(plane);
            }
            else if (!Fetch(plane))
            {
                faulted = true;
                BlackOut(plane);
            }
        }

        _clock.Advance(FramePeriodNs);
        _crc.Reset();
        _crc.Append(_frame);
        var frame = new DisplayFrame(_clock.Now, FrameCount++, _crc.GetCurrentHashAsUInt32(), faulted);
        LastFrame = frame;
        if (_trace.IsEnabled)
        {
            _trace.Record(new TraceEvent(_clock.Now, TraceKind.Note, Name, (ulong)frame.Sequence, frame.Crc, faulted ? 1UL : 0, "scanout"));
        }

        return frame;
    }

    public override string ToString() => Name;

    /// <summary>Fetches a plane row by row into the frame; false at the first refused read.</summary>
    private bool Fetch(DisplayPlaneRegisters plane)
    {
        var (x, y, width, height) = Clip(plane);
        if (width <= 0 || height <= 0)
        {
            return true;
        }

        for (var row = 0; row < height; row++)
        {
            var into = _frame.AsSpan(((y + row) * Width) + x, width);
            if (!Master.TryRead(plane.LumaAddress + ((ulong)row * plane.Pitch), into))
            {
                return false;
            }
        }

        var chromaBase = Width * Height;
        for (var row = 0; row < height / 2; row++)
        {
            var into = _frame.AsSpan(chromaBase + (((y / 2) + row) * Width) + x, width);
            if (!Master.TryRead(plane.ChromaAddress + ((ulong)row * plane.ChromaPitch), into))
            {
                return false;
            }
        }

        return true;
    }

    private void BlackOut(DisplayPlaneRegisters plane)
    {
        var (x, y, width, height) = Clip(plane);
        for (var row = 0; row < height; row++)
        {
            _frame.AsSpan(((y + row) * Width) + x, width).Fill(BlackLuma);
        }

        for (var row = 0; row < height / 2; row++)
        {
            _frame.AsSpan((Width * Height) + (((y / 2) + row) * Width) + x, width).Fill(BlackChroma);
        }
    }

    /// <summary>The plane's visible rectangle, kept even so the chroma rows line up.</summary>
    private (int X, int Y, int Width, int Height) Clip(DisplayPlaneRegisters plane)
    {
        var x = Math.Clamp(plane.X & ~1, 0, Width);
        var y = Math.Clamp(plane.Y & ~1, 0, Height);
        var width = Math.Min(plane.Width & ~1, Width - x);
        var height = Math.Min(plane.Height & ~1, Height - y);
        return (x, y, width, height);
    }
}
