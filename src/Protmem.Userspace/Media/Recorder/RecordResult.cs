namespace Protmem.Userspace.Media.Recorder;

/// <summary>What a recording produced: frames encoded, each frame's bitstream size, and what failed.</summary>
public sealed record RecordResult(int FramesRecorded, IReadOnlyList<uint> FrameBytes, string? Failure);
