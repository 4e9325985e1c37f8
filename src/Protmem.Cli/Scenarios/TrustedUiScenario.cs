using Protmem.Platform;
using Protmem.Userspace.TrustedUi;

namespace Protmem.Cli.Scenarios;

/// <summary>
/// <c>protmem run trusted-ui</c>: a person enrols a PIN on the trusted UI's pad, then enters it and a wrong one.
/// The program (ABI only) shows the TA's protected framebuffer on the display's protected plane; the person reads
/// the shuffled pad off the screen and taps; the program learns only the outcome. Then the misconfigurations: the
/// pad on an overlay (the person sees black and cannot type) and buffers from the system heap (refused).
/// </summary>
internal sealed class TrustedUiScenario : IScenario
{
    private const string Pin = "2580";

    public string Name => "trusted-ui";

    public string Summary => "Enter a PIN on a pad only the secure world draws and reads: the normal world learns only \"PIN accepted\"";

    public string? NotPossible(Machine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        return machine.TrustedUiUnavailableReason is { } reason ? reason.Replace($"{machine.Platform.Name} has", "it has", StringComparison.Ordinal).Replace($"{machine.Platform.Name}'s", "its", StringComparison.Ordinal)
            : !machine.DeviceNodes.Contains("/dev/dri/card0") ? "it has no display (/dev/dri/card0)"
            : null;
    }

    public int Run(RunSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var machine = session.Machine;
        ScenarioSteps.Step(session, 1, $"enrol the PIN {Pin}", () => Expect(session, PinEntryMode.Enrol, Pin + ">", PinEntryOutcome.Enrolled, saveMonitor: true));
        ScenarioSteps.Step(session, 2, $"enter {Pin}", () => Expect(session, PinEntryMode.Verify, Pin + ">", PinEntryOutcome.Accepted));
        ScenarioSteps.Step(session, 3, "enter a wrong PIN", () => Expect(session, PinEntryMode.Verify, "2581>", PinEntryOutcome.Rejected));
        ScenarioSteps.Step(session, 4, "misconfigured: the pad on an overlay plane", () =>
        {
            var (outcome, seen, problem) = Enter(session, PinEntryMode.Verify, Pin + ">", overlay: true);
            session.Output.WriteLine($"  the person sees: {seen ?? "nothing"}");
            return problem ?? (seen != new string('?', 12) ? "the pad showed on a plane that may not show protected content"
                : outcome is not null ? $"an entry completed ({outcome}) with the pad black" : null);
        });
        ScenarioSteps.Step(session, 5, "misconfigured: the pad's buffers from the system heap", () =>
        {
            var (width, height) = machine.TouchPanel!.Value;
            var status = PinEntry.Start(machine.Spawn("pin-entry"), width, height, PinEntryMode.Verify, out var entry, heap: "system");
            entry?.Dispose();
            session.Output.WriteLine($"  refused: {status}");
            return status.IsSuccess ? "the trusted UI drew its pad in ordinary memory" : null;
        });
        return 5;
    }

    private static string? Expect(RunSession session, PinEntryMode mode, string keys, PinEntryOutcome expected, bool saveMonitor = false)
    {
        var (outcome, seen, problem) = Enter(session, mode, keys, overlay: false, saveMonitor);
        session.Output.WriteLine($"  the person sees the pad {seen} and types {keys}; the program learns: {outcome?.ToString() ?? "nothing yet"}");
        return problem ?? (outcome == expected ? null : $"expected {expected}, got {outcome?.ToString() ?? "no outcome"}");
    }

    private static (PinEntryOutcome? Outcome, string? Seen, string? Problem) Enter(RunSession session, PinEntryMode mode, string keys, bool overlay, bool saveMonitor = false)
    {
        var machine = session.Machine;
        var app = machine.Spawn("pin-entry");
        var (width, height) = machine.TouchPanel!.Value;
        var status = PinEntry.Start(app, width, height, mode, out var entry);
        if (!status.IsSuccess)
        {
            return (null, null, $"SHOW_PIN_PAD: {status}");
        }

        using (entry)
        using (PinPadScreen.Show(app, entry!.Framebuffer, width, height, overlay))
        {
            if (saveMonitor)
            {
                session.SaveMonitor();
            }

            var seen = machine.LookAtPinPad();
            machine.TypeOnPinPad(keys);
            return (entry.Poll(), seen, null);
        }
    }
}
