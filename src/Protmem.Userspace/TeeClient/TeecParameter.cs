namespace Protmem.Userspace.TeeClient;

/// <summary>
/// One parameter of a <see cref="TeecOperation"/> (a TEEC_Parameter): a value pair, a temporary
/// memory reference (a caller byte array, staged through a shared-memory bounce buffer), or a
/// reference to registered/allocated shared memory, whole or partial. After the call, output
/// values and memref sizes are updated in place, as libteec does.
/// </summary>
public sealed class TeecParameter
{
    private TeecParameter(uint type)
    {
        Type = type;
    }

    /// <summary>The TEEC parameter type (TEEC_NONE, TEEC_VALUE_*, TEEC_MEMREF_*).</summary>
    public uint Type { get; }

    /// <summary>Value a (TEEC_VALUE_*).</summary>
    public uint ValueA { get; set; }

    /// <summary>Value b (TEEC_VALUE_*).</summary>
    public uint ValueB { get; set; }

    /// <summary>The caller's bytes of a temporary memref; output bytes are copied back into it.</summary>
    public byte[]? TempBuffer { get; private init; }

    /// <summary>The shared memory a whole or partial memref refers to.</summary>
    public TeecSharedMemory? Parent { get; private init; }

    /// <summary>Offset into <see cref="Parent"/> (partial memrefs).</summary>
    public ulong Offset { get; private init; }

    /// <summary>Size of the memref; after the call, the size the TA used or needs.</summary>
    public ulong Size { get; set; }

    public static TeecParameter None() => new(Teec.TEEC_NONE);

    /// <summary>A value parameter: TEEC_VALUE_INPUT, OUTPUT or INOUT.</summary>
    public static TeecParameter Value(uint type, uint a = 0, uint b = 0) => new(type) { ValueA = a, ValueB = b };

    /// <summary>A temporary memref over <paramref name="buffer"/>: TEEC_MEMREF_TEMP_INPUT, OUTPUT or INOUT; size defaults to its length.</summary>
    public static TeecParameter Temp(uint type, byte[] buffer, ulong? size = null)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        return new TeecParameter(type) { TempBuffer = buffer, Size = size ?? (ulong)buffer.Length };
    }

    /// <summary>TEEC_MEMREF_WHOLE: all of <paramref name="shm"/>, in the directions of its flags.</summary>
    public static TeecParameter Whole(TeecSharedMemory shm)
    {
        ArgumentNullException.ThrowIfNull(shm);
        return new TeecParameter(Teec.TEEC_MEMREF_WHOLE) { Parent = shm, Size = shm.Size };
    }

    /// <summary>TEEC_MEMREF_PARTIAL_INPUT, OUTPUT or INOUT: <paramref name="size"/> bytes of <paramref name="shm"/> at <paramref name="offset"/>.</summary>
    public static TeecParameter Partial(uint type, TeecSharedMemory shm, ulong offset, ulong size)
    {
        ArgumentNullException.ThrowIfNull(shm);
        return new TeecParameter(type) { Parent = shm, Offset = offset, Size = size };
    }
}
