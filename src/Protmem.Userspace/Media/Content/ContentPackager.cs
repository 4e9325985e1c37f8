using System.Buffers.Binary;

namespace Protmem.Userspace.Media.Content;

/// <summary>
/// The test content packager: test-pattern frames, PMV1-encoded, each encrypted with AES-CTR under the content
/// key with an IV derived from its index, and the licence that carries the key to one device's secure-video TA.
/// 1. <see cref="Package"/> a frame (or <see cref="PackageFrame"/> any NV12 image);
/// 2. <see cref="License"/> for a device, given that device's licence key (the licence server's knowledge);
/// 3. the player hands the licence and the encrypted frames to the TA (<see cref="SecureVideoTaClient"/>).
/// </summary>
public sealed class ContentPackager
{
    private readonly byte[] _contentKey;

    /// <summary>A packager for <paramref name="contentKey"/> (16 or 32 bytes).</summary>
    public ContentPackager(ReadOnlySpan<byte> contentKey)
    {
        if (contentKey.Length is not (16 or 32))
        {
            throw new ArgumentException($"a content key is 16 or 32 bytes, not {contentKey.Length}", nameof(contentKey));
        }

        _contentKey = contentKey.ToArray();
    }

    /// <summary>The CTR counter block of frame <paramref name="index"/>: the index big-endian in bytes 0–7, a zero block counter in 8–15.</summary>
    public static byte[] FrameIv(uint index)
    {
        var iv = new byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(iv, index);
        return iv;
    }

    /// <summary>Test-pattern frame <paramref name="index"/> at <paramref name="width"/> x <paramref name="height"/>, encoded and encrypted.</summary>
    public PackagedFrame Package(int width, int height, uint index) => PackageFrame(TestPattern.Frame(width, height, (int)index), width, height, index);

    /// <summary>An NV12 image, encoded and encrypted as frame <paramref name="index"/>.</summary>
    public PackagedFrame PackageFrame(ReadOnlySpan<byte> nv12, int width, int height, uint index)
    {
        var clear = Pmv1Encoder.Encode(nv12, width, height);
        return new PackagedFrame(index, width, height, clear, AesCtrCipher.Transform(_contentKey, FrameIv(index), clear));
    }

    /// <summary>The licence for the device whose licence key is <paramref name="deviceLicenseKey"/>; <paramref name="nonce"/> is 12 bytes, fresh per licence.</summary>
    public byte[] License(ReadOnlySpan<byte> deviceLicenseKey, ReadOnlySpan<byte> nonce) => SealedKeyWriter.Seal(_contentKey, deviceLicenseKey, nonce);
}
