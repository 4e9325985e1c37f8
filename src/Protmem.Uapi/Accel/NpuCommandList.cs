using System.Buffers.Binary;

namespace Protmem.Uapi.Accel;

/// <summary>
/// Builds the NPU's register-command buffer in Protmem's command-list format (docs/npu-command-list.md):
/// each command is a 64-bit word with the opcode in bits [63:56] and a length or count in bits [31:0],
/// followed by its operand words (NPU addresses or a value). A task's <c>regcmd_count</c> is
/// <see cref="WordCount"/>. Model: this stands for the real stream of CNA/CORE/DPU register writes.
/// </summary>
public sealed class NpuCommandList
{
    /// <summary>[END]: the task stops.</summary>
    [AbiSource(AbiSource.Model)]
    public const byte OpEnd = 0x00;

    /// <summary>[COPY | len] [src] [dst].</summary>
    [AbiSource(AbiSource.Model)]
    public const byte OpCopy = 0x01;

    /// <summary>[FILL | len] [dst] [value].</summary>
    [AbiSource(AbiSource.Model)]
    public const byte OpFill = 0x02;

    /// <summary>[MAC | count] [a] [b] [dst]: dst[i] += a[i] * b[i] over 32-bit integers.</summary>
    [AbiSource(AbiSource.Model)]
    public const byte OpMac = 0x03;

    /// <summary>[WAIT | us]: compute for that many microseconds.</summary>
    [AbiSource(AbiSource.Model)]
    public const byte OpWait = 0x04;

    private readonly List<ulong> _words = [];

    /// <summary>64-bit words so far (the task's <c>regcmd_count</c>).</summary>
    public uint WordCount => (uint)_words.Count;

    /// <summary>Bytes the buffer takes.</summary>
    public int ByteCount => _words.Count * 8;

    public NpuCommandList Copy(ulong src, ulong dst, uint length) => Add(OpCopy, length, src, dst);

    public NpuCommandList Fill(ulong dst, byte value, uint length) => Add(OpFill, length, dst, value);

    public NpuCommandList Mac(ulong a, ulong b, ulong dst, uint count) => Add(OpMac, count, a, b, dst);

    public NpuCommandList Wait(uint microseconds) => Add(OpWait, microseconds);

    public NpuCommandList End() => Add(OpEnd, 0);

    /// <summary>A raw word, e.g. an unknown opcode for a test.</summary>
    public NpuCommandList Raw(ulong word)
    {
        _words.Add(word);
        return this;
    }

    /// <summary>The little-endian bytes of the buffer.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[ByteCount];
        for (var i = 0; i < _words.Count; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * 8), _words[i]);
        }

        return bytes;
    }

    private NpuCommandList Add(byte opcode, uint length, params ReadOnlySpan<ulong> operands)
    {
        _words.Add(((ulong)opcode << 56) | length);
        foreach (var operand in operands)
        {
            _words.Add(operand);
        }

        return this;
    }
}
