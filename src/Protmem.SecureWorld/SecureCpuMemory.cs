using Protmem.Hardware;
using Protmem.Hardware.Bus;

namespace Protmem.SecureWorld;

/// <summary>
/// The secure world's view of DRAM: every read and write is a bus transaction by the CPU master in the
/// secure state, so the firewall decides as it would for the real firmware. Each byte moved costs the
/// CPU's memcpy time. A denied access returns false; nothing here throws for a bad address.
/// </summary>
internal sealed class SecureCpuMemory
{
    /// <summary>The largest scratch buffer handed out (a TA copies larger memrefs in pieces of this size).</summary>
    public const int ScratchSize = 64 * 1024;

    private readonly Soc _soc;
    private readonly BusMaster _cpu;
    private byte[] _scratch = [];

    public SecureCpuMemory(Soc soc)
    {
        _soc = soc;
        _cpu = soc.Cpu.Master;
    }

    /// <summary>
    /// A buffer of min(<paramref name="length"/>, <see cref="ScratchSize"/>) bytes (at least 1) for the
    /// firmware's own copies, reused from call to call: valid until the next call.
    /// </summary>
    public Span<byte> Scratch(ulong length)
    {
        var size = (int)Math.Min((ulong)ScratchSize, Math.Max(length, 1));
        if (_scratch.Length < size)
        {
            _scratch = new byte[Math.Max(size, Math.Min(ScratchSize, _scratch.Length * 2))];
        }

        return _scratch.AsSpan(0, size);
    }

    public bool TryRead(PhysAddr address, Span<byte> into)
    {
        if (!Fits(address, (ulong)into.Length))
        {
            return false;
        }

        Charge((ulong)into.Length);
        return _soc.Bus.TryRead(_cpu, SecurityState.Secure, address, into);
    }

    public bool TryWrite(PhysAddr address, ReadOnlySpan<byte> from)
    {
        if (!Fits(address, (ulong)from.Length))
        {
            return false;
        }

        Charge((ulong)from.Length);
        return _soc.Bus.TryWrite(_cpu, SecurityState.Secure, address, from);
    }

    /// <summary>
    /// Writes zeros over <paramref name="range"/> as the secure CPU: the bus admits the transaction
    /// (firewall check) and DRAM gives whole pages' host memory back.
    /// </summary>
    public bool TryZero(PhysRange range)
    {
        if (range.IsEmpty)
        {
            return true;
        }

        if (!Fits(range.Start, range.Length))
        {
            return false;
        }

        var transaction = new BusTransaction(_cpu, SecurityState.Secure, range.Start, range.Length, AccessDirection.Write);
        if (_soc.Bus.Check(transaction) != BusAccessResult.Ok)
        {
            return false;
        }

        Charge(range.Length);
        _soc.Memory.Zero(range);
        return true;
    }

    /// <summary>True when every byte of <paramref name="range"/> is DRAM (of one bank).</summary>
    public bool IsDram(PhysRange range) => Fits(range.Start, range.Length) && _soc.Memory.Contains(range);

    private static bool Fits(PhysAddr address, ulong length) =>
        address.Value <= HwConstants.PhysAddressLimit && length <= HwConstants.PhysAddressLimit - address.Value;

    private void Charge(ulong bytes) => _soc.Clock.Advance(_soc.Costs.CpuCopy(bytes));
}
