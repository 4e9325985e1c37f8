using Protmem.Kernel.Media.Rockchip;

namespace Protmem.Platform.Tests.Media;

/// <summary>
/// rk3588 for the camera's tests, booted with <c>--append protmem.unmap_direct_map=1</c> (so the whole-machine check
/// judges the devices alone). Protected buffers come from the camera's own use case, secure video record
/// (<see cref="VencBoards.RecordHeap"/>). The secure-capable camera reaches protected memory only in secure mode.
/// </summary>
internal static class CameraBoards
{
    /// <summary>rk3588 as shipped but for the direct map; without <paramref name="secureCamera"/> the camera node loses protmem,secure-master (a board copy).</summary>
    public static Machine BootRk3588(bool secureCamera = true)
    {
        var options = Rk3588Options.LentOutOfDirectMap();
        if (secureCamera)
        {
            return Machine.Boot("rk3588", options);
        }

        using var stream = typeof(Machine).Assembly.GetManifestResourceStream("Protmem.Platform.Boards.rk3588.dts")!;
        var dts = new StreamReader(stream).ReadToEnd();
        const string secure = "protmem,master-id = <9>;\n\t\t/* secure mode (a restricted capture queue) issues secure transactions, as the decoder's */\n\t\tprotmem,secure-master;";
        if (!dts.Contains(secure, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("rk3588.dts no longer marks the camera a secure master as the test expects");
        }

        var path = Path.Combine(Path.GetTempPath(), $"protmem-camera-rk3588-nosecure-{Environment.ProcessId}.dts");
        File.WriteAllText(path, dts.Replace(secure, "protmem,master-id = <9>;", StringComparison.Ordinal));
        return Machine.Boot(path, options);
    }

    /// <summary>The capture driver bound to the camera node.</summary>
    public static RkcifDevice Rkcif(Machine machine) =>
        machine.Kernel.Devices.Values.Select(d => d.DriverData).OfType<RkcifDevice>().Single();
}
