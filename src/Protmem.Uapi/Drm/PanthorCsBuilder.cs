using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>
/// Builds a GPU command stream in Protmem's instruction set (docs/gpu-command-stream.md): 64-bit
/// instructions, opcode in bits [63:56], register a in [55:48], register b in [47:40], a 32-bit immediate
/// in [31:0] (MOV48: a 48-bit immediate in [47:0]). A queue submit's <c>stream_size</c> is <see cref="ByteCount"/>.
/// Model: this stands for the CSF instruction set; PROT_REGION keeps its meaning (the next n instructions
/// run in protected mode).
/// </summary>
public sealed class PanthorCsBuilder
{
    /// <summary>NOP.</summary>
    [AbiSource(AbiSource.Model)]
    public const byte OpNop = 0x00;

    /// <summary>MOV48 rd, imm48.</summary>
    [AbiSource(AbiSource.Model)]
    public const byte OpMov48 = 0x01;

    /// <summary>LOAD64 rd, [ra].</summary>
    [AbiSource(AbiSource.Model)]
    public const byte OpLoad64 = 0x02;

    /// <summary>STORE64 [ra], rb.</summary>
    [AbiSource(AbiSource.Model)]
    public const byte OpStore64 = 0x03;

    /// <summary>COPY [ra], [rb], len.</summary>
    [AbiSource(AbiSource.Model)]
    public const byte OpCopy = 0x04;

    /// <summary>FILL [ra], rb, len.</summary>
    [AbiSource(AbiSource.Model)]
    public const byte OpFill = 0x05;

    /// <summary>PROT_REGION n.</summary>
    [AbiSource(AbiSource.Model)]
    public const byte OpProtRegion = 0x06;

    /// <summary>WAIT us.</summary>
    [AbiSource(AbiSource.Model)]
    public const byte OpWait = 0x07;

    /// <summary>Registers r0..r15.</summary>
    [AbiSource(AbiSource.Model)]
    public const int RegisterCount = 16;

    private readonly List<ulong> _words = [];

    /// <summary>Instructions so far.</summary>
    public int Count => _words.Count;

    /// <summary>The stream's <c>stream_size</c>.</summary>
    public uint ByteCount => (uint)(_words.Count * 8);

    public PanthorCsBuilder Nop() => Add(OpNop, 0, 0, 0);

    /// <summary>r[d] = value (48 bits).</summary>
    public PanthorCsBuilder Mov48(int d, ulong value)
    {
        if (value > 0xFFFF_FFFF_FFFFUL)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "MOV48 takes a 48-bit immediate");
        }

        return Raw(((ulong)OpMov48 << 56) | ((ulong)Reg(d) << 48) | value);
    }

    /// <summary>r[d] = the 8 bytes at r[a].</summary>
    public PanthorCsBuilder Load64(int d, int a) => Add(OpLoad64, d, a, 0);

    /// <summary>The 8 bytes at r[a] = r[b].</summary>
    public PanthorCsBuilder Store64(int a, int b) => Add(OpStore64, a, b, 0);

    /// <summary>length bytes from r[src] to r[dst].</summary>
    public PanthorCsBuilder Copy(int dst, int src, uint length) => Add(OpCopy, dst, src, length);

    /// <summary>length bytes at r[dst] set to the low byte of r[value].</summary>
    public PanthorCsBuilder Fill(int dst, int value, uint length) => Add(OpFill, dst, value, length);

    /// <summary>The next <paramref name="instructions"/> instructions run in protected mode.</summary>
    public PanthorCsBuilder ProtRegion(uint instructions) => Add(OpProtRegion, 0, 0, instructions);

    /// <summary>Compute for that many microseconds.</summary>
    public PanthorCsBuilder Wait(uint microseconds) => Add(OpWait, 0, 0, microseconds);

    /// <summary>A raw instruction, e.g. an unknown opcode for a test.</summary>
    public PanthorCsBuilder Raw(ulong word)
    {
        _words.Add(word);
        return this;
    }

    /// <summary>The little-endian bytes of the stream.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[_words.Count * 8];
        for (var i = 0; i < _words.Count; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * 8), _words[i]);
        }

        return bytes;
    }

    private static int Reg(int r) =>
        r is >= 0 and < RegisterCount ? r : throw new ArgumentOutOfRangeException(nameof(r), $"registers are r0..r{RegisterCount - 1}");

    private PanthorCsBuilder Add(byte opcode, int a, int b, uint immediate) =>
        Raw(((ulong)opcode << 56) | ((ulong)Reg(a) << 48) | ((ulong)Reg(b) << 40) | immediate);
}
