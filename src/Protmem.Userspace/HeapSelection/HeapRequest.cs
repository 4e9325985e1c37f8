namespace Protmem.Userspace.HeapSelection;

/// <summary>What a program needs of a buffer.</summary>
/// <param name="UseCase">The protected-memory use case (secure-video, trusted-ui, secure-video-record), or null for ordinary memory.</param>
/// <param name="Devices">Every device the buffer will meet, by /dev node (e.g. /dev/tee0) or device name.</param>
/// <param name="CpuAccess">The program itself maps the buffer.</param>
public sealed record HeapRequest(string? UseCase, IReadOnlyList<string> Devices, bool CpuAccess = false)
{
    /// <summary>A secure-video buffer the TEE takes as shared memory: what xtest's SDP tests need.</summary>
    public static HeapRequest SecureDataPath { get; } = new("secure-video", ["/dev/tee0"]);

    public override string ToString()
    {
        var what = UseCase is null ? "ordinary memory" : $"protected memory for {UseCase}";
        return Devices.Count == 0 ? what : $"{what} shared with {string.Join(", ", Devices)}";
    }
}
