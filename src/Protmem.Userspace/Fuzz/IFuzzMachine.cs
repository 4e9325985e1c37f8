using Protmem.Uapi;

namespace Protmem.Userspace.Fuzz;

/// <summary>
/// The board a fuzz program runs on, as the harness that booted it offers it: processes to spawn and end,
/// the heaps in /dev/dma_heap, and the checks (the safety monitor, the whole-machine invariants, the point
/// checks of who reaches what, and after every process exited the leak check). Programs themselves use only <see cref="ISyscalls"/>.
/// </summary>
public interface IFuzzMachine : IDisposable
{
    /// <summary>The entries of /dev/dma_heap.</summary>
    IReadOnlyList<string> HeapNames { get; }

    /// <summary>A new user process.</summary>
    ISyscalls Spawn(string name);

    /// <summary>Ends <paramref name="process"/> (as exit(2): fds closed, memory released).</summary>
    void EndProcess(ISyscalls process);

    /// <summary>New safety-monitor findings since the last call (cheap: asked after every syscall).</summary>
    IReadOnlyList<string> NewMonitorFindings();

    /// <summary>The whole-machine invariants of the model (allocators, maps, firmware state); one broken ends the program.</summary>
    IReadOnlyList<string> CheckInvariants();

    /// <summary>
    /// The point checks of who can reach protected memory (each a violation; the program goes on); with
    /// <paramref name="quiescent"/> (every process exited) also what was left behind (pools, lent regions, shms).
    /// </summary>
    IReadOnlyList<string> CheckSafety(bool quiescent);
}
