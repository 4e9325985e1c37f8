using System.Security.Cryptography;
using Protmem.Hardware;
using Protmem.Hardware.Bus;
using Protmem.Hardware.Crypto;
using Protmem.SecureWorld.Ta;
using Protmem.Uapi;
using Protmem.Uapi.Crypto;
using Protmem.Userspace.Crypto;
using Protmem.Userspace.DmaHeaps;
using Protmem.Userspace.Media.Content;
using Protmem.Userspace.TeeClient;

namespace Protmem.Platform.Tests.Crypto;

/// <summary>The crypto engine on rk3588: keys provisioned into crypto-key memory, jobs by handle, checked against .NET's AES; refusals and release.</summary>
public sealed class CryptoEngineTests
{
    private static readonly byte[] Iv = [.. Enumerable.Range(0, 16).Select(i => (byte)(0xF0 + i))];

    /// <summary>A user process with a TEE context, the crypto device open and a crypto-key buffer.</summary>
    private sealed class Client : IDisposable
    {
        public Client(Machine machine, string name = "crypto-user")
        {
            Sys = machine.Spawn(name);
            Heaps = new DmaHeapLibrary(Sys);
            Assert.True(TeecContext.InitializeContext(Sys, out var context).IsSuccess);
            Context = context!;
            Crypto = RkCryptoClient.Open(Sys);
            KeyBuffer = Heaps.OpenHeap(KeyProvisioningClient.HeapName).Allocate(4096);
        }

        public ISyscalls Sys { get; }

        public DmaHeapLibrary Heaps { get; }

        public TeecContext Context { get; }

        public RkCryptoClient Crypto { get; }

        public DmaBuffer KeyBuffer { get; }

        /// <summary>Provisions <paramref name="key"/> (sealed as a key server would) and imports it: the handle.</summary>
        public uint ImportKnownKey(byte[] key)
        {
            var blob = SealedKeyWriter.Seal(key, KeyProvisioningTaAbi.ProvisioningKey(), new byte[12]);
            var status = KeyProvisioningClient.ProvisionWrapped(Context, KeyBuffer.Fd, blob, out var id);
            Assert.True(status.IsSuccess, status.ToString());
            Assert.NotEqual(0u, id);
            Assert.Equal(0, Crypto.TryImportKey(KeyBuffer.Fd, (uint)key.Length, out var handle));
            return handle;
        }

        public void Dispose()
        {
            KeyBuffer.Dispose();
            Crypto.Dispose();
            Context.Dispose();
            Heaps.Dispose();
        }
    }

    private static byte[] RandomBytes(Machine machine, int length)
    {
        var bytes = new byte[length];
        machine.CreateRandomSource()(bytes);
        return bytes;
    }

    private static byte[] DotNetCtr(byte[] key, byte[] iv, byte[] data) => AesCtrCipher.Transform(key, iv, data);

    [Fact]
    public void Boot_Rk3588_CryptoDeviceAndKeyHeapArePresent()
    {
        using var machine = Machine.Boot("rk3588");
        Assert.Contains(RkCryptoIoctl.DevicePath, machine.DeviceNodes);
        Assert.Contains(KeyProvisioningClient.HeapName, machine.DmaHeapNames);
        Assert.True(machine.Soc.CryptoEngines.ContainsKey("crypto"));
    }

    [Theory]
    [InlineData(16, 1)]
    [InlineData(16, 10_000)]
    [InlineData(32, 70_001)]
    public void Run_CtrOverUserBuffers_MatchesDotNetAesCtr(int keyLength, int length)
    {
        using var machine = Machine.Boot("rk3588", Rk3588Options.LentOutOfDirectMap(3));
        using var client = new Client(machine);
        var key = RandomBytes(machine, keyLength);
        var handle = client.ImportKnownKey(key);
        var data = RandomBytes(machine, length);

        Assert.Equal(0, client.Crypto.TryRun(handle, RkCryptoIoctl.RK_CRYPTO_MODE_AES_CTR, Iv, data, out var output));

        Assert.Equal(DotNetCtr(key, Iv, data), output);
        machine.CheckInvariants();
        var safety = machine.CheckSafety();
        Assert.True(safety.Passed, string.Join("\n", safety.Findings));
    }

    [Fact]
    public void Run_CbcOverSystemHeapDmaBufs_MatchesDotNetAesCbcBothWays()
    {
        using var machine = Machine.Boot("rk3588", Rk3588Options.LentOutOfDirectMap(4));
        using var client = new Client(machine);
        var key = RandomBytes(machine, 32);
        var handle = client.ImportKnownKey(key);
        var data = RandomBytes(machine, 3 * 4096);
        using var system = client.Heaps.OpenHeap("system");
        using var source = system.Allocate((ulong)data.Length);
        using var destination = system.Allocate((ulong)data.Length);
        using (var map = source.Map())
        {
            map.Write(0, data);
        }

        Assert.Equal(0, client.Crypto.TryRunDmaBuf(handle, RkCryptoIoctl.RK_CRYPTO_MODE_AES_CBC_ENCRYPT, Iv, source.Fd, destination.Fd, (ulong)data.Length));

        var cipher = new byte[data.Length];
        using (var map = destination.Map())
        {
            map.Read(0, cipher);
        }

        using var aes = Aes.Create();
        aes.Key = key;
        Assert.Equal(aes.EncryptCbc(data, Iv, PaddingMode.None), cipher);
        Assert.Equal(0, client.Crypto.TryRunDmaBuf(handle, RkCryptoIoctl.RK_CRYPTO_MODE_AES_CBC_DECRYPT, Iv, destination.Fd, source.Fd, (ulong)data.Length));
        var back = new byte[data.Length];
        using (var map = source.Map())
        {
            map.Read(0, back);
        }

        Assert.Equal(data, back);
        machine.CheckInvariants();
    }

    [Fact]
    public void ProvisionKey_GeneratedKey_ItsPagesReachOnlyTheCryptoMasterAndTheSecureWorld()
    {
        using var machine = Machine.Boot("rk3588", Rk3588Options.LentOutOfDirectMap(5));
        using var client = new Client(machine);
        Assert.True(KeyProvisioningClient.Provision(client.Context, client.KeyBuffer.Fd, 32, out var id).IsSuccess);
        Assert.Equal(0, client.Crypto.TryImportKey(client.KeyBuffer.Fd, 32, out var handle));
        var data = RandomBytes(machine, 5000);
        Assert.Equal(0, client.Crypto.TryRun(handle, RkCryptoIoctl.RK_CRYPTO_MODE_AES_CTR, Iv, data, out var cipher));
        Assert.Equal(0, client.Crypto.TryRun(handle, RkCryptoIoctl.RK_CRYPTO_MODE_AES_CTR, Iv, cipher, out var back));
        Assert.NotEqual(data, cipher);
        Assert.Equal(data, back);

        var keyPages = CryptoBoards.ProtectedReachableBy(machine, "crypto");
        Assert.NotEmpty(keyPages);
        foreach (var range in keyPages)
        {
            for (var page = range.Start.Value; page < range.End.Value; page += HwConstants.PageSize)
            {
                var reach = machine.Soc.Oracle.DescribePage(new PhysAddr(page));
                Assert.All(reach.Firewall, g => Assert.True(g.Master.Name == "crypto" || (g.State == SecurityState.Secure && ReferenceEquals(g.Master, machine.Soc.Cpu.Master)), $"{g.Master.Name} ({g.State}) reaches key page 0x{page:x}"));
                Assert.True(reach.DeviceCanReach(machine.Soc.Device("crypto"), AccessDirection.Read));
                foreach (var device in machine.Soc.Devices.Values.Where(d => d.Name != "crypto"))
                {
                    Assert.False(reach.DeviceCanReach(device, AccessDirection.Read) || reach.DeviceCanReach(device, AccessDirection.Write), $"{device.Name} reaches key page 0x{page:x}");
                }

                foreach (var space in machine.Soc.AddressSpaces)
                {
                    Assert.False(reach.CpuCanReach(space, machine.Soc.Cpu.Master, SecurityState.NonSecure, AccessDirection.Read), $"{space.Name} reads key page 0x{page:x}");
                }
            }
        }

        machine.CheckInvariants();
        var safety = machine.CheckSafety();
        Assert.True(safety.Passed, string.Join("\n", safety.Findings));
    }

    [Fact]
    public void ImportKey_SystemOrSecureVideoHeapBuffer_Einval()
    {
        using var machine = Machine.Boot("rk3588", Rk3588Options.LentOutOfDirectMap(1));
        using var client = new Client(machine);
        using var system = client.Heaps.OpenHeap("system").Allocate(4096);
        using var video = client.Heaps.OpenHeap(ProtectedHeapNames.SecureVideo).Allocate(4096);

        Assert.Equal(-Errno.EINVAL, client.Crypto.TryImportKey(system.Fd, 16, out _));
        Assert.Equal(-Errno.EINVAL, client.Crypto.TryImportKey(video.Fd, 16, out _));
        Assert.Equal(0, machine.Soc.CryptoEngines["crypto"].JobsRun);
    }

    [Fact]
    public void ImportKey_BadArguments_Errno()
    {
        using var machine = Machine.Boot("rk3588", Rk3588Options.LentOutOfDirectMap(1));
        using var client = new Client(machine);

        Assert.Equal(-Errno.EBADF, client.Crypto.TryImportKey(999, 16, out _));
        Assert.Equal(-Errno.EINVAL, client.Crypto.TryImportKey(client.Crypto.Fd, 16, out _));
        Assert.Equal(-Errno.EINVAL, client.Crypto.TryImportKey(client.KeyBuffer.Fd, 24, out _));
        Assert.Equal(-Errno.EINVAL, client.Crypto.TryImportKey(client.KeyBuffer.Fd, 16, out _, flags: 1));
        Assert.Equal(-Errno.EFAULT, client.Sys.Ioctl(client.Crypto.Fd, RkCryptoIoctl.RK_CRYPTO_IOC_IMPORT_KEY, 0));
        Assert.Equal(-Errno.ENOTTY, client.Sys.Ioctl(client.Crypto.Fd, RkCryptoIoctl.RK_CRYPTO_IOC_IMPORT_KEY + 0x10, 0));
    }

    [Fact]
    public void Run_BadArguments_Errno()
    {
        using var machine = Machine.Boot("rk3588", Rk3588Options.LentOutOfDirectMap(1));
        using var client = new Client(machine);
        var handle = client.ImportKnownKey(new byte[16]);
        var data = new byte[32];

        Assert.Equal(-Errno.ENOENT, client.Crypto.TryRun(handle + 1, RkCryptoIoctl.RK_CRYPTO_MODE_AES_CTR, Iv, data, out _));
        Assert.Equal(-Errno.EINVAL, client.Crypto.TryRun(handle, 7, Iv, data, out _));
        Assert.Equal(-Errno.EINVAL, client.Crypto.TryRun(handle, RkCryptoIoctl.RK_CRYPTO_MODE_AES_CTR, Iv, [], out _));
        Assert.Equal(-Errno.EINVAL, client.Crypto.TryRun(handle, RkCryptoIoctl.RK_CRYPTO_MODE_AES_CBC_ENCRYPT, Iv, new byte[17], out _));
        Assert.Equal(-Errno.EINVAL, client.Crypto.TryRun(new RkCryptoRun { Handle = handle, Length = 16, Reserved = 1 }));
        Assert.Equal(-Errno.EINVAL, client.Crypto.TryRun(new RkCryptoRun { Handle = handle, Length = 16, Flags = 4 }));
        Assert.Equal(-Errno.EINVAL, client.Crypto.TryRun(new RkCryptoRun { Handle = handle, Length = RkCryptoIoctl.RK_CRYPTO_MAX_LENGTH + 1 }));
        Assert.Equal(-Errno.EFAULT, client.Crypto.TryRun(new RkCryptoRun { Handle = handle, Length = 16, Src = 0x10, Dst = 0x10 }));
        Assert.Equal(-Errno.EBADF, client.Crypto.TryRunDmaBuf(handle, RkCryptoIoctl.RK_CRYPTO_MODE_AES_CTR, Iv, 999, 999, 16));
        Assert.Equal(0, machine.Soc.CryptoEngines["crypto"].JobsRun);
    }

    [Fact]
    public void Run_KeyBufferAsSourceOrDestination_EinvalAndTheEngineNeverStarts()
    {
        using var machine = Machine.Boot("rk3588", Rk3588Options.LentOutOfDirectMap(1));
        using var client = new Client(machine);
        var handle = client.ImportKnownKey(new byte[32]);
        using var plain = client.Heaps.OpenHeap("system").Allocate(4096);

        Assert.Equal(-Errno.EINVAL, client.Crypto.TryRunDmaBuf(handle, RkCryptoIoctl.RK_CRYPTO_MODE_AES_CTR, Iv, client.KeyBuffer.Fd, plain.Fd, 32));
        Assert.Equal(-Errno.EINVAL, client.Crypto.TryRunDmaBuf(handle, RkCryptoIoctl.RK_CRYPTO_MODE_AES_CTR, Iv, plain.Fd, client.KeyBuffer.Fd, 32));

        Assert.Equal(0, machine.Soc.CryptoEngines["crypto"].JobsRun);
        using var map = plain.Map();
        Assert.Equal(-1, map.IndexOfOtherThan(0));
    }

    [Fact]
    public void Run_HandleOfAnotherFile_Enoent()
    {
        using var machine = Machine.Boot("rk3588", Rk3588Options.LentOutOfDirectMap(1));
        using var owner = new Client(machine, "owner");
        var handle = owner.ImportKnownKey(new byte[16]);
        using var other = RkCryptoClient.Open(machine.Spawn("other"));

        Assert.Equal(-Errno.ENOENT, other.TryRun(handle, RkCryptoIoctl.RK_CRYPTO_MODE_AES_CTR, Iv, new byte[16], out _));
        Assert.Equal(-Errno.ENOENT, other.TryDestroyKey(handle));
    }

    [Fact]
    public void DestroyKey_Twice_SecondIsEnoentAndTheHandleStopsWorking()
    {
        using var machine = Machine.Boot("rk3588", Rk3588Options.LentOutOfDirectMap(1));
        using var client = new Client(machine);
        var handle = client.ImportKnownKey(new byte[16]);

        Assert.Equal(-Errno.EINVAL, client.Crypto.TryDestroyKey(handle, reserved: 1));
        Assert.Equal(0, client.Crypto.TryDestroyKey(handle));
        Assert.Equal(-Errno.ENOENT, client.Crypto.TryDestroyKey(handle));
        Assert.Equal(-Errno.ENOENT, client.Crypto.TryRun(handle, RkCryptoIoctl.RK_CRYPTO_MODE_AES_CTR, Iv, new byte[16], out _));
    }

    [Fact]
    public void Close_WithKeysImported_ReleasesEveryBufferAndFile()
    {
        using var machine = Machine.Boot("rk3588", Rk3588Options.LentOutOfDirectMap(1));
        var before = machine.Resources;
        var client = new Client(machine);
        client.ImportKnownKey(new byte[16]);
        Assert.Equal(0, client.Crypto.TryImportKey(client.KeyBuffer.Fd, 32, out _));
        Assert.Equal(0, client.Crypto.TryRun(1, RkCryptoIoctl.RK_CRYPTO_MODE_AES_CTR, Iv, new byte[8192], out _));

        client.Dispose();

        var after = machine.Resources;
        Assert.Equal(before.LiveDmaBufs, after.LiveDmaBufs);
        Assert.Equal(before.AllocatedPages, after.AllocatedPages);
        machine.CheckInvariants();
        machine.Dispose();
        var quiescent = machine.CheckSafety(quiescent: true);
        Assert.True(quiescent.Passed, string.Join("\n", quiescent.Findings));
    }

    [Fact]
    public void EngineRun_KeyAddressInSecureVideoMemory_FirewallRefusesTheKeyReadAndTheJobFails()
    {
        using var machine = Machine.Boot("rk3588", Rk3588Options.LentOutOfDirectMap(1));
        var sys = machine.Spawn("video");
        using var heaps = new DmaHeapLibrary(sys);
        using var video = heaps.OpenHeap(ProtectedHeapNames.SecureVideo).Allocate(4096);
        var videoPage = CryptoBoards.ProtectedReachableBy(machine, "vop")[0].Start;
        var engine = machine.Soc.CryptoEngines["crypto"];
        var scratch = new DeviceAddr(0x1000_0000);

        var result = engine.Run(new CryptoJob(new DeviceAddr(videoPage.Value), 16, CryptoMode.AesCtr, new byte[16], [new CryptoSegment(scratch, 16)], [new CryptoSegment(scratch, 16)], 16));

        Assert.Equal(CryptoJobStatus.KeyReadFault, result.Status);
        Assert.Equal(DeviceAccessResult.FirewallDenied, result.Reason);
        Assert.Equal(0UL, result.BytesDone);
        Assert.Equal(1, engine.JobsFailed);
        Assert.Contains(engine.Master.Faults, f => f.Address.Value == videoPage.Value);
    }
}
