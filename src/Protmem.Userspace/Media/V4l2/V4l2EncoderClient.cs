using Protmem.Uapi;

namespace Protmem.Userspace.Media.V4l2;

/// <summary>
/// A client of a V4L2 memory-to-memory encoder, as a recorder is: open /dev/video1 (the node after the
/// decoder's on rk3588), OUTPUT = NV12 pictures, CAPTURE = the bitstream, whose DQBUF bytesused is the
/// frame's size (<see cref="V4l2M2mClient"/> has the ioctls).
/// </summary>
public sealed class V4l2EncoderClient : V4l2M2mClient
{
    /// <summary>The default node.</summary>
    public const string DefaultPath = "/dev/video1";

    private V4l2EncoderClient(ISyscalls sys, int fd)
        : base(sys, fd)
    {
    }

    /// <summary>Opens <paramref name="path"/> read-write (O_NONBLOCK too when <paramref name="nonBlocking"/>); throws on failure.</summary>
    public static V4l2EncoderClient Open(ISyscalls sys, string path = DefaultPath, bool nonBlocking = false) =>
        new(sys, OpenNode(sys, path, nonBlocking));
}
