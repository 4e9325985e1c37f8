using System.Text;

namespace Protmem.Hardware.Tracing;

/// <summary>
/// The optional record of what the machine did, with simulated timestamps. When
/// <see cref="IsEnabled"/> is false, <see cref="Record"/> stores nothing and callers skip building
/// events at all (check <see cref="IsEnabled"/> first), so a disabled trace costs nothing.
/// </summary>
public sealed class Trace
{
    private readonly List<TraceEvent> _events = [];

    public Trace(bool enabled = false) => IsEnabled = enabled;

    /// <summary>Whether events are recorded.</summary>
    public bool IsEnabled { get; set; }

    /// <summary>The events recorded so far, oldest first.</summary>
    public IReadOnlyList<TraceEvent> Events => _events;

    /// <summary>Records <paramref name="traceEvent"/> when enabled.</summary>
    public void Record(in TraceEvent traceEvent)
    {
        if (IsEnabled)
        {
            _events.Add(traceEvent);
        }
    }

    /// <summary>Records a free-text event of a layer above the hardware (nothing when disabled).</summary>
    public void Note(ulong time, string subject, string text)
    {
        if (IsEnabled)
        {
            _events.Add(new TraceEvent(time, TraceKind.Note, subject, Text: text));
        }
    }

    /// <summary>Drops every recorded event.</summary>
    public void Clear() => _events.Clear();

    /// <summary>The whole trace as text, one line per event, identical for identical runs.</summary>
    public string Render()
    {
        var text = new StringBuilder();
        foreach (var e in _events)
        {
            text.Append(e.Render()).Append('\n');
        }

        return text.ToString();
    }
}
