using System.Buffers.Binary;
using Protmem.Uapi;
using Protmem.Uapi.Accel;
using Protmem.Uapi.Drm;

namespace Protmem.Userspace.Accel;

/// <summary>
/// A rocket NPU client speaking only the uapi, as Mesa's rocket driver does: open /dev/accel/accelN,
/// CREATE_BO and mmap each BO at its offset, write command lists and data, SUBMIT jobs, PREP_BO before
/// reading results. Methods return the raw result (0 or -errno) where a test wants to see it; the
/// constructors throw <see cref="ErrnoException"/>. Disposing closes the fd and unmaps the staging buffer.
/// </summary>
public sealed class RocketClient : IDisposable
{
    private const ulong StagingSize = 64 * 1024;

    private readonly ISyscalls _sys;
    private readonly UserBuffer _args;

    private RocketClient(ISyscalls sys, int fd)
    {
        _sys = sys;
        Fd = fd;
        _args = UserBuffer.Map(sys, StagingSize);
    }

    /// <summary>The accel fd.</summary>
    public int Fd { get; }

    /// <summary>Opens <paramref name="path"/> (default /dev/accel/accel0).</summary>
    public static RocketClient Open(ISyscalls sys, string path = DrmIoctl.AccelPrefix + "0")
    {
        ArgumentNullException.ThrowIfNull(sys);
        return new RocketClient(sys, ErrnoException.Check(sys.Open(path, Fcntl.O_RDWR), "open " + path));
    }

    /// <summary>DRM_IOCTL_ROCKET_CREATE_BO, then mmap of the BO; throws on failure.</summary>
    public RocketBo CreateBo(uint size)
    {
        var args = new DrmRocketCreateBo { BoSize = size };
        ErrnoException.Check(TryCreateBo(ref args), "DRM_IOCTL_ROCKET_CREATE_BO");
        var address = ErrnoException.Check(
            _sys.Mmap(0, args.BoSize, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_SHARED, Fd, (long)args.Offset),
            "mmap of a rocket BO");
        return new RocketBo(args.Handle, args.DmaAddress, args.BoSize, (ulong)address);
    }

    /// <summary>DRM_IOCTL_ROCKET_CREATE_BO alone: the raw result.</summary>
    public int TryCreateBo(ref DrmRocketCreateBo args) => _args.Ioctl(Fd, RocketIoctl.DRM_IOCTL_ROCKET_CREATE_BO, ref args);

    /// <summary>Writes bytes into a BO through its mapping.</summary>
    public void Write(RocketBo bo, ulong offset, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(bo);
        ErrnoException.Check(_sys.WriteMemory(bo.MapAddress + offset, bytes), "write to a rocket BO");
    }

    /// <summary>Reads bytes from a BO through its mapping.</summary>
    public void Read(RocketBo bo, ulong offset, Span<byte> into)
    {
        ArgumentNullException.ThrowIfNull(bo);
        ErrnoException.Check(_sys.ReadMemory(bo.MapAddress + offset, into), "read from a rocket BO");
    }

    /// <summary>DRM_IOCTL_ROCKET_SUBMIT of <paramref name="jobs"/>: the raw result.</summary>
    public int Submit(IReadOnlyList<RocketJobSpec> jobs, uint? jobStructSize = null, ulong reserved = 0)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var stride = jobStructSize ?? DrmRocketJob.Size;
        var cursor = (ulong)jobs.Count * Math.Max(stride, DrmRocketJob.Size);
        var jobBytes = new byte[cursor];
        for (var i = 0; i < jobs.Count; i++)
        {
            var spec = jobs[i];
            var tasks = Stage(ref cursor, spec.Tasks.Count * DrmRocketTask.Size, span =>
            {
                for (var t = 0; t < spec.Tasks.Count; t++)
                {
                    new DrmRocketTask { Regcmd = spec.Tasks[t].Regcmd, RegcmdCount = spec.Tasks[t].Count }.Write(span[(t * DrmRocketTask.Size)..]);
                }
            });
            var inHandles = StageHandles(ref cursor, spec.InHandles);
            var outHandles = StageHandles(ref cursor, spec.OutHandles);
            new DrmRocketJob
            {
                Tasks = tasks,
                InBoHandles = inHandles,
                OutBoHandles = outHandles,
                TaskCount = (uint)spec.Tasks.Count,
                TaskStructSize = DrmRocketTask.Size,
                InBoHandleCount = (uint)spec.InHandles.Count,
                OutBoHandleCount = (uint)spec.OutHandles.Count,
            }.Write(jobBytes.AsSpan(i * (int)Math.Max(stride, DrmRocketJob.Size)));
        }

        _args.Write(0, jobBytes);
        var submit = new DrmRocketSubmit { Jobs = _args.AddressOf(0), JobCount = (uint)jobs.Count, JobStructSize = stride, Reserved = reserved };
        return _args.Ioctl(Fd, RocketIoctl.DRM_IOCTL_ROCKET_SUBMIT, ref submit, StagingSize - 64);
    }

    /// <summary>DRM_IOCTL_ROCKET_SUBMIT with a hand-built argument: the raw result.</summary>
    public int SubmitRaw(DrmRocketSubmit submit) => _args.Ioctl(Fd, RocketIoctl.DRM_IOCTL_ROCKET_SUBMIT, ref submit, StagingSize - 64);

    /// <summary>DRM_IOCTL_ROCKET_PREP_BO: waits for the NPU's writes until the absolute <paramref name="timeoutNs"/>.</summary>
    public int PrepBo(uint handle, long timeoutNs = long.MaxValue, uint reserved = 0)
    {
        var args = new DrmRocketPrepBo { Handle = handle, Reserved = reserved, TimeoutNs = timeoutNs };
        return _args.Ioctl(Fd, RocketIoctl.DRM_IOCTL_ROCKET_PREP_BO, ref args, StagingSize - 64);
    }

    /// <summary>DRM_IOCTL_ROCKET_FINI_BO.</summary>
    public int FiniBo(uint handle, uint reserved = 0)
    {
        var args = new DrmRocketFiniBo { Handle = handle, Reserved = reserved };
        return _args.Ioctl(Fd, RocketIoctl.DRM_IOCTL_ROCKET_FINI_BO, ref args, StagingSize - 64);
    }

    /// <summary>DRM_IOCTL_GEM_CLOSE.</summary>
    public int CloseBo(uint handle)
    {
        var args = new DrmGemClose { Handle = handle };
        return _args.Ioctl(Fd, DrmIoctl.DRM_IOCTL_GEM_CLOSE, ref args, StagingSize - 64);
    }

    /// <summary>The staging buffer, for tests that build arguments by hand.</summary>
    public UserBuffer Staging => _args;

    public void Dispose()
    {
        _args.Dispose();
        _sys.Close(Fd);
    }

    private ulong StageHandles(ref ulong cursor, IReadOnlyList<uint> handles) => Stage(ref cursor, handles.Count * 4, span =>
    {
        for (var h = 0; h < handles.Count; h++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span[(h * 4)..], handles[h]);
        }
    });

    private ulong Stage(ref ulong cursor, int length, SpanAction fill)
    {
        if (length == 0)
        {
            return 0;
        }

        if (cursor + (ulong)length > StagingSize - 64)
        {
            throw new ArgumentException("the jobs do not fit the client's 64 KiB staging buffer");
        }

        var bytes = new byte[length];
        fill(bytes);
        _args.Write(cursor, bytes);
        var address = _args.AddressOf(cursor);
        cursor += ((ulong)length + 7) & ~7UL;
        return address;
    }

    private delegate void SpanAction(Span<byte> span);
}
