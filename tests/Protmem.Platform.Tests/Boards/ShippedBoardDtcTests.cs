using Protmem.Platform.Boards;
using Protmem.Platform.DeviceTree;
using Protmem.Platform.Tests.DeviceTree;

namespace Protmem.Platform.Tests.Boards;

/// <summary>Every shipped board is a tree the real dtc compiles, and Protmem's reading and writing of it agree with dtc's.</summary>
public sealed class ShippedBoardDtcTests
{
    public static TheoryData<string> Shipped => new(PlatformCatalog.Platforms.Select(p => p.Name));

    [Theory]
    [MemberData(nameof(Shipped))]
    public void Dtc_CompilesShippedBoard_BlobReadsBackAsTheSourceTree(string name)
    {
        var source = PlatformCatalog.ReadTree(name);

        var blob = Dtc.CompileShippedBoard(name);

        var difference = DtComparer.FindFirstDifference(source, DtbReader.Read(blob), DtCompareOptions.IgnoreLabels);
        Assert.True(difference is null, $"{name}: {difference}");
    }

    [Theory]
    [MemberData(nameof(Shipped))]
    public void DtbWriter_ShippedBoard_DecompiledByDtcIsTheSameTree(string name)
    {
        var source = PlatformCatalog.ReadTree(name);

        var decompiled = Dtc.Decompile(DtbWriter.Write(source), sort: false);

        var difference = DtComparer.FindFirstDifference(source, DtsReader.Parse(decompiled, $"{name}-decompiled.dts"), DtCompareOptions.IgnoreLabels);
        Assert.True(difference is null, $"{name}: {difference}");
    }

    [Theory]
    [MemberData(nameof(Shipped))]
    public void Load_DtbOfShippedBoard_DescribesTheSameBoardAsItsSource(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), $"protmem-{name}-{Guid.NewGuid():N}.dtb");
        try
        {
            File.WriteAllBytes(path, Dtc.CompileShippedBoard(name));

            var fromBlob = PlatformCatalog.Load(path);

            var fromSource = PlatformCatalog.Load(name);
            Assert.Equal(fromSource.SystemRam, fromBlob.SystemRam);
            Assert.Equal(fromSource.ReservedMemory.Select(r => (r.Name, r.Range)), fromBlob.ReservedMemory.Select(r => (r.Name, r.Range)));
            Assert.Equal(fromSource.Soc.Masters, fromBlob.Soc.Masters);
            Assert.Equal(fromSource.Tee!.SecureDram, fromBlob.Tee!.SecureDram);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_BadDtsFile_FailsWithFileLineAndColumn()
    {
        var path = Path.Combine(Path.GetTempPath(), $"protmem-bad-{Guid.NewGuid():N}.dts");
        try
        {
            File.WriteAllText(path, "/dts-v1/;\n/ {\n\tfoo = <1\n};\n");

            var error = Assert.Throws<PlatformException>(() => PlatformCatalog.Load(path));

            Assert.StartsWith($"{path}:4:1: ", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_UnknownName_SaysWhatIsShipped()
    {
        var error = Assert.Throws<PlatformException>(() => PlatformCatalog.Load("no-such-board"));

        Assert.Contains("qemu-virt, qemu-virt-ffa, qemu-virt-mtk, qemu-virt-linaro, qemu-virt-rstmem, rk3588", error.Message, StringComparison.Ordinal);
    }
}
