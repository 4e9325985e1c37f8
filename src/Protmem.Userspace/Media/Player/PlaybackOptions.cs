using Protmem.Userspace.DmaHeaps;

namespace Protmem.Userspace.Media.Player;

/// <summary>How the secure-video player sets the pipeline up.</summary>
/// <param name="Width">The stream's width (the display must offer a mode of this size).</param>
/// <param name="Height">The stream's height.</param>
/// <param name="Heap">Where every buffer comes from: the board's protected heap for secure video (a misconfigured pipeline names another).</param>
/// <param name="Restricted">Whether the decoder's queues ask for restricted memory (V4L2_MEMORY_FLAG_RESTRICTED).</param>
/// <param name="CaptureBuffers">Decoded pictures in flight: one on screen, one being decoded, the rest queued.</param>
/// <param name="BitstreamBuffers">Bitstream buffers the TA decrypts into, used in turn.</param>
public sealed record PlaybackOptions(
    int Width,
    int Height,
    string Heap = ProtectedHeapNames.SecureVideo,
    bool Restricted = true,
    int CaptureBuffers = 3,
    int BitstreamBuffers = 2);
