namespace Protmem.Hardware.Bus;

/// <summary>
/// A bus master as the interconnect knows it: an id the firewall checks (NSAID-like, 0–63), a
/// name, and the security states it is wired to issue. Most devices issue only non-secure
/// transactions; the CPU issues both; a device with a protected mode (a GPU) may issue secure ones.
/// Asking a master to issue a state it cannot is a bug in the model and throws.
/// </summary>
/// <param name="Id">Master id seen by the firewall, 0 to <see cref="MaxId"/>.</param>
/// <param name="Name">Name used in traces, faults and the oracle.</param>
/// <param name="CanIssueNonSecure">Whether it can issue non-secure transactions.</param>
/// <param name="CanIssueSecure">Whether it can issue secure transactions.</param>
public sealed record BusMaster(int Id, string Name, bool CanIssueNonSecure = true, bool CanIssueSecure = false)
{
    /// <summary>The highest master id the firewall's per-master enables can name.</summary>
    public const int MaxId = 63;

    /// <summary>Validated: the id fits the firewall, the name is not empty, and the master can issue something.</summary>
    public int Id { get; } = Id is >= 0 and <= MaxId
        ? Id
        : throw new ArgumentOutOfRangeException(nameof(Id), $"bus master id {Id} is outside 0..{MaxId}");

    public string Name { get; } = string.IsNullOrEmpty(Name) ? throw new ArgumentException("a bus master needs a name", nameof(Name)) : Name;

    /// <summary>True when the master is wired to issue transactions in <paramref name="state"/>.</summary>
    public bool CanIssue(SecurityState state) => state == SecurityState.Secure ? CanIssueSecure : CanIssueNonSecure;

    /// <summary>The states the master can issue, non-secure first.</summary>
    public IEnumerable<SecurityState> States
    {
        get
        {
            if (CanIssueNonSecure)
            {
                yield return SecurityState.NonSecure;
            }

            if (CanIssueSecure)
            {
                yield return SecurityState.Secure;
            }
        }
    }

    /// <summary>Throws when the master cannot issue <paramref name="state"/> (a model bug, not a bus fault).</summary>
    public void EnsureCanIssue(SecurityState state)
    {
        if (!CanIssue(state))
        {
            ThrowCannotIssue(state);
        }
    }

    // Out of line, so the check above stays small enough to inline on every transaction.
    private void ThrowCannotIssue(SecurityState state) =>
        throw new InvalidOperationException($"bus master '{Name}' (id {Id}) cannot issue {state} transactions");

    public override string ToString() => Name;
}
