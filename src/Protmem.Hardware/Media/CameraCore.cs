using Protmem.Hardware.Bus;
using Protmem.Hardware.Firewall;
using Protmem.Hardware.Time;
using Protmem.Hardware.Tracing;

namespace Protmem.Hardware.Media;

/// <summary>
/// A camera (image sensor and capture interface) as a device master: it writes NV12 frames of
/// <see cref="CameraScene"/> into buffers the driver queues, through its own IOMMU (or physically without one),
/// so the firewall judges every page it writes.
/// 1. <see cref="SetFormat"/> sets the frame size (not while streaming).
/// 2. <see cref="QueueBuffer"/> hands the block a buffer's device address and length; buffers are filled in queue order.
/// 3. <see cref="StreamOn"/> starts the sensor: at the end of every <see cref="FramePeriodNs"/> the next frame is
///    written into the oldest queued buffer and the interrupt fires; with no buffer queued the frame is dropped
///    and counted in <see cref="FramesDropped"/>, without an interrupt.
/// 4. A refused write stops that frame: the interrupt reports the DMA error and the address; the buffer is
///    given back with the error and the next frame goes on.
/// 5. <see cref="StreamOff"/> stops the sensor and forgets the queued buffers; <see cref="Reset"/> also ends secure mode.
/// Secure mode (<see cref="SecureMode"/>) works as the video decoder's: frames are written with secure
/// transactions and only when every page of the buffer is protected memory; otherwise the frame ends with
/// <see cref="CameraStatus.SecureWriteError"/> and nothing is written.
/// Model: the sensor and the capture interface (rkcif/VICAP) are one block; exposure, MIPI lanes and the ISP are
/// not modelled; the frame lands in memory at the end of its period in one write.
/// </summary>
public sealed class CameraCore
{
    /// <summary>One frame at 30 frames a second, in ns (33.3 ms).</summary>
    public const ulong FramePeriodNs = 33_333_333;

    private readonly EventQueue _events;
    private readonly SimClock _clock;
    private readonly Trace _trace;
    private readonly Tzc400Firewall _firewall;
    private readonly Queue<(DeviceAddr Address, uint Length)> _queued = new();
    private ScheduledEvent? _nextFrame;

    // The sensor's frame, kept from frame to frame.
    private byte[] _frame = [];

    public CameraCore(string name, DeviceMaster master, Tzc400Firewall firewall, EventQueue events, SimClock clock, Trace trace)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Master = master ?? throw new ArgumentNullException(nameof(master));
        _firewall = firewall ?? throw new ArgumentNullException(nameof(firewall));
        _events = events ?? throw new ArgumentNullException(nameof(events));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _trace = trace ?? throw new ArgumentNullException(nameof(trace));
    }

    public string Name { get; }

    public DeviceMaster Master { get; }

    /// <summary>The frame width in pixels (0 until <see cref="SetFormat"/>).</summary>
    public int Width { get; private set; }

    /// <summary>The frame height in pixels.</summary>
    public int Height { get; private set; }

    /// <summary>The bytes of one NV12 frame at the current size.</summary>
    public int FrameSize => Width == 0 ? 0 : Pmv1Codec.Nv12Size(Width, Height);

    public bool IsStreaming => _nextFrame is not null;

    /// <summary>Buffers queued and not yet filled.</summary>
    public int QueuedBuffers => _queued.Count;

    /// <summary>The sequence number the next frame will carry (frames since stream on, dropped ones included).</summary>
    public uint Sequence { get; private set; }

    /// <summary>Frames written into buffers since power-on.</summary>
    public long FramesCaptured { get; private set; }

    /// <summary>Frames dropped because no buffer was queued, since power-on.</summary>
    public long FramesDropped { get; private set; }

    /// <summary>Frames that ended with an error, since power-on.</summary>
    public long FramesFailed { get; private set; }

    /// <summary>
    /// The secure-mode register: while set, frames are written with secure transactions and only into protected memory.
    /// Setting it needs a master wired for secure transactions; changing it while streaming is a driver bug; both throw.
    /// </summary>
    public bool SecureMode
    {
        get;
        set
        {
            if (IsStreaming)
            {
                throw new InvalidOperationException($"camera '{Name}': secure mode changed while streaming");
            }

            if (value)
            {
                Master.Master.EnsureCanIssue(SecurityState.Secure);
            }

            field = value;
        }
    }

    /// <summary>The IRQ line: called when a frame has been written into a buffer, or refused.</summary>
    public Action<CameraInterrupt>? InterruptHandler { get; set; }

    /// <summary>Sets the frame size (even, positive). Changing it while streaming is a driver bug and throws.</summary>
    public void SetFormat(int width, int height)
    {
        if (IsStreaming)
        {
            throw new InvalidOperationException($"camera '{Name}': format changed while streaming");
        }

        if (width <= 0 || height <= 0 || (width % 2) != 0 || (height % 2) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"camera '{Name}': NV12 needs an even, positive size (got {width}x{height})");
        }

        Width = width;
        Height = height;
    }

    /// <summary>
    /// Queues the buffer [<paramref name="address"/>, +<paramref name="length"/>) for a coming frame. A buffer
    /// smaller than a frame, or queued before a format, is a driver bug and throws.
    /// </summary>
    public void QueueBuffer(DeviceAddr address, uint length)
    {
        if (FrameSize == 0)
        {
            throw new InvalidOperationException($"camera '{Name}': buffer queued before a format was set");
        }

        if (length < (uint)FrameSize)
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"camera '{Name}': a {length}-byte buffer cannot hold a {FrameSize}-byte frame");
        }

        _queued.Enqueue((address, length));
    }

    /// <summary>Starts the sensor: the first frame (sequence 0) ends one period from now. Starting twice, or without a format, throws.</summary>
    public void StreamOn()
    {
        if (IsStreaming)
        {
            throw new InvalidOperationException($"camera '{Name}' is already streaming");
        }

        if (FrameSize == 0)
        {
            throw new InvalidOperationException($"camera '{Name}': stream on before a format was set");
        }

        Sequence = 0;
        _nextFrame = _events.ScheduleAfter(FramePeriodNs, EndOfFrame, name: Name + " frame");
        if (_trace.IsEnabled)
        {
            _trace.Record(new TraceEvent(_clock.Now, TraceKind.Note, Name, (ulong)Width, (ulong)Height, FramePeriodNs, "camera stream on"));
        }
    }

    /// <summary>Stops the sensor (no frame after this) and forgets every queued buffer. Idempotent.</summary>
    public void StreamOff()
    {
        _nextFrame?.Cancel();
        _nextFrame = null;
        _queued.Clear();
    }

    /// <summary>Resets the block: streaming stops, queued buffers are forgotten, and secure mode ends.</summary>
    public void Reset()
    {
        StreamOff();
        SecureMode = false;
    }

    public override string ToString() => Name;

    private void EndOfFrame()
    {
        var sequence = Sequence++;
        _nextFrame = _events.ScheduleAfter(FramePeriodNs, EndOfFrame, name: Name + " frame");
        if (!_queued.TryDequeue(out var buffer))
        {
            FramesDropped++;
            return;
        }

        var interrupt = Write(buffer.Address, sequence);
        if (interrupt.Status == CameraStatus.Done)
        {
            FramesCaptured++;
        }
        else
        {
            FramesFailed++;
        }

        InterruptHandler?.Invoke(interrupt);
    }

    private CameraInterrupt Write(DeviceAddr buffer, uint sequence)
    {
        var size = Pmv1Codec.Nv12Size(Width, Height);
        if (_frame.Length < size)
        {
            _frame = new byte[size];
        }

        var frame = _frame.AsSpan(0, size);
        CameraScene.Frame(Width, Height, sequence, frame);
        var now = _clock.Now;
        if (SecureMode && Master.FirstUnprotectedPage(_firewall, buffer, (uint)frame.Length) is { } open)
        {
            return new CameraInterrupt(now, buffer, sequence, CameraStatus.SecureWriteError, 0, open, DeviceAccessResult.Ok);
        }

        var state = SecureMode ? SecurityState.Secure : SecurityState.NonSecure;
        if (!Master.TryWrite(buffer, frame, state, out var writeResult))
        {
            return new CameraInterrupt(now, buffer, sequence, CameraStatus.DmaWriteError, 0, Master.LastFaultAddress, writeResult);
        }

        return new CameraInterrupt(now, buffer, sequence, CameraStatus.Done, frame.Length, null, DeviceAccessResult.Ok);
    }
}
