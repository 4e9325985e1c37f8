namespace Protmem.Hardware.Firewall;

/// <summary>
/// What a firewall region lets through, as TZC-400's REGION_ATTRIBUTES and REGION_ID_ACCESS hold it:
/// secure read and write enables, and for non-secure transactions a read and a write enable per
/// master id (bit <c>n</c> of each mask is master id <c>n</c>). A firewall that also filters secure
/// transactions by master (Rockchip's FIREWALL_DDR does, TZC-400 does not) honours
/// <see cref="SecureReadMasters"/> and <see cref="SecureWriteMasters"/> too; on one that does not, they
/// read back as every master.
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
    /// <summary>Bit n set: secure reads by master n allowed (with <see cref="SecureRead"/>); every master unless narrowed.</summary>
    public ulong SecureReadMasters { get; init; } = ulong.MaxValue;

    /// <summary>Bit n set: secure writes by master n allowed (with <see cref="SecureWrite"/>); every master unless narrowed.</summary>
    public ulong SecureWriteMasters { get; init; } = ulong.MaxValue;

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

    /// <summary>These permissions with secure reads and writes narrowed to the masters in <paramref name="readMasters"/> and <paramref name="writeMasters"/>.</summary>
    public FirewallPermissions WithSecureMasters(ulong readMasters, ulong writeMasters) =>
        this with { SecureReadMasters = readMasters, SecureWriteMasters = writeMasters };

    /// <summary>The mask bit of master <paramref name="masterId"/> (0..<see cref="Bus.BusMaster.MaxId"/>).</summary>
    public static ulong MasterBit(int masterId) =>
        masterId is >= 0 and <= Bus.BusMaster.MaxId ? 1UL << masterId : ThrowOutsideIds(masterId);

    // Out of line, so MasterBit inlines into every firewall verdict.
    private static ulong ThrowOutsideIds(int masterId) =>
        throw new ArgumentOutOfRangeException(nameof(masterId), $"master id {masterId} is outside 0..{Bus.BusMaster.MaxId}");

    /// <summary>The verdict for one master, state and direction.</summary>
    public bool Allows(int masterId, SecurityState state, AccessDirection direction)
    {
        if (state == SecurityState.Secure)
        {
            var (enabled, masters) = direction == AccessDirection.Read ? (SecureRead, SecureReadMasters) : (SecureWrite, SecureWriteMasters);
            return enabled && (masters & MasterBit(masterId)) != 0;
        }

        var mask = direction == AccessDirection.Read ? NonSecureReadMasters : NonSecureWriteMasters;
        return (uint)masterId <= Bus.BusMaster.MaxId ? (mask & (1UL << masterId)) != 0 : (mask & MasterBit(masterId)) != 0;
    }
}
