using Protmem.Uapi;

namespace Protmem.Kernel.Core;

/// <summary>
/// A path a program reached that the model does not cover: the program got <see cref="Errno"/> (the
/// errno Linux gives for an operation it does not support), and a run that reached it is incomplete.
/// </summary>
/// <param name="What">What is missing, e.g. "MAP_HUGETLB anonymous memory (hugetlbfs)".</param>
/// <param name="Call">The first call that reached it, as the program made it (e.g. "mmap(0x0, 0x200000, 0x3, 0x40022, -1, 0)").</param>
/// <param name="Process">The process that made that call ("name[pid]").</param>
/// <param name="Errno">The errno returned (positive), or 0 when the call succeeded without the missing behaviour.</param>
/// <param name="Count">How many calls reached it.</param>
public sealed record NotModelledFinding(string What, string Call, string Process, int Errno, int Count)
{
    public override string ToString() =>
        $"{What}: {Call} by {Process} -> {(Errno == 0 ? "0" : Uapi.Errno.Name(Errno))}{(Count > 1 ? $" ({Count} calls)" : string.Empty)}";
}
