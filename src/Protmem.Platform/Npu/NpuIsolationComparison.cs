using System.Buffers.Binary;
using System.Globalization;
using Protmem.Kernel.Accel.Rocket;
using Protmem.Uapi.Accel;

namespace Protmem.Platform.Npu;

/// <summary>
/// <c>protmem compare npu-isolation</c>: the same multi-client NPU workload on one board under each
/// <see cref="RocketIsolation"/>, booted afresh per strategy (the board's <c>protmem,npu-isolation</c> replaced).
/// 1. Each client creates a command-list BO, two inputs and an output (4 KiB each); client 0, the victim,
///    also a secret BO. Inputs hold a[i] = client + i, b[i] = 3.
/// 2. Benign phase: <c>jobs</c> rounds; in each every client submits one job (out[i] += a[i] * b[i] over 256
///    integers) and waits for it with PREP_BO. The counters and simulated time of this phase give the figures.
/// 3. The whole-machine check looks for an NPU core that reaches two clients' BOs.
/// 4. Attack: the last client submits a job copying 4 KiB from the victim's secret by its NPU address into its
///    own output, while the victim runs a job of its own; the row says whether the secret arrived, and what fault stopped it.
/// </summary>
public static class NpuIsolationComparison
{
    private const int Elements = 256;
    private const uint BoSize = 4096;
    private const byte SecretByte = 0x5A;

    /// <summary>
    /// Runs the workload under every strategy: one row each, in the order of <see cref="RocketIsolationNames.All"/>;
    /// <paramref name="progress"/> is told the fraction done (0 to 1) after each round of jobs (it changes nothing run).
    /// </summary>
    /// <exception cref="PlatformException">The board has no NPU, or fewer than two clients were asked for.</exception>
    public static IReadOnlyList<NpuIsolationRow> Run(PlatformDescription platform, int clients = 4, int jobs = 100, MachineOptions? options = null, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(platform);
        if (clients < 2 || jobs < 1)
        {
            throw new PlatformException($"compare npu-isolation needs at least 2 clients and 1 job per client (got {clients} clients, {jobs} jobs)");
        }

        if (!platform.Devices.Any(d => d.Compatible == RocketDevice.CoreCompatible))
        {
            throw new PlatformException($"{platform.Name} has no NPU core ({RocketDevice.CoreCompatible}); compare npu-isolation needs one (try --platform rk3588)");
        }

        var strategies = RocketIsolationNames.All;
        return [.. strategies.Select((s, index) => RunOne(WithIsolation(platform, s.Name), s.Name, clients, jobs, options,
            progress is null ? null : round => progress.Report((index + ((double)round / jobs)) / strategies.Count)))];
    }

    /// <summary>Runs the workload on the board <paramref name="board"/> names (shipped name or .dts/.dtb path) with <paramref name="seed"/>.</summary>
    public static IReadOnlyList<NpuIsolationRow> Run(string board, int clients, int jobs, ulong seed, IProgress<double>? progress = null) =>
        Run(Boards.PlatformCatalog.Load(board), clients, jobs, new MachineOptions { Seed = seed }, progress);

    /// <summary>The board with every NPU core's <c>protmem,npu-isolation</c> set to <paramref name="strategy"/>.</summary>
    public static PlatformDescription WithIsolation(PlatformDescription platform, string strategy)
    {
        ArgumentNullException.ThrowIfNull(platform);
        return platform with
        {
            Devices = [.. platform.Devices.Select(d => d.Compatible != RocketDevice.CoreCompatible ? d : d with
            {
                StringProperties = new Dictionary<string, string>(d.StringProperties ?? new Dictionary<string, string>(), StringComparer.Ordinal)
                {
                    [RocketIsolationNames.Property] = strategy,
                },
            })],
        };
    }

    private static NpuIsolationRow RunOne(PlatformDescription platform, string strategy, int clientCount, int jobs, MachineOptions? options, Action<int>? roundDone)
    {
        using var machine = Machine.Boot(platform, options);
        var npu = machine.Npu!;
        var clients = new List<(NpuWorkloadClient Client, (uint Handle, ulong Dma, ulong Map)[] Bos)>();
        for (var c = 0; c < clientCount; c++)
        {
            var client = new NpuWorkloadClient(machine.Spawn(string.Create(CultureInfo.InvariantCulture, $"npu-client-{c}")));
            var regcmd = client.CreateBo(BoSize);
            var a = client.CreateBo(BoSize);
            var b = client.CreateBo(BoSize);
            var output = client.CreateBo(BoSize);
            client.Write(a.Map, Ints(i => c + i));
            client.Write(b.Map, Ints(_ => 3));
            var list = new NpuCommandList().Mac(a.DmaAddress, b.DmaAddress, output.DmaAddress, Elements).End();
            client.Write(regcmd.Map, list.ToArray());
            client.StageJob(regcmd.DmaAddress, list.WordCount, [regcmd.Handle, a.Handle, b.Handle], [output.Handle]);
            var bos = new[] { regcmd, a, b, output };
            if (c == 0)
            {
                var secret = client.CreateBo(BoSize);
                client.Write(secret.Map, Enumerable.Repeat(SecretByte, (int)BoSize).ToArray());
                bos = [.. bos, secret];
            }

            clients.Add((client, bos));
        }

        var zapsBefore = Zaps(npu);
        var (maps, unmaps, attaches, detaches, isolation, switchNs, switches) = Counters(npu.Stats);
        var start = machine.Clock.Now;
        for (var round = 0; round < jobs; round++)
        {
            foreach (var (client, _) in clients)
            {
                client.Submit();
            }

            foreach (var (client, bos) in clients)
            {
                client.PrepBo(bos[3].Handle);
            }

            roundDone?.Invoke(round + 1);
        }

        var elapsed = machine.Clock.Now - start;
        var total = (long)clientCount * jobs;
        var after = Counters(npu.Stats);
        var zaps = Zaps(npu) - zapsBefore;
        var correct = clients.Select((entry, c) => Check(entry.Client, entry.Bos[3].Map, i => jobs * (c + i) * 3)).All(ok => ok);
        var findings = machine.NpuIsolationFindings();

        // The attack: the last client copies the victim's secret by its NPU address into its own output.
        var (attacker, attackerBos) = clients[^1];
        var (victim, victimBos) = clients[0];
        var faultsBefore = npu.Faults.Count;
        var steal = new NpuCommandList().Copy(victimBos[4].Dma, attackerBos[3].Dma, BoSize).End();
        attacker.Write(attackerBos[0].Map, steal.ToArray());
        attacker.StageJob(attackerBos[0].Dma, steal.WordCount, [attackerBos[0].Handle], [attackerBos[3].Handle]);
        attacker.Submit();
        victim.Submit();
        attacker.PrepBo(attackerBos[3].Handle);
        victim.PrepBo(victimBos[3].Handle);
        var stolen = new byte[BoSize];
        attacker.Read(attackerBos[3].Map, stolen);
        var crossClient = stolen.All(x => x == SecretByte);
        var fault = npu.Faults.Skip(faultsBefore).FirstOrDefault(f => f.Address is not null);
        var victimOk = Check(victim, victimBos[3].Map, i => (jobs + 1) * i * 3);

        return new NpuIsolationRow(
            strategy,
            total,
            (double)(after.Maps - maps) / total,
            (double)(after.Unmaps - unmaps) / total,
            (double)zaps / total,
            (double)(after.Attaches - attaches) / total,
            (double)(after.Detaches - detaches) / total,
            elapsed / 1000.0 / total,
            (after.IsolationNs - isolation) / 1000.0 / total,
            after.Switches - switches,
            after.Switches == switches ? 0 : (after.SwitchNs - switchNs) / 1000.0 / (after.Switches - switches),
            crossClient,
            fault is null ? null : string.Create(CultureInfo.InvariantCulture, $"{fault.Kind} at 0x{fault.Address!.Value.Value:x} on {fault.Core}{(npu.Faults.Skip(faultsBefore).Any(f => f.TimedOut) ? ", core reset after the 500 ms timeout" : "")}"),
            findings,
            correct,
            victimOk);
    }

    private static (long Maps, long Unmaps, long Attaches, long Detaches, ulong IsolationNs, ulong SwitchNs, long Switches) Counters(RocketStats s) =>
        (s.Maps, s.Unmaps, s.Attaches, s.Detaches, s.IsolationNs, s.SwitchNs, s.ClientSwitches);

    private static long Zaps(RocketDevice npu) => npu.Cores.Sum(c => c.Iommu.ZapLineWrites + c.Iommu.ZapCacheCommands);

    private static byte[] Ints(Func<int, int> value)
    {
        var bytes = new byte[BoSize];
        for (var i = 0; i < Elements; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * 4), value(i));
        }

        return bytes;
    }

    private static bool Check(NpuWorkloadClient client, ulong map, Func<int, int> expected)
    {
        var bytes = new byte[Elements * 4];
        client.Read(map, bytes);
        for (var i = 0; i < Elements; i++)
        {
            if (BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(i * 4)) != expected(i))
            {
                return false;
            }
        }

        return true;
    }
}
