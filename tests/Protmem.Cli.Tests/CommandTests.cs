using System.Text.Json;

namespace Protmem.Cli.Tests;

/// <summary>The protmem commands as a user runs them: what they print and their exit codes.</summary>
public sealed class CommandTests
{
    [Fact]
    public void Platforms_ListsOneShippedBoardALine()
    {
        var (code, output, _) = CliRunner.Run("platforms");

        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(7, lines.Length);
        Assert.StartsWith("qemu-virt ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("qemu-virt-ffa ", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("qemu-virt-mtk ", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("qemu-virt-linaro ", lines[3], StringComparison.Ordinal);
        Assert.StartsWith("qemu-virt-rstmem ", lines[4], StringComparison.Ordinal);
        Assert.StartsWith("rk3588 ", lines[5], StringComparison.Ordinal);
        Assert.StartsWith("rk3588-gpu-carveout ", lines[6], StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_Default_PrintsQemuVirtTablesWithHeaps()
    {
        var (code, output, _) = CliRunner.Run("describe");

        Assert.Equal(0, code);
        Assert.Contains("qemu-virt: QEMU virt", output, StringComparison.Ordinal);
        Assert.Contains("| system RAM      | 0x40000000 | 0x80000000 | 1 GiB ", output, StringComparison.Ordinal);
        Assert.Contains("0xec00000-0xf000000 (4 MiB)", output, StringComparison.Ordinal);
        Assert.Contains("| linux,cma ", output, StringComparison.Ordinal);
        Assert.Contains("| system ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_Rk3588_ShowsIommuBanksAndUseCases()
    {
        var (code, output, _) = CliRunner.Run("describe", "rk3588");

        Assert.Equal(0, code);
        Assert.Contains("| iommu@fdab9000 | rockchip,rk3588-iommu | 2     |", output, StringComparison.Ordinal);
        Assert.Contains("| 1  | secure-video        | 32 MiB", output, StringComparison.Ordinal);
        Assert.Contains("| 3  | secure-video-record | 32 MiB      | 4 KiB     | camera, video-codec@fdbb0000", output, StringComparison.Ordinal);
        Assert.Contains("speculative access to firewalled memory fatal: yes", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_Json_GivesTheSameFactsAsData()
    {
        var (code, output, _) = CliRunner.Run("describe", "--platform", "rk3588", "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("rk3588", root.GetProperty("name").GetString());
        Assert.Equal(10, root.GetProperty("masters").GetArrayLength());
        Assert.Equal(8, root.GetProperty("iommus").GetArrayLength());
        Assert.Equal("FF-A", root.GetProperty("tee").GetProperty("abi").GetString());
        Assert.Equal("0xe8000000", root.GetProperty("reservedMemory")[1].GetProperty("start").GetString());
        Assert.Contains("linux,cma", root.GetProperty("heaps").EnumerateArray().Select(h => h.GetString()));
    }

    [Fact]
    public void Describe_RealTreeWithoutMemory_DescribesAndPrintsWarnings()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "testdata", "dts", "rk3588-rock-5b.dtc-canonical.dts");

        var (code, output, _) = CliRunner.Run("describe", path);

        Assert.Equal(0, code);
        Assert.Contains("the kernel did not boot", output, StringComparison.Ordinal);
        Assert.Contains("warning: /: no memory node describes RAM", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_BadDts_PrintsFileLineColumnAndExitsTwo()
    {
        var path = Path.Combine(Path.GetTempPath(), $"protmem-cli-{Guid.NewGuid():N}.dts");
        try
        {
            File.WriteAllText(path, "/dts-v1/;\n/ {\n\tfoo = <1\n};\n");

            var (code, _, error) = CliRunner.Run("describe", path);

            Assert.Equal(2, code);
            Assert.StartsWith($"protmem: {path}:4:1: ", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Describe_MalformedBinding_NamesNodeAndPropertyAndExitsTwo()
    {
        var path = Path.Combine(Path.GetTempPath(), $"protmem-cli-{Guid.NewGuid():N}.dts");
        try
        {
            File.WriteAllText(path, "/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>; iommu@1 { compatible = \"rockchip,rk3568-iommu\"; reg = <0 1 0 1>; #iommu-cells = <1>; }; };\n");

            var (code, _, error) = CliRunner.Run("describe", path);

            Assert.Equal(2, code);
            Assert.StartsWith("protmem: /iommu@1: property '#iommu-cells': ", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void UnknownOption_ExitsTwoWithAMessage()
    {
        var (code, _, error) = CliRunner.Run("platforms", "--frobnicate");

        Assert.Equal(2, code);
        Assert.Contains("--frobnicate", error, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownPlatform_ExitsTwoNamingTheShippedOnes()
    {
        var (code, _, error) = CliRunner.Run("selftest", "dmabuf-heaps", "--platform", "pdp-11");

        Assert.Equal(2, code);
        Assert.Contains("'pdp-11' is neither a shipped platform (qemu-virt, qemu-virt-ffa, qemu-virt-mtk, qemu-virt-linaro, qemu-virt-rstmem, rk3588, rk3588-gpu-carveout)", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("qemu-virt", 33)]
    [InlineData("qemu-virt-mtk", 33)]
    [InlineData("qemu-virt-linaro", 33)]
    [InlineData("qemu-virt-rstmem", 22)]
    [InlineData("rk3588", 66)]
    public void SelftestDmabufHeaps_ShippedBoard_PrintsTapAndExitsZero(string platform, int checks)
    {
        var (code, output, _) = CliRunner.Run("selftest", "dmabuf-heaps", "--platform", platform);

        // system, the CMA heap(s) and every protected heap: eleven checks each.
        Assert.Equal(0, code);
        Assert.StartsWith($"TAP version 13\n1..{checks}\n", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("# Totals: pass:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("not ok", output, StringComparison.Ordinal);
    }
}
