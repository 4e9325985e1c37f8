using Protmem.Hardware.Bus;

namespace Protmem.Hardware.Media;

/// <summary>The camera's interrupt at the end of a frame written (or refused) into a queued buffer.</summary>
/// <param name="Time">Simulated nanoseconds: the end of the frame period.</param>
/// <param name="Buffer">The device address of the buffer the frame went to, as it was queued.</param>
/// <param name="Sequence">The frame's number since stream on, counting dropped frames (so a gap shows a drop).</param>
/// <param name="Status">How the frame ended.</param>
/// <param name="BytesWritten">NV12 bytes written to the buffer (all of the frame, or 0 on an error).</param>
/// <param name="FaultAddress">The device address of the failing access, or null.</param>
/// <param name="FaultKind">Why that access failed.</param>
public sealed record CameraInterrupt(ulong Time, DeviceAddr Buffer, uint Sequence, CameraStatus Status, int BytesWritten, DeviceAddr? FaultAddress, DeviceAccessResult FaultKind);
