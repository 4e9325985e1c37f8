using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using Protmem.Kernel.Accel.Rocket;
using Protmem.Uapi.Accel;
using Protmem.Userspace.Accel;

namespace Protmem.Kernel.Tests.Accel;

/// <summary>
/// Random multi-client NPU work under every isolation strategy: three clients create BOs filled with their
/// own byte and submit jobs that copy from random NPU addresses (their own BOs', another client's, unmapped) into
/// their own data BOs, with random handle lists. The model never throws, keeps its invariants, returns to its boot
/// state when the clients exit, and, except under shared-context, no client's BO ever holds another's byte.
/// </summary>
public sealed class RocketPropertyTests
{
    private const int Clients = 3;

    public static TheoryData<string> Strategies => [.. RocketIsolationNames.All.Select(a => a.Name)];

    /// <summary>One step: a client, what to do (0–1 create a data BO, 2–5 submit a copy job from its command BO, 6 close a data BO), and random numbers.</summary>
    public sealed record NpuStep(int Client, int Kind, int A, int B, int C);

    private static readonly Gen<NpuStep> NpuStepGen =
        from client in Gen.Choose(0, Clients - 1)
        from kind in Gen.Choose(0, 6)
        from a in Gen.Choose(0, 1000)
        from b in Gen.Choose(0, 1000)
        from c in Gen.Choose(0, 1000)
        select new NpuStep(client, kind, a, b, c);

    private static Config Deterministic(int tests) =>
        Config.QuickThrowOnFailure.WithMaxTest(tests).WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(0x5eed_0008UL, 0x9e37_79b9_7f4a_7c15UL), FSharpOption<int>.None)));

    [Theory]
    [MemberData(nameof(Strategies))]
    public void RandomSubmissions_NoCrashNoLeakNoCrossClientReach(string strategy)
    {
        Prop.ForAll(Gen.ListOf(NpuStepGen).Select(l => l.Take(24).ToArray()).ToArbitrary(), steps =>
        {
            var kernel = RocketTestMachine.Boot(strategy);
            var boot = kernel.Snapshot();
            var processes = Enumerable.Range(0, Clients).Select(i => kernel.Spawn($"client-{i}")).ToArray();
            var npus = processes.Select(p => RocketClient.Open(p)).ToArray();
            var bos = Enumerable.Range(0, Clients).Select(_ => new List<RocketBo>()).ToArray();
            var code = npus.Select(n => n.CreateBo(4096)).ToArray();
            for (var i = 0; i < steps.Length; i++)
            {
                var step = steps[i];
                var npu = npus[step.Client];
                var own = bos[step.Client];
                if (step.Kind <= 1 || own.Count == 0)
                {
                    var bo = npu.CreateBo((uint)(4096 * (1 + (step.A % 2))));
                    npu.Write(bo, 0, Enumerable.Repeat(Mark(step.Client), (int)bo.Size).ToArray());
                    own.Add(bo);
                }
                else if (step.Kind <= 5)
                {
                    var regcmd = code[step.Client];
                    var target = own[step.B % own.Count];
                    var victims = bos[(step.Client + 1 + (step.C % (Clients - 1))) % Clients];
                    var source = step.C % 3 == 0 && victims.Count > 0 ? victims[step.A % victims.Count].DmaAddress
                        : step.C % 3 == 1 ? own[step.C % own.Count].DmaAddress : 0x8000_0000UL + (ulong)(step.C * 4096);
                    var list = new NpuCommandList().Copy(source, target.DmaAddress + 64, 64).Fill(target.DmaAddress, Mark(step.Client), 16).End();
                    npu.Write(regcmd, 0, list.ToArray());
                    uint[] handles = step.B % 5 == 0 ? [regcmd.Handle, 777] : [regcmd.Handle];
                    npu.Submit([new RocketJobSpec([((uint)regcmd.DmaAddress, list.WordCount)], handles, [target.Handle])]);
                }
                else
                {
                    var bo = own[step.A % own.Count];
                    npu.CloseBo(bo.Handle);
                    own.Remove(bo);
                }

                if (i % 4 == 3)
                {
                    kernel.AssertInvariants();
                }
            }

            kernel.SocRunUntilIdle();
            for (var c = 0; c < Clients && strategy != "shared-context"; c++)
            {
                foreach (var bo in bos[c])
                {
                    var bytes = new byte[bo.Size];
                    npus[c].Read(bo, 0, bytes);
                    Assert.All(bytes, x => Assert.Equal(Mark(c), x));
                }
            }

            foreach (var npu in npus)
            {
                npu.Dispose();
            }

            foreach (var p in processes)
            {
                p.Exit();
            }

            kernel.SocRunUntilIdle();
            kernel.AssertInvariants();
            Assert.Equal(boot.WithoutIommuTables(), kernel.Snapshot().WithoutIommuTables());
        }).Check(Deterministic(15));
    }

    private static byte Mark(int client) => (byte)(0x10 + client);
}
