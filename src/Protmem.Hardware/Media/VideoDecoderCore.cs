using Protmem.Hardware.Bus;
using Protmem.Hardware.Firewall;
using Protmem.Hardware.Time;
using Protmem.Hardware.Tracing;

namespace Protmem.Hardware.Media;

/// <summary>
/// A stateless video decoder block as a device master: one job at a time, reading a PMV1 frame
/// (<see cref="Pmv1Codec"/>) and writing the NV12 picture, both through its own IOMMU (or physically without one),
/// so the firewall judges every page it touches.
/// 1. <see cref="Start"/> (bitstream and picture addresses and lengths) takes the job.
/// 2. The job runs at once in memory; its interrupt fires on the event queue after
///    <see cref="StartNs"/> plus the picture's bytes at <see cref="BytesPerNs"/>.
/// 3. A refused access stops the job: the interrupt reports the DMA error and the address; nothing after it is written.
/// 4. <see cref="InterruptHandler"/> is the IRQ line; <see cref="Reset"/> drops a job in flight and leaves secure mode.
/// Secure mode (<see cref="SecureMode"/>, the register a driver sets for a restricted session) works as the
/// Mali GPU's protected mode: the decoder issues secure transactions, reads any memory the firewall lets it
/// read, and writes the picture only when every page of the destination is protected memory; otherwise the
/// job stops with <see cref="VideoDecoderStatus.SecureWriteError"/> and nothing is written.
/// Model: out of secure mode the accesses are non-secure transactions of the decoder's master; what counts
/// as protected memory is what the firewall refuses to this master's non-secure writes and grants to its
/// secure ones (the board wires the decoder as a secure-capable master, as the GPU).
/// </summary>
public sealed class VideoDecoderCore
{
    /// <summary>Assumed: register setup and header parse of one job (no published figure for this block).</summary>
    public const ulong StartNs = 20_000;

    /// <summary>Assumed: 4 bytes of NV12 output per ns (a 1080p picture in about 0.8 ms, 4K in 3 ms).</summary>
    public const ulong BytesPerNs = 4;

    private readonly EventQueue _events;
    private readonly SimClock _clock;
    private readonly Trace _trace;
    private readonly Tzc400Firewall _firewall;
    private byte[] _bitstream = [];
    private byte[] _picture = [];
    private ScheduledEvent? _inFlight;

    public VideoDecoderCore(string name, DeviceMaster master, Tzc400Firewall firewall, EventQueue events, SimClock clock, Trace trace)
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
                throw new InvalidOperationException($"video decoder '{Name}': secure mode changed while a job runs");
            }

            if (value)
            {
                Master.Master.EnsureCanIssue(SecurityState.Secure);
            }

            field = value;
        }
    }

    /// <summary>The IRQ line: called when a job ends.</summary>
    public Action<VideoDecoderInterrupt>? InterruptHandler { get; set; }

    /// <summary>Jobs started since power-on.</summary>
    public long JobsStarted { get; private set; }

    /// <summary>Jobs that ended with an error.</summary>
    public long JobsFailed { get; private set; }

    /// <summary>
    /// Starts decoding the frame in [<paramref name="bitstream"/>, +<paramref name="bitstreamLength"/>) into
    /// [<paramref name="picture"/>, +<paramref name="pictureLength"/>). Starting a busy decoder is a driver bug and throws.
    /// </summary>
    public void Start(DeviceAddr bitstream, uint bitstreamLength, DeviceAddr picture, uint pictureLength)
    {
        if (IsBusy)
        {
            throw new InvalidOperationException($"video decoder '{Name}' is started while a job runs (one job in flight)");
        }

        JobsStarted++;
        var interrupt = Run(bitstream, bitstreamLength, picture, pictureLength);
        var duration = StartNs + ((ulong)interrupt.BytesWritten / BytesPerNs);
        _inFlight = _events.ScheduleAfter(duration, () => Complete(interrupt), name: Name + " irq");
        if (_trace.IsEnabled)
        {
            _trace.Record(new TraceEvent(_clock.Now, TraceKind.Note, Name, bitstream.Value, picture.Value, duration, "vdec job start"));
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

    private void Complete(VideoDecoderInterrupt interrupt)
    {
        _inFlight = null;
        if (interrupt.Status != VideoDecoderStatus.Done)
        {
            JobsFailed++;
        }

        InterruptHandler?.Invoke(interrupt with { Time = _clock.Now });
    }

    private VideoDecoderInterrupt Run(DeviceAddr bitstream, uint bitstreamLength, DeviceAddr picture, uint pictureLength)
    {
        if (bitstreamLength < Pmv1Codec.HeaderSize)
        {
            return new VideoDecoderInterrupt(0, VideoDecoderStatus.BitstreamError, 0, 0, 0, null, DeviceAccessResult.Ok);
        }

        if (_bitstream.Length < bitstreamLength)
        {
            _bitstream = new byte[bitstreamLength];
        }

        var state = SecureMode ? SecurityState.Secure : SecurityState.NonSecure;
        var input = _bitstream.AsSpan(0, (int)bitstreamLength);
        if (!Master.TryRead(bitstream, input, state, out var readResult))
        {
            return new VideoDecoderInterrupt(0, VideoDecoderStatus.DmaReadError, 0, 0, 0, Master.LastFaultAddress, readResult);
        }

        if (!Pmv1Codec.TryReadHeader(input, out var width, out var height, out _))
        {
            return new VideoDecoderInterrupt(0, VideoDecoderStatus.BitstreamError, 0, 0, 0, null, DeviceAccessResult.Ok);
        }

        var size = Pmv1Codec.Nv12Size(width, height);
        if ((uint)size > pictureLength)
        {
            return new VideoDecoderInterrupt(0, VideoDecoderStatus.BitstreamError, width, height, 0, null, DeviceAccessResult.Ok);
        }

        if (_picture.Length < size)
        {
            _picture = new byte[size];
        }

        var output = _picture.AsSpan(0, size);
        if (!Pmv1Codec.TryDecode(input, output, out _, out _))
        {
            return new VideoDecoderInterrupt(0, VideoDecoderStatus.BitstreamError, width, height, 0, null, DeviceAccessResult.Ok);
        }

        if (SecureMode && Master.FirstUnprotectedPage(_firewall, picture, (uint)size) is { } open)
        {
            return new VideoDecoderInterrupt(0, VideoDecoderStatus.SecureWriteError, width, height, 0, open, DeviceAccessResult.Ok);
        }

        if (!Master.TryWrite(picture, output, state, out var writeResult))
        {
            return new VideoDecoderInterrupt(0, VideoDecoderStatus.DmaWriteError, width, height, 0, Master.LastFaultAddress, writeResult);
        }

        return new VideoDecoderInterrupt(0, VideoDecoderStatus.Done, width, height, size, null, DeviceAccessResult.Ok);
    }
}
