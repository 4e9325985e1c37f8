namespace Protmem.Hardware.Firewall;

/// <summary>
/// What a firewall region lets through, as TZC-400's REGION_ATTRIBUTES and REGION_ID_ACCESS hold it:
/// secure read and write enables, and for non-secure transactions a read and a write enable per
/// master id (bit <c>n</c> of each mask is master id <c>n</c>).
/// </summary>
/// <param name="SecureRead">Secure reads allowed.</param>
/// <param name="SecureWrite">Secure writes allowed.</param>
/// <param name="NonSecureReadMasters">Bit n set: non-secure reads by master n allowed.</param>
/// <param name="NonSecureWriteMasters">Bit n set: non-secure writes by master n allowed.</param>
public readonly record struct FirewallPermissions(
    bool SecureRead,
    bool SecureWrite,
    ulong NonSecureReadMasters,
    ulong NonSecureWriteMasters)
{
    /// <summary>Nothing gets through.</summary>
    public static FirewallPermissions None => default;

    /// <summary>Secure reads and writes only (TZC-400's reset state of region 0).</summary>
    public static FirewallPermissions SecureOnly => new(true, true, 0, 0);

    /// <summary>Everyone, both states, both directions.</summary>
    public static FirewallPermissions Open => new(true, true, ulong.MaxValue, ulong.MaxValue);

    /// <summary>These permissions plus non-secure access by master <paramref name="masterId"/>.</summary>
    public FirewallPermissions WithNonSecure(int masterId, bool read, bool write)
    {
        var bit = MasterBit(masterId);
        return this with
        {
            NonSecureReadMasters = read ? NonSecureReadMasters | bit : NonSecureReadMasters & ~bit,
            NonSecureWriteMasters = write ? NonSecureWriteMasters | bit : NonSecureWriteMasters & ~bit,
        };
    }

    /// <summary>The verdict for one master, state and direction.</summary>
    public bool Allows(int masterId, SecurityState state, AccessDirection direction)
    {
        if (state == SecurityState.Secure)
        {
            return direction == AccessDirection.Read ? SecureRead : SecureWrite;
        }

        var mask = direction == AccessDirection.Read ? NonSecureReadMasters : NonSecureWriteMasters;
        return (uint)masterId <= Bus.BusMaster.MaxId ? (mask & (1UL << masterId)) != 0 : (mask & MasterBit(masterId)) != 0;
    }

    private static ulong MasterBit(int masterId) =>
        masterId is >= 0 and <= Bus.BusMaster.MaxId
            ? 1UL << masterId
            : throw new ArgumentOutOfRangeException(nameof(masterId), $"master id {masterId} is outside 0..{Bus.BusMaster.MaxId}");
}
