namespace Protmem.Kernel.Mm;

/// <summary>Where mmap without MAP_FIXED looks for room (arch_pick_mmap_layout).</summary>
public enum MmapLayout
{
    /// <summary>The highest gap below the top of the range first (the default layout).</summary>
    TopDown,

    /// <summary>The lowest gap above the bottom of the range first (the legacy layout).</summary>
    BottomUp,
}
