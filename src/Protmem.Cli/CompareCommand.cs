using System.CommandLine;
using System.Globalization;
using Protmem.Cli.Gpu;
using Protmem.Platform.Npu;
using Spectre.Console;

namespace Protmem.Cli;

/// <summary>
/// <c>protmem compare npu-isolation [--platform P] [--clients N] [--jobs N]</c>: the NPU workload under every
/// isolation strategy of the rocket driver, one row each (NpuIsolationComparison does the work). Without a
/// board it uses rk3588, the shipped board with NPU cores. Exit code 0 when every strategy computed the right
/// bytes and every strategy but shared-context stopped the cross-client read.
/// <c>protmem compare gpu-protected-memory [--platform P]</c>: the protected-texture flow under each GPU firmware-memory
/// design; without a board it uses rk3588-gpu-carveout, the shipped board whose GPU node has a carveout, so that all
/// three designs run.
/// </summary>
internal static class CompareCommand
{
    public static Command Create(GlobalOptions globals, Terminal terminal)
    {
        var clients = new Option<int>("--clients") { Description = "client processes (at least 2)", DefaultValueFactory = _ => 4 };
        var jobs = new Option<int>("--jobs") { Description = "jobs per client", DefaultValueFactory = _ => 100 };
        var npu = new Command("npu-isolation", "Compare the NPU's client-isolation strategies: IOMMU work per job and whether one client can read another's BO") { clients, jobs };
        npu.SetAction(result => ProtmemCommand.Guard(terminal.Error, () =>
        {
            var board = result.GetValue(globals.Platform) ?? "rk3588";
            var rows = ProgressDisplay.Run(terminal.Error, "compare npu-isolation", progress =>
                NpuIsolationComparison.Run(board, result.GetValue(clients), result.GetValue(jobs), globals.SeedOf(result), progress));
            Write(terminal.Console(), board, result.GetValue(clients), result.GetValue(jobs), rows);
            var ok = rows.All(r => r.ResultsCorrect && r.VictimCompleted && r.CrossClientAccess == (r.Strategy == "shared-context"));
            return ok ? ProtmemCommand.ExitOk : ProtmemCommand.ExitCheckFailed;
        }));
        var gpu = new Command("gpu-protected-memory", "Compare where the GPU's protected firmware memory comes from: what boot needs, time to the first protected job, memory held, what wrong memory does");
        gpu.SetAction(result => ProtmemCommand.Guard(terminal.Error, () =>
        {
            var board = result.GetValue(globals.Platform) ?? "rk3588-gpu-carveout";
            var rows = GpuProtectedMemoryComparison.Run(Platform.Boards.PlatformCatalog.Load(board), globals.SeedOf(result));
            WriteGpu(terminal.Console(), board, rows);
            return rows.Where(r => r.Ran).All(r => r.Completed && r.SafetyPassed) ? ProtmemCommand.ExitOk : ProtmemCommand.ExitCheckFailed;
        }));
        return new Command("compare", "Compare the designs the kernel community argued about, on the same workload") { npu, gpu };
    }

    private static void Write(IAnsiConsole console, string board, int clients, int jobs, IReadOnlyList<NpuIsolationRow> rows)
    {
        var i = CultureInfo.InvariantCulture;
        console.WriteLine(string.Create(i, $"npu-isolation on {board}: {clients} clients x {jobs} jobs (256-element multiply-accumulate each), then client {clients - 1} reads client 0's secret BO by its NPU address"));
        FittedTable.Write(console, null, ["Strategy", "Maps/job", "Unmaps/job", "Zaps/job", "Attaches/job", "Detaches/job", "Sim µs/job", "IOMMU µs/job", "Switches", "IOMMU µs/switch", "Cross-client"],
            [.. rows.Select(r => (IReadOnlyList<string>)[
                r.Strategy,
                r.MapsPerJob.ToString("0.##", i),
                r.UnmapsPerJob.ToString("0.##", i),
                r.ZapsPerJob.ToString("0.##", i),
                r.AttachesPerJob.ToString("0.##", i),
                r.DetachesPerJob.ToString("0.##", i),
                r.SimulatedUsPerJob.ToString("0.##", i),
                r.IommuUsPerJob.ToString("0.##", i),
                r.ClientSwitches.ToString(i),
                r.IommuUsPerSwitch.ToString("0.##", i),
                r.CrossClientAccess ? "yes" : "no"])]);
        foreach (var r in rows)
        {
            var verdict = r.CrossClientAccess ? "the attacker's job read the victim's secret" : $"the attacker's job failed ({r.AttackFault ?? "no fault reported"})";
            console.WriteLine($"{r.Strategy}: {verdict}; victim's job {(r.VictimCompleted ? "completed" : "did NOT complete")}; results {(r.ResultsCorrect ? "correct" : "WRONG")}; whole-machine check: {(r.OracleFindings.Count == 0 ? "no cross-client reach" : string.Join("; ", r.OracleFindings))}");
        }
    }

    private static void WriteGpu(IAnsiConsole console, string board, IReadOnlyList<GpuProtectedMemoryRow> rows)
    {
        var i = CultureInfo.InvariantCulture;
        console.WriteLine($"gpu-protected-memory on {board}: the protected-texture flow (import protected texture and render target, PROTECTED group, PROT_REGION fill + copy) per firmware-memory design");
        FittedTable.Write(console, null, ["Design", "At boot", "Result", "First protected job (sim µs)", "Protected memory held", "Wrong memory"],
            [.. rows.Select(r => (IReadOnlyList<string>)[
                r.Design,
                r.AtBoot,
                !r.Ran ? "SKIP" : r.Completed && r.SafetyPassed ? "PASS" : "FAIL",
                r.Ran ? r.FirstProtectedJobUs.ToString("0.#", i) : "-",
                r.Ran ? (r.ProtectedBytesHeld / 1024).ToString(i) + " KiB" : "-",
                r.WrongMemory])]);
    }
}
