using System.Diagnostics.CodeAnalysis;

namespace Protmem.Hardware.Time;

/// <summary>
/// The machine's single event queue, ordered by (time, priority, insertion order), so that two
/// runs of the same scenario fire the same events in the same order.
/// Lifecycle of an event:
/// 1. <see cref="Schedule"/> (or <see cref="ScheduleAfter"/>) files it and returns a handle;
/// 2. the owner may <see cref="ScheduledEvent.Cancel"/> it before it fires;
/// 3. <see cref="RunNext"/>, <see cref="RunUntil"/> or <see cref="RunUntilEmpty"/> moves the clock to
///    its time and runs its action, which may schedule more events.
/// Actions charge their costs to the same clock, so an action may end after the time of the next
/// event; that event then runs as soon as the action ends (late, never with time going back), as
/// work waits for a busy machine. The order of events is unchanged.
/// </summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "It is a queue of events; the simulation literature and SimSharp call it that.")]
public sealed class EventQueue
{
    private readonly SimClock _clock;
    private readonly PriorityQueue<ScheduledEvent, (ulong Time, int Priority, ulong Sequence)> _queue = new();
    private ulong _nextSequence;

    public EventQueue(SimClock clock) => _clock = clock;

    /// <summary>Events filed and not yet run (cancelled ones included until they are reached).</summary>
    public int Count => _queue.Count;

    /// <summary>Events run so far.</summary>
    public ulong EventsRun { get; private set; }

    /// <summary>Files <paramref name="action"/> to run at simulated time <paramref name="time"/> (not in the past).</summary>
    /// <param name="time">Absolute simulated time in nanoseconds.</param>
    /// <param name="action">What happens then.</param>
    /// <param name="priority">Lower runs first among events at the same time.</param>
    /// <param name="name">A label for traces and diagnostics.</param>
    public ScheduledEvent Schedule(ulong time, Action action, int priority = 0, string name = "")
    {
        ArgumentNullException.ThrowIfNull(action);
        if (time < _clock.Now)
        {
            throw new ArgumentOutOfRangeException(nameof(time), $"event '{name}' at {time} ns is in the past (now {_clock.Now} ns)");
        }

        var scheduled = new ScheduledEvent(time, _nextSequence, name, action);
        _queue.Enqueue(scheduled, (time, priority, _nextSequence));
        _nextSequence++;
        return scheduled;
    }

    /// <summary>Files <paramref name="action"/> to run <paramref name="delay"/> nanoseconds from now.</summary>
    public ScheduledEvent ScheduleAfter(ulong delay, Action action, int priority = 0, string name = "") =>
        Schedule(checked(_clock.Now + delay), action, priority, name);

    /// <summary>The time of the next live event, if any.</summary>
    public bool TryPeekTime(out ulong time)
    {
        DropCancelled();
        if (_queue.TryPeek(out var next, out _))
        {
            time = next.Time;
            return true;
        }

        time = 0;
        return false;
    }

    /// <summary>Runs the next live event; false when the queue is empty.</summary>
    public bool RunNext()
    {
        DropCancelled();
        if (!_queue.TryDequeue(out var next, out _))
        {
            return false;
        }

        _clock.AdvanceTo(Math.Max(next.Time, _clock.Now));
        next.MarkRun();
        EventsRun++;
        next.Action();
        return true;
    }

    /// <summary>Runs events until none is left.</summary>
    public void RunUntilEmpty()
    {
        while (RunNext())
        {
        }
    }

    /// <summary>Runs every event due at or before <paramref name="time"/>, then moves the clock to <paramref name="time"/>.</summary>
    public void RunUntil(ulong time)
    {
        while (TryPeekTime(out var next) && next <= time)
        {
            RunNext();
        }

        _clock.AdvanceTo(Math.Max(time, _clock.Now));
    }

    private void DropCancelled()
    {
        while (_queue.TryPeek(out var next, out _) && next.IsCancelled)
        {
            _queue.Dequeue();
        }
    }
}
