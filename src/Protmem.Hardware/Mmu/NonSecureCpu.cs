using Protmem.Hardware.Bus;

namespace Protmem.Hardware.Mmu;

/// <summary>
/// The application CPU as the normal world drives it: every access it issues is a non-secure
/// transaction, translated by an address space and judged by the firewall. A denied access is a
/// fault the caller sees (false and a <see cref="CpuAccessResult"/>), recorded in the bus's fault log;
/// it never reaches the bytes. The secure state is not reachable through this type.
/// </summary>
public sealed class NonSecureCpu
{
    private readonly Cpu _cpu;

    internal NonSecureCpu(Cpu cpu) => _cpu = cpu;

    /// <summary>The CPU's identity on the bus.</summary>
    public BusMaster Master => _cpu.Master;

    /// <summary>Faulted CPU accesses since power-on (both worlds).</summary>
    public long FaultCount => _cpu.FaultCount;

    public bool TryRead(CpuAddressSpace space, CpuVirtAddr va, Span<byte> into) =>
        _cpu.TryRead(space, va, into, SecurityState.NonSecure, out _);

    public bool TryRead(CpuAddressSpace space, CpuVirtAddr va, Span<byte> into, out CpuAccessResult result) =>
        _cpu.TryRead(space, va, into, SecurityState.NonSecure, out result);

    public bool TryWrite(CpuAddressSpace space, CpuVirtAddr va, ReadOnlySpan<byte> from) =>
        _cpu.TryWrite(space, va, from, SecurityState.NonSecure, out _);

    public bool TryWrite(CpuAddressSpace space, CpuVirtAddr va, ReadOnlySpan<byte> from, out CpuAccessResult result) =>
        _cpu.TryWrite(space, va, from, SecurityState.NonSecure, out result);

    /// <summary>memset 0 through <paramref name="space"/>.</summary>
    public bool TryZero(CpuAddressSpace space, CpuVirtAddr va, ulong length, out CpuAccessResult result) =>
        _cpu.TryZero(space, va, length, SecurityState.NonSecure, out result);

    /// <summary>memcpy inside <paramref name="space"/>.</summary>
    public bool TryCopy(CpuAddressSpace space, CpuVirtAddr to, CpuVirtAddr from, ulong length, out CpuAccessResult result) =>
        _cpu.TryCopy(space, to, from, length, SecurityState.NonSecure, out result);
}
