using System.Buffers.Binary;

namespace Protmem.Uapi.Tee;

/// <summary>
/// struct tee_ioctl_invoke_arg (24-byte header, then num_params tee_ioctl_param): the argument
/// TEE_IOC_INVOKE reaches through tee_ioctl_buf_data.
/// </summary>
public struct TeeIoctlInvokeArg : IUapiStruct<TeeIoctlInvokeArg>
{
    public const int Size = 24;

    private const int FuncOffset = 0;
    private const int SessionOffset = 4;
    private const int CancelIdOffset = 8;
    private const int RetOffset = 12;
    private const int RetOriginOffset = 16;
    private const int NumParamsOffset = 20;

    /// <summary>[in] The command id, specific to the trusted application. Offset 0, u32.</summary>
    public uint Func;

    /// <summary>[in] The session id. Offset 4, u32.</summary>
    public uint Session;

    /// <summary>[in] Cancellation id of this request. Offset 8, u32.</summary>
    public uint CancelId;

    /// <summary>[out] The TEE result (TEEC_SUCCESS or an error). Offset 12, u32.</summary>
    public uint Ret;

    /// <summary>[out] Where the result came from, TEEC_ORIGIN_*. Offset 16, u32.</summary>
    public uint RetOrigin;

    /// <summary>[in] How many tee_ioctl_param follow the header. Offset 20, u32.</summary>
    public uint NumParams;

    public static AbiStructLayout Layout { get; } = new("tee_ioctl_invoke_arg", Size,
    [
        new("func", FuncOffset, 4),
        new("session", SessionOffset, 4),
        new("cancel_id", CancelIdOffset, 4),
        new("ret", RetOffset, 4),
        new("ret_origin", RetOriginOffset, 4),
        new("num_params", NumParamsOffset, 4),
    ]);

    public static TeeIoctlInvokeArg Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new TeeIoctlInvokeArg
        {
            Func = BinaryPrimitives.ReadUInt32LittleEndian(source[FuncOffset..]),
            Session = BinaryPrimitives.ReadUInt32LittleEndian(source[SessionOffset..]),
            CancelId = BinaryPrimitives.ReadUInt32LittleEndian(source[CancelIdOffset..]),
            Ret = BinaryPrimitives.ReadUInt32LittleEndian(source[RetOffset..]),
            RetOrigin = BinaryPrimitives.ReadUInt32LittleEndian(source[RetOriginOffset..]),
            NumParams = BinaryPrimitives.ReadUInt32LittleEndian(source[NumParamsOffset..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[FuncOffset..], Func);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[SessionOffset..], Session);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[CancelIdOffset..], CancelId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[RetOffset..], Ret);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[RetOriginOffset..], RetOrigin);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[NumParamsOffset..], NumParams);
    }

    /// <summary>Where the tee_ioctl_param array begins: right after this header.</summary>
    public const int ParamsOffset = Size;

    /// <summary>The length of the whole argument (buf_len) with <paramref name="numParams"/> parameters.</summary>
    public static int ArgLength(int numParams)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numParams);
        return Size + (numParams * TeeIoctlParam.Size);
    }
}
