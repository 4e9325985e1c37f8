namespace Protmem.Userspace.Media.Player;

/// <summary>One frame as it arrives from the network or a file: its index (the AES-CTR IV) and its encrypted PMV1 bytes.</summary>
public sealed record EncryptedFrame(uint Index, byte[] Bytes);
