using Protmem.Hardware;
using Protmem.Kernel.DmaBufs;
using Protmem.Kernel.Media.Rockchip;
using Protmem.Userspace.DmaHeaps;

namespace Protmem.Platform.Tests.Media;

/// <summary>rk3588 with the lent protected regions out of the kernel's direct map (so the whole-machine check judges the decoder alone), and test access to its decoder driver.</summary>
internal static class V4l2Boards
{
    public const string ProtectedHeap = "protected,secure-video";

    /// <summary>rk3588 as shipped but for the direct map (<c>--append protmem.unmap_direct_map=1</c>); without <paramref name="secureDecoder"/> the vdec node loses protmem,secure-master (a board copy).</summary>
    public static Machine BootRk3588(bool secureDecoder = true)
    {
        var options = Rk3588Options.LentOutOfDirectMap();
        if (secureDecoder)
        {
            return Machine.Boot("rk3588", options);
        }

        using var stream = typeof(Machine).Assembly.GetManifestResourceStream("Protmem.Platform.Boards.rk3588.dts")!;
        var dts = new StreamReader(stream).ReadToEnd();
        const string secure = "protmem,master-id = <5>;\n\t\t/* secure mode (restricted sessions) issues secure transactions, as the GPU's protected mode */\n\t\tprotmem,secure-master;";
        if (!dts.Contains(secure, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("rk3588.dts no longer marks the decoder a secure master as the test expects");
        }

        var path = Path.Combine(Path.GetTempPath(), $"protmem-v4l2-rk3588-nosecure-{Environment.ProcessId}.dts");
        File.WriteAllText(path, dts.Replace(secure, "protmem,master-id = <5>;", StringComparison.Ordinal));
        return Machine.Boot(path, options);
    }

    /// <summary>The decoder driver bound to the vdec node.</summary>
    public static RkvdecDevice Rkvdec(Machine machine) =>
        machine.Kernel.Devices.Values.Select(d => d.DriverData).OfType<RkvdecDevice>().Single();

    /// <summary>The physical pages of a mapped plane (a buffer queued or done, not yet dequeued).</summary>
    public static IReadOnlyList<PhysRange> Pages(SgTable? table) => table?.Chunks ?? throw new InvalidOperationException("the plane is not mapped");

    /// <summary>Reads <paramref name="length"/> bytes from the start of <paramref name="pages"/> as DRAM holds them (the test's view, no CPU access).</summary>
    public static byte[] ReadDram(Machine machine, IReadOnlyList<PhysRange> pages, int length)
    {
        var bytes = new byte[length];
        var done = 0;
        foreach (var page in pages)
        {
            var n = (int)Math.Min((ulong)(length - done), page.Length);
            machine.Soc.Memory.Read(page.Start, bytes.AsSpan(done, n));
            done += n;
            if (done == length)
            {
                break;
            }
        }

        return bytes;
    }

    /// <summary>Writes into DRAM directly: the stand-in for the secure-video TA decrypting a frame into protected memory.</summary>
    public static void WriteDram(Machine machine, IReadOnlyList<PhysRange> pages, ReadOnlySpan<byte> bytes)
    {
        var done = 0;
        foreach (var page in pages)
        {
            var n = (int)Math.Min((ulong)(bytes.Length - done), page.Length);
            machine.Soc.Memory.Write(page.Start, bytes.Slice(done, n));
            done += n;
            if (done == bytes.Length)
            {
                break;
            }
        }
    }

    /// <summary>A dma-buf of <paramref name="length"/> bytes from <paramref name="heap"/>.</summary>
    public static DmaBuffer Allocate(DmaHeapLibrary heaps, string heap, ulong length)
    {
        using var node = heaps.OpenHeap(heap);
        return node.Allocate(length);
    }

    /// <summary>An NV12 test picture: a vertical ramp on the left half, a pattern on the right.</summary>
    public static byte[] Nv12Image(int width, int height)
    {
        var image = new byte[Hardware.Media.Pmv1Codec.Nv12Size(width, height)];
        for (var i = 0; i < image.Length; i++)
        {
            var x = i % width;
            var y = i / width;
            image[i] = (byte)(x < width / 2 ? 0x20 + y : (x * 5) ^ y);
        }

        return image;
    }
}
