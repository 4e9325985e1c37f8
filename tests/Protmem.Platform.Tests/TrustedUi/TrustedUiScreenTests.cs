using Protmem.Userspace.TrustedUi;

namespace Protmem.Platform.Tests.TrustedUi;

/// <summary>The trusted UI end to end on rk3588: the pad on the protected plane, a person reading and tapping it, the outcome the program learns.</summary>
public sealed class TrustedUiScreenTests
{
    private static MachineOptions Options => Rk3588Options.LentOutOfDirectMap();

    /// <summary>One PIN entry: the pad shown on the primary (or an overlay) plane, <paramref name="keys"/> typed by the person; the outcome and what they saw.</summary>
    private static (PinEntryOutcome? Outcome, string? Seen) Enter(Machine machine, PinEntryMode mode, string keys, bool overlay = false)
    {
        var app = machine.Spawn("pin-entry");
        var (width, height) = machine.TouchPanel!.Value;
        Assert.True(PinEntry.Start(app, width, height, mode, out var entry).IsSuccess);
        using (entry)
        using (PinPadScreen.Show(app, entry!.Framebuffer, width, height, overlay))
        {
            var seen = machine.LookAtPinPad();
            machine.TypeOnPinPad(keys);
            var outcome = entry.Poll();
            machine.CheckInvariants();
            Assert.True(machine.CheckSafety().Passed);
            return (outcome, seen);
        }
    }

    [Fact]
    public void PinEntry_PersonReadsThePadOnTheProtectedPlane_EnrolsThenAcceptsOnlyThatPin()
    {
        using var machine = Machine.Boot("rk3588", Options);

        var (enrolled, seen) = Enter(machine, PinEntryMode.Enrol, "2580>");
        var (accepted, _) = Enter(machine, PinEntryMode.Verify, "2580>");
        var (rejected, _) = Enter(machine, PinEntryMode.Verify, "2581>");

        Assert.Equal(PinEntryOutcome.Enrolled, enrolled);
        Assert.Equal(PinEntryOutcome.Accepted, accepted);
        Assert.Equal(PinEntryOutcome.Rejected, rejected);
        Assert.Equal("0123456789", string.Concat(seen!.Where(char.IsAsciiDigit).Order()));
        Assert.Equal(0, machine.MonitorFindingCount);
    }

    [Fact]
    public void PinEntry_PadOnAnOverlay_ThePersonSeesBlackAndCannotType()
    {
        using var machine = Machine.Boot("rk3588", Options);

        var (outcome, seen) = Enter(machine, PinEntryMode.Enrol, "1234>", overlay: true);

        Assert.Equal(new string('?', 12), seen);
        Assert.Null(outcome);
        Assert.Contains(machine.DisplayEvents, e => e.Contains("black", StringComparison.Ordinal));
    }
}
