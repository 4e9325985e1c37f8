using System.Buffers.Binary;

namespace Protmem.Uapi.Tee;

/// <summary>
/// struct tee_ioctl_open_session_arg (56-byte header, then num_params tee_ioctl_param): the argument
/// TEE_IOC_OPEN_SESSION reaches through tee_ioctl_buf_data.
/// </summary>
public struct TeeIoctlOpenSessionArg : IUapiStruct<TeeIoctlOpenSessionArg>
{
    public const int Size = 56;

    private const int UuidOffset = 0;
    private const int ClntUuidOffset = 16;
    private const int ClntLoginOffset = 32;
    private const int CancelIdOffset = 36;
    private const int SessionOffset = 40;
    private const int RetOffset = 44;
    private const int RetOriginOffset = 48;
    private const int NumParamsOffset = 52;

    /// <summary>[in] UUID of the trusted application, 16 octets, fields big-endian. Offset 0, u8[16].</summary>
    public TeeUuid Uuid;

    /// <summary>[in] UUID of the client (login data); zero for a public login. Offset 16, u8[16].</summary>
    public TeeUuid ClntUuid;

    /// <summary>[in] Login class, TEE_IOCTL_LOGIN_*. Offset 32, u32.</summary>
    public uint ClntLogin;

    /// <summary>[in] Cancellation id of this request. Offset 36, u32.</summary>
    public uint CancelId;

    /// <summary>[out] The new session id. Offset 40, u32.</summary>
    public uint Session;

    /// <summary>[out] The TEE result (TEEC_SUCCESS or an error). Offset 44, u32.</summary>
    public uint Ret;

    /// <summary>[out] Where the result came from, TEEC_ORIGIN_*. Offset 48, u32.</summary>
    public uint RetOrigin;

    /// <summary>[in] How many tee_ioctl_param follow the header. Offset 52, u32.</summary>
    public uint NumParams;

    public static AbiStructLayout Layout { get; } = new("tee_ioctl_open_session_arg", Size,
    [
        new("uuid", UuidOffset, 16),
        new("clnt_uuid", ClntUuidOffset, 16),
        new("clnt_login", ClntLoginOffset, 4),
        new("cancel_id", CancelIdOffset, 4),
        new("session", SessionOffset, 4),
        new("ret", RetOffset, 4),
        new("ret_origin", RetOriginOffset, 4),
        new("num_params", NumParamsOffset, 4),
    ]);

    public static TeeIoctlOpenSessionArg Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new TeeIoctlOpenSessionArg
        {
            Uuid = TeeUuid.FromOctets(source.Slice(UuidOffset, TeeUuid.Length)),
            ClntUuid = TeeUuid.FromOctets(source.Slice(ClntUuidOffset, TeeUuid.Length)),
            ClntLogin = BinaryPrimitives.ReadUInt32LittleEndian(source[ClntLoginOffset..]),
            CancelId = BinaryPrimitives.ReadUInt32LittleEndian(source[CancelIdOffset..]),
            Session = BinaryPrimitives.ReadUInt32LittleEndian(source[SessionOffset..]),
            Ret = BinaryPrimitives.ReadUInt32LittleEndian(source[RetOffset..]),
            RetOrigin = BinaryPrimitives.ReadUInt32LittleEndian(source[RetOriginOffset..]),
            NumParams = BinaryPrimitives.ReadUInt32LittleEndian(source[NumParamsOffset..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        Uuid.WriteOctets(destination.Slice(UuidOffset, TeeUuid.Length));
        ClntUuid.WriteOctets(destination.Slice(ClntUuidOffset, TeeUuid.Length));
        BinaryPrimitives.WriteUInt32LittleEndian(destination[ClntLoginOffset..], ClntLogin);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[CancelIdOffset..], CancelId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[SessionOffset..], Session);
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
