using System.Buffers.Binary;
using Protmem.Uapi;
using Protmem.Uapi.Accel;
using Protmem.Uapi.Drm;

namespace Protmem.Platform.Npu;

/// <summary>
/// One client process of the NPU workload, speaking only the uapi through its <see cref="ISyscalls"/>: it
/// opens /dev/accel/accel0, creates and mmaps BOs, writes a command list, and submits a job that it staged
/// once in its own memory (the same submit each round, as an inference loop does).
/// </summary>
internal sealed class NpuWorkloadClient
{
    private const ulong StagingSize = 4096;
    private readonly ISyscalls _sys;
    private readonly ulong _staging;
    private ulong _submit;

    public NpuWorkloadClient(ISyscalls sys)
    {
        _sys = sys;
        Fd = Check(sys.Open(DrmIoctl.AccelPrefix + "0", Fcntl.O_RDWR), "open /dev/accel/accel0");
        _staging = (ulong)Check(sys.Mmap(0, StagingSize, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, -1, 0), "mmap");
    }

    public int Fd { get; }

    /// <summary>CREATE_BO and mmap: (handle, NPU address, user address).</summary>
    public (uint Handle, ulong DmaAddress, ulong Map) CreateBo(uint size)
    {
        var args = new DrmRocketCreateBo { BoSize = size };
        Ioctl(RocketIoctl.DRM_IOCTL_ROCKET_CREATE_BO, ref args, "DRM_IOCTL_ROCKET_CREATE_BO");
        var map = Check(_sys.Mmap(0, args.BoSize, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_SHARED, Fd, (long)args.Offset), "mmap of a BO");
        return (args.Handle, args.DmaAddress, (ulong)map);
    }

    public void Write(ulong address, ReadOnlySpan<byte> bytes) => Check(_sys.WriteMemory(address, bytes), "write");

    public void Read(ulong address, Span<byte> into) => Check(_sys.ReadMemory(address, into), "read");

    /// <summary>Stages one job of one task (<paramref name="regcmd"/>, <paramref name="words"/>) with its BO lists, for <see cref="Submit"/>.</summary>
    public void StageJob(ulong regcmd, uint words, uint[] inHandles, uint[] outHandles)
    {
        Span<byte> bytes = stackalloc byte[512];
        bytes.Clear();
        const int task = 64, ins = 128, outs = 256, job = 320;
        new DrmRocketTask { Regcmd = (uint)regcmd, RegcmdCount = words }.Write(bytes[task..]);
        for (var i = 0; i < inHandles.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes[(ins + (i * 4))..], inHandles[i]);
        }

        for (var i = 0; i < outHandles.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes[(outs + (i * 4))..], outHandles[i]);
        }

        new DrmRocketJob
        {
            Tasks = _staging + task,
            InBoHandles = _staging + ins,
            OutBoHandles = _staging + outs,
            TaskCount = 1,
            TaskStructSize = DrmRocketTask.Size,
            InBoHandleCount = (uint)inHandles.Length,
            OutBoHandleCount = (uint)outHandles.Length,
        }.Write(bytes[job..]);
        new DrmRocketSubmit { Jobs = _staging + job, JobCount = 1, JobStructSize = DrmRocketJob.Size }.Write(bytes);
        Write(_staging, bytes);
        _submit = _staging;
    }

    /// <summary>SUBMIT of the staged job.</summary>
    public void Submit() => Check(_sys.Ioctl(Fd, RocketIoctl.DRM_IOCTL_ROCKET_SUBMIT, _submit), "DRM_IOCTL_ROCKET_SUBMIT");

    /// <summary>PREP_BO: waits for the NPU's writes to the BO.</summary>
    public void PrepBo(uint handle)
    {
        var args = new DrmRocketPrepBo { Handle = handle, TimeoutNs = long.MaxValue };
        Ioctl(RocketIoctl.DRM_IOCTL_ROCKET_PREP_BO, ref args, "DRM_IOCTL_ROCKET_PREP_BO");
    }

    private void Ioctl<T>(uint request, ref T argument, string what)
        where T : struct, IUapiStruct<T>
    {
        Span<byte> bytes = stackalloc byte[T.Layout.Size];
        argument.Write(bytes);
        var at = _staging + StagingSize - 64;
        Write(at, bytes);
        Check(_sys.Ioctl(Fd, request, at), what);
        Read(at, bytes);
        argument = T.Read(bytes);
    }

    private static long Check(long result, string what) =>
        result >= 0 ? result : throw new InvalidOperationException($"the NPU workload's {what} failed: {Errno.Describe((int)result)}");

    private static int Check(int result, string what) => (int)Check((long)result, what);
}
