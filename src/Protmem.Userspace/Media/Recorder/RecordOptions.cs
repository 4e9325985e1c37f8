namespace Protmem.Userspace.Media.Recorder;

/// <summary>How the secure-video recorder sets the pipeline up.</summary>
/// <param name="Width">The camera's and the stream's width.</param>
/// <param name="Height">The camera's and the stream's height.</param>
/// <param name="Heap">Where every buffer comes from; null: the heap the kernel says both devices import for secure-video-record (<see cref="HeapSelection.HeapSolver"/>). A misconfigured pipeline names another.</param>
/// <param name="Restricted">Whether both devices' queues ask for restricted memory.</param>
/// <param name="Pictures">Camera pictures in flight.</param>
/// <param name="Bitstreams">Encoded bitstream buffers, used in turn.</param>
public sealed record RecordOptions(
    int Width,
    int Height,
    string? Heap = null,
    bool Restricted = true,
    int Pictures = 3,
    int Bitstreams = 2);
