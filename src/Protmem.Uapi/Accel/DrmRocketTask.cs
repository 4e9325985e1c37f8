using System.Buffers.Binary;

namespace Protmem.Uapi.Accel;

/// <summary>
/// struct drm_rocket_task (8 bytes): one task of a job: a register-command buffer the core runs.
/// </summary>
public struct DrmRocketTask : IUapiStruct<DrmRocketTask>
{
    public const int Size = 8;

    private const int RegcmdOffset = 0;
    private const int RegcmdCountOffset = 4;

    /// <summary>[in] NPU address of the register-command buffer (not validated by the kernel). Offset 0, u32.</summary>
    public uint Regcmd;

    /// <summary>[in] Number of 64-bit register commands; 0 is EINVAL. Offset 4, u32.</summary>
    public uint RegcmdCount;

    public static AbiStructLayout Layout { get; } = new("drm_rocket_task", Size,
    [
        new("regcmd", RegcmdOffset, 4),
        new("regcmd_count", RegcmdCountOffset, 4),
    ], AbiSource.RocketHeader);

    public static DrmRocketTask Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmRocketTask
        {
            Regcmd = BinaryPrimitives.ReadUInt32LittleEndian(source[RegcmdOffset..]),
            RegcmdCount = BinaryPrimitives.ReadUInt32LittleEndian(source[RegcmdCountOffset..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination[RegcmdOffset..], Regcmd);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[RegcmdCountOffset..], RegcmdCount);
    }
}
