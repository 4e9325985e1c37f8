namespace Protmem.Platform.Exec;

/// <summary>
/// One struct pm_run of <see cref="ExecProtocol"/>: [<see cref="Offset"/>, +<see cref="Length"/>) of a mapping is
/// backed by [<see cref="BankOffset"/>, +Length) of DRAM bank <see cref="Bank"/>'s memfd.
/// </summary>
internal readonly record struct ExecRun(ulong Offset, ulong BankOffset, ulong Length, int Bank);
