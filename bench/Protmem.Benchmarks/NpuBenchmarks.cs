using BenchmarkDotNet.Attributes;
using Protmem.Platform;
using Protmem.Platform.Boards;
using Protmem.Platform.Npu;
using Protmem.Uapi.Accel;
using Protmem.Userspace.Accel;

namespace Protmem.Benchmarks;

/// <summary>
/// The NPU on rk3588 (per-file-domain, as merged): one small job (a 64-element multiply-accumulate)
/// submitted and waited for with PREP_BO, and the whole <c>protmem compare npu-isolation</c> with
/// 4 clients × 1000 jobs under all five strategies (goal: under 2 s of host time).
/// </summary>
[MemoryDiagnoser]
public class NpuBenchmarks
{
    private PlatformDescription _rk3588 = null!;
    private Machine _machine = null!;
    private RocketClient _client = null!;
    private RocketJobSpec _job = null!;
    private uint _output;

    [GlobalSetup]
    public void Setup()
    {
        _rk3588 = PlatformCatalog.Load("rk3588");
        _machine = Machine.Boot(_rk3588);
        _client = RocketClient.Open(_machine.Spawn("bench"));
        var regcmd = _client.CreateBo(4096);
        var a = _client.CreateBo(4096);
        var output = _client.CreateBo(4096);
        var list = new NpuCommandList().Mac(a.DmaAddress, a.DmaAddress, output.DmaAddress, 64).End();
        _client.Write(regcmd, 0, list.ToArray());
        _job = new RocketJobSpec([((uint)regcmd.DmaAddress, list.WordCount)], [regcmd.Handle, a.Handle], [output.Handle]);
        _output = output.Handle;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _machine.Dispose();
    }

    /// <summary>One NPU job: SUBMIT, run on a core through its IOMMU, PREP_BO until its fence signals.</summary>
    [Benchmark]
    public int NpuJob_SubmitAndWait()
    {
        _client.Submit([_job]);
        return _client.PrepBo(_output);
    }

    /// <summary>protmem compare npu-isolation --clients 4 --jobs 1000.</summary>
    [Benchmark]
    public int CompareNpuIsolation_4Clients1000Jobs() => NpuIsolationComparison.Run(_rk3588, clients: 4, jobs: 1000).Count;
}
