using System.Security.Cryptography;
using Protmem.Platform;
using Protmem.Uapi;
using Protmem.Uapi.Crypto;
using Protmem.Userspace;
using Protmem.Userspace.Crypto;
using Protmem.Userspace.DmaHeaps;
using Protmem.Userspace.Media.Content;
using Protmem.Userspace.TeeClient;

namespace Protmem.Cli.Scenarios;

/// <summary>
/// <c>protmem run crypto-key</c>: a key server wraps an AES key for this device; the key-provisioning TA unwraps it
/// into a buffer of the crypto-key heap, which only the crypto engine's master may read; a program encrypts by key
/// handle and checks the result against .NET's AES-CTR, never holding the key. Then a key buffer from the system heap,
/// which the driver refuses.
/// </summary>
internal sealed class CryptoKeyScenario : IScenario
{
    private static readonly byte[] Key = [.. Enumerable.Range(0, 16).Select(i => (byte)(0xC0 + i))];
    private static readonly byte[] Iv = [.. Enumerable.Range(0, 16).Select(i => (byte)(0x10 * (i % 16)))];

    public string Name => "crypto-key";

    public string Summary => "Encrypt with a key held in restricted memory only the crypto engine reads, naming it by handle";

    public string? NotPossible(Machine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        return !machine.HasTee ? "it has no TEE"
            : !machine.DmaHeapNames.Contains(ProtectedHeapNames.CryptoKey) ? $"it has no {ProtectedHeapNames.CryptoKey} heap (the crypto-key use case)"
            : !machine.DeviceNodes.Contains("/dev/rk-crypto") ? "it has no crypto engine (/dev/rk-crypto)"
            : null;
    }

    public int Run(RunSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var machine = session.Machine;
        ScenarioSteps.Step(session, 1, "provision a wrapped key and encrypt 64 KiB by its handle", () =>
        {
            var app = machine.Spawn("crypto");
            var status = TeecContext.InitializeContext(app, out var context);
            if (!status.IsSuccess)
            {
                return $"TEEC_InitializeContext: {status}";
            }

            using (context)
            using (var heaps = new DmaHeapLibrary(app))
            using (var heap = heaps.OpenHeap(ProtectedHeapNames.CryptoKey))
            using (var keyBuffer = heap.Allocate(4096))
            using (var crypto = RkCryptoClient.Open(app))
            {
                var blob = SealedKeyWriter.Seal(Key, Machine.KeyServerKey(), new byte[12]);
                status = KeyProvisioningClient.ProvisionWrapped(context!, keyBuffer.Fd, blob, out var keyId);
                if (!status.IsSuccess)
                {
                    return $"PROVISION_WRAPPED_KEY: {status}";
                }

                ErrnoException.Check(crypto.TryImportKey(keyBuffer.Fd, (uint)Key.Length, out var handle), "RK_CRYPTO_IOC_IMPORT_KEY");
                var data = new byte[64 * 1024];
                RandomNumberGenerator.Fill(data);
                ErrnoException.Check(crypto.TryRun(handle, RkCryptoIoctl.RK_CRYPTO_MODE_AES_CTR, Iv, data, out var cipher), "RK_CRYPTO_IOC_RUN");
                var mapped = keyBuffer.TryMap(out var map, out var errno);
                map?.Dispose();
                session.Output.WriteLine($"  key {keyId}, handle {handle}; the program maps the key buffer: {(mapped ? "yes" : Errno.Describe(-errno))}");
                return mapped ? "the program could map the key buffer"
                    : !cipher!.AsSpan().SequenceEqual(AesCtrCipher.Transform(Key, Iv, data)) ? "the engine's AES-CTR differs from .NET's"
                    : null;
            }
        });
        ScenarioSteps.Step(session, 2, "misconfigured: a key buffer from the system heap", () =>
        {
            var app = machine.Spawn("crypto");
            using var heaps = new DmaHeapLibrary(app);
            using var heap = heaps.OpenHeap("system");
            using var keyBuffer = heap.Allocate(4096);
            using var crypto = RkCryptoClient.Open(app);
            var result = crypto.TryImportKey(keyBuffer.Fd, (uint)Key.Length, out _);
            session.Output.WriteLine($"  IMPORT_KEY: {(result < 0 ? Errno.Describe(result) : "accepted")}");
            return result == -Errno.EINVAL ? null : "the driver took a key from ordinary memory";
        });
        return 2;
    }
}
