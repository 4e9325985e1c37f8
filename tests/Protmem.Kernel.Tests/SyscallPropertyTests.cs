using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;

namespace Protmem.Kernel.Tests;

/// <summary>
/// Random system-call sequences from several processes, with random ioctl numbers and user
/// addresses, over dma-heaps and dma-bufs and (on a board with a TEE) sync files, TEE shm fds and
/// registered user memory and dma-bufs: the model never throws, never lets a process reach another's fds or memory, keeps its
/// invariants, and is back at its boot state once every process has exited.
/// </summary>
public class SyscallPropertyTests
{
    private static readonly Gen<SyscallOp> OpGen =
        from kind in Gen.Frequency((3, Gen.Choose(0, 2)), (5, Gen.Constant(3)), (4, Gen.Constant(4)), (4, Gen.Constant(5)), (2, Gen.Choose(6, 9)), (1, Gen.Constant(10)), (3, Gen.Constant(11)), (3, Gen.Constant(12)))
        from proc in Gen.Choose(0, SyscallWorld.ProcessCount - 1)
        from a in Gen.Choose(0, 1000)
        from b in Gen.Choose(0, 1000)
        from c in Gen.Choose(0, 1000)
        from d in ArbMap.Default.GeneratorFor<ulong>()
        from e in ArbMap.Default.GeneratorFor<ulong>()
        select new SyscallOp(kind, proc, a, b, c, d, e);

    /// <summary>Runs <paramref name="ops"/>, checking every 8 ops, then before and after every process ends.</summary>
    private static void RunChecked(SyscallWorld world, SyscallOp[] ops, Action check)
    {
        for (var i = 0; i < ops.Length; i++)
        {
            world.Run(ops[i]);
            if (i % 8 == 7)
            {
                check();
            }
        }

        check();
        world.Finish();
        check();
    }

    private static Config Deterministic(int tests) =>
        Config.QuickThrowOnFailure.WithMaxTest(tests).WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(0x5eed_0001UL, 0x9e37_79b9_7f4a_7c15UL), FSharpOption<int>.None)));

    [Fact]
    public void RandomSyscalls_NeverThrowLeakOrCrossProcesses()
    {
        var kernel = TestMachine.BootSmall();
        var boot = kernel.Snapshot();
        Prop.ForAll(Gen.ListOf(OpGen).Select(l => l.ToArray()).ToArbitrary(), ops =>
        {
            RunChecked(new SyscallWorld(kernel), ops, kernel.AssertInvariants);
            var after = kernel.Snapshot();
            return (after with { Processes = 0 }) == (boot with { Processes = 0 }) && after.Processes == 0;
        }).Check(Deterministic(200));
    }

    [Fact]
    public void RandomSyscallsWithTeeAndSyncFiles_NeverThrowLeakOrCrossProcesses()
    {
        var machine = Tee.TeeMachine.Boot(Tee.TeeDesign.Dynamic);
        var kernel = machine.Kernel;
        var boot = kernel.Snapshot();
        Prop.ForAll(Gen.ListOf(OpGen).Select(l => l.ToArray()).ToArbitrary(), ops =>
        {
            RunChecked(new SyscallWorld(kernel), ops, machine.AssertInvariants);
            var after = kernel.Snapshot();
            return (after.WithoutIommuTables() with { Processes = 0 }) == (boot.WithoutIommuTables() with { Processes = 0 })
                && after.Processes == 0 && machine.Firmware.SessionCount == 0 && machine.Tee.Shms.Count == 0;
        }).Check(Deterministic(100));
    }
}
