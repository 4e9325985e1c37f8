using Protmem.Hardware.Time;

namespace Protmem.Hardware.Tests;

public sealed class TimeTests
{
    [Fact]
    public void SimClock_Advance_NeverGoesBack()
    {
        var clock = new SimClock();
        clock.Advance(10UL);
        clock.Advance(6.3);
        clock.AdvanceTo(100);

        Assert.Equal(100UL, clock.Now);
        Assert.Throws<InvalidOperationException>(() => clock.AdvanceTo(99));
        Assert.Equal(17UL, new SimClock().Also(c => { c.Advance(10UL); c.Advance(6.3); }).Now);
    }

    [Fact]
    public void EventQueue_SameTime_RunsByPriorityThenInsertionOrder()
    {
        var clock = new SimClock();
        var queue = new EventQueue(clock);
        var log = new List<string>();
        queue.Schedule(20, () => log.Add("c@20"));
        queue.Schedule(10, () => log.Add("b@10"), priority: 1);
        queue.Schedule(10, () => log.Add("a@10"), priority: 0);
        queue.Schedule(10, () => log.Add("a2@10"), priority: 0);

        queue.RunUntilEmpty();

        Assert.Equal(["a@10", "a2@10", "b@10", "c@20"], log);
        Assert.Equal(20UL, clock.Now);
        Assert.Equal(4UL, queue.EventsRun);
    }

    [Fact]
    public void EventQueue_ActionSchedulesMore_RunsThemInTimeOrder()
    {
        var clock = new SimClock();
        var queue = new EventQueue(clock);
        var times = new List<ulong>();
        queue.Schedule(5, () =>
        {
            times.Add(clock.Now);
            queue.ScheduleAfter(3, () => times.Add(clock.Now));
            queue.ScheduleAfter(0, () => times.Add(clock.Now));
        });

        queue.RunUntilEmpty();

        Assert.Equal([5UL, 5UL, 8UL], times);
    }

    [Fact]
    public void EventQueue_Cancelled_NeverRuns()
    {
        var clock = new SimClock();
        var queue = new EventQueue(clock);
        var ran = false;
        var timeout = queue.Schedule(500, () => ran = true, name: "timeout");

        Assert.True(timeout.Cancel());
        Assert.False(timeout.Cancel());
        queue.RunUntilEmpty();

        Assert.False(ran);
        Assert.False(timeout.HasRun);
        Assert.Equal(0UL, clock.Now);
    }

    [Fact]
    public void EventQueue_RunUntil_StopsAtTimeAndMovesClockThere()
    {
        var clock = new SimClock();
        var queue = new EventQueue(clock);
        var log = new List<ulong>();
        queue.Schedule(10, () => log.Add(10));
        queue.Schedule(30, () => log.Add(30));

        queue.RunUntil(20);

        Assert.Equal([10UL], log);
        Assert.Equal(20UL, clock.Now);
        Assert.True(queue.TryPeekTime(out var next));
        Assert.Equal(30UL, next);
    }

    [Fact]
    public void EventQueue_ActionChargingPastTheNextEvent_RunsThatEventLateInOrder()
    {
        var clock = new SimClock();
        var queue = new EventQueue(clock);
        var log = new List<(string, ulong)>();
        queue.Schedule(10, () => { log.Add(("busy", clock.Now)); clock.Advance(100UL); });
        queue.Schedule(20, () => log.Add(("waiting", clock.Now)));
        queue.Schedule(200, () => log.Add(("later", clock.Now)));

        queue.RunUntilEmpty();

        Assert.Equal([("busy", 10UL), ("waiting", 110UL), ("later", 200UL)], log);
    }

    [Fact]
    public void EventQueue_ScheduleInThePast_Throws()
    {
        var clock = new SimClock();
        clock.Advance(100UL);
        var queue = new EventQueue(clock);

        Assert.Throws<ArgumentOutOfRangeException>(() => queue.Schedule(99, () => { }));
    }

    [Fact]
    public void SplitMix64_SeedZero_GivesTheReferenceFirstOutput()
    {
        ulong state = 0;

        Assert.Equal(0xE220A8397B1DCDAFUL, DeterministicRandom.SplitMix64(ref state));
    }

    [Fact]
    public void DeterministicRandom_SameSeed_SameSequenceAndDifferentSeedDiffers()
    {
        var a = new DeterministicRandom(42);
        var b = new DeterministicRandom(42);
        var c = new DeterministicRandom(43);

        var sa = Enumerable.Range(0, 16).Select(_ => a.NextUInt64()).ToArray();
        var sb = Enumerable.Range(0, 16).Select(_ => b.NextUInt64()).ToArray();
        var sc = Enumerable.Range(0, 16).Select(_ => c.NextUInt64()).ToArray();

        Assert.Equal(sa, sb);
        Assert.NotEqual(sa, sc);
    }

    [Fact]
    public void DeterministicRandom_Bounded_StaysInRangeAndHitsEveryValue()
    {
        var random = new DeterministicRandom(7);
        var seen = new int[6];
        for (var i = 0; i < 6000; i++)
        {
            seen[random.NextInt32(10, 16) - 10]++;
        }

        Assert.All(seen, count => Assert.InRange(count, 800, 1200));
        Assert.InRange(random.NextDouble(), 0.0, 1.0);
        var bytes = new byte[13];
        random.NextBytes(bytes);
        Assert.Contains(bytes, b => b != 0);
    }

    [Fact]
    public void CostModel_Defaults_MatchTheSpecTable()
    {
        var costs = CostModel.Default;

        Assert.Equal(1_000, costs.SmcRoundTrip);
        Assert.Equal(580, costs.IommuMapPerPage);
        Assert.Equal(130, costs.IommuUnmapPerPageInvalidation);
        Assert.Equal(6.3, costs.IommuUnmapWholeContextPerPage);
        Assert.Equal(100_000, costs.IommuAttach);
        Assert.Equal(10_000, costs.FirewallReprogram);
        Assert.Equal(1_500_000, costs.CmaAlloc);
        Assert.Equal(16_000 + 70_000, costs.SystemHeapAlloc(1UL << 20));
        Assert.Equal(1_000, costs.CpuCopy(10_000));
    }

    [Fact]
    public void CostModel_WithOverride_AcceptsDeviceTreeAndPropertySpellings()
    {
        var costs = CostModel.Default.WithOverride("firewall-reprogram", 5).WithOverride("IommuAttach", 7);

        Assert.Equal(5, costs.FirewallReprogram);
        Assert.Equal(7, costs.IommuAttach);
        Assert.Equal(CostModel.DefaultSmcRoundTrip, costs.SmcRoundTrip);
        Assert.Equal(10_000, CostModel.Default.FirewallReprogram);
        var unknown = Assert.Throws<ArgumentException>(() => CostModel.Default.WithOverride("warp-drive", 1));
        Assert.Contains("FirewallReprogram", unknown.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => CostModel.Default.WithOverride("smc-round-trip", -1));
    }

    [Fact]
    public void CostModel_EveryName_CanBeOverridden()
    {
        foreach (var name in CostModel.Names)
        {
            var changed = CostModel.Default.WithOverride(name, 12345);
            Assert.NotEqual(CostModel.Default, changed);
        }
    }
}

internal static class TestExtensions
{
    public static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }
}
