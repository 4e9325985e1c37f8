using System.Buffers.Binary;

namespace Protmem.SecureWorld.Abi;

/// <summary>
/// <c>struct optee_msg_arg</c> decoded from the bytes the normal world wrote: u32 cmd, func, session,
/// cancel_id, pad, ret, ret_origin, num_params, then num_params 32-byte parameters.
/// </summary>
internal sealed class OpteeMsgArg
{
    public uint Cmd;
    public uint Func;
    public uint Session;
    public uint CancelId;
    public uint Ret;
    public uint RetOrigin;
    public OpteeMsgParam[] Params = [];

    public int Size => OpteeMsg.GetArgSize(Params.Length);

    /// <summary>Reads the header's num_params field.</summary>
    public static uint ReadNumParams(ReadOnlySpan<byte> header) => BinaryPrimitives.ReadUInt32LittleEndian(header[OpteeMsg.OffsetNumParams..]);

    /// <summary>
    /// Decodes <paramref name="bytes"/> into this arg, its parameters into <paramref name="parameters"/>
    /// (num_params entries), so one arg and its arrays serve call after call; ret and ret_origin start at 0.
    /// </summary>
    public void Load(ReadOnlySpan<byte> bytes, OpteeMsgParam[] parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Length != ReadNumParams(bytes))
        {
            throw new ArgumentException($"num_params is {ReadNumParams(bytes)}, the array has {parameters.Length} entries", nameof(parameters));
        }

        Cmd = BinaryPrimitives.ReadUInt32LittleEndian(bytes[OpteeMsg.OffsetCmd..]);
        Func = BinaryPrimitives.ReadUInt32LittleEndian(bytes[OpteeMsg.OffsetFunc..]);
        Session = BinaryPrimitives.ReadUInt32LittleEndian(bytes[OpteeMsg.OffsetSession..]);
        CancelId = BinaryPrimitives.ReadUInt32LittleEndian(bytes[OpteeMsg.OffsetCancelId..]);
        Ret = 0;
        RetOrigin = 0;
        Params = parameters;
        for (var i = 0; i < parameters.Length; i++)
        {
            var p = bytes.Slice(OpteeMsg.ArgHeaderSize + (i * OpteeMsg.ParamSize), OpteeMsg.ParamSize);
            parameters[i] = new OpteeMsgParam
            {
                Attr = BinaryPrimitives.ReadUInt64LittleEndian(p),
                A = BinaryPrimitives.ReadUInt64LittleEndian(p[8..]),
                B = BinaryPrimitives.ReadUInt64LittleEndian(p[16..]),
                C = BinaryPrimitives.ReadUInt64LittleEndian(p[24..]),
            };
        }
    }

    /// <summary>Writes the whole struct back (header with ret/ret_origin/session, and every parameter).</summary>
    public void Encode(Span<byte> bytes)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[OpteeMsg.OffsetCmd..], Cmd);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[OpteeMsg.OffsetFunc..], Func);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[OpteeMsg.OffsetSession..], Session);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[OpteeMsg.OffsetCancelId..], CancelId);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[OpteeMsg.OffsetPad..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[OpteeMsg.OffsetRet..], Ret);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[OpteeMsg.OffsetRetOrigin..], RetOrigin);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[OpteeMsg.OffsetNumParams..], (uint)Params.Length);
        for (var i = 0; i < Params.Length; i++)
        {
            var p = bytes.Slice(OpteeMsg.ArgHeaderSize + (i * OpteeMsg.ParamSize), OpteeMsg.ParamSize);
            BinaryPrimitives.WriteUInt64LittleEndian(p, Params[i].Attr);
            BinaryPrimitives.WriteUInt64LittleEndian(p[8..], Params[i].A);
            BinaryPrimitives.WriteUInt64LittleEndian(p[16..], Params[i].B);
            BinaryPrimitives.WriteUInt64LittleEndian(p[24..], Params[i].C);
        }
    }

    /// <summary>Sets the result and where it came from.</summary>
    public void Answer(uint ret, uint origin)
    {
        Ret = ret;
        RetOrigin = origin;
    }
}
