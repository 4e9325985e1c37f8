using System.Text.Json;
using Protmem.Hardware;
using Protmem.Hardware.Tracing;
using Protmem.Platform.Tracing;

namespace Protmem.Platform.Tests.Tracing;

/// <summary>The Perfetto (Chrome JSON) trace, read back as ui.perfetto.dev reads it.</summary>
public class PerfettoTraceTests
{
    private static JsonElement[] WriteAndRead(IReadOnlyList<TraceEvent> events)
    {
        using var stream = new MemoryStream();
        PerfettoTrace.Write(stream, events, "test-board");
        using var document = JsonDocument.Parse(stream.ToArray());
        Assert.Equal("ns", document.RootElement.GetProperty("displayTimeUnit").GetString());
        return [.. document.RootElement.GetProperty("traceEvents").EnumerateArray().Select(e => e.Clone())];
    }

    private static Dictionary<int, string> Tracks(JsonElement[] events) =>
        events.Where(e => e.GetProperty("ph").GetString() == "M" && e.GetProperty("name").GetString() == "thread_name")
            .ToDictionary(e => e.GetProperty("tid").GetInt32(), e => e.GetProperty("args").GetProperty("name").GetString()!);

    [Fact]
    public void Write_SmcPair_OneSliceOnTheSecureWorldTrackWithItsDuration()
    {
        var events = WriteAndRead(
        [
            new TraceEvent(1_000, TraceKind.SmcCall, "smc", 0x3200_0004),
            new TraceEvent(1_000, TraceKind.FirewallProgram, "tzc400", 0x4000_0000, 0x10_0000, 2),
            new TraceEvent(4_500, TraceKind.SmcReturn, "smc", 0x3200_0004, Value: 0),
        ]);

        var tracks = Tracks(events);
        var slice = Assert.Single(events, e => e.GetProperty("ph").GetString() == "X");
        Assert.Equal("secure world", tracks[slice.GetProperty("tid").GetInt32()]);
        Assert.Equal("smc 0x32000004", slice.GetProperty("name").GetString());
        Assert.Equal(1.0m, slice.GetProperty("ts").GetDecimal());
        Assert.Equal(3.5m, slice.GetProperty("dur").GetDecimal());
        var firewall = Assert.Single(events, e => e.GetProperty("name").GetString() == "FirewallProgram");
        Assert.Equal(slice.GetProperty("tid").GetInt32(), firewall.GetProperty("tid").GetInt32());
        Assert.Equal("0x40000000", firewall.GetProperty("args").GetProperty("base").GetString());
    }

    [Fact]
    public void Write_DevicesAndIommus_EachOnItsOwnTrack()
    {
        var events = WriteAndRead(
        [
            new TraceEvent(10, TraceKind.IommuAttach, "npu0-mmu", 0x1000),
            new TraceEvent(20, TraceKind.IommuFault, "npu0-mmu", 0xdead_0000, 0, (ulong)AccessDirection.Read),
            new TraceEvent(30, TraceKind.BusFault, "vpu", 0x7000_0000, 64, (ulong)AccessDirection.Write),
            new TraceEvent(40, TraceKind.IommuAttach, "vop-mmu", 0x2000),
        ]);

        var tracks = Tracks(events);
        Assert.Equal(["iommu npu0-mmu", "master vpu", "iommu vop-mmu"], tracks.OrderBy(t => t.Key).Select(t => t.Value));
        var fault = Assert.Single(events, e => e.GetProperty("name").GetString() == "BusFault");
        Assert.Equal("master vpu", tracks[fault.GetProperty("tid").GetInt32()]);
        Assert.Equal("Write", fault.GetProperty("args").GetProperty("direction").GetString());
        Assert.All(events, e => Assert.Equal(1, e.GetProperty("pid").GetInt32()));
    }

    [Fact]
    public void Write_SmcWithoutReturn_EndsWithTheTrace()
    {
        var events = WriteAndRead(
        [
            new TraceEvent(100, TraceKind.SmcCall, "smc", 7),
            new TraceEvent(900, TraceKind.BusFault, "gpu", 0, 4, 1),
        ]);

        var slice = Assert.Single(events, e => e.GetProperty("ph").GetString() == "X");
        Assert.Equal("smc 0x00000007 (no return)", slice.GetProperty("name").GetString());
        Assert.Equal(0.8m, slice.GetProperty("dur").GetDecimal());
    }

    [Fact]
    public void Write_RealBoot_SameBytesForTheSameSeed()
    {
        static byte[] Run()
        {
            using var machine = Machine.Boot("qemu-virt-ffa", new MachineOptions { Seed = 3, Trace = true });
            using var stream = new MemoryStream();
            PerfettoTrace.Write(stream, machine.Trace.Events, machine.Platform.Name);
            return stream.ToArray();
        }

        var first = Run();
        Assert.Equal(first, Run());
        using var document = JsonDocument.Parse(first);
        Assert.Contains(document.RootElement.GetProperty("traceEvents").EnumerateArray(), e => e.GetProperty("ph").GetString() == "X");
    }
}
