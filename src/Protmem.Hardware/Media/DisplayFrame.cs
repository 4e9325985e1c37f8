namespace Protmem.Hardware.Media;

/// <summary>One scanned-out frame: when, its sequence number, the CRC-32 of the composed NV12 image, and whether a fetch faulted.</summary>
/// <param name="Time">Simulated nanoseconds at the end of the scanout.</param>
/// <param name="Sequence">Frames scanned out before this one.</param>
/// <param name="Crc">CRC-32 (IEEE) of the composed NV12 frame, Y plane then CbCr plane.</param>
/// <param name="Faulted">True when a plane's fetch was refused (that plane's area shows black).</param>
public sealed record DisplayFrame(ulong Time, long Sequence, uint Crc, bool Faulted);
