namespace Protmem.Kernel.Crypto;

/// <summary>One open file of /dev/rk-crypto: its keys by handle. Handles resolve only in the file that imported them.</summary>
internal sealed class RkCryptoContext
{
    private readonly Dictionary<uint, RkCryptoKey> _keys = [];
    private uint _nextHandle = 1;

    public IReadOnlyDictionary<uint, RkCryptoKey> Keys => _keys;

    /// <summary>Adds a key under a fresh non-zero handle.</summary>
    public uint Add(RkCryptoKey key)
    {
        while (_nextHandle == 0 || _keys.ContainsKey(_nextHandle))
        {
            _nextHandle++;
        }

        _keys.Add(_nextHandle, key);
        return _nextHandle++;
    }

    public bool TryGet(uint handle, out RkCryptoKey key) => _keys.TryGetValue(handle, out key!);

    public bool Remove(uint handle, out RkCryptoKey key) => _keys.Remove(handle, out key!);

    /// <summary>Releases every key (the file is closed).</summary>
    public void ReleaseAll()
    {
        foreach (var key in _keys.Values)
        {
            key.Release();
        }

        _keys.Clear();
    }
}
