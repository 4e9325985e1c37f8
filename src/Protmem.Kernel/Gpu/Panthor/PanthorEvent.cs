namespace Protmem.Kernel.Gpu.Panthor;

/// <summary>One entry of the driver's event log.</summary>
/// <param name="Time">Simulated nanoseconds.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Detail">The message, as the driver would log it.</param>
/// <param name="DelayNs">For <see cref="PanthorEventKind.FirmwareReset"/>: how long running and queued jobs were held back.</param>
public sealed record PanthorEvent(ulong Time, PanthorEventKind Kind, string Detail, ulong DelayNs = 0)
{
    /// <summary>Whether the event means the platform is lost.</summary>
    public bool IsFatal => Kind == PanthorEventKind.PlatformHang;
}
