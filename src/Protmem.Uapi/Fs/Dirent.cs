using System.Buffers.Binary;
using System.Text;

namespace Protmem.Uapi.Fs;

/// <summary>
/// <c>struct linux_dirent64</c> (include/linux/dirent.h), what getdents64(2) writes, one record after
/// another: d_ino (u64, offset 0), d_off (s64, 8), d_reclen (u16, 16), d_type (u8, 18), then d_name,
/// NUL-terminated, the record padded to a multiple of 8 bytes.
/// </summary>
public static class Dirent
{
    /// <summary>offsetof(struct linux_dirent64, d_name).</summary>
    public const int NameOffset = 19;

    /// <summary>DT_UNKNOWN.</summary>
    public const byte DT_UNKNOWN = 0;

    /// <summary>DT_DIR: a directory.</summary>
    public const byte DT_DIR = 4;

    /// <summary>DT_REG: a regular file.</summary>
    public const byte DT_REG = 8;

    /// <summary>The record length of an entry named <paramref name="name"/>: ALIGN(19 + len + 1, 8).</summary>
    public static int RecordLength(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return (NameOffset + Encoding.UTF8.GetByteCount(name) + 1 + 7) & ~7;
    }

    /// <summary>Writes one record into <paramref name="into"/> (at least <see cref="RecordLength"/> bytes); returns its length.</summary>
    public static int Write(Span<byte> into, ulong ino, long off, byte type, string name)
    {
        var length = RecordLength(name);
        var record = into[..length];
        record.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(record, ino);
        BinaryPrimitives.WriteInt64LittleEndian(record[8..], off);
        BinaryPrimitives.WriteUInt16LittleEndian(record[16..], (ushort)length);
        record[18] = type;
        Encoding.UTF8.GetBytes(name, record[NameOffset..]);
        return length;
    }

    /// <summary>The entries of a getdents64 result: (d_ino, d_off, d_type, d_name) per record. Throws on a malformed record.</summary>
    public static IReadOnlyList<(ulong Ino, long Off, byte Type, string Name)> Parse(ReadOnlySpan<byte> records)
    {
        var entries = new List<(ulong, long, byte, string)>();
        while (!records.IsEmpty)
        {
            if (records.Length < NameOffset + 1)
            {
                throw new FormatException($"a linux_dirent64 record needs at least {NameOffset + 1} bytes, {records.Length} left");
            }

            var length = BinaryPrimitives.ReadUInt16LittleEndian(records[16..]);
            if (length < NameOffset + 1 || length > records.Length || length % 8 != 0)
            {
                throw new FormatException($"d_reclen {length} is not a valid record length ({records.Length} bytes left)");
            }

            var name = records[NameOffset..length];
            var end = name.IndexOf((byte)0);
            entries.Add((
                BinaryPrimitives.ReadUInt64LittleEndian(records),
                BinaryPrimitives.ReadInt64LittleEndian(records[8..]),
                records[18],
                Encoding.UTF8.GetString(end < 0 ? name : name[..end])));
            records = records[length..];
        }

        return entries;
    }
}
