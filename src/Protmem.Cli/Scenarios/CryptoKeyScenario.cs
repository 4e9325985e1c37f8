using Protmem.Platform;
using Protmem.Uapi.Crypto;
using Protmem.Userspace;
using Protmem.Userspace.DmaHeaps;

namespace Protmem.Cli.Scenarios;

/// <summary>
/// <c>protmem run crypto-key</c>: the crypto-key program (<see cref="Userspace.Crypto.CryptoKeyScenario"/>, ABI only)
/// provisions a key into a buffer only the crypto engine's master may read, encrypts and decrypts by key handle,
/// checks a known key's ciphertext against .NET's AES-CTR (the machine plays the key server that wraps it for this
/// device) and the refusals (a system-heap key, the key buffer as job data); the whole-machine check after it.
/// </summary>
internal sealed class CryptoKeyScenario : IScenario
{
    public string Name => "crypto-key";

    public string Summary => "Encrypt with a key held in restricted memory only the crypto engine reads, naming it by handle";

    public string? NotPossible(Machine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        return !machine.HasTee ? "it has no TEE"
            : !machine.DmaHeapNames.Contains(ProtectedHeapNames.CryptoKey) ? $"it has no {ProtectedHeapNames.CryptoKey} heap (the crypto-key use case)"
            : !machine.DeviceNodes.Contains(RkCryptoIoctl.DevicePath) ? $"it has no crypto engine ({RkCryptoIoctl.DevicePath})"
            : null;
    }

    public int Run(RunSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var machine = session.Machine;
        session.Output.WriteLine();
        session.Output.WriteLine("1. the crypto-key program: provision, import, encrypt/decrypt by handle, the known key, the refusals");
        using var log = new StringWriter();
        var steps = new Userspace.Crypto.CryptoKeyScenario(machine.Spawn("crypto-key"), log, machine.CreateRandomSource()).Run(Machine.KeyServerKey());
        foreach (var step in steps)
        {
            session.Step(step);
        }

        if (steps.Any(s => s.Verdict == Verdict.Fail))
        {
            session.Output.WriteLine("  program output:");
            session.Output.WriteLine(log.ToString());
        }

        session.Safety("safety after the crypto-key program", quiescent: false);
        return 1;
    }
}
