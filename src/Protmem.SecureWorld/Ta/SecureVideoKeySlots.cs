using System.Security.Cryptography;

namespace Protmem.SecureWorld.Ta;

/// <summary>A secure-video session's content keys, by slot; wiped when unloaded or when the session closes.</summary>
internal sealed class SecureVideoKeySlots
{
    private readonly byte[]?[] _keys = new byte[SecureVideoTaAbi.MaxKeySlots][];

    /// <summary>Stores <paramref name="key"/> in the first free slot; false when all are taken.</summary>
    public bool TryAdd(byte[] key, out uint slot)
    {
        for (slot = 0; slot < _keys.Length; slot++)
        {
            if (_keys[slot] is null)
            {
                _keys[slot] = key;
                return true;
            }
        }

        return false;
    }

    /// <summary>The key in <paramref name="slot"/>, or null.</summary>
    public byte[]? Get(uint slot) => slot < _keys.Length ? _keys[slot] : null;

    /// <summary>Wipes and frees <paramref name="slot"/>; false when it held no key.</summary>
    public bool Remove(uint slot)
    {
        if (Get(slot) is not { } key)
        {
            return false;
        }

        CryptographicOperations.ZeroMemory(key);
        _keys[slot] = null;
        return true;
    }

    /// <summary>Wipes every slot (the session closes).</summary>
    public void Clear()
    {
        for (var i = 0u; i < _keys.Length; i++)
        {
            Remove(i);
        }
    }
}
