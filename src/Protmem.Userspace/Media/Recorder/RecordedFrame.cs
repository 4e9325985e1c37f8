namespace Protmem.Userspace.Media.Recorder;

/// <summary>One encoded frame as the program holds it: the camera's sequence number, the dma-buf holding the protected bitstream, and its size.</summary>
public sealed record RecordedFrame(uint Sequence, int BitstreamFd, uint Bytes);
