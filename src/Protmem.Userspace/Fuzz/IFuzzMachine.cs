using Protmem.Uapi;

namespace Protmem.Userspace.Fuzz;

/// <summary>
/// The board a fuzz program runs on, as the harness that booted it offers it: processes to spawn and end,
/// the heaps in /dev/dma_heap, and the checks (the safety monitor, the whole-machine invariants, and after
/// every process exited the leak check). Programs themselves use only <see cref="ISyscalls"/>.
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

    /// <summary>The whole-machine invariants; with <paramref name="quiescent"/> (every process exited) also what was left behind.</summary>
    IReadOnlyList<string> Check(bool quiescent);
}
