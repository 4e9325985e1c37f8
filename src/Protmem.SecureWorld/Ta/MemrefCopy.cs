using System.Numerics;
using System.Runtime.InteropServices;
using Protmem.Hardware.Memory;

namespace Protmem.SecureWorld.Ta;

/// <summary>The byte work the SDP TA and the invoke-tests pseudo-TA share: copy and transform memrefs through the bus.</summary>
internal static class MemrefCopy
{
    private static readonly BytesUpdate NegateBytes = Negate;

    /// <summary>Copies <paramref name="length"/> bytes from the start of <paramref name="from"/> to the start of <paramref name="to"/>.</summary>
    public static bool TryCopy(SecureCpuMemory memory, TaMemref from, TaMemref to, ulong length)
    {
        if (from.TryContiguous(0, length, out var source) && to.TryContiguous(0, length, out var target) && !source.Overlaps(target))
        {
            // One range each: DRAM to DRAM, in the same pieces and with the same charges as the staged copy below.
            for (ulong done = 0; done < length;)
            {
                var count = Math.Min((ulong)SecureCpuMemory.ScratchSize, length - done);
                if (!memory.TryCopy(target.Start + done, source.Start + done, count))
                {
                    return false;
                }

                done += count;
            }

            return true;
        }

        var buffer = memory.Scratch(length);
        for (ulong done = 0; done < length;)
        {
            var count = (int)Math.Min((ulong)buffer.Length, length - done);
            var chunk = buffer[..count];
            if (!from.TryRead(memory, done, chunk) || !to.TryWrite(memory, done, chunk))
            {
                return false;
            }

            done += (ulong)count;
        }

        return true;
    }

    /// <summary>Replaces each byte b of the first <paramref name="length"/> bytes by <c>(~b + 1) &amp; 0xff</c> (two's-complement negation).</summary>
    public static bool TryNegate(SecureCpuMemory memory, TaMemref buffer, ulong length)
    {
        if (buffer.TryContiguous(0, length, out var range))
        {
            // One range: negated where it lies, in the same pieces and with the same charges as the staged loop below.
            for (ulong done = 0; done < length;)
            {
                var count = Math.Min((ulong)SecureCpuMemory.ScratchSize, length - done);
                if (!memory.TryUpdate(range.Start + done, count, NegateBytes))
                {
                    return false;
                }

                done += count;
            }

            return true;
        }

        var bytes = memory.Scratch(length);
        for (ulong done = 0; done < length;)
        {
            var count = (int)Math.Min((ulong)bytes.Length, length - done);
            var chunk = bytes[..count];
            if (!buffer.TryRead(memory, done, chunk))
            {
                return false;
            }

            Negate(chunk);

            if (!buffer.TryWrite(memory, done, chunk))
            {
                return false;
            }

            done += (ulong)count;
        }

        return true;
    }

    /// <summary>b = (~b + 1) &amp; 0xff for every byte: 0 - b, a vector at a time.</summary>
    internal static void Negate(Span<byte> bytes)
    {
        var vectors = MemoryMarshal.Cast<byte, Vector<byte>>(bytes);
        for (var i = 0; i < vectors.Length; i++)
        {
            vectors[i] = Vector<byte>.Zero - vectors[i];
        }

        for (var i = vectors.Length * Vector<byte>.Count; i < bytes.Length; i++)
        {
            bytes[i] = unchecked((byte)(~bytes[i] + 1));
        }
    }
}
