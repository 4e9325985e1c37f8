using Protmem.Kernel.Core;

namespace Protmem.Kernel.Tee;

/// <summary>
/// A TEE context (<c>struct tee_context</c>): one per open of /dev/teeN. Sessions belong to it, shm ids
/// are only usable by it, and the shms it created hold a reference to it, so it lives until the file
/// is released and its last shm is gone.
/// </summary>
public sealed class TeeContext
{
    private readonly HashSet<uint> _sessions = [];

    internal TeeContext(TeeDevice device, Core.UserProcess? opener)
    {
        Device = device;
        Opener = opener;
        RefCount = 1;
    }

    public TeeDevice Device { get; }

    /// <summary>The process that opened the device, or null for an in-kernel client (tee_client_open_context).</summary>
    public Core.UserProcess? Opener { get; }

    /// <summary>Open sessions, by the secure world's session id.</summary>
    public IReadOnlyCollection<uint> Sessions => _sessions;

    /// <summary>References: the file's, and one per shm it created.</summary>
    public int RefCount { get; private set; }

    /// <summary>True once the file is released (ioctls are over; shms may live on).</summary>
    public bool Releasing { get; internal set; }

    internal void AddSession(uint session) => _sessions.Add(session);

    internal bool RemoveSession(uint session) => _sessions.Remove(session);

    internal bool HasSession(uint session) => _sessions.Contains(session);

    /// <summary>teedev_ctx_get; paired with <see cref="Put"/>.</summary>
    internal void Get() => RefCount++;

    /// <summary>teedev_ctx_put.</summary>
    internal void Put()
    {
        if (--RefCount < 0)
        {
            throw new KernelOopsException("a TEE context was put more often than got");
        }
    }
}
