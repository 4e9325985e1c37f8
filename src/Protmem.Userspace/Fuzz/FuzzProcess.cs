using Protmem.Uapi;

namespace Protmem.Userspace.Fuzz;

/// <summary>What the fuzzer knows of one live process: its syscalls, scratch page, fds, mappings, shm ids and sessions (to aim its next syscalls).</summary>
internal sealed class FuzzProcess(ISyscalls sys, ulong scratch)
{
    public const ulong ScratchSize = 2 * Mman.PAGE_SIZE;

    public ISyscalls Sys { get; } = sys;

    /// <summary>Where ioctl arguments are staged (an anonymous mapping made at spawn).</summary>
    public ulong Scratch { get; } = scratch;

    public List<int> Fds { get; } = [];

    public List<(ulong Address, ulong Length)> Mappings { get; } = [];

    public List<int> ShmIds { get; } = [];

    public List<uint> Sessions { get; } = [];
}
