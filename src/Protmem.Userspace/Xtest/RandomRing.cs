namespace Protmem.Userspace.Xtest;

/// <summary>
/// xtest's source of test data: 32 KiB + 1 random bytes, filled once from the caller's seeded
/// generator (xtest reads /dev/urandom), then read as a ring buffer.
/// </summary>
internal sealed class RandomRing
{
    private const int RingSize = (32 * 1024) + 1;
    private readonly byte[] _ring = new byte[RingSize];
    private int _index;

    public RandomRing(Action<byte[]> fillRandom)
    {
        ArgumentNullException.ThrowIfNull(fillRandom);
        fillRandom(_ring);
    }

    public void Read(Span<byte> into)
    {
        while (!into.IsEmpty)
        {
            var n = Math.Min(into.Length, RingSize - _index);
            _ring.AsSpan(_index, n).CopyTo(into);
            into = into[n..];
            _index = (_index + n) % RingSize;
        }
    }
}
