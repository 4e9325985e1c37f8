using Protmem.Hardware.Media;
using Protmem.Kernel.DmaBufs;
using Protmem.Uapi;

namespace Protmem.Platform;

/// <summary>
/// The model looking at its own memory for a recording, as a logic analyser on the bus would: whether a protected
/// buffer a program holds carries the encoded frame the camera captured. Programs never read it; the check changes nothing.
/// </summary>
public sealed partial class Machine
{
    /// <summary>
    /// True when the first <paramref name="bytes"/> of the protected dma-buf behind <paramref name="process"/>'s
    /// <paramref name="fd"/> are a PMV1 frame that decodes to what the camera saw at <paramref name="sequence"/>.
    /// </summary>
    public bool ProtectedBufferHoldsCameraFrame(ISyscalls process, int fd, uint bytes, uint sequence, int width, int height)
    {
        var ranges = ProtectedPagesOf(process, fd);
        if (ranges.Count == 0 || bytes == 0 || bytes > ranges.Aggregate(0UL, (total, r) => total + r.Length))
        {
            return false;
        }

        var frame = new byte[bytes];
        var done = 0;
        foreach (var range in ranges)
        {
            if (done == frame.Length)
            {
                break;
            }

            var count = (int)Math.Min(range.Length, (ulong)(frame.Length - done));
            Soc.Memory.Read(range.Start, frame.AsSpan(done, count));
            done += count;
        }

        var picture = new byte[Pmv1Codec.Nv12Size(width, height)];
        return Pmv1Codec.TryDecode(frame, picture, out var w, out var h) && (w, h) == (width, height)
            && picture.AsSpan().SequenceEqual(CameraScene.Frame(width, height, sequence));
    }

    /// <summary>The physical pages of the protected dma-buf behind <paramref name="process"/>'s <paramref name="fd"/>, in buffer order; empty for any other fd or a process of another machine.</summary>
    public IReadOnlyList<Hardware.PhysRange> ProtectedPagesOf(ISyscalls process, int fd)
    {
        ArgumentNullException.ThrowIfNull(process);
        return process is ProcessHandle handle && _kernel.Processes.Contains(handle.Process) && handle.Process.Files.TryGet<DmaBuf>(fd, out _, out var buffer)
            && buffer.ExporterPrivate is IProtectedBuffer protectedBuffer
            ? protectedBuffer.Ranges
            : [];
    }
}
