using BenchmarkDotNet.Attributes;
using Protmem.Hardware;
using Protmem.Hardware.Bus;
using Protmem.Hardware.Firewall;

namespace Protmem.Benchmarks;

/// <summary>
/// DRAM through the bus against a plain span copy of the same size (the goal: at least half the plain
/// copy's throughput at 1 MiB), and firewall-checked accesses per second with every region in use.
/// </summary>
[MemoryDiagnoser]
public class HardwareBenchmarks
{
    private const int SmallAccesses = 1000;
    private Soc _soc = null!;
    private BusMaster _dma = null!;
    private byte[] _source = null!;
    private byte[] _destination = null!;
    private byte[] _small = null!;
    private PhysAddr _buffer;

    [Params(4096, 1 << 20)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _soc = HardwareBoards.Build(16UL << 30);
        _dma = _soc.Master("dma");
        _buffer = new PhysAddr(HardwareBoards.DramBase + (512UL << 20));
        _source = new byte[Size];
        new Protmem.Hardware.Time.DeterministicRandom(1).NextBytes(_source);
        _destination = new byte[Size];
        _small = new byte[64];
        _soc.Memory.Write(_buffer, _source);

        // Every programmable region in use, away from the buffer: each check walks all eight.
        var cap = _soc.TakeSecureFirmwareCapability();
        for (var i = 1; i <= _soc.Firewall.RegionCount; i++)
        {
            _soc.Firewall.ProgramRegion(cap, i, new PhysRange(new PhysAddr(HardwareBoards.DramBase + ((ulong)i << 20)), 1UL << 20),
                FirewallPermissions.SecureOnly.WithNonSecure(_dma.Id, read: true, write: true));
        }
    }

    [Benchmark(Baseline = true, Description = "plain span copy")]
    public void PlainCopy() => _source.AsSpan().CopyTo(_destination);

    [Benchmark(Description = "bus read")]
    public bool BusRead() => _soc.Bus.TryRead(_dma, SecurityState.NonSecure, _buffer, _destination);

    [Benchmark(Description = "bus write")]
    public bool BusWrite() => _soc.Bus.TryWrite(_dma, SecurityState.NonSecure, _buffer, _source);

    [Benchmark(OperationsPerInvoke = SmallAccesses, Description = "64 B firewall-checked bus reads (per access)")]
    public int FirewallCheckedReads()
    {
        var ok = 0;
        for (var i = 0; i < SmallAccesses; i++)
        {
            if (_soc.Bus.TryRead(_dma, SecurityState.NonSecure, _buffer + ((ulong)i * 64 % (ulong)Size), _small))
            {
                ok++;
            }
        }

        return ok;
    }

    [Benchmark(OperationsPerInvoke = SmallAccesses, Description = "firewall verdicts (per check)")]
    public int FirewallVerdicts()
    {
        var allowed = 0;
        for (var i = 0; i < SmallAccesses; i++)
        {
            if (_soc.Firewall.Allows(_dma.Id, SecurityState.NonSecure, _buffer + ((ulong)i * 4096), 64, AccessDirection.Read))
            {
                allowed++;
            }
        }

        return allowed;
    }
}
