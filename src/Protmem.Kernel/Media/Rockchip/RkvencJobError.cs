using Protmem.Hardware;
using Protmem.Hardware.Bus;
using Protmem.Hardware.Media;

namespace Protmem.Kernel.Media.Rockchip;

/// <summary>An encode job that ended in error (its CAPTURE buffer went back with V4L2_BUF_FLAG_ERROR), as the driver logs it.</summary>
/// <param name="Time">Simulated nanoseconds of the interrupt.</param>
/// <param name="Pid">The process whose context ran the job.</param>
/// <param name="Status">The encoder's status.</param>
/// <param name="SecureMode">Whether the job ran in secure mode.</param>
/// <param name="FaultAddress">The failing device address, or null.</param>
/// <param name="FaultKind">Why that access failed.</param>
public sealed record RkvencJobError(ulong Time, int Pid, VideoEncoderStatus Status, bool SecureMode, DeviceAddr? FaultAddress, DeviceAccessResult FaultKind);
