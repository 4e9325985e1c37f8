using System.Buffers.Binary;

namespace Protmem.Kernel.Tee.Optee;

/// <summary>
/// <c>struct optee_msg_arg</c> on the driver's side: built in C#, encoded into a kernel page whose
/// physical address travels in the SMC registers, decoded from the same page after the call.
/// </summary>
internal sealed class OpteeMessage
{
    public uint Cmd { get; set; }

    public uint Func { get; set; }

    public uint Session { get; set; }

    public uint CancelId { get; set; }

    public uint Ret { get; set; }

    public uint RetOrigin { get; set; }

    public OpteeMsgParam[] Params { get; set; } = [];

    public int Size => OpteeMsgAbi.ArgSize(Params.Length);

    /// <summary>Args this size or smaller are encoded on the stack (a cached arg's slot is one).</summary>
    public const int StackLimit = 512;

    /// <summary>Writes the arg into <paramref name="bytes"/> (<see cref="Size"/> bytes, every byte written).</summary>
    public void Encode(Span<byte> bytes)
    {
        bytes = bytes[..Size];
        bytes.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Cmd);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[4..], Func);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[8..], Session);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[12..], CancelId);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[20..], Ret);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[24..], RetOrigin);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[28..], (uint)Params.Length);
        for (var i = 0; i < Params.Length; i++)
        {
            var p = bytes[(OpteeMsgAbi.ArgHeaderSize + (i * OpteeMsgAbi.ParamSize))..];
            BinaryPrimitives.WriteUInt64LittleEndian(p, Params[i].Attr);
            BinaryPrimitives.WriteUInt64LittleEndian(p[8..], Params[i].A);
            BinaryPrimitives.WriteUInt64LittleEndian(p[16..], Params[i].B);
            BinaryPrimitives.WriteUInt64LittleEndian(p[24..], Params[i].C);
        }
    }

    /// <summary>Reads back what the secure world wrote: session, ret, ret_origin and every parameter.</summary>
    public void DecodeAnswer(ReadOnlySpan<byte> bytes)
    {
        Session = BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
        Ret = BinaryPrimitives.ReadUInt32LittleEndian(bytes[20..]);
        RetOrigin = BinaryPrimitives.ReadUInt32LittleEndian(bytes[24..]);
        for (var i = 0; i < Params.Length; i++)
        {
            var p = bytes[(OpteeMsgAbi.ArgHeaderSize + (i * OpteeMsgAbi.ParamSize))..];
            Params[i] = new OpteeMsgParam(
                BinaryPrimitives.ReadUInt64LittleEndian(p),
                BinaryPrimitives.ReadUInt64LittleEndian(p[8..]),
                BinaryPrimitives.ReadUInt64LittleEndian(p[16..]),
                BinaryPrimitives.ReadUInt64LittleEndian(p[24..]));
        }
    }
}
