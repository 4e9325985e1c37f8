namespace Protmem.Kernel.Core;

/// <summary>
/// The kernel's record of "not modelled" findings: each path a program reached that the model does not
/// cover, once per missing piece (the first call, and how many reached it), in the order first reached.
/// A handler that meets such a path returns <see cref="Record"/>'s -errno, the one Linux gives for an
/// unsupported operation (ENOTTY for an ioctl, EINVAL or EOPNOTSUPP for a flag), instead of throwing;
/// a run that reached any is reported as incomplete. Deterministic: same calls, same findings.
/// </summary>
public sealed class NotModelledLog
{
    private readonly List<NotModelledFinding> _findings = [];
    private readonly Dictionary<string, int> _byWhat = new(StringComparer.Ordinal);

    /// <summary>The findings, in the order first reached.</summary>
    public IReadOnlyList<NotModelledFinding> Findings => _findings;

    /// <summary>True when no program reached a path the model does not cover.</summary>
    public bool IsEmpty => _findings.Count == 0;

    /// <summary>
    /// Records that <paramref name="caller"/>'s <paramref name="call"/> reached <paramref name="what"/>;
    /// returns -<paramref name="errno"/> for the handler to give back. An errno of 0 records a call that
    /// succeeds without the missing behaviour (a MAP_GROWSDOWN mapping that never grows).
    /// </summary>
    public int Record(UserProcess caller, string call, string what, int errno)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentException.ThrowIfNullOrEmpty(call);
        ArgumentException.ThrowIfNullOrEmpty(what);
        ArgumentOutOfRangeException.ThrowIfNegative(errno);
        if (_byWhat.TryGetValue(what, out var index))
        {
            _findings[index] = _findings[index] with { Count = _findings[index].Count + 1 };
        }
        else
        {
            _byWhat.Add(what, _findings.Count);
            _findings.Add(new NotModelledFinding(what, call, caller.ToString(), errno, 1));
        }

        return -errno;
    }
}
