using Protmem.Hardware.Bus;

namespace Protmem.Hardware.Media;

/// <summary>The decoder's interrupt at the end of a job: status, the picture decoded, and the failing access if any.</summary>
/// <param name="Time">Simulated nanoseconds.</param>
/// <param name="Status">How the job ended.</param>
/// <param name="Width">The decoded picture's width (0 when the header was not read).</param>
/// <param name="Height">The decoded picture's height.</param>
/// <param name="BytesWritten">NV12 bytes written to the destination.</param>
/// <param name="FaultAddress">The device address of the failing access, or null.</param>
/// <param name="FaultKind">Why that access failed.</param>
public sealed record VideoDecoderInterrupt(ulong Time, VideoDecoderStatus Status, int Width, int Height, int BytesWritten, DeviceAddr? FaultAddress, DeviceAccessResult FaultKind);
