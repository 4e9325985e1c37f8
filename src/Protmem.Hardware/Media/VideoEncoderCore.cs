using Protmem.Hardware.Bus;
using Protmem.Hardware.Firewall;
using Protmem.Hardware.Time;
using Protmem.Hardware.Tracing;

namespace Protmem.Hardware.Media;

/// <summary>
/// A video encoder block as a device master: one job at a time, reading an NV12 picture and writing its PMV1
/// frame (<see cref="Pmv1Codec.Encode(ReadOnlySpan{byte}, int, int, Span{byte})"/>), both through its own IOMMU (or physically without one), so the
/// firewall judges every page it touches.
/// 1. <see cref="Start"/> (picture address and size, bitstream address and capacity) takes the job.
/// 2. The job runs at once in memory; its interrupt fires on the event queue after <see cref="StartNs"/>
///    plus the picture's bytes at <see cref="BytesPerNs"/>, and reports the frame's bytes written.
/// 3. A refused access stops the job: the interrupt reports the DMA error and the address; nothing after it is written.
/// 4. <see cref="InterruptHandler"/> is the IRQ line; <see cref="Reset"/> drops a job in flight and leaves secure mode.
/// Secure mode (<see cref="SecureMode"/>) is the video decoder's (<see cref="VideoDecoderCore"/>): secure
/// transactions, any memory the firewall lets it read, and the frame written only when every page of the
/// bitstream buffer is protected memory; otherwise <see cref="VideoEncoderStatus.SecureWriteError"/> and nothing is written.
/// Model: what counts as protected memory is what the firewall refuses to this master's non-secure writes and
/// grants to its secure ones (the board wires the encoder as a secure-capable master).
/// </summary>
public sealed class VideoEncoderCore
{
    /// <summary>Assumed: register setup of one job (no published figure for this block).</summary>
    public const ulong StartNs = 20_000;

    /// <summary>Assumed: 2 bytes of NV12 input per ns (a 1080p picture in about 1.6 ms).</summary>
    public const ulong BytesPerNs = 2;

    private readonly EventQueue _events;
    private readonly SimClock _clock;
    private readonly Trace _trace;
    private readonly Tzc400Firewall _firewall;
    private byte[] _picture = [];

    // The coded frame, kept from job to job.
    private byte[] _frame = [];
    private ScheduledEvent? _inFlight;

    public VideoEncoderCore(string name, DeviceMaster master, Tzc400Firewall firewall, EventQueue events, SimClock clock, Trace trace)
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

    public bool IsBusy => _inFlight is not null;

    /// <summary>
    /// The secure-mode register: while set, jobs issue secure transactions and write only protected memory.
    /// Setting it needs a master wired for secure transactions; changing it while a job runs is a driver bug; both throw.
    /// </summary>
    public bool SecureMode
    {
        get;
        set
        {
            if (IsBusy)
            {
                throw new InvalidOperationException($"video encoder '{Name}': secure mode changed while a job runs");
            }

            if (value)
            {
                Master.Master.EnsureCanIssue(SecurityState.Secure);
            }

            field = value;
        }
    }

    /// <summary>The IRQ line: called when a job ends.</summary>
    public Action<VideoEncoderInterrupt>? InterruptHandler { get; set; }

    /// <summary>Jobs started since power-on.</summary>
    public long JobsStarted { get; private set; }

    /// <summary>Jobs that ended with an error.</summary>
    public long JobsFailed { get; private set; }

    /// <summary>
    /// Starts encoding the <paramref name="width"/> × <paramref name="height"/> NV12 picture at <paramref name="picture"/>
    /// into [<paramref name="bitstream"/>, +<paramref name="capacity"/>). Starting a busy encoder is a driver bug and throws.
    /// </summary>
    public void Start(DeviceAddr picture, int width, int height, DeviceAddr bitstream, uint capacity)
    {
        if (IsBusy)
        {
            throw new InvalidOperationException($"video encoder '{Name}' is started while a job runs (one job in flight)");
        }

        JobsStarted++;
        var interrupt = Run(picture, width, height, bitstream, capacity);
        var read = interrupt.Status == VideoEncoderStatus.FormatError ? 0UL : (ulong)Pmv1Codec.Nv12Size(width, height);
        var duration = StartNs + (read / BytesPerNs);
        _inFlight = _events.ScheduleAfter(duration, () => Complete(interrupt), name: Name + " irq");
        if (_trace.IsEnabled)
        {
            _trace.Record(new TraceEvent(_clock.Now, TraceKind.Note, Name, picture.Value, bitstream.Value, duration, "venc job start"));
        }
    }

    /// <summary>Resets the block: a job in flight is dropped without an interrupt, and secure mode ends.</summary>
    public void Reset()
    {
        _inFlight?.Cancel();
        _inFlight = null;
        SecureMode = false;
    }

    public override string ToString() => Name;

    private void Complete(VideoEncoderInterrupt interrupt)
    {
        _inFlight = null;
        if (interrupt.Status != VideoEncoderStatus.Done)
        {
            JobsFailed++;
        }

        InterruptHandler?.Invoke(interrupt with { Time = _clock.Now });
    }

    private VideoEncoderInterrupt Run(DeviceAddr picture, int width, int height, DeviceAddr bitstream, uint capacity)
    {
        if (width <= 0 || height <= 0 || width > Pmv1Codec.MaxWidth || height > Pmv1Codec.MaxHeight || (width & 1) != 0 || (height & 1) != 0)
        {
            return new VideoEncoderInterrupt(0, VideoEncoderStatus.FormatError, 0, null, DeviceAccessResult.Ok);
        }

        var size = Pmv1Codec.Nv12Size(width, height);
        if (_picture.Length < size)
        {
            _picture = new byte[size];
        }

        var state = SecureMode ? SecurityState.Secure : SecurityState.NonSecure;
        var input = _picture.AsSpan(0, size);
        if (!Master.TryRead(picture, input, state, out var readResult))
        {
            return new VideoEncoderInterrupt(0, VideoEncoderStatus.DmaReadError, 0, Master.LastFaultAddress, readResult);
        }

        var max = Pmv1Codec.MaxFrameSize(width, height);
        if (_frame.Length < max)
        {
            _frame = new byte[max];
        }

        var frame = _frame.AsSpan(0, Pmv1Codec.Encode(input, width, height, _frame));
        if ((uint)frame.Length > capacity)
        {
            return new VideoEncoderInterrupt(0, VideoEncoderStatus.BufferFull, 0, null, DeviceAccessResult.Ok);
        }

        if (SecureMode && Master.FirstUnprotectedPage(_firewall, bitstream, (uint)frame.Length) is { } open)
        {
            return new VideoEncoderInterrupt(0, VideoEncoderStatus.SecureWriteError, 0, open, DeviceAccessResult.Ok);
        }

        if (!Master.TryWrite(bitstream, frame, state, out var writeResult))
        {
            return new VideoEncoderInterrupt(0, VideoEncoderStatus.DmaWriteError, 0, Master.LastFaultAddress, writeResult);
        }

        return new VideoEncoderInterrupt(0, VideoEncoderStatus.Done, frame.Length, null, DeviceAccessResult.Ok);
    }
}
