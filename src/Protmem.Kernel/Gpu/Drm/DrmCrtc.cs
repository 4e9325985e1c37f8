using Protmem.Uapi.Drm;

namespace Protmem.Kernel.Gpu.Drm;

/// <summary>
/// A CRTC (<c>struct drm_crtc</c>): the scanout engine that blends its planes into a mode's timing, with its
/// committed state, its vblank counter, and the CRC entries of the frames it scanned out
/// (drm_debugfs_crc.c: each "frame crc" pair a program reads from <c>crtc-N/crc/data</c>).
/// </summary>
public sealed class DrmCrtc : DrmModeObject
{
    /// <summary>DRM_CRC_ENTRIES_NR: the entries the CRC ring keeps.</summary>
    public const int CrcEntries = 128;

    private readonly Queue<(uint Frame, uint Crc)> _crcs = new();

    internal DrmCrtc(int index, string name)
    {
        Index = index;
        Name = name;
    }

    public override uint ObjectType => DrmModeIoctl.DRM_MODE_OBJECT_CRTC;

    /// <summary>drm_crtc_index: its bit in possible_crtcs masks.</summary>
    public int Index { get; }

    public string Name { get; }

    /// <summary>The committed state.</summary>
    public DrmCrtcState State { get; internal set; } = new();

    /// <summary>The vblank counter (drm_crtc_vblank_count).</summary>
    public uint VblankCount { get; internal set; }

    /// <summary>The CRC ring's entries, oldest first.</summary>
    public IReadOnlyCollection<(uint Frame, uint Crc)> Crcs => _crcs;

    /// <summary>drm_crtc_add_crc_entry: the oldest entry goes when the ring is full.</summary>
    public void AddCrcEntry(uint frame, uint crc)
    {
        if (_crcs.Count == CrcEntries)
        {
            _crcs.Dequeue();
        }

        _crcs.Enqueue((frame, crc));
    }

    /// <summary>The text of <c>crtc-N/crc/data</c>: one line per entry, "0x%08x 0x%08x" (frame, CRC) as drm_debugfs_crc.c prints.</summary>
    public string CrcData() => string.Concat(_crcs.Select(e => $"0x{e.Frame:x8} 0x{e.Crc:x8}\n"));

    public override ulong GetProperty(DrmProperty prop)
    {
        ArgumentNullException.ThrowIfNull(prop);
        return prop.Name switch
        {
            "ACTIVE" => State.Active ? 1UL : 0,
            "MODE_ID" => State.ModeBlob?.Id ?? 0,
            _ => base.GetProperty(prop),
        };
    }

    public override string ToString() => $"crtc {Id} ({Name})";
}
