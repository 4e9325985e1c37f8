namespace Protmem.Hardware.Crypto;

/// <summary>The cipher modes the crypto engine runs (its CHN_CTL mode field).</summary>
public enum CryptoMode
{
    /// <summary>AES-CTR: encrypt and decrypt alike, any length.</summary>
    AesCtr = 0,

    /// <summary>AES-CBC encryption, no padding: the length is a multiple of 16.</summary>
    AesCbcEncrypt = 1,

    /// <summary>AES-CBC decryption, no padding: the length is a multiple of 16.</summary>
    AesCbcDecrypt = 2,
}
