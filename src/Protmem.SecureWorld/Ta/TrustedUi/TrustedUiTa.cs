using System.Buffers.Binary;
using System.Security.Cryptography;
using Protmem.Hardware;
using Protmem.Hardware.Input;
using Protmem.SecureWorld.ProtectedMemory;

namespace Protmem.SecureWorld.Ta.TrustedUi;

/// <summary>
/// The trusted-UI TA: a PIN pad the normal world cannot see or read the touches of (docs/secure-world-abi.md).
/// 1. SHOW_PIN_PAD draws a freshly shuffled pad into a protected framebuffer of the trusted-UI use case and
///    points the secure-only touchscreen at a protected report ring of the same use case; the normal world then
///    scans the framebuffer out on a plane that may show protected content.
/// 2. The person reads the pad on the screen and taps: each tap lands in the ring, which only the TA reads.
/// 3. FINISH reads the taps up to the first enter key: NO_DATA while enter was not pressed; else it stops the
///    touchscreen, blanks the framebuffer and answers only the outcome: enrolled, accepted or rejected.
/// Model: OP-TEE's secure storage is not modelled; the enrolled PIN (its SHA-256) lives in the TA until power-off.
/// </summary>
internal sealed class TrustedUiTa : ITrustedApplication
{
    public const uint CMD_SHOW_PIN_PAD = 0;
    public const uint CMD_FINISH = 1;

    /// <summary>SHOW_PIN_PAD's mode (params[2].b).</summary>
    public const uint MODE_ENROL = 0;
    public const uint MODE_VERIFY = 1;

    /// <summary>FINISH's outcome (params[0].a).</summary>
    public const uint RESULT_REJECTED = 0;
    public const uint RESULT_ACCEPTED = 1;
    public const uint RESULT_ENROLLED = 2;

    public const int MinPinLength = 4;
    public const int MaxPinLength = 8;

    /// <summary>Wrong PINs in a row after which verification is refused (ACCESS_DENIED) until a new enrolment.</summary>
    public const int MaxFailures = 3;

    /// <summary>The trusted-UI use case (TEE_DMA_HEAP_TRUSTED_UI).</summary>
    public const uint TrustedUiUseCase = 2;

    private static readonly uint ShowTypes = TeeParamType.Types(TeeParamType.MEMREF_INOUT, TeeParamType.MEMREF_INOUT, TeeParamType.VALUE_INPUT);
    private static readonly uint FinishTypes = TeeParamType.Types(TeeParamType.VALUE_OUTPUT);

    private readonly TouchController _touch;
    private readonly Func<int, int> _random;
    private readonly Func<PhysRange, uint?> _useCaseOf;
    private byte[]? _pinHash;
    private int _failures;
    private TaSession? _owner;

    /// <param name="touch">The touchscreen the TA drives (secure-only).</param>
    /// <param name="random">A uniform draw in [0, bound): the secure world's RNG.</param>
    /// <param name="useCaseOf">The protected-memory use case of a physical range, or null.</param>
    public TrustedUiTa(TouchController touch, Func<int, int> random, Func<PhysRange, uint?> useCaseOf)
    {
        _touch = touch ?? throw new ArgumentNullException(nameof(touch));
        _random = random ?? throw new ArgumentNullException(nameof(random));
        _useCaseOf = useCaseOf ?? throw new ArgumentNullException(nameof(useCaseOf));
    }

    public TeeUuid Uuid => TrustedApplicationIds.TrustedUi;

    public bool IsPseudo => false;

    /// <summary>True while a session has a pad on screen.</summary>
    public bool IsShowing => _owner is not null;

    public uint OpenSession(TaSession session, uint paramTypes, TaParam[] parameters) => TeeResult.SUCCESS;

    public void CloseSession(TaSession session)
    {
        if (_owner == session)
        {
            Stop(session);
        }
    }

    public uint Invoke(TaSession session, uint command, uint paramTypes, TaParam[] parameters) => command switch
    {
        CMD_SHOW_PIN_PAD => Show(session, paramTypes, parameters),
        CMD_FINISH => Finish(session, paramTypes, parameters),
        _ => TeeResult.BAD_PARAMETERS,
    };

    private uint Show(TaSession session, uint paramTypes, TaParam[] p)
    {
        if (paramTypes != ShowTypes)
        {
            return TeeResult.BAD_PARAMETERS;
        }

        var (framebuffer, ring) = (p[0].Memref!, p[1].Memref!);
        var (width, height, mode) = ((int)(p[2].A & 0xFFFF), (int)(p[2].A >> 16), p[2].B);
        if (mode > MODE_VERIFY || width != _touch.Width || height != _touch.Height)
        {
            // The pad covers the panel the touchscreen sits on: another size would put keys where no finger lands.
            return TeeResult.BAD_PARAMETERS;
        }

        if (_owner is not null)
        {
            return TeeResult.BUSY;
        }

        if (mode == MODE_VERIFY && (_pinHash is null || _failures >= MaxFailures))
        {
            return _pinHash is null ? TeeResult.BAD_STATE : TeeResult.ACCESS_DENIED;
        }

        // Both buffers must be trusted-UI protected memory: anything else is readable by a master or world
        // that must not see the pad (its layout tells the taps' meaning) or the taps themselves.
        if (!IsTrustedUi(framebuffer) || !IsTrustedUi(ring))
        {
            return TeeResult.SECURITY;
        }

        var geometry = new PinPadGeometry(width, height);
        var size = (ulong)(width * height) + (ulong)(width * (height / 2));
        if (framebuffer.Capacity < size || framebuffer.Size < size)
        {
            framebuffer.Size = size;
            return TeeResult.SHORT_BUFFER;
        }

        // The touchscreen has no IOMMU: its ring must be one physically contiguous piece.
        if (ring.Segments.Count != 1 || ring.Size < TouchController.ReportSize || ring.Size > ring.Capacity)
        {
            return TeeResult.BAD_PARAMETERS;
        }

        var pad = PinPad.Shuffled(geometry, _random);
        var image = new byte[size];
        pad.Render(image);
        if (!framebuffer.TryWrite(session.Core.Memory, 0, image) || !ring.TryWrite(session.Core.Memory, 0, new byte[ring.Size]))
        {
            return TeeResult.ACCESS_DENIED;
        }

        _touch.SetReportRing(ring.Segments[0].Start, ring.Size);
        _owner = session;
        session.State = new TrustedUiEntry(pad, framebuffer, ring, mode == MODE_ENROL);
        return TeeResult.SUCCESS;
    }

    private uint Finish(TaSession session, uint paramTypes, TaParam[] p)
    {
        if (paramTypes != FinishTypes)
        {
            return TeeResult.BAD_PARAMETERS;
        }

        if (_owner != session || session.State is not TrustedUiEntry entry)
        {
            return TeeResult.BAD_STATE;
        }

        if (!TryReadEntry(session, entry, out var digits, out var entered))
        {
            return TeeResult.ACCESS_DENIED;
        }

        if (!entered)
        {
            return TeeResult.NO_DATA;
        }

        p[0].A = Decide(entry.Enrol, digits);
        p[0].B = 0;
        Stop(session);
        return TeeResult.SUCCESS;
    }

    /// <summary>The digits tapped up to the first enter, read from the ring the touchscreen filled.</summary>
    private bool TryReadEntry(TaSession session, TrustedUiEntry entry, out List<char> digits, out bool entered)
    {
        digits = [];
        entered = false;
        var slots = (uint)_touch.RingSlots;
        var written = _touch.ReportsWritten;

        // Taps the ring no longer holds were overwritten: count them as lost, so the entry is rejected.
        var first = written > slots ? written - slots + 1 : 1;
        var overwritten = first > 1;
        Span<byte> report = stackalloc byte[TouchController.ReportSize];
        for (var sequence = first; sequence <= written && !entered; sequence++)
        {
            if (!entry.TouchRing.TryRead(session.Core.Memory, (ulong)((sequence - 1) % slots) * TouchController.ReportSize, report)
                || BinaryPrimitives.ReadUInt32LittleEndian(report) != sequence)
            {
                return false;
            }

            switch (entry.Pad.CharacterAt(BinaryPrimitives.ReadUInt16LittleEndian(report[4..]), BinaryPrimitives.ReadUInt16LittleEndian(report[6..])))
            {
                case '>':
                    entered = true;
                    break;
                case '<':
                    if (digits.Count > 0)
                    {
                        digits.RemoveAt(digits.Count - 1);
                    }

                    break;
                case char digit:
                    digits.Add(digit);
                    break;
                default:
                    break;
            }
        }

        if (overwritten)
        {
            digits.Clear();
        }

        return true;
    }

    private uint Decide(bool enrol, List<char> digits)
    {
        var valid = digits.Count is >= MinPinLength and <= MaxPinLength;
        var hash = SHA256.HashData(System.Text.Encoding.ASCII.GetBytes([.. digits]));
        if (enrol)
        {
            if (!valid)
            {
                return RESULT_REJECTED;
            }

            _pinHash = hash;
            _failures = 0;
            return RESULT_ENROLLED;
        }

        if (valid && _pinHash is not null && CryptographicOperations.FixedTimeEquals(hash, _pinHash))
        {
            _failures = 0;
            return RESULT_ACCEPTED;
        }

        _failures++;
        return RESULT_REJECTED;
    }

    /// <summary>Stops the touchscreen and blanks the pad: its layout never outlives the entry.</summary>
    private void Stop(TaSession session)
    {
        _touch.Reset();
        _owner = null;
        if (session.State is TrustedUiEntry entry)
        {
            var black = new byte[entry.Framebuffer.Capacity];
            var lumaBytes = entry.Pad.Geometry.Width * entry.Pad.Geometry.Height;
            black.AsSpan(0, Math.Min(lumaBytes, black.Length)).Fill(PinPadGeometry.BackgroundLuma);
            black.AsSpan(Math.Min(lumaBytes, black.Length)).Fill(128);
            entry.Framebuffer.TryWrite(session.Core.Memory, 0, black);
            entry.TouchRing.TryWrite(session.Core.Memory, 0, new byte[entry.TouchRing.Capacity]);
        }

        session.State = null;
    }

    private bool IsTrustedUi(TaMemref memref)
    {
        if (memref.IsNull || memref.Kind != MemoryKind.Protected)
        {
            return false;
        }

        foreach (var segment in memref.Segments)
        {
            if (_useCaseOf(segment) != TrustedUiUseCase)
            {
                return false;
            }
        }

        return true;
    }
}
