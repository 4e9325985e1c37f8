using Protmem.Platform;
using Protmem.Uapi;
using Protmem.Userspace;
using Protmem.Userspace.Gpu;

namespace Protmem.Cli.Scenarios;

/// <summary>
/// <c>protmem run protected-texture</c>: the GPU's protected mode as the board's panthor design provides it
/// (<c>protmem,gpu-fw-memory</c>): the protected-texture flow with a bystander group, then its negative cases
/// (the ENABLE_FW_PROT_MODE refusals first under that design), each followed by the whole-machine check.
/// </summary>
internal sealed class ProtectedTextureScenario : IScenario
{
    private const string EnableFwProtMode = "enable-fw-prot-mode";

    public string Name => "protected-texture";

    public string Summary => "Render a protected texture in a protected GPU group, with the negative cases of the panthor protected-mode review";

    public string? NotPossible(Machine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        if (Machine.GpuProtectedHeapName(machine.Platform) is null)
        {
            return "it has no Mali CSF GPU whose node names a protected-heap-name";
        }

        return machine.GpuProbeDeferred ? "the GPU's probe is still deferred (its protected heap was never registered)"
            : machine.GpuFwMemoryDesign is null ? "its GPU has no driver bound"
            : null;
    }

    public int Run(RunSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var machine = session.Machine;
        var heap = Machine.GpuProtectedHeapName(machine.Platform)!;
        var enable = machine.GpuFwMemoryDesign == EnableFwProtMode;
        var section = 0;
        session.Output.WriteLine($"  GPU firmware memory: {machine.GpuFwMemoryDesign}; protected heap: {heap}");
        if (enable)
        {
            ScenarioSteps.Step(session, ++section, "ENABLE_FW_PROT_MODE as an ordinary user", () =>
            {
                var r = ProtectedTextureFlow.Run(machine.Spawn("texture"), heap, ProtectedTextureCase.EnableFwProtModeAsUser, enableFwProtMode: true);
                return r.EnableResult == -Errno.EPERM ? null : $"expected EPERM, got {Describe(r.EnableResult)}";
            });
            ScenarioSteps.Step(session, ++section, "ENABLE_FW_PROT_MODE with a system-heap buffer", () =>
            {
                var r = ProtectedTextureFlow.Run(machine.SpawnRoot("texture"), heap, ProtectedTextureCase.EnableFwProtModeWithSystemHeap, enableFwProtMode: true);
                return r.EnableResult == -Errno.EINVAL ? null : $"expected EINVAL (the importer check), got {Describe(r.EnableResult)}";
            });
        }

        ScenarioSteps.Step(session, ++section, "protected texture in a protected group, a normal bystander beside it", () =>
        {
            var r = ProtectedTextureFlow.Run(enable ? machine.SpawnRoot("texture") : machine.Spawn("texture"), heap, ProtectedTextureCase.Flow, enable);
            return r.Completed && r.BystanderCompleted == true ? null
                : $"the protected region {(r.Completed ? "completed" : "did not complete")}, the bystander {(r.BystanderCompleted == true ? "completed" : "did not")} (group state {r.GroupState}, done fence {Describe(r.FenceStatus)})";
        });
        ScenarioSteps.Step(session, ++section, "the protected texture read by a normal group", () =>
        {
            var r = ProtectedTextureFlow.Run(machine.Spawn("texture"), heap, ProtectedTextureCase.ProtectedBufferInNormalGroup, enableFwProtMode: false);
            return !r.Completed && machine.GpuEvents.Any(e => e.StartsWith("GroupFault", StringComparison.Ordinal)) ? null
                : "the normal group read protected memory without a fault";
        });
        ScenarioSteps.Step(session, ++section, "a protected group writing an unprotected render target", () =>
        {
            var r = ProtectedTextureFlow.Run(machine.Spawn("texture"), heap, ProtectedTextureCase.UnprotectedTargetInProtectedGroup, enableFwProtMode: false);
            return !r.Completed && r.BystanderCompleted == true && machine.GpuEvents.Any(e => e.StartsWith("ProtmFault", StringComparison.Ordinal)) ? null
                : $"expected a protected-mode fault with the bystander unharmed (completed {r.Completed}, bystander {r.BystanderCompleted}, done fence {Describe(r.FenceStatus)})";
        });
        return section;
    }

    private static string Describe(int? result) => result is { } r ? r < 0 ? Errno.Describe(r) : r.ToString(System.Globalization.CultureInfo.InvariantCulture) : "no call";
}
