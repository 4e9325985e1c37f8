using BenchmarkDotNet.Attributes;
using Protmem.Platform.DeviceTree;

namespace Protmem.Benchmarks;

/// <summary>
/// Device-tree reading and writing on the largest real tree (rk3588-rock-5b, about 200 KB of
/// preprocessed source): DTS parse with reference resolution, DTB write, DTB read.
/// </summary>
[MemoryDiagnoser]
public class DeviceTreeBenchmarks
{
    private byte[] _source = [];
    private DtTree _tree = null!;
    private byte[] _blob = [];

    [GlobalSetup]
    public void Setup()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Protmem.slnx")))
        {
            dir = dir.Parent;
        }

        var path = dir is null ? null : Path.Combine(dir.FullName, "tests", "testdata", "dts", "rk3588-rock-5b.preprocessed.dts");
        if (path is null || !File.Exists(path))
        {
            throw new FileNotFoundException($"rk3588-rock-5b.preprocessed.dts not found in tests/testdata/dts of the repository (searched up from {AppContext.BaseDirectory})");
        }

        _source = File.ReadAllBytes(path);
        _tree = DtsReader.Parse(_source, path);
        _blob = DtbWriter.Write(_tree);
    }

    [Benchmark]
    public DtTree ParseRk3588Dts() => DtsReader.Parse(_source, "rk3588-rock-5b.preprocessed.dts");

    [Benchmark]
    public byte[] WriteRk3588Dtb() => DtbWriter.Write(_tree);

    [Benchmark]
    public DtTree ReadRk3588Dtb() => DtbReader.Read(_blob);

    [Benchmark]
    public DtTree WriteAndReadRk3588Dtb() => DtbReader.Read(DtbWriter.Write(_tree));
}
