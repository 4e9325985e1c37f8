using System.Buffers.Binary;

namespace Protmem.Uapi.Tee;

/// <summary>
/// struct tee_ioctl_version_data (12 bytes): the argument of TEE_IOC_VERSION.
/// </summary>
public struct TeeIoctlVersionData : IUapiStruct<TeeIoctlVersionData>
{
    public const int Size = 12;

    private const int ImplIdOffset = 0;
    private const int ImplCapsOffset = 4;
    private const int GenCapsOffset = 8;

    /// <summary>[out] TEE implementation, TEE_IMPL_ID_*. Offset 0, u32.</summary>
    public uint ImplId;

    /// <summary>[out] Implementation capabilities, e.g. TEE_OPTEE_CAP_TZ. Offset 4, u32.</summary>
    public uint ImplCaps;

    /// <summary>[out] Generic capabilities, TEE_GEN_CAP_*. Offset 8, u32.</summary>
    public uint GenCaps;

    public static AbiStructLayout Layout { get; } = new("tee_ioctl_version_data", Size,
    [
        new("impl_id", ImplIdOffset, 4),
        new("impl_caps", ImplCapsOffset, 4),
        new("gen_caps", GenCapsOffset, 4),
    ]);

    public static TeeIoctlVersionData Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new TeeIoctlVersionData
        {
            ImplId = BinaryPrimitives.ReadUInt32LittleEndian(source[ImplIdOffset..]),
            ImplCaps = BinaryPrimitives.ReadUInt32LittleEndian(source[ImplCapsOffset..]),
            GenCaps = BinaryPrimitives.ReadUInt32LittleEndian(source[GenCapsOffset..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[ImplIdOffset..], ImplId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[ImplCapsOffset..], ImplCaps);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[GenCapsOffset..], GenCaps);
    }
}
