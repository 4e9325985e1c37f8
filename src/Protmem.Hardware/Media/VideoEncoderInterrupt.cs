using Protmem.Hardware.Bus;

namespace Protmem.Hardware.Media;

/// <summary>The encoder's interrupt at the end of a job: status, the frame's size, and the failing access if any.</summary>
/// <param name="Time">Simulated nanoseconds.</param>
/// <param name="Status">How the job ended.</param>
/// <param name="BytesWritten">PMV1 bytes written to the bitstream buffer (0 unless <see cref="VideoEncoderStatus.Done"/>).</param>
/// <param name="FaultAddress">The device address of the failing access, or null.</param>
/// <param name="FaultKind">Why that access failed.</param>
public sealed record VideoEncoderInterrupt(ulong Time, VideoEncoderStatus Status, int BytesWritten, DeviceAddr? FaultAddress, DeviceAccessResult FaultKind);
