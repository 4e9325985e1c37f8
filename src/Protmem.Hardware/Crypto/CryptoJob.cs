namespace Protmem.Hardware.Crypto;

/// <summary>
/// One job as the driver programs it into the engine's registers: where the key is and how long, the mode
/// and IV, and the source and destination descriptor lists covering <see cref="Length"/> bytes each.
/// </summary>
/// <param name="Key">The key's device address; the engine reads it through its master, so the firewall decides.</param>
/// <param name="KeyLength">16 (AES-128) or 32 (AES-256).</param>
/// <param name="Mode">The cipher mode.</param>
/// <param name="Iv">16 bytes: the CTR counter block or the CBC IV.</param>
/// <param name="Source">The input, in order.</param>
/// <param name="Destination">The output, in order.</param>
/// <param name="Length">Bytes to process.</param>
public sealed record CryptoJob(
    DeviceAddr Key,
    int KeyLength,
    CryptoMode Mode,
    byte[] Iv,
    IReadOnlyList<CryptoSegment> Source,
    IReadOnlyList<CryptoSegment> Destination,
    ulong Length);
