using System.Buffers.Binary;
using System.Globalization;

namespace Protmem.Uapi.Tee;

/// <summary>
/// A trusted application's UUID as it travels in tee_ioctl_open_session_arg.uuid: 16 octets,
/// the fields of the RFC 4122 form big-endian first (time_low, time_mid, time_hi_and_version,
/// then clock_seq_and_node as given). <c>12345678-5b69-11e4-9dbb-101f74f00099</c> travels as
/// <c>12 34 56 78 5b 69 11 e4 9d bb 10 1f 74 f0 00 99</c>.
/// </summary>
public readonly record struct TeeUuid
{
    /// <summary>TEE_IOCTL_UUID_LEN.</summary>
    public const int Length = 16;

    private readonly ulong _high;
    private readonly ulong _low;

    private TeeUuid(ulong high, ulong low)
    {
        _high = high;
        _low = low;
    }

    /// <summary>The all-zero UUID (a public login's client UUID).</summary>
    public static TeeUuid Nil => default;

    /// <summary>From the 16 octets in wire order.</summary>
    public static TeeUuid FromOctets(ReadOnlySpan<byte> octets)
    {
        UapiBytes.Require(octets.Length, Length, "tee uuid");
        return new TeeUuid(
            BinaryPrimitives.ReadUInt64BigEndian(octets),
            BinaryPrimitives.ReadUInt64BigEndian(octets[8..]));
    }

    /// <summary>
    /// From the fields of a TEEC_UUID: <c>{timeLow, timeMid, timeHiAndVersion, {clockSeqAndNode[8]}}</c>.
    /// </summary>
    public static TeeUuid FromFields(uint timeLow, ushort timeMid, ushort timeHiAndVersion, ReadOnlySpan<byte> clockSeqAndNode)
    {
        UapiBytes.Require(clockSeqAndNode.Length, 8, "TEEC_UUID.clockSeqAndNode");
        ulong high = ((ulong)timeLow << 32) | ((ulong)timeMid << 16) | timeHiAndVersion;
        return new TeeUuid(high, BinaryPrimitives.ReadUInt64BigEndian(clockSeqAndNode));
    }

    /// <summary>Parses the canonical text form <c>xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx</c>.</summary>
    public static TeeUuid Parse(string text) =>
        TryParse(text, out var uuid) ? uuid : throw new FormatException($"'{text}' is not a UUID of the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx");

    /// <summary>Parses the canonical text form; false if <paramref name="text"/> is not one.</summary>
    public static bool TryParse(string? text, out TeeUuid uuid)
    {
        uuid = default;
        if (text is null || text.Length != 36 || text[8] != '-' || text[13] != '-' || text[18] != '-' || text[23] != '-')
        {
            return false;
        }

        var hex = string.Concat(text.AsSpan(0, 8), text.AsSpan(9, 4), text.AsSpan(14, 4), text.AsSpan(19, 4)) + text[24..];
        if (!ulong.TryParse(hex.AsSpan(0, 16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var high)
            || !ulong.TryParse(hex.AsSpan(16, 16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var low))
        {
            return false;
        }

        uuid = new TeeUuid(high, low);
        return true;
    }

    /// <summary>Writes the 16 octets in wire order.</summary>
    public void WriteOctets(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Length, "tee uuid");
        BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _low);
    }

    /// <summary>The 16 octets in wire order.</summary>
    public byte[] ToOctets()
    {
        var octets = new byte[Length];
        WriteOctets(octets);
        return octets;
    }

    /// <summary>The canonical lower-case text form.</summary>
    public override string ToString()
    {
        var hex = string.Create(CultureInfo.InvariantCulture, $"{_high:x16}{_low:x16}");
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }
}
