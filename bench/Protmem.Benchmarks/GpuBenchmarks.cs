using BenchmarkDotNet.Attributes;
using Protmem.Platform;
using Protmem.Platform.Boards;
using Protmem.Uapi.Drm;
using Protmem.Userspace.Gpu;

namespace Protmem.Benchmarks;

/// <summary>
/// The panthor GPU on rk3588: one normal job (a stream storing a marker) submitted and run to its fence, and one
/// protected enter/exit cycle (a PROTECTED group's stream with a one-instruction PROT_REGION) submitted and run
/// to its fence: GPU jobs and protected-mode cycles per second of host time.
/// </summary>
[MemoryDiagnoser]
public class GpuBenchmarks
{
    private const ulong StreamVa = 0x10000;
    private const ulong ProtectedStreamVa = 0x20000;
    private const ulong StatusVa = 0x30000;
    private Machine _machine = null!;
    private PanthorClient _gpu = null!;
    private uint _normal;
    private uint _protected;
    private uint _normalSize;
    private uint _protectedSize;

    [GlobalSetup]
    public void Setup()
    {
        _machine = Machine.Boot(Machine.WithGpuFwMemory(PlatformCatalog.Load("rk3588"), "protected-heap"));
        _gpu = PanthorClient.Open(_machine.Spawn("bench"));
        var vm = _gpu.CreateVm();
        var normal = new PanthorCsBuilder().Mov48(0, StatusVa).Mov48(1, 1).Store64(0, 1);
        var prot = new PanthorCsBuilder().ProtRegion(1).Nop();
        Write(vm, StreamVa, normal.ToArray());
        Write(vm, ProtectedStreamVa, prot.ToArray());
        Write(vm, StatusVa, new byte[8]);
        _normalSize = normal.ByteCount;
        _protectedSize = prot.ByteCount;
        Check(_gpu.TryCreateGroup(vm, 1, 0, out _normal));
        Check(_gpu.TryCreateGroup(vm, 1, PanthorIoctl.DRM_PANTHOR_GROUP_CREATE_PROTECTED, out _protected));
        _machine.Soc.Events.RunUntilEmpty();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _gpu.Dispose();
        _machine.Dispose();
    }

    /// <summary>One GPU job: GROUP_SUBMIT, the stream run through the GPU's page tables, the fence signalled.</summary>
    [Benchmark]
    public long GpuJob_SubmitAndRun()
    {
        Check(_gpu.TrySubmit(_normal, StreamVa, _normalSize));
        _machine.Soc.Events.RunUntilEmpty();
        return _machine.Gpu!.Stats.Completed;
    }

    /// <summary>One protected cycle: PROTM_PENDING, the tick, GLB_PROTM_ENTER, the region, the exit.</summary>
    [Benchmark]
    public long ProtectedEnterExit_Cycle()
    {
        Check(_gpu.TrySubmit(_protected, ProtectedStreamVa, _protectedSize));
        _machine.Soc.Events.RunUntilEmpty();
        return _machine.Gpu!.Gpu.ProtmExits;
    }

    private static void Check(int result)
    {
        if (result < 0)
        {
            throw new InvalidOperationException($"GPU benchmark setup failed: {result}");
        }
    }

    private void Write(uint vm, ulong va, byte[] bytes)
    {
        var (bo, size) = _gpu.CreateBo(4096);
        Check(_gpu.TryBind(vm, bo, va, size));
        _gpu.Write(_gpu.MapBo(bo, size), bytes);
    }
}
