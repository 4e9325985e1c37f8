namespace Protmem.Kernel.Media.Rockchip;

/// <summary>
/// Frames the camera dropped because no buffer was queued, as the driver sees them: a gap in the sequence numbers
/// (frames <paramref name="FirstSequence"/> to <paramref name="FirstSequence"/> + <paramref name="Count"/> − 1 never reached a buffer).
/// </summary>
/// <param name="Time">Simulated nanoseconds when the driver saw the gap (the next frame's interrupt, or stream off).</param>
/// <param name="FirstSequence">The first frame dropped.</param>
/// <param name="Count">How many frames in a row were dropped.</param>
public sealed record RkcifSequenceGap(ulong Time, uint FirstSequence, uint Count);
