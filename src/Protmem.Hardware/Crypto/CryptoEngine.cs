using System.Security.Cryptography;
using Protmem.Hardware.Bus;
using Protmem.Hardware.Time;
using Protmem.Hardware.Tracing;

namespace Protmem.Hardware.Crypto;

/// <summary>
/// The RK3588 crypto engine (<c>rockchip,rk3588-crypto</c>) as a device master without an IOMMU: it
/// addresses memory physically, and every byte it touches is a bus transaction of its own master, so the
/// firewall decides what it may read and write.
/// 1. The driver programs a <see cref="CryptoJob"/> (key address and length, mode, IV, descriptor lists) and
///    starts it with <see cref="Run"/>.
/// 2. The engine reads the key into its key registers through its master. A refused read ends the job with
///    <see cref="CryptoJobStatus.KeyReadFault"/> before any data moves.
/// 3. It streams the source through the cipher into the destination, a chunk at a time; a refused read or
///    write ends the job there (what was written stays written, as DMA does) and is reported.
/// 4. It wipes its key registers; the job's time is charged to the clock.
/// Model: the job runs to completion within <see cref="Run"/> (its interrupt is the return value), at
/// <see cref="BytesPerNs"/> after a fixed <see cref="JobSetupNs"/>; the real engine raises an IRQ.
/// Model: the firewall tells masters apart, not the engine's key fetch from its data fetch: a key buffer
/// the engine may read it may also read as data. The driver refuses protected buffers as job data
/// (docs/crypto-engine.md).
/// </summary>
public sealed class CryptoEngine
{
    /// <summary>Bytes moved per chunk (a multiple of the AES block).</summary>
    public const int ChunkBytes = 4096;

    /// <summary>Model: the engine's throughput, 1 byte/ns (about 1 GB/s, the order of the RK3588 crypto block's AES rate).</summary>
    public const double BytesPerNs = 1.0;

    /// <summary>Model: the fixed cost of programming and starting a job.</summary>
    public const double JobSetupNs = 2_000;

    private readonly SimClock _clock;
    private readonly Trace _trace;
    private readonly byte[] _in = new byte[ChunkBytes];
    private readonly byte[] _out = new byte[ChunkBytes];

    /// <summary>The engine named <paramref name="name"/>, issuing its DMA as <paramref name="master"/>.</summary>
    public CryptoEngine(string name, DeviceMaster master, SimClock clock, Trace trace)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Master = master ?? throw new ArgumentNullException(nameof(master));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _trace = trace ?? throw new ArgumentNullException(nameof(trace));
    }

    /// <summary>Its master's name.</summary>
    public string Name { get; }

    /// <summary>The bus master the engine's DMA uses.</summary>
    public DeviceMaster Master { get; }

    /// <summary>Jobs started since power-on.</summary>
    public long JobsRun { get; private set; }

    /// <summary>Jobs that ended on a refused access.</summary>
    public long JobsFailed { get; private set; }

    /// <summary>The last job's result, or null.</summary>
    public CryptoJobResult? LastResult { get; private set; }

    /// <summary>
    /// Runs <paramref name="job"/>. A job the registers cannot hold (bad key length, IV size, a CBC length
    /// that is not whole blocks, descriptor lists shorter than the length) is a driver bug and throws.
    /// </summary>
    public CryptoJobResult Run(CryptoJob job)
    {
        Validate(job);
        JobsRun++;
        _clock.Advance(JobSetupNs);
        var result = Execute(job);
        _clock.Advance(result.BytesDone / BytesPerNs);
        if (!result.IsDone)
        {
            JobsFailed++;
        }

        LastResult = result;
        if (_trace.IsEnabled)
        {
            _trace.Record(new TraceEvent(_clock.Now, TraceKind.Note, Name, job.Key.Value, job.Length, result.BytesDone, $"crypto job {job.Mode}: {result.Status}"));
        }

        return result;
    }

    public override string ToString() => Name;

    private static void Validate(CryptoJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.KeyLength is not (16 or 32))
        {
            throw new InvalidOperationException($"crypto job: key length {job.KeyLength} is not 16 or 32 (the driver must refuse it)");
        }

        if (job.Iv is null || job.Iv.Length != AesCtr.BlockSize)
        {
            throw new InvalidOperationException("crypto job: the IV register is 16 bytes");
        }

        if (job.Mode is not (CryptoMode.AesCtr or CryptoMode.AesCbcEncrypt or CryptoMode.AesCbcDecrypt))
        {
            throw new InvalidOperationException($"crypto job: mode {(int)job.Mode} is not one the engine has");
        }

        if (job.Mode != CryptoMode.AesCtr && job.Length % AesCtr.BlockSize != 0)
        {
            throw new InvalidOperationException($"crypto job: CBC takes whole blocks, not {job.Length} bytes");
        }

        if (Total(job.Source) < job.Length || Total(job.Destination) < job.Length)
        {
            throw new InvalidOperationException($"crypto job: the descriptor lists cover fewer than {job.Length} bytes");
        }
    }

    private static ulong Total(IReadOnlyList<CryptoSegment> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var total = 0UL;
        foreach (var s in segments)
        {
            total = checked(total + s.Length);
        }

        return total;
    }

    private CryptoJobResult Execute(CryptoJob job)
    {
        Span<byte> key = stackalloc byte[32];
        key = key[..job.KeyLength];
        try
        {
            if (!Master.TryRead(job.Key, key, SecurityState.NonSecure, out var keyFault))
            {
                return new CryptoJobResult(CryptoJobStatus.KeyReadFault, job.Key, keyFault, 0);
            }

            return job.Mode == CryptoMode.AesCtr ? RunCtr(job, key) : RunCbc(job, key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private CryptoJobResult RunCtr(CryptoJob job, ReadOnlySpan<byte> key)
    {
        using var ctr = new AesCtr(key, job.Iv);
        return Stream(job, (input, output) => ctr.Transform(input, output));
    }

    private CryptoJobResult RunCbc(CryptoJob job, ReadOnlySpan<byte> key)
    {
        using var aes = Aes.Create();
        aes.Key = key.ToArray();
        var iv = (byte[])job.Iv.Clone();
        var encrypt = job.Mode == CryptoMode.AesCbcEncrypt;
        return Stream(job, (input, output) =>
        {
            var n = encrypt ? aes.EncryptCbc(input, iv, output, PaddingMode.None) : aes.DecryptCbc(input, iv, output, PaddingMode.None);
            (encrypt ? output : input).Slice(n - AesCtr.BlockSize, AesCtr.BlockSize).CopyTo(iv);
        });
    }

    private CryptoJobResult Stream(CryptoJob job, CipherStep step)
    {
        var done = 0UL;
        while (done < job.Length)
        {
            var count = (int)Math.Min((ulong)ChunkBytes, job.Length - done);
            var input = _in.AsSpan(0, count);
            var output = _out.AsSpan(0, count);
            if (!Move(job.Source, done, input, write: false, out var at, out var reason))
            {
                return new CryptoJobResult(CryptoJobStatus.SourceReadFault, at, reason, done);
            }

            step(input, output);
            if (!Move(job.Destination, done, output, write: true, out at, out reason))
            {
                return new CryptoJobResult(CryptoJobStatus.DestinationWriteFault, at, reason, done);
            }

            done += (ulong)count;
        }

        CryptographicOperations.ZeroMemory(_in);
        CryptographicOperations.ZeroMemory(_out);
        return new CryptoJobResult(CryptoJobStatus.Done, null, DeviceAccessResult.Ok, done);
    }

    /// <summary>Reads or writes <paramref name="bytes"/> at byte <paramref name="offset"/> of a descriptor list.</summary>
    private bool Move(IReadOnlyList<CryptoSegment> segments, ulong offset, Span<byte> bytes, bool write, out DeviceAddr? at, out DeviceAccessResult reason)
    {
        at = null;
        reason = DeviceAccessResult.Ok;
        var moved = 0;
        for (var i = 0; i < segments.Count && moved < bytes.Length; i++)
        {
            var segment = segments[i];
            if (offset >= segment.Length)
            {
                offset -= segment.Length;
                continue;
            }

            var count = (int)Math.Min(segment.Length - offset, (ulong)(bytes.Length - moved));
            var address = segment.Address + offset;
            var ok = write
                ? Master.TryWrite(address, bytes.Slice(moved, count), SecurityState.NonSecure, out reason)
                : Master.TryRead(address, bytes.Slice(moved, count), SecurityState.NonSecure, out reason);
            if (!ok)
            {
                at = address;
                return false;
            }

            moved += count;
            offset = 0;
        }

        return true;
    }

    private delegate void CipherStep(Span<byte> input, Span<byte> output);
}
