using Protmem.Hardware;
using Protmem.Hardware.Bus;
using Protmem.Hardware.Media;

namespace Protmem.Kernel.Media.Rockchip;

/// <summary>A frame the camera could not write (its buffer went back with V4L2_BUF_FLAG_ERROR), as the driver logs it.</summary>
/// <param name="Time">Simulated nanoseconds of the interrupt.</param>
/// <param name="Pid">The process that owned the queue.</param>
/// <param name="Sequence">The frame's sequence number.</param>
/// <param name="Status">The camera's status: a refused write (IOMMU or firewall fault), or a secure-mode write to memory that is not protected.</param>
/// <param name="SecureMode">Whether the camera streamed in secure mode.</param>
/// <param name="FaultAddress">The failing device address, or null.</param>
/// <param name="FaultKind">Why that access failed.</param>
public sealed record RkcifFrameError(ulong Time, int Pid, uint Sequence, CameraStatus Status, bool SecureMode, DeviceAddr? FaultAddress, DeviceAccessResult FaultKind);
