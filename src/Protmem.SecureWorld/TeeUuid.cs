using System.Buffers.Binary;
using System.Globalization;

namespace Protmem.SecureWorld;

/// <summary>
/// A TA's UUID as OP-TEE carries it: 16 octets, the time_low/mid/hi fields big-endian first
/// (RFC 4122 network order), e.g. 12 34 56 78 5b 69 11 e4 9d bb 10 1f 74 f0 00 99 for sdp_basic.
/// </summary>
/// <param name="Value">The 128 bits, octet 0 most significant.</param>
public readonly record struct TeeUuid(UInt128 Value)
{
    /// <summary>The UUID whose octets are <paramref name="octets"/> (16 bytes, network order).</summary>
    public static TeeUuid FromOctets(ReadOnlySpan<byte> octets)
    {
        if (octets.Length != 16)
        {
            throw new ArgumentException($"a UUID is 16 octets, not {octets.Length}", nameof(octets));
        }

        return new TeeUuid(BinaryPrimitives.ReadUInt128BigEndian(octets));
    }

    /// <summary>Parses the canonical form <c>xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx</c>.</summary>
    public static TeeUuid Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hex = text.Replace("-", "", StringComparison.Ordinal);
        if (hex.Length != 32 || !UInt128.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value))
        {
            throw new FormatException($"'{text}' is not a UUID of the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx");
        }

        return new TeeUuid(value);
    }

    /// <summary>Writes the 16 octets in network order.</summary>
    public void WriteOctets(Span<byte> into) => BinaryPrimitives.WriteUInt128BigEndian(into, Value);

    /// <summary>The 16 octets in network order.</summary>
    public byte[] ToOctets()
    {
        var bytes = new byte[16];
        WriteOctets(bytes);
        return bytes;
    }

    public override string ToString()
    {
        var h = Value.ToString("x32", CultureInfo.InvariantCulture);
        return $"{h[..8]}-{h[8..12]}-{h[12..16]}-{h[16..20]}-{h[20..]}";
    }
}
