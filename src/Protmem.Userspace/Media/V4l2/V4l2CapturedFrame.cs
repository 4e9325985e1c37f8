using Protmem.Uapi.Videodev2;

namespace Protmem.Userspace.Media.V4l2;

/// <summary>A buffer <see cref="V4l2CaptureClient.DequeueBuffer"/> gave back: which one, how much it holds, and which frame.</summary>
/// <param name="Index">The buffer's index (the one given to QBUF).</param>
/// <param name="BytesUsed">The frame's bytes in the plane (0 for a frame that failed).</param>
/// <param name="Sequence">The frame's number since STREAMON; a jump shows frames the camera dropped for want of a buffer.</param>
/// <param name="Flags">V4L2_BUF_FLAG_* (DONE, ERROR, the timestamp type).</param>
/// <param name="TimestampSec">When the frame ended (CLOCK_MONOTONIC), seconds.</param>
/// <param name="TimestampUsec">And microseconds.</param>
public readonly record struct V4l2CapturedFrame(uint Index, uint BytesUsed, uint Sequence, uint Flags, long TimestampSec, long TimestampUsec)
{
    /// <summary>V4L2_BUF_FLAG_ERROR: the camera could not write the frame (the buffer's content is not a frame).</summary>
    public bool IsError => (Flags & V4l2Ioctl.V4L2_BUF_FLAG_ERROR) != 0;
}
