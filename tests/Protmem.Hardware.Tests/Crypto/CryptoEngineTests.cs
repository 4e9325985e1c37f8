using System.Security.Cryptography;
using Protmem.Hardware.Bus;
using Protmem.Hardware.Crypto;
using Protmem.Hardware.Firewall;

namespace Protmem.Hardware.Tests.Crypto;

/// <summary>The crypto engine as a master: results against .NET's AES, descriptor lists, and the firewall deciding what it reads.</summary>
public sealed class CryptoEngineTests
{
    private const ulong Mib = 1UL << 20;
    private static readonly PhysAddr KeyAt = TestBoards.Dram(0x10_0000);
    private static readonly PhysAddr SourceAt = TestBoards.Dram(0x20_0000);
    private static readonly PhysAddr DestinationAt = TestBoards.Dram(0x30_0000);
    private static readonly byte[] Key = [.. Enumerable.Range(0, 32).Select(i => (byte)(0x30 + i))];
    private static readonly byte[] Iv = [.. Enumerable.Range(0, 16).Select(i => (byte)(0x80 + i))];

    /// <summary>The test board with "dma" (no IOMMU) built as a crypto engine.</summary>
    private static Soc Board() => new(TestBoards.Description() with { CryptoEngines = ["dma"] });

    private static DeviceAddr Dev(PhysAddr address) => new(address.Value);

    private static byte[] Data(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)((i * 13) ^ (i >> 7)))];

    private static byte[] Read(Soc soc, PhysAddr at, int length)
    {
        var bytes = new byte[length];
        soc.Memory.Read(at, bytes);
        return bytes;
    }

    [Fact]
    public void Run_CtrOverSplitDescriptorLists_EqualsDotNetAesCtr()
    {
        var soc = Board();
        var data = Data(10_000);
        soc.Memory.Write(KeyAt, Key);
        soc.Memory.Write(SourceAt, data.AsSpan(0, 3000));
        soc.Memory.Write(SourceAt + 0x8000, data.AsSpan(3000));
        var engine = soc.CryptoEngines["dma"];

        var result = engine.Run(new CryptoJob(Dev(KeyAt), 32, CryptoMode.AesCtr, Iv,
            [new CryptoSegment(Dev(SourceAt), 3000), new CryptoSegment(Dev(SourceAt + 0x8000), 7000)],
            [new CryptoSegment(Dev(DestinationAt), 5000), new CryptoSegment(Dev(DestinationAt + 0x8000), 5000)],
            10_000));

        Assert.True(result.IsDone);
        Assert.Equal(10_000UL, result.BytesDone);
        var expected = new byte[data.Length];
        using (var ctr = new AesCtr(Key, Iv))
        {
            ctr.Transform(data, expected);
        }

        Assert.Equal(expected, Read(soc, DestinationAt, 5000).Concat(Read(soc, DestinationAt + 0x8000, 5000)).ToArray());
        Assert.True(soc.Clock.Now >= CryptoEngine.JobSetupNs + 10_000);
    }

    [Theory]
    [InlineData(CryptoMode.AesCbcEncrypt)]
    [InlineData(CryptoMode.AesCbcDecrypt)]
    public void Run_Cbc_EqualsDotNetAesCbcAcrossChunks(CryptoMode mode)
    {
        var soc = Board();
        var data = Data(3 * CryptoEngine.ChunkBytes);
        soc.Memory.Write(KeyAt, Key.AsSpan(0, 16));
        soc.Memory.Write(SourceAt, data);

        var result = soc.CryptoEngines["dma"].Run(new CryptoJob(Dev(KeyAt), 16, mode, Iv, [new CryptoSegment(Dev(SourceAt), (ulong)data.Length)], [new CryptoSegment(Dev(DestinationAt), (ulong)data.Length)], (ulong)data.Length));

        Assert.True(result.IsDone);
        using var aes = Aes.Create();
        aes.Key = Key[..16];
        var expected = mode == CryptoMode.AesCbcEncrypt ? aes.EncryptCbc(data, Iv, PaddingMode.None) : aes.DecryptCbc(data, Iv, PaddingMode.None);
        Assert.Equal(expected, Read(soc, DestinationAt, data.Length));
    }

    [Fact]
    public void Run_KeyInARegionClosedToTheEngine_KeyReadFaultAndNothingWritten()
    {
        var soc = Board();
        soc.Memory.Write(KeyAt, Key);
        soc.Memory.Write(SourceAt, Data(64));
        soc.Firewall.ProgramRegion(soc.TakeSecureFirmwareCapability(), 1, new PhysRange(KeyAt, Mib), FirewallPermissions.SecureOnly);
        var engine = soc.CryptoEngines["dma"];

        var result = engine.Run(new CryptoJob(Dev(KeyAt), 32, CryptoMode.AesCtr, Iv, [new CryptoSegment(Dev(SourceAt), 64)], [new CryptoSegment(Dev(DestinationAt), 64)], 64));

        Assert.Equal((CryptoJobStatus.KeyReadFault, DeviceAccessResult.FirewallDenied, 0UL), (result.Status, result.Reason, result.BytesDone));
        Assert.All(Read(soc, DestinationAt, 64), b => Assert.Equal(0, b));
        Assert.Equal(1, engine.JobsFailed);
        Assert.Equal(1, engine.Master.FaultCount);
    }

    [Fact]
    public void Run_KeyReadableOnlyByTheEngine_Works()
    {
        var soc = Board();
        soc.Memory.Write(KeyAt, Key);
        var engineId = soc.Master("dma").Id;
        soc.Firewall.ProgramRegion(soc.TakeSecureFirmwareCapability(), 1, new PhysRange(KeyAt, Mib), FirewallPermissions.SecureOnly.WithNonSecure(engineId, read: true, write: false));

        var result = soc.CryptoEngines["dma"].Run(new CryptoJob(Dev(KeyAt), 32, CryptoMode.AesCtr, Iv, [new CryptoSegment(Dev(SourceAt), 16)], [new CryptoSegment(Dev(DestinationAt), 16)], 16));

        Assert.True(result.IsDone);
        Assert.False(soc.Bus.TryRead(soc.Cpu.Master, SecurityState.NonSecure, KeyAt, new byte[16]));
    }

    [Fact]
    public void Run_DestinationRunsOffDram_DestinationWriteFaultAfterTheChunksWritten()
    {
        var soc = Board();
        soc.Memory.Write(KeyAt, Key);
        var lastPage = TestBoards.Dram(TestBoards.DramSize - 4096);
        var length = 2UL * CryptoEngine.ChunkBytes;

        var result = soc.CryptoEngines["dma"].Run(new CryptoJob(Dev(KeyAt), 32, CryptoMode.AesCtr, Iv, [new CryptoSegment(Dev(SourceAt), length)], [new CryptoSegment(Dev(lastPage), length)], length));

        Assert.Equal(CryptoJobStatus.DestinationWriteFault, result.Status);
        Assert.Equal((ulong)CryptoEngine.ChunkBytes, result.BytesDone);
    }

    [Fact]
    public void Run_JobTheRegistersCannotHold_Throws()
    {
        var engine = Board().CryptoEngines["dma"];
        var segments = new[] { new CryptoSegment(Dev(SourceAt), 64) };
        Assert.Throws<InvalidOperationException>(() => engine.Run(new CryptoJob(Dev(KeyAt), 24, CryptoMode.AesCtr, Iv, segments, segments, 64)));
        Assert.Throws<InvalidOperationException>(() => engine.Run(new CryptoJob(Dev(KeyAt), 16, CryptoMode.AesCbcEncrypt, Iv, segments, segments, 20)));
        Assert.Throws<InvalidOperationException>(() => engine.Run(new CryptoJob(Dev(KeyAt), 16, CryptoMode.AesCtr, Iv, segments, segments, 65)));
        Assert.Equal(0, engine.JobsRun);
    }
}
