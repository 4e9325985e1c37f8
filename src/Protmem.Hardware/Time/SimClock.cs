namespace Protmem.Hardware.Time;

/// <summary>
/// Simulated time in nanoseconds since power-on. Nothing in the model reads the wall clock:
/// every modelled operation advances this clock by its cost (<see cref="CostModel"/>).
/// </summary>
public sealed class SimClock
{
    /// <summary>Simulated nanoseconds since power-on.</summary>
    public ulong Now { get; private set; }

    /// <summary>Moves time forward by <paramref name="nanoseconds"/>.</summary>
    public void Advance(ulong nanoseconds) => Now = checked(Now + nanoseconds);

    /// <summary>Moves time forward by a cost in (possibly fractional) nanoseconds, rounded up.</summary>
    public void Advance(double nanoseconds) => Advance(CostModel.ToTicks(nanoseconds));

    /// <summary>Moves time forward to <paramref name="time"/>; time never goes backwards.</summary>
    public void AdvanceTo(ulong time)
    {
        if (time < Now)
        {
            throw new InvalidOperationException($"simulated time cannot go back from {Now} ns to {time} ns");
        }

        Now = time;
    }
}
