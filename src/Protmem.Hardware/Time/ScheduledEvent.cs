namespace Protmem.Hardware.Time;

/// <summary>A handle on an event filed in the <see cref="EventQueue"/>.</summary>
public sealed class ScheduledEvent
{
    internal ScheduledEvent(ulong time, ulong sequence, string name, Action action)
    {
        Time = time;
        Sequence = sequence;
        Name = name;
        Action = action;
    }

    /// <summary>Simulated time at which it fires.</summary>
    public ulong Time { get; }

    /// <summary>Insertion order, the final tie-breaker.</summary>
    public ulong Sequence { get; }

    public string Name { get; }

    /// <summary>True once cancelled; a cancelled event never runs.</summary>
    public bool IsCancelled { get; private set; }

    /// <summary>True once it has run.</summary>
    public bool HasRun { get; private set; }

    internal Action Action { get; }

    /// <summary>Withdraws the event; returns false when it has already run or was already cancelled.</summary>
    public bool Cancel()
    {
        if (HasRun || IsCancelled)
        {
            return false;
        }

        IsCancelled = true;
        return true;
    }

    internal void MarkRun() => HasRun = true;
}
