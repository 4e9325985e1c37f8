using Protmem.Hardware;
using Protmem.Hardware.Bus;
using Protmem.Hardware.Memory;

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
    /// memcpy as the secure CPU of <paramref name="length"/> bytes from <paramref name="from"/> to
    /// <paramref name="to"/> (ranges that do not overlap): a read the firewall judges, then a write it judges,
    /// each charged as <see cref="TryRead"/> and <see cref="TryWrite"/> charge theirs; the bytes move DRAM to
    /// DRAM with no staging copy. False, with the fault recorded, when either is denied; a denied write moves nothing.
    /// </summary>
    public bool TryCopy(PhysAddr to, PhysAddr from, ulong length)
    {
        if (!Fits(from, length))
        {
            return false;
        }

        Charge(length);
        if (_soc.Bus.Check(new BusTransaction(_cpu, SecurityState.Secure, from, length, AccessDirection.Read)) != BusAccessResult.Ok)
        {
            return false;
        }

        if (!Fits(to, length))
        {
            return false;
        }

        Charge(length);
        if (_soc.Bus.Check(new BusTransaction(_cpu, SecurityState.Secure, to, length, AccessDirection.Write)) != BusAccessResult.Ok)
        {
            return false;
        }

        _soc.Memory.Copy(to, from, length);
        return true;
    }

    /// <summary>
    /// A read-modify-write as the secure CPU of <paramref name="length"/> bytes at <paramref name="address"/>: a
    /// read the firewall judges, then a write it judges, each charged as <see cref="TryRead"/> and
    /// <see cref="TryWrite"/> charge theirs; <paramref name="update"/> then changes the bytes where they lie.
    /// False, with the fault recorded, when either is denied; then nothing changes.
    /// </summary>
    public bool TryUpdate(PhysAddr address, ulong length, BytesUpdate update)
    {
        if (!Fits(address, length))
        {
            return false;
        }

        Charge(length);
        if (_soc.Bus.Check(new BusTransaction(_cpu, SecurityState.Secure, address, length, AccessDirection.Read)) != BusAccessResult.Ok)
        {
            return false;
        }

        Charge(length);
        if (_soc.Bus.Check(new BusTransaction(_cpu, SecurityState.Secure, address, length, AccessDirection.Write)) != BusAccessResult.Ok)
        {
            return false;
        }

        _soc.Memory.Update(address, length, update);
        return true;
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
