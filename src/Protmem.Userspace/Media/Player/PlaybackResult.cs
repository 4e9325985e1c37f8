namespace Protmem.Userspace.Media.Player;

/// <summary>What a playback showed: the frames scanned out, the CRC of each (the display's crtc-0 CRC source), and what failed.</summary>
/// <param name="FramesShown">Frames decoded and committed to the display.</param>
/// <param name="Crcs">The CRC of every frame scanned out during the playback, in order.</param>
/// <param name="Failure">Null when every frame played; else the step that failed and its error.</param>
public sealed record PlaybackResult(int FramesShown, IReadOnlyList<uint> Crcs, string? Failure);
