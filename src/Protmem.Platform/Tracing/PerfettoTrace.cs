using System.Globalization;
using System.Text.Json;
using Protmem.Hardware;
using Protmem.Hardware.Tracing;

namespace Protmem.Platform.Tracing;

/// <summary>
/// Writes a machine's <see cref="Trace"/> in the Chrome JSON trace-event format, which ui.perfetto.dev (and
/// chrome://tracing) open directly. One process, the board; one track (thread) per actor:
/// <list type="bullet">
/// <item><c>secure world</c>: each SMC as a slice from entry to return (what the firmware did in between is
/// inside it), and every firewall programming;</item>
/// <item><c>cpu</c>: CPU access faults, with the address space;</item>
/// <item><c>iommu NAME</c>: attach, detach, register writes and page faults of that IOMMU; page-table map and
/// unmap on the track of the page-table format;</item>
/// <item><c>master NAME</c>: bus faults of that device master;</item>
/// <item>notes of the layers above on a track named after their subject.</item>
/// </list>
/// Timestamps are simulated time in microseconds (the format's unit) with nanosecond precision; the file is
/// the same, byte for byte, for the same trace.
/// </summary>
public static class PerfettoTrace
{
    private const int Pid = 1;

    /// <summary>Writes <paramref name="events"/> as one JSON trace document to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, IReadOnlyList<TraceEvent> events, string boardName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(events);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false });
        var tracks = new Dictionary<string, int>(StringComparer.Ordinal);
        json.WriteStartObject();
        json.WriteString("displayTimeUnit", "ns");
        json.WriteStartArray("traceEvents");
        Metadata(json, "process_name", 0, $"protmem: {boardName}");

        var openSmc = new Stack<TraceEvent>();
        foreach (var e in events)
        {
            var track = TrackOf(e);
            if (!tracks.TryGetValue(track, out var tid))
            {
                tid = tracks.Count + 1;
                tracks.Add(track, tid);
                Metadata(json, "thread_name", tid, track);
                Metadata(json, "thread_sort_index", tid, tid);
            }

            switch (e.Kind)
            {
                case TraceKind.SmcCall:
                    openSmc.Push(e);
                    break;
                case TraceKind.SmcReturn when openSmc.Count > 0:
                    var call = openSmc.Pop();
                    Slice(json, tid, call.Time, e.Time - call.Time, string.Create(CultureInfo.InvariantCulture, $"smc 0x{call.Address:x8}"), e);
                    break;
                default:
                    Instant(json, tid, e);
                    break;
            }
        }

        // An SMC still open when the trace ends (a fatal event inside the firmware) ends with the trace.
        var end = events.Count == 0 ? 0 : events[^1].Time;
        while (openSmc.TryPop(out var call))
        {
            Slice(json, tracks[TrackOf(call)], call.Time, end - call.Time, string.Create(CultureInfo.InvariantCulture, $"smc 0x{call.Address:x8} (no return)"), call);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The track an event belongs on.</summary>
    public static string TrackOf(in TraceEvent e) => e.Kind switch
    {
        TraceKind.SmcCall or TraceKind.SmcReturn or TraceKind.FirewallProgram => "secure world",
        TraceKind.CpuFault => "cpu",
        TraceKind.IommuAttach or TraceKind.IommuDetach or TraceKind.IommuFault or TraceKind.IommuMmioWrite
            or TraceKind.IommuMap or TraceKind.IommuUnmap => $"iommu {e.Subject}",
        TraceKind.BusFault => $"master {e.Subject}",
        _ => e.Subject,
    };

    private static void Metadata(Utf8JsonWriter json, string name, int tid, object value)
    {
        json.WriteStartObject();
        json.WriteString("ph", "M");
        json.WriteNumber("pid", Pid);
        json.WriteNumber("tid", tid);
        json.WriteString("name", name);
        json.WriteStartObject("args");
        if (value is int number)
        {
            json.WriteNumber("sort_index", number);
        }
        else
        {
            json.WriteString("name", (string)value);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void Slice(Utf8JsonWriter json, int tid, ulong start, ulong duration, string name, in TraceEvent end)
    {
        json.WriteStartObject();
        json.WriteString("ph", "X");
        json.WriteNumber("pid", Pid);
        json.WriteNumber("tid", tid);
        json.WriteNumber("ts", Micros(start));
        json.WriteNumber("dur", Micros(duration));
        json.WriteString("name", name);
        json.WriteStartObject("args");
        json.WriteString("result", string.Create(CultureInfo.InvariantCulture, $"0x{end.Value:x}"));
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void Instant(Utf8JsonWriter json, int tid, in TraceEvent e)
    {
        json.WriteStartObject();
        json.WriteString("ph", "i");
        json.WriteString("s", "t");
        json.WriteNumber("pid", Pid);
        json.WriteNumber("tid", tid);
        json.WriteNumber("ts", Micros(e.Time));
        json.WriteString("name", e.Kind == TraceKind.Note ? e.Text ?? e.Subject : e.Kind.ToString());
        json.WriteStartObject("args");
        json.WriteString("subject", e.Subject);
        json.WriteString("event", e.Render().Trim());
        switch (e.Kind)
        {
            case TraceKind.BusFault or TraceKind.IommuFault or TraceKind.CpuFault:
                json.WriteString("address", Hex(e.Address));
                json.WriteNumber("length", e.Length);
                json.WriteString("direction", ((AccessDirection)e.Value).ToString());
                break;
            case TraceKind.FirewallProgram:
                json.WriteNumber("region", e.Value);
                json.WriteString("base", Hex(e.Address));
                json.WriteString("size", Hex(e.Length));
                break;
            case TraceKind.IommuMap or TraceKind.IommuUnmap:
                json.WriteString("iova", Hex(e.Address));
                json.WriteString("size", Hex(e.Length));
                break;
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static string Hex(ulong value) => string.Create(CultureInfo.InvariantCulture, $"0x{value:x}");

    /// <summary>Nanoseconds as the format's microseconds, exactly (three decimals).</summary>
    private static decimal Micros(ulong nanoseconds) => nanoseconds / 1000m;
}
