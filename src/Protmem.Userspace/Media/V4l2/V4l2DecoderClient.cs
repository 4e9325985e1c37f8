using Protmem.Uapi;

namespace Protmem.Userspace.Media.V4l2;

/// <summary>
/// A client of a V4L2 memory-to-memory decoder, as a player is: open /dev/video0, OUTPUT = the bitstream,
/// CAPTURE = the pictures (<see cref="V4l2M2mClient"/> has the ioctls).
/// </summary>
public sealed class V4l2DecoderClient : V4l2M2mClient
{
    /// <summary>The default node.</summary>
    public const string DefaultPath = "/dev/video0";

    private V4l2DecoderClient(ISyscalls sys, int fd)
        : base(sys, fd)
    {
    }

    /// <summary>Opens <paramref name="path"/> read-write (O_NONBLOCK too when <paramref name="nonBlocking"/>); throws on failure.</summary>
    public static V4l2DecoderClient Open(ISyscalls sys, string path = DefaultPath, bool nonBlocking = false) =>
        new(sys, OpenNode(sys, path, nonBlocking));
}
