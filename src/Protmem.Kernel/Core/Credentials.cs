namespace Protmem.Kernel.Core;

/// <summary>
/// A process's credentials (<c>struct cred</c>): user and group ids and its effective capabilities.
/// </summary>
/// <param name="Uid">The user id.</param>
/// <param name="Gid">The group id.</param>
/// <param name="Capabilities">The effective capability set.</param>
public sealed record Credentials(uint Uid, uint Gid, Capabilities Capabilities)
{
    /// <summary>uid 0 with every capability.</summary>
    public static Credentials Root { get; } = new(0, 0, Capabilities.All);

    /// <summary>An ordinary user: uid and gid 1000, no capability.</summary>
    public static Credentials DefaultUser { get; } = new(1000, 1000, Capabilities.None);

    /// <summary>True when the set holds <paramref name="capability"/> (capable()).</summary>
    public bool Has(Capabilities capability) => (Capabilities & capability) == capability;
}
