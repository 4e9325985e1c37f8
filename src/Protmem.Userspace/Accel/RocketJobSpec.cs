namespace Protmem.Userspace.Accel;

/// <summary>One job to submit: its tasks (regcmd NPU address, word count) and the handles it reads and writes.</summary>
public sealed record RocketJobSpec(IReadOnlyList<(uint Regcmd, uint Count)> Tasks, IReadOnlyList<uint> InHandles, IReadOnlyList<uint> OutHandles);
