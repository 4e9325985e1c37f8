using Protmem.Kernel.Media.Rockchip;

namespace Protmem.Platform.Tests.Media;

/// <summary>
/// rk3588 for the encoder's tests, booted as a user would with <c>--append protmem.unmap_direct_map=1</c> (so the
/// whole-machine check judges the devices alone). Protected buffers come from the encoder's own use case, secure
/// video record. The secure-capable encoder reaches protected memory only in secure mode.
/// </summary>
internal static class VencBoards
{
    /// <summary>The heap of the encoder's use case (secure video record: the camera and the encoder).</summary>
    public const string RecordHeap = "protected,secure-video-record";

    /// <summary>rk3588 as shipped, lent memory out of the direct map.</summary>
    public static Machine BootRk3588() => Machine.Boot("rk3588", Rk3588Options.LentOutOfDirectMap());

    /// <summary>The encoder driver bound to the vepu node.</summary>
    public static RkvencDevice Rkvenc(Machine machine) =>
        machine.Kernel.Devices.Values.Select(d => d.DriverData).OfType<RkvencDevice>().Single();
}
