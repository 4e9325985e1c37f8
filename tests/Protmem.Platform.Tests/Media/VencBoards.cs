using Protmem.Kernel.Media.Rockchip;

namespace Protmem.Platform.Tests.Media;

/// <summary>
/// rk3588 for the encoder's tests: the lent protected regions out of the kernel's direct map (so the whole-machine
/// check judges the devices alone), optionally with the secure-video use case listing &amp;vepu, as a record use
/// case will (the board has none yet). The secure-capable encoder reaches protected memory only in secure mode.
/// </summary>
internal static class VencBoards
{
    /// <summary>rk3588 as shipped but for the direct map and, with <paramref name="vepuInSecureVideo"/>, &amp;vepu among the secure-video masters.</summary>
    public static Machine BootRk3588(bool vepuInSecureVideo = false)
    {
        using var stream = typeof(Machine).Assembly.GetManifestResourceStream("Protmem.Platform.Boards.rk3588.dts")!;
        var dts = new StreamReader(stream).ReadToEnd().Replace(
            "bootargs = \"protmem.design=tee-dma-heap\";",
            "bootargs = \"protmem.design=tee-dma-heap protmem.unmap_direct_map=1\";",
            StringComparison.Ordinal);
        if (vepuInSecureVideo)
        {
            const string masters = "protmem,masters = <&vdec &vop &gpu>;";
            if (!dts.Contains(masters, StringComparison.Ordinal))
            {
                throw new InvalidOperationException("rk3588.dts no longer lists the secure-video masters as the test expects");
            }

            dts = dts.Replace(masters, "protmem,masters = <&vdec &vop &gpu &vepu>;", StringComparison.Ordinal);
        }

        var path = Path.Combine(Path.GetTempPath(), $"protmem-venc-rk3588{(vepuInSecureVideo ? "-record" : "")}-{Environment.ProcessId}.dts");
        File.WriteAllText(path, dts);
        return Machine.Boot(path, new MachineOptions { Seed = 1 });
    }

    /// <summary>The encoder driver bound to the vepu node.</summary>
    public static RkvencDevice Rkvenc(Machine machine) =>
        machine.Kernel.Devices.Values.Select(d => d.DriverData).OfType<RkvencDevice>().Single();
}
