using Protmem.Hardware;

namespace Protmem.SecureWorld.ProtectedMemory;

/// <summary>
/// Normal-world memory registered with the secure world as shared memory (REGISTER_SHM over SMC,
/// FFA_MEM_SHARE over FF-A), by cookie. Register is paired with <see cref="TryUnregister"/>.
/// </summary>
internal sealed class SharedMemoryRegistry
{
    private readonly Dictionary<ulong, SharedMemory> _byCookie = [];

    public int Count => _byCookie.Count;

    public IEnumerable<SharedMemory> All => _byCookie.Values;

    public bool TryRegister(SharedMemory shm) => _byCookie.TryAdd(shm.Cookie, shm);

    public bool TryUnregister(ulong cookie) => _byCookie.Remove(cookie);

    public bool TryGet(ulong cookie, out SharedMemory shm) => _byCookie.TryGetValue(cookie, out shm!);

    public bool Overlaps(PhysRange range)
    {
        foreach (var shm in _byCookie.Values)
        {
            foreach (var r in shm.Ranges)
            {
                if (r.Overlaps(range))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
