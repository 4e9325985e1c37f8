using Protmem.Uapi;
using Protmem.Uapi.Videodev2;
using Protmem.Userspace.DmaHeaps;
using Protmem.Userspace.HeapSelection;
using Protmem.Userspace.Media.V4l2;
using static Protmem.Uapi.Videodev2.V4l2Ioctl;

namespace Protmem.Userspace.Media.Recorder;

/// <summary>
/// The secure-video recorder, a program that speaks only the ABI: the camera captures into protected pictures, the
/// encoder reads them and writes a protected PMV1 bitstream; every buffer comes from the record heap, both devices
/// run restricted queues, and the program learns only sizes and sequence numbers.
/// 1. <see cref="Open"/>: the camera and the encoder found by QUERYCAP (drivers rkcif and rkvenc); pictures and
///    bitstreams from the heap the kernel says both import for secure-video-record (or the one the options name); NV12 on the camera and the encoder's OUTPUT, PMV1 on its CAPTURE; every picture
///    queued on the camera; both stream.
/// 2. <see cref="Record"/>, per frame: poll the camera, DQBUF the picture, QBUF it on the encoder's OUTPUT with a
///    free bitstream on its CAPTURE, poll, DQBUF both; the bitstream (fd, bytes, sequence) goes to the caller's
///    callback (which may hand it on: a TA re-encrypting it for export, or the model's own check), then both
///    buffers go back.
/// 3. <see cref="Dispose"/>: streams off, every fd closed.
/// </summary>
public sealed class SecureVideoRecorder : IDisposable
{
    public const string CameraDriver = "rkcif";
    public const string EncoderDriver = "rkvenc";

    /// <summary>The use case whose heap the recorder asks the kernel for.</summary>
    public const string UseCase = "secure-video-record";
    private const uint Capture = V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE;
    private const uint Output = V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE;
    private const int PollMs = 1000;

    private readonly List<IDisposable> _owned = [];
    private readonly List<DmaBuffer> _pictures = [];
    private readonly List<DmaBuffer> _bitstreams = [];
    private readonly RecordOptions _options;
    private V4l2CaptureClient? _camera;
    private V4l2EncoderClient? _encoder;
    private bool _streaming;
    private bool _disposed;

    private SecureVideoRecorder(RecordOptions options) => _options = options;

    /// <summary>The heap every buffer came from (the options' or the solver's), once set up.</summary>
    public string? HeapName { get; private set; }

    /// <summary>The step that failed in <see cref="Open"/>, or null once the pipeline is up.</summary>
    public string? SetupFailure { get; private set; }

    /// <summary>The camera's and the encoder's nodes (QUERYCAP's driver), or why the board has none.</summary>
    public static (string? Camera, string? Encoder, string? Missing) FindDevices(ISyscalls sys)
    {
        ArgumentNullException.ThrowIfNull(sys);
        string? camera = null, encoder = null;
        for (var n = 0; n < 16; n++)
        {
            var path = $"/dev/video{n}";
            var fd = sys.Open(path, Fcntl.O_RDWR);
            if (fd < 0)
            {
                continue;
            }

            sys.Close(fd);
            using var probe = V4l2CaptureClient.Open(sys, path);
            var driver = probe.Querycap().Driver;
            camera ??= driver == CameraDriver ? path : null;
            encoder ??= driver == EncoderDriver ? path : null;
        }

        return (camera, encoder, camera is null ? $"no camera ({CameraDriver})" : encoder is null ? $"no video encoder ({EncoderDriver})" : null);
    }

    /// <summary>Sets the pipeline up; <see cref="SetupFailure"/> says what failed (the recorder then records nothing).</summary>
    public static SecureVideoRecorder Open(ISyscalls sys, RecordOptions options)
    {
        ArgumentNullException.ThrowIfNull(sys);
        ArgumentNullException.ThrowIfNull(options);
        var recorder = new SecureVideoRecorder(options);
        try
        {
            recorder.SetupFailure = recorder.Setup(sys);
        }
        catch (ErrnoException e)
        {
            recorder.SetupFailure = e.Message;
        }

        return recorder;
    }

    /// <summary>Records <paramref name="frames"/> frames; <paramref name="onFrame"/> sees each encoded frame while its buffer is still the program's.</summary>
    public RecordResult Record(int frames, Action<RecordedFrame>? onFrame = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (SetupFailure is not null)
        {
            return new RecordResult(0, [], SetupFailure);
        }

        var sizes = new List<uint>();
        try
        {
            for (var i = 0; i < frames; i++)
            {
                var camera = _camera!;
                var encoder = _encoder!;
                if (camera.Poll(PollMs, out _) <= 0)
                {
                    return new RecordResult(sizes.Count, sizes, $"frame {i}: the camera delivered no picture");
                }

                var picture = camera.DequeueBuffer();
                if (picture.IsError)
                {
                    return new RecordResult(sizes.Count, sizes, $"frame {i}: the camera failed (V4L2_BUF_FLAG_ERROR)");
                }

                var p = (int)picture.Index;
                var b = i % _bitstreams.Count;
                var queued = encoder.TryQueueBuffer(Output, (uint)p, _pictures[p].Fd, picture.BytesUsed);
                if (queued < 0)
                {
                    return new RecordResult(sizes.Count, sizes, $"frame {i}: VIDIOC_QBUF (encoder OUTPUT): {Errno.Describe(queued)}");
                }

                encoder.QueueBuffer(Capture, (uint)b, _bitstreams[b].Fd);
                if (encoder.Poll(Poll.POLLIN, PollMs, out _) <= 0)
                {
                    return new RecordResult(sizes.Count, sizes, $"frame {i}: the encoder returned nothing");
                }

                var (coded, plane) = encoder.DequeueBuffer(Capture);
                encoder.DequeueBuffer(Output);
                if ((coded.Flags & V4L2_BUF_FLAG_ERROR) != 0)
                {
                    return new RecordResult(sizes.Count, sizes, $"frame {i}: the encoder failed (V4L2_BUF_FLAG_ERROR)");
                }

                sizes.Add(plane.BytesUsed);
                onFrame?.Invoke(new RecordedFrame(picture.Sequence, _bitstreams[(int)coded.Index].Fd, plane.BytesUsed));
                camera.QueueBuffer((uint)p, _pictures[p].Fd);
            }
        }
        catch (ErrnoException e)
        {
            return new RecordResult(sizes.Count, sizes, e.Message);
        }

        return new RecordResult(sizes.Count, sizes, null);
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
            _camera!.TryStreamOff();
            _encoder!.TryStreamOff(Output);
            _encoder.TryStreamOff(Capture);
        }

        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }
    }

    private string? Setup(ISyscalls sys)
    {
        var (cameraPath, encoderPath, missing) = FindDevices(sys);
        if (missing is not null)
        {
            return missing;
        }

        _camera = V4l2CaptureClient.Open(sys, cameraPath!);
        _owned.Add(_camera);
        _encoder = V4l2EncoderClient.Open(sys, encoderPath!);
        _owned.Add(_encoder);
        var (w, h) = ((uint)_options.Width, (uint)_options.Height);
        var picture = _camera.SetFormat(w, h);
        _encoder.SetFormat(Output, V4L2_PIX_FMT_NV12, w, h);
        ErrnoException.Check(_encoder.TryGetFormat(Capture, out var coded), "VIDIOC_G_FMT (encoder CAPTURE)");

        var heapName = _options.Heap;
        if (heapName is null)
        {
            var choice = HeapSolver.Solve(sys, new HeapRequest(UseCase, [cameraPath!, encoderPath!]));
            if (choice.Heap is not { } chosen)
            {
                return choice.Explanation;
            }

            heapName = chosen.Name;
        }

        HeapName = heapName;
        var heaps = new DmaHeapLibrary(sys);
        _owned.Add(heaps);
        using (var heap = heaps.OpenHeap(heapName))
        {
            for (var i = 0; i < _options.Pictures; i++)
            {
                _pictures.Add(Own(heap.Allocate(picture.SizeImage)));
            }

            for (var i = 0; i < _options.Bitstreams; i++)
            {
                _bitstreams.Add(Own(heap.Allocate(coded.SizeImage)));
            }
        }

        ErrnoException.Check(_camera.TryRequestBuffers((uint)_pictures.Count, _options.Restricted, out _), "VIDIOC_REQBUFS (camera)");
        ErrnoException.Check(_encoder.TryRequestBuffers(Output, (uint)_pictures.Count, _options.Restricted, out _), "VIDIOC_REQBUFS (encoder OUTPUT)");
        ErrnoException.Check(_encoder.TryRequestBuffers(Capture, (uint)_bitstreams.Count, _options.Restricted, out _), "VIDIOC_REQBUFS (encoder CAPTURE)");
        for (var i = 0; i < _pictures.Count; i++)
        {
            var queued = _camera.TryQueueBuffer((uint)i, _pictures[i].Fd);
            if (queued < 0)
            {
                return $"VIDIOC_QBUF (camera): {Errno.Describe(queued)}";
            }
        }

        _camera.StreamOn();
        _encoder.StreamOn(Output);
        _encoder.StreamOn(Capture);
        _streaming = true;
        return null;
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
