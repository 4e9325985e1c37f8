using Protmem.Kernel.Media.Rockchip;

namespace Protmem.Platform.Tests.Media;

/// <summary>
/// rk3588 for the camera's tests: the lent protected regions out of the kernel's direct map (so the whole-machine
/// check judges the devices alone), optionally with the secure-video use case listing &amp;camera, as a record use
/// case will (the board has none yet). The secure-capable camera reaches protected memory only in secure mode.
/// </summary>
internal static class CameraBoards
{
    /// <summary>
    /// rk3588 as shipped but for the direct map and, with <paramref name="cameraInSecureVideo"/>, &amp;camera among the
    /// secure-video masters; without <paramref name="secureCamera"/> the camera node loses protmem,secure-master.
    /// </summary>
    public static Machine BootRk3588(bool cameraInSecureVideo = false, bool secureCamera = true)
    {
        using var stream = typeof(Machine).Assembly.GetManifestResourceStream("Protmem.Platform.Boards.rk3588.dts")!;
        var dts = new StreamReader(stream).ReadToEnd().Replace(
            "bootargs = \"protmem.design=tee-dma-heap\";",
            "bootargs = \"protmem.design=tee-dma-heap protmem.unmap_direct_map=1\";",
            StringComparison.Ordinal);
        if (cameraInSecureVideo)
        {
            const string masters = "protmem,masters = <&vdec &vop &gpu>;";
            if (!dts.Contains(masters, StringComparison.Ordinal))
            {
                throw new InvalidOperationException("rk3588.dts no longer lists the secure-video masters as the test expects");
            }

            dts = dts.Replace(masters, "protmem,masters = <&vdec &vop &gpu &camera>;", StringComparison.Ordinal);
        }

        if (!secureCamera)
        {
            const string secure = "protmem,master-id = <9>;\n\t\t/* secure mode (a restricted capture queue) issues secure transactions, as the decoder's */\n\t\tprotmem,secure-master;";
            if (!dts.Contains(secure, StringComparison.Ordinal))
            {
                throw new InvalidOperationException("rk3588.dts no longer marks the camera a secure master as the test expects");
            }

            dts = dts.Replace(secure, "protmem,master-id = <9>;", StringComparison.Ordinal);
        }

        var path = Path.Combine(Path.GetTempPath(), $"protmem-camera-rk3588{(cameraInSecureVideo ? "-record" : "")}{(secureCamera ? "" : "-nosecure")}-{Environment.ProcessId}.dts");
        File.WriteAllText(path, dts);
        return Machine.Boot(path, new MachineOptions { Seed = 1 });
    }

    /// <summary>The capture driver bound to the camera node.</summary>
    public static RkcifDevice Rkcif(Machine machine) =>
        machine.Kernel.Devices.Values.Select(d => d.DriverData).OfType<RkcifDevice>().Single();
}
