using Protmem.Kernel.Mm;

namespace Protmem.Kernel.Tests.Mm;

public sealed class BitmapTests
{
    [Fact]
    public void FindNextZeroArea_WithAlignmentAndOffset_FindsTheFirstAlignedRun()
    {
        var map = new ulong[2];
        Bitmap.SetRange(map, 0, 3);
        Bitmap.SetRange(map, 9, 2);

        Assert.Equal(3, Bitmap.FindNextZeroArea(map, 128, 0, 4));
        Assert.Equal(4, Bitmap.FindNextZeroArea(map, 128, 0, 4, alignMask: 3));
        Assert.Equal(11, Bitmap.FindNextZeroArea(map, 128, 0, 7));
        Assert.Equal(5, Bitmap.FindNextZeroArea(map, 128, 0, 4, alignMask: 7, alignOffset: 3));
        Assert.Equal(13, Bitmap.FindNextZeroArea(map, 128, 0, 5, alignMask: 7, alignOffset: 3));
        Assert.Equal(-1, Bitmap.FindNextZeroArea(map, 128, 0, 120));
    }

    [Fact]
    public void SetAndClearRange_AcrossWords_ChangeExactlyTheRange()
    {
        var map = new ulong[3];

        Bitmap.SetRange(map, 60, 70);

        Assert.True(Bitmap.IsRangeSet(map, 60, 70));
        Assert.True(Bitmap.IsRangeClear(map, 0, 60));
        Assert.True(Bitmap.IsRangeClear(map, 130, 62));
        Assert.Equal(70, Bitmap.CountSet(map));
        Bitmap.ClearRange(map, 64, 64);
        Assert.Equal(6, Bitmap.CountSet(map));
        Assert.Equal(128, Bitmap.FindNextBit(map, 192, 64));
        Assert.Equal(64, Bitmap.FindNextZeroBit(map, 192, 60));
    }
}
