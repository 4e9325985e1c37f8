using System.Globalization;
using Protmem.Uapi;
using Protmem.Uapi.Crypto;
using Protmem.Userspace.DmaHeaps;
using Protmem.Userspace.Media.Content;
using Protmem.Userspace.TeeClient;

namespace Protmem.Userspace.Crypto;

/// <summary>
/// The crypto-key scenario as a program runs it, ABI only (the steps of <c>protmem run crypto-key</c>):
/// 1. find /dev/dma_heap/protected,crypto-key, /dev/rk-crypto and a TEE (else every step is a SKIP saying why);
/// 2. provision a key into a crypto-key buffer through the key-provisioning TA and import it by handle;
/// 3. encrypt and decrypt a buffer with AES-CTR on the engine: the round trip holds and the ciphertext differs;
///    given the key server's provisioning key, a sealed known key's ciphertext must equal this program's own AES-CTR;
/// 4. the refusals: a system-heap buffer as a key and the key buffer as job data are EINVAL;
/// 5. close everything.
/// </summary>
public sealed class CryptoKeyScenario(ISyscalls sys, TextWriter log, Action<byte[]> random)
{
    private const int DataLength = 64 * 1024;

    /// <summary>Runs the steps; <paramref name="provisioningKey"/> (the key server's key for this device) enables the known-key check.</summary>
    public IReadOnlyList<RunStep> Run(byte[]? provisioningKey = null)
    {
        ArgumentNullException.ThrowIfNull(sys);
        var heapFd = sys.Open(DmaHeapLibrary.HeapPath(ProtectedHeapNames.CryptoKey), Fcntl.O_RDWR);
        if (heapFd < 0)
        {
            return Skipped($"no {ProtectedHeapNames.CryptoKey} heap on this board (no crypto-key use case under the TEE)");
        }

        sys.Close(heapFd);
        var deviceFd = sys.Open(RkCryptoIoctl.DevicePath, Fcntl.O_RDWR);
        if (deviceFd < 0)
        {
            return Skipped($"no {RkCryptoIoctl.DevicePath}: the board has no crypto engine driver bound ({Errno.Describe(-deviceFd)})");
        }

        sys.Close(deviceFd);
        if (!TeecContext.InitializeContext(sys, out var context).IsSuccess)
        {
            return Skipped("no GlobalPlatform TEE to provision a key");
        }

        var steps = new List<RunStep>();
        using (context)
        using (var heaps = new DmaHeapLibrary(sys))
        using (var crypto = RkCryptoClient.Open(sys))
        using (var keyBuffer = heaps.OpenHeap(ProtectedHeapNames.CryptoKey).Allocate(4096))
        {
            steps.Add(RoundTrip(context!, crypto, keyBuffer));
            if (provisioningKey is not null)
            {
                steps.Add(KnownKey(context!, crypto, keyBuffer, provisioningKey));
            }

            steps.Add(Refusals(heaps, crypto, keyBuffer));
        }

        return steps;
    }

    private static List<RunStep> Skipped(string reason) =>
    [
        new RunStep("crypto-key: provision, import, encrypt/decrypt", Verdict.Skip, TestsProtectedMemory: true, reason),
    ];

    private RunStep RoundTrip(TeecContext context, RkCryptoClient crypto, DmaBuffer keyBuffer)
    {
        const string name = "crypto-key: provision, import, encrypt/decrypt";
        var status = KeyProvisioningClient.Provision(context, keyBuffer.Fd, 32, out var keyId);
        if (!status.IsSuccess)
        {
            return Fail(name, $"PROVISION_KEY: {status}");
        }

        var imported = crypto.TryImportKey(keyBuffer.Fd, 32, out var handle);
        if (imported < 0)
        {
            return Fail(name, $"RK_CRYPTO_IOC_IMPORT_KEY: {Errno.Describe(-imported)}");
        }

        var (data, iv) = (new byte[DataLength], new byte[16]);
        random(data);
        random(iv);
        byte[]? back = null;
        var encrypted = crypto.TryRun(handle, RkCryptoIoctl.RK_CRYPTO_MODE_AES_CTR, iv, data, out var cipher);
        var decrypted = encrypted == 0 ? crypto.TryRun(handle, RkCryptoIoctl.RK_CRYPTO_MODE_AES_CTR, iv, cipher, out back) : encrypted;
        crypto.TryDestroyKey(handle);
        if (decrypted < 0)
        {
            return Fail(name, $"RK_CRYPTO_IOC_RUN: {Errno.Describe(-decrypted)}");
        }

        if (cipher!.AsSpan().SequenceEqual(data) || !back!.AsSpan().SequenceEqual(data))
        {
            return Fail(name, "the engine's CTR round trip did not give the data back (or did not change it)");
        }

        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# key {keyId} provisioned and imported as handle {handle}; {DataLength} bytes encrypted and decrypted"));
        return new RunStep(name, Verdict.Pass, TestsProtectedMemory: true);
    }

    private RunStep KnownKey(TeecContext context, RkCryptoClient crypto, DmaBuffer keyBuffer, byte[] provisioningKey)
    {
        const string name = "crypto-key: a sealed known key matches AES-CTR";
        var (key, nonce, iv, data) = (new byte[16], new byte[12], new byte[16], new byte[DataLength]);
        random(key);
        random(nonce);
        random(iv);
        random(data);
        var status = KeyProvisioningClient.ProvisionWrapped(context, keyBuffer.Fd, SealedKeyWriter.Seal(key, provisioningKey, nonce), out _);
        if (!status.IsSuccess)
        {
            return Fail(name, $"PROVISION_WRAPPED_KEY: {status}");
        }

        byte[]? cipher = null;
        var imported = crypto.TryImportKey(keyBuffer.Fd, 16, out var handle);
        var result = imported == 0 ? crypto.TryRun(handle, RkCryptoIoctl.RK_CRYPTO_MODE_AES_CTR, iv, data, out cipher) : imported;
        crypto.TryDestroyKey(handle);
        if (result < 0)
        {
            return Fail(name, Errno.Describe(-result));
        }

        return cipher!.AsSpan().SequenceEqual(AesCtrCipher.Transform(key, iv, data))
            ? new RunStep(name, Verdict.Pass, TestsProtectedMemory: true)
            : Fail(name, "the engine's ciphertext differs from AES-CTR under the sealed key");
    }

    private RunStep Refusals(DmaHeapLibrary heaps, RkCryptoClient crypto, DmaBuffer keyBuffer)
    {
        const string name = "crypto-key: ordinary key memory and key memory as data are refused";
        using var system = heaps.OpenHeap("system").Allocate(4096);
        var ordinary = crypto.TryImportKey(system.Fd, 16, out _);
        var imported = crypto.TryImportKey(keyBuffer.Fd, 16, out var handle);
        var asData = imported == 0 ? crypto.TryRunDmaBuf(handle, RkCryptoIoctl.RK_CRYPTO_MODE_AES_CTR, new byte[16], keyBuffer.Fd, system.Fd, 16) : imported;
        crypto.TryDestroyKey(handle);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# system-heap key: {ordinary}; key buffer as data: {asData}"));
        return ordinary == -Errno.EINVAL && asData == -Errno.EINVAL
            ? new RunStep(name, Verdict.Pass, TestsProtectedMemory: true)
            : Fail(name, $"expected EINVAL twice, got {ordinary} and {asData}");
    }

    private static RunStep Fail(string name, string reason) => new(name, Verdict.Fail, TestsProtectedMemory: true, reason);
}
