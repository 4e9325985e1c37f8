using System.Numerics;

namespace Protmem.Kernel.Mm;

/// <summary>
/// The bit-range primitives of lib/bitmap.c and lib/find_bit.c over <c>ulong</c> words, bit i in
/// word i / 64 at position i % 64. Stateless: each call works on the map it is given.
/// </summary>
internal static class Bitmap
{
    public static long WordsFor(long bits) => (bits + 63) >> 6;

    public static bool Test(ulong[] map, long bit) => (map[bit >> 6] & (1UL << (int)(bit & 63))) != 0;

    /// <summary>The first set bit in [start, size), or <paramref name="size"/> (<c>find_next_bit</c>).</summary>
    public static long FindNextBit(ulong[] map, long size, long start) => FindNext(map, size, start, 0);

    /// <summary>The first clear bit in [start, size), or <paramref name="size"/> (<c>find_next_zero_bit</c>).</summary>
    public static long FindNextZeroBit(ulong[] map, long size, long start) => FindNext(map, size, start, ~0UL);

    /// <summary>
    /// The first run of <paramref name="nr"/> clear bits at or after <paramref name="start"/> whose
    /// index plus <paramref name="alignOffset"/> is a multiple of <paramref name="alignMask"/> + 1,
    /// or -1 (<c>bitmap_find_next_zero_area_off</c>).
    /// </summary>
    public static long FindNextZeroArea(ulong[] map, long size, long start, long nr, long alignMask = 0, long alignOffset = 0)
    {
        while (true)
        {
            var index = FindNextZeroBit(map, size, start);
            index = ((index + alignOffset + alignMask) & ~alignMask) - alignOffset;
            var end = index + nr;
            if (end > size || end < index)
            {
                return -1;
            }

            var set = FindNextBit(map, end, index);
            if (set >= end)
            {
                return index;
            }

            start = set + 1;
        }
    }

    public static void SetRange(ulong[] map, long start, long count) => Apply(map, start, count, set: true);

    public static void ClearRange(ulong[] map, long start, long count) => Apply(map, start, count, set: false);

    /// <summary>True when every bit of [start, start + count) is set.</summary>
    public static bool IsRangeSet(ulong[] map, long start, long count) => FindNextZeroBit(map, start + count, start) >= start + count;

    /// <summary>True when every bit of [start, start + count) is clear.</summary>
    public static bool IsRangeClear(ulong[] map, long start, long count) => FindNextBit(map, start + count, start) >= start + count;

    public static long CountSet(ulong[] map)
    {
        long count = 0;
        foreach (var word in map)
        {
            count += BitOperations.PopCount(word);
        }

        return count;
    }

    private static long FindNext(ulong[] map, long size, long start, ulong invert)
    {
        if (start >= size)
        {
            return size;
        }

        var wordIndex = start >> 6;
        var word = (map[wordIndex] ^ invert) & (~0UL << (int)(start & 63));
        var lastWord = (size - 1) >> 6;
        while (word == 0)
        {
            if (++wordIndex > lastWord)
            {
                return size;
            }

            word = map[wordIndex] ^ invert;
        }

        return Math.Min(size, (wordIndex << 6) + BitOperations.TrailingZeroCount(word));
    }

    private static void Apply(ulong[] map, long start, long count, bool set)
    {
        while (count > 0)
        {
            var bit = (int)(start & 63);
            var n = (int)Math.Min(64 - bit, count);
            var mask = (n == 64 ? ~0UL : (1UL << n) - 1) << bit;
            if (set)
            {
                map[start >> 6] |= mask;
            }
            else
            {
                map[start >> 6] &= ~mask;
            }

            start += n;
            count -= n;
        }
    }
}
