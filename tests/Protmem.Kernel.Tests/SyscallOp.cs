namespace Protmem.Kernel.Tests;

/// <summary>
/// One random system call of a property test, as plain numbers the interpreter reads per kind (so
/// FsCheck can shrink a failing sequence field by field).
/// </summary>
public sealed record SyscallOp(int Kind, int Proc, int A, int B, int C, ulong D, ulong E)
{
    public override string ToString() => $"{SyscallWorld.KindName(Kind)}(p{Proc}, {A}, {B}, {C}, 0x{D:x}, 0x{E:x})";
}
