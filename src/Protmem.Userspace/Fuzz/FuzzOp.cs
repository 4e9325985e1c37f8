using System.Globalization;

namespace Protmem.Userspace.Fuzz;

/// <summary>
/// One syscall of a fuzz program, with concrete values, so a program replays exactly: process slot,
/// kind, up to four integers, a path and staged bytes. <see cref="ToString"/> is the line of a replay
/// file (<c>p1 ioctl 3 0xc0184800 00100000...</c>); <see cref="Parse"/> reads it back.
/// </summary>
public sealed record FuzzOp(int Slot, FuzzOpKind Kind, long A = 0, long B = 0, long C = 0, long D = 0, long E = 0, string? Path = null, byte[]? Bytes = null)
{
    private static readonly Dictionary<FuzzOpKind, string> Words = new()
    {
        [FuzzOpKind.Spawn] = "spawn",
        [FuzzOpKind.Exit] = "exit",
        [FuzzOpKind.Open] = "open",
        [FuzzOpKind.Close] = "close",
        [FuzzOpKind.Dup] = "dup",
        [FuzzOpKind.Ioctl] = "ioctl",
        [FuzzOpKind.IoctlValue] = "ioctlv",
        [FuzzOpKind.Mmap] = "mmap",
        [FuzzOpKind.Munmap] = "munmap",
        [FuzzOpKind.Peek] = "peek",
        [FuzzOpKind.Poke] = "poke",
        [FuzzOpKind.Lseek] = "lseek",
        [FuzzOpKind.Read] = "read",
        [FuzzOpKind.Write] = "write",
        [FuzzOpKind.Poll] = "poll",
    };

    public override string ToString()
    {
        var word = Words[Kind];
        return Kind switch
        {
            FuzzOpKind.Spawn or FuzzOpKind.Exit => $"p{Slot} {word}",
            FuzzOpKind.Open => $"p{Slot} {word} {Path} 0x{A:x}",
            FuzzOpKind.Close or FuzzOpKind.Dup => $"p{Slot} {word} {A}",
            FuzzOpKind.Ioctl => $"p{Slot} {word} {A} 0x{B:x} {(Bytes is { Length: > 0 } b ? Convert.ToHexString(b).ToLowerInvariant() : "-")}",
            FuzzOpKind.IoctlValue => $"p{Slot} {word} {A} 0x{B:x} 0x{C:x}",
            FuzzOpKind.Mmap => $"p{Slot} {word} 0x{A:x} 0x{B:x} {C} 0x{D:x} {E} 0",
            FuzzOpKind.Munmap or FuzzOpKind.Peek or FuzzOpKind.Poke => $"p{Slot} {word} 0x{A:x} 0x{B:x}",
            FuzzOpKind.Lseek => $"p{Slot} {word} {A} {B} {C}",
            _ => $"p{Slot} {word} {A} 0x{B:x}",
        };
    }

    /// <summary>Reads one line of a replay file; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static FuzzOp Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var t = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (t.Length < 2 || t[0].Length < 2 || t[0][0] != 'p' || !int.TryParse(t[0][1..], NumberStyles.None, CultureInfo.InvariantCulture, out var slot))
        {
            throw new FormatException($"'{line}': a line is 'pN syscall args...'");
        }

        var kind = Words.FirstOrDefault(w => w.Value == t[1]);
        if (kind.Value is null)
        {
            throw new FormatException($"'{line}': unknown syscall '{t[1]}'");
        }

        long N(int i) => i >= t.Length ? throw new FormatException($"'{line}': argument {i - 1} is missing")
            : t[i].StartsWith("0x", StringComparison.Ordinal) ? (long)ulong.Parse(t[i][2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)
            : long.Parse(t[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return kind.Key switch
        {
            FuzzOpKind.Spawn or FuzzOpKind.Exit => new FuzzOp(slot, kind.Key),
            FuzzOpKind.Open => new FuzzOp(slot, kind.Key, A: N(3), Path: t.Length > 2 ? t[2] : throw new FormatException($"'{line}': open needs a path")),
            FuzzOpKind.Close or FuzzOpKind.Dup => new FuzzOp(slot, kind.Key, N(2)),
            FuzzOpKind.Ioctl => new FuzzOp(slot, kind.Key, N(2), N(3), Bytes: t.Length > 4 && t[4] != "-" ? Convert.FromHexString(t[4]) : []),
            FuzzOpKind.IoctlValue => new FuzzOp(slot, kind.Key, N(2), N(3), N(4)),
            FuzzOpKind.Mmap => new FuzzOp(slot, kind.Key, N(2), N(3), N(4), N(5), N(6)),
            FuzzOpKind.Lseek => new FuzzOp(slot, kind.Key, N(2), N(3), N(4)),
            _ => new FuzzOp(slot, kind.Key, N(2), N(3)),
        };
    }
}
