using BenchmarkDotNet.Attributes;
using Protmem.Platform;
using Protmem.Uapi;
using Protmem.Userspace.DmaHeaps;
using Protmem.Userspace.TeeClient;
using Protmem.Userspace.Xtest;

namespace Protmem.Benchmarks;

/// <summary>
/// One TA invocation as xtest --sdp-basic makes it, on a warm machine: TA_SDP_BASIC_CMD_INJECT with a
/// 5000-byte temporary input memref (libteec stages it in a fresh shm) into a registered protected
/// buffer, and TRANSFORM of the protected buffer in place (no temporary memref). The goal:
/// at most 1 KB allocated per invocation. The data is seeded random bytes, as xtest's are: all-zero data
/// would make every DRAM write take the scan for a non-zero byte, which xtest never does.
/// </summary>
[MemoryDiagnoser]
#pragma warning disable CA1001 // BenchmarkDotNet owns the lifetime: [GlobalCleanup] disposes everything.
public class TeeInvokeBenchmarks
#pragma warning restore CA1001
{
    private const int Size = 5000;
    private const int Seed = 13;
    private readonly byte[] _data = new byte[Size];
    private Machine _machine = null!;
    private TeecContext _context = null!;
    private TeecSession _session = null!;
    private TeecSharedMemory _shm = null!;

    [GlobalSetup]
    public void Setup()
    {
        new Random(Seed).NextBytes(_data);
        _machine = Machine.Boot("qemu-virt");
        var sys = _machine.Spawn("xtest");
        Check(TeecContext.InitializeContext(sys, out var context));
        _context = context!;
        Check(_context.OpenSession(SdpTrustedApps.SdpBasicTa, out var session));
        _session = session!;
        using var library = new DmaHeapLibrary(sys);
        using var heap = library.OpenHeap("protected,secure-video", Fcntl.O_RDWR);
        using var buffer = heap.Allocate(Size);
        Check(_context.RegisterSharedMemoryFileDescriptor(buffer.Fd, Teec.TEEC_MEM_INPUT | Teec.TEEC_MEM_OUTPUT, out var shm));
        _shm = shm!;
    }

    /// <summary>INJECT: a temporary input memref of 5000 bytes into the protected buffer.</summary>
    [Benchmark]
    public uint InjectTempMemref() => _session.InvokeCommand(SdpTrustedApps.TA_SDP_BASIC_CMD_INJECT, new TeecOperation(
        TeecParameter.Temp(Teec.TEEC_MEMREF_TEMP_INPUT, _data),
        TeecParameter.Partial(Teec.TEEC_MEMREF_PARTIAL_OUTPUT, _shm, 0, Size))).Result;

    /// <summary>TRANSFORM: the protected buffer negated in place (a registered memref only).</summary>
    [Benchmark]
    public uint TransformRegisteredMemref() => _session.InvokeCommand(SdpTrustedApps.TA_SDP_BASIC_CMD_TRANSFORM, new TeecOperation(
        TeecParameter.Partial(Teec.TEEC_MEMREF_PARTIAL_INOUT, _shm, 0, Size))).Result;

    [GlobalCleanup]
    public void Cleanup()
    {
        _shm.Dispose();
        _session.Dispose();
        _context.Dispose();
        _machine.Dispose();
    }

    private static void Check(TeecStatus status)
    {
        if (!status.IsSuccess)
        {
            throw new InvalidOperationException($"benchmark setup failed: {status}");
        }
    }
}
