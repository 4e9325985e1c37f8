using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>
/// struct drm_panthor_obj_array (16 bytes): An array of objects passed by pointer, with the stride userspace built it with (for versioning).
/// </summary>
public struct DrmPanthorObjArray : IUapiStruct<DrmPanthorObjArray>
{
    public const int Size = 16;

    /// <summary><c>stride</c>: Stride of one object (sizeof as userspace knows it). Offset 0, u32.</summary>
    public uint Stride;

    /// <summary><c>count</c>: Number of objects. Offset 4, u32.</summary>
    public uint Count;

    /// <summary><c>array</c>: User pointer to the objects. Offset 8, u64.</summary>
    public ulong Array;

    public static AbiStructLayout Layout { get; } = new("drm_panthor_obj_array", Size,
    [
        new("stride", 0, 4),
        new("count", 4, 4),
        new("array", 8, 8),
    ], AbiSource.PanthorHeader);

    public static DrmPanthorObjArray Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmPanthorObjArray
        {
            Stride = BinaryPrimitives.ReadUInt32LittleEndian(source[0..]),
            Count = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]),
            Array = BinaryPrimitives.ReadUInt64LittleEndian(source[8..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination[0..], Stride);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Count);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], Array);
    }

    /// <summary>DRM_PANTHOR_OBJ_ARRAY(count, ptr) for objects of <paramref name="stride"/> bytes.</summary>
    public static DrmPanthorObjArray Of(uint stride, uint count, ulong array) => new() { Stride = stride, Count = count, Array = array };
}
