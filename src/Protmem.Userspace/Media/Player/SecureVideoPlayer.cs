using Protmem.Uapi;
using Protmem.Uapi.Drm;
using Protmem.Userspace.DmaHeaps;
using Protmem.Userspace.Media.Content;
using Protmem.Userspace.Media.Kms;
using Protmem.Userspace.Media.V4l2;
using Protmem.Userspace.TeeClient;
using static Protmem.Uapi.Videodev2.V4l2Ioctl;

namespace Protmem.Userspace.Media.Player;

/// <summary>
/// The secure-video player, a program that speaks only the ABI: every buffer comes from the protected heap, the
/// TA decrypts, the decoder decodes, the display shows, and no byte of content is ever in memory the program, the
/// CPU or another device can read.
/// 1. <see cref="Open"/>: a TEE session to the secure-video TA with the licence loaded; bitstream and picture buffers
///    from the heap (the bitstreams registered with the TEE once); /dev/video0 with PMV1 → NV12 formats and
///    (restricted) DMABUF queues; /dev/dri/card0 as master, the primary plane (the one that may show protected
///    content) and a framebuffer per picture buffer (PRIME import + ADDFB2 NV12).
/// 2. <see cref="Play"/>, per frame: the TA decrypts it into the next bitstream buffer; QBUF on OUTPUT; poll; DQBUF
///    the picture from CAPTURE; an atomic commit puts it on the plane (the first one also sets the mode); the picture
///    it replaces goes back to CAPTURE. The display's CRC of every frame is read back at the end.
/// 3. <see cref="Dispose"/>: streams off, framebuffers removed, the key unloaded, every fd closed.
/// </summary>
public sealed class SecureVideoPlayer : IDisposable
{
    private const uint Output = V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE;
    private const uint Capture = V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE;
    private const int PollMs = 1000;
    private const int CrcBatch = 64;

    private readonly List<IDisposable> _owned = [];
    private readonly List<DmaBuffer> _bitstreams = [];
    private readonly List<TeecSharedMemory> _bitstreamShm = [];
    private readonly List<DmaBuffer> _pictures = [];
    private readonly List<uint> _framebuffers = [];
    private readonly PlaybackOptions _options;
    private TeecContext? _tee;
    private SecureVideoTaClient? _ta;
    private uint _slot;
    private V4l2DecoderClient? _video;
    private KmsClient? _kms;
    private uint _crtc;
    private uint _connector;
    private uint _plane;
    private DrmModeModeInfo _mode;
    private bool _modeSet;
    private int _onScreen = -1;
    private long _lastCrcFrame = -1;
    private readonly List<uint> _crcs = [];
    private int _framesShown;
    private bool _streaming;
    private bool _disposed;

    private SecureVideoPlayer(PlaybackOptions options) => _options = options;

    /// <summary>The step that failed in <see cref="Open"/>, or null once the pipeline is up.</summary>
    public string? SetupFailure { get; private set; }

    /// <summary>Sets the pipeline up for <paramref name="licence"/>'s content; <see cref="SetupFailure"/> says what failed (the player then plays nothing).</summary>
    public static SecureVideoPlayer Open(ISyscalls sys, byte[] licence, PlaybackOptions options)
    {
        ArgumentNullException.ThrowIfNull(sys);
        ArgumentNullException.ThrowIfNull(licence);
        ArgumentNullException.ThrowIfNull(options);
        var player = new SecureVideoPlayer(options);
        try
        {
            player.SetupFailure = player.Setup(sys, licence);
        }
        catch (ErrnoException e)
        {
            player.SetupFailure = e.Message;
        }

        return player;
    }

    /// <summary>Plays <paramref name="frames"/> in order; stops at the first failure, which the result names.</summary>
    public PlaybackResult Play(IEnumerable<EncryptedFrame> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (SetupFailure is not null)
        {
            return new PlaybackResult(0, [], SetupFailure);
        }

        var shownBefore = _framesShown;
        string? failure = null;
        try
        {
            foreach (var frame in frames)
            {
                failure = PlayOne(frame);
                if (failure is not null)
                {
                    break;
                }
            }
        }
        catch (ErrnoException e)
        {
            failure = e.Message;
        }

        CollectCrcs();
        var mine = _crcs.ToList();
        _crcs.Clear();
        return new PlaybackResult(_framesShown - shownBefore, mine, failure);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_streaming)
        {
            _video!.TryStreamOff(Output);
            _video.TryStreamOff(Capture);
        }

        if (_kms is not null && _modeSet)
        {
            _kms.TryAtomicCommit(_kms.PlaneUpdates(_plane, 0, 0, 0, 0), 0);
        }

        foreach (var fb in _framebuffers)
        {
            _kms!.TryRemoveFb(fb);
        }

        if (_ta is not null && _slot != uint.MaxValue)
        {
            _ta.UnloadKey(_slot);
        }

        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }
    }

    private string? Setup(ISyscalls sys, byte[] licence)
    {
        _slot = uint.MaxValue;
        var status = TeecContext.InitializeContext(sys, out _tee);
        if (!status.IsSuccess)
        {
            return $"TEEC_InitializeContext: {status}";
        }

        _owned.Add(_tee!);
        status = SecureVideoTaClient.Open(_tee!, out _ta);
        if (!status.IsSuccess)
        {
            return $"opening the secure-video TA: {status}";
        }

        _owned.Add(_ta!);
        status = _ta!.LoadLicense(licence, out _slot);
        if (!status.IsSuccess)
        {
            _slot = uint.MaxValue;
            return $"LOAD_LICENSE: {status}";
        }

        // The decoder: its formats give the buffer sizes.
        _video = V4l2DecoderClient.Open(sys);
        _owned.Add(_video);
        var coded = _video.SetFormat(Output, V4L2_PIX_FMT_PMV1, (uint)_options.Width, (uint)_options.Height);
        ErrnoException.Check(_video.TryGetFormat(Capture, out var picture), "VIDIOC_G_FMT (CAPTURE)");
        if (coded.Width != _options.Width || coded.Height != _options.Height)
        {
            return $"the decoder does not take {_options.Width}x{_options.Height} (it offers {coded.Width}x{coded.Height})";
        }

        var heaps = new DmaHeapLibrary(sys);
        _owned.Add(heaps);
        using (var heap = heaps.OpenHeap(_options.Heap))
        {
            for (var i = 0; i < _options.BitstreamBuffers; i++)
            {
                _bitstreams.Add(Own(heap.Allocate(coded.SizeImage)));
            }

            for (var i = 0; i < _options.CaptureBuffers; i++)
            {
                _pictures.Add(Own(heap.Allocate(picture.SizeImage)));
            }
        }

        foreach (var bitstream in _bitstreams)
        {
            status = _tee!.RegisterSharedMemoryFileDescriptor(bitstream.Fd, Teec.TEEC_MEM_OUTPUT, out var shm);
            if (!status.IsSuccess)
            {
                return $"registering a bitstream buffer with the TEE: {status}";
            }

            _bitstreamShm.Add(Own(shm!));
        }

        ErrnoException.Check(_video.TryRequestBuffers(Output, (uint)_bitstreams.Count, _options.Restricted, out _), "VIDIOC_REQBUFS (OUTPUT)");
        ErrnoException.Check(_video.TryRequestBuffers(Capture, (uint)_pictures.Count, _options.Restricted, out _), "VIDIOC_REQBUFS (CAPTURE)");

        // The display: master, the primary plane, a mode of the stream's size, a framebuffer per picture.
        _kms = KmsClient.Open(sys);
        _owned.Add(_kms);
        _kms.Initialise();
        var pipeline = _kms.FindPipeline();
        (_crtc, _connector, _plane) = (pipeline.Crtc, pipeline.Connector, pipeline.PrimaryPlane);
        var modes = _kms.GetConnector(_connector).Modes;
        if (!modes.Any(m => m.HDisplay == _options.Width && m.VDisplay == _options.Height))
        {
            return $"the display has no {_options.Width}x{_options.Height} mode";
        }

        _mode = modes.First(m => m.HDisplay == _options.Width && m.VDisplay == _options.Height);
        var (w, h) = ((uint)_options.Width, (uint)_options.Height);
        foreach (var buffer in _pictures)
        {
            ErrnoException.Check(_kms.TryImport(buffer.Fd, out var handle), "DRM_IOCTL_PRIME_FD_TO_HANDLE");
            ErrnoException.Check(_kms.TryAddFbNv12(handle, w, h, w, w * h, out var fb), "DRM_IOCTL_MODE_ADDFB2");
            _framebuffers.Add(fb);
        }

        _lastCrcFrame = _kms.ReadCrcs() is { Count: > 0 } before ? before[^1].Frame : -1;
        for (var i = 0; i < _pictures.Count; i++)
        {
            _video.QueueBuffer(Capture, (uint)i, _pictures[i].Fd);
        }

        _video.StreamOn(Output);
        _video.StreamOn(Capture);
        _streaming = true;
        return null;
    }

    private string? PlayOne(EncryptedFrame frame)
    {
        var video = _video!;

        // A free bitstream buffer: one never queued, else the one the decoder returns.
        int slot;
        if (_framesShown < _bitstreams.Count)
        {
            slot = _framesShown;
        }
        else
        {
            if (video.Poll(Poll.POLLOUT, PollMs, out _) <= 0)
            {
                return $"frame {frame.Index}: the decoder returned no bitstream buffer";
            }

            slot = (int)video.DequeueBuffer(Output).Buffer.Index;
        }

        var status = _ta!.DecryptFrame(_slot, frame.Index, frame.Bytes, _bitstreamShm[slot], 0, out var written);
        if (!status.IsSuccess)
        {
            return $"frame {frame.Index}: DECRYPT_FRAME: {status}";
        }

        var queued = video.TryQueueBuffer(Output, (uint)slot, _bitstreams[slot].Fd, (uint)written);
        if (queued < 0)
        {
            return $"frame {frame.Index}: VIDIOC_QBUF (OUTPUT): {Errno.Describe(queued)}";
        }

        if (video.Poll(Poll.POLLIN, PollMs, out _) <= 0)
        {
            return $"frame {frame.Index}: no decoded picture";
        }

        var (picture, _) = video.DequeueBuffer(Capture);
        if ((picture.Flags & V4L2_BUF_FLAG_ERROR) != 0)
        {
            return $"frame {frame.Index}: the decoder failed (V4L2_BUF_FLAG_ERROR)";
        }

        var index = (int)picture.Index;
        var (w, h) = ((uint)_options.Width, (uint)_options.Height);
        var committed = _modeSet
            ? _kms!.TryAtomicCommit(_kms.PlaneUpdates(_plane, _crtc, _framebuffers[index], w, h), 0)
            : _kms!.TryShow(_crtc, _connector, _plane, _mode, _framebuffers[index], w, h);
        if (committed < 0)
        {
            return $"frame {frame.Index}: DRM_IOCTL_MODE_ATOMIC: {Errno.Describe(committed)}";
        }

        _modeSet = true;
        _framesShown++;

        // The picture that left the screen goes back to the decoder.
        if (_onScreen >= 0)
        {
            video.QueueBuffer(Capture, (uint)_onScreen, _pictures[_onScreen].Fd);
        }

        _onScreen = index;

        // The CRC ring keeps the last 128 frames: collect well before it wraps.
        if (_framesShown % CrcBatch == 0)
        {
            CollectCrcs();
        }

        return null;
    }

    /// <summary>Appends the CRCs of the frames scanned out since the last read (the entries after the last frame number seen).</summary>
    private void CollectCrcs()
    {
        foreach (var (frame, crc) in _kms!.ReadCrcs())
        {
            if (frame > _lastCrcFrame)
            {
                _crcs.Add(crc);
                _lastCrcFrame = frame;
            }
        }
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
