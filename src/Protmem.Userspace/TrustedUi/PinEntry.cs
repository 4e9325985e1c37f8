using Protmem.Uapi;
using Protmem.Uapi.Tee;
using Protmem.Userspace.DmaHeaps;
using Protmem.Userspace.TeeClient;

namespace Protmem.Userspace.TrustedUi;

/// <summary>
/// A PIN entry on the trusted UI, as a normal-world program runs it with the ABI alone (docs/secure-world-abi.md):
/// 1. <see cref="Start"/>: allocate the framebuffer and the touch ring from the trusted-UI heap, register both
///    with the TEE and ask the trusted-UI TA to show its pad; the program then shows <see cref="Framebuffer"/> on a
///    display plane that may show protected content (it cannot read it: neither can anyone but the display).
/// 2. The person taps the pad; <see cref="Poll"/> answers null until they press enter, then the outcome.
/// 3. <see cref="Dispose"/> closes the session and frees both buffers.
/// The program never learns the pad's layout, the taps or the PIN: only the outcome.
/// </summary>
public sealed class PinEntry : IDisposable
{
    /// <summary>The trusted-UI TA.</summary>
    public static readonly TeeUuid TrustedUiTa = TeeUuid.Parse("7475695f-7069-6e70-6164-50524f544d45");

    public const uint CMD_SHOW_PIN_PAD = 0;
    public const uint CMD_FINISH = 1;

    /// <summary>The touch ring: 512 reports of 8 bytes.</summary>
    public const ulong TouchRingSize = 4096;

    private readonly TeecContext _context;
    private readonly TeecSession _session;
    private readonly TeecSharedMemory _framebufferShm;
    private readonly TeecSharedMemory _ringShm;
    private readonly DmaBuffer _ring;
    private bool _disposed;

    private PinEntry(TeecContext context, TeecSession session, DmaBuffer framebuffer, TeecSharedMemory framebufferShm, DmaBuffer ring, TeecSharedMemory ringShm, int width, int height)
    {
        _context = context;
        _session = session;
        Framebuffer = framebuffer;
        _framebufferShm = framebufferShm;
        _ring = ring;
        _ringShm = ringShm;
        Width = width;
        Height = height;
    }

    /// <summary>The protected NV12 framebuffer the pad is drawn in: import it into the display.</summary>
    public DmaBuffer Framebuffer { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Bytes of an NV12 framebuffer of <paramref name="width"/> × <paramref name="height"/>.</summary>
    public static ulong FramebufferSize(int width, int height) => ((ulong)width * (ulong)height * 3) / 2;

    /// <summary>
    /// Shows the pad on a <paramref name="width"/> × <paramref name="height"/> panel; the TA's or the TEE
    /// client's status, and the entry when it succeeded. A buffer the heap refuses is an <see cref="ErrnoException"/>.
    /// </summary>
    public static TeecStatus Start(ISyscalls sys, int width, int height, PinEntryMode mode, out PinEntry? entry, string heap = ProtectedHeapNames.TrustedUi)
    {
        ArgumentNullException.ThrowIfNull(sys);
        entry = null;
        var status = TeecContext.InitializeContext(sys, out var context);
        if (!status.IsSuccess)
        {
            return status;
        }

        using var library = new DmaHeapLibrary(sys);
        DmaBuffer? framebuffer = null;
        DmaBuffer? ring = null;
        TeecSharedMemory? framebufferShm = null;
        TeecSharedMemory? ringShm = null;
        TeecSession? session = null;
        try
        {
            using (var protectedHeap = library.OpenHeap(heap))
            {
                framebuffer = protectedHeap.Allocate(FramebufferSize(width, height));
                ring = protectedHeap.Allocate(TouchRingSize);
            }

            status = context!.RegisterSharedMemoryFileDescriptor(framebuffer.Fd, Teec.TEEC_MEM_INPUT | Teec.TEEC_MEM_OUTPUT, out framebufferShm);
            if (status.IsSuccess)
            {
                status = context.RegisterSharedMemoryFileDescriptor(ring.Fd, Teec.TEEC_MEM_INPUT | Teec.TEEC_MEM_OUTPUT, out ringShm);
            }

            if (status.IsSuccess)
            {
                status = context.OpenSession(TrustedUiTa, out session);
            }

            if (status.IsSuccess)
            {
                var operation = new TeecOperation(
                    TeecParameter.Partial(Teec.TEEC_MEMREF_PARTIAL_INOUT, framebufferShm!, 0, FramebufferSize(width, height)),
                    TeecParameter.Partial(Teec.TEEC_MEMREF_PARTIAL_INOUT, ringShm!, 0, TouchRingSize),
                    TeecParameter.Value(Teec.TEEC_VALUE_INPUT, (uint)width | ((uint)height << 16), (uint)mode));
                status = session!.InvokeCommand(CMD_SHOW_PIN_PAD, operation);
            }

            if (!status.IsSuccess)
            {
                return status;
            }

            entry = new PinEntry(context, session!, framebuffer, framebufferShm!, ring, ringShm!, width, height);
            return status;
        }
        finally
        {
            if (entry is null)
            {
                session?.Dispose();
                ringShm?.Dispose();
                framebufferShm?.Dispose();
                ring?.Dispose();
                framebuffer?.Dispose();
                context!.Dispose();
            }
        }
    }

    /// <summary>FINISH: null while the person has not pressed enter; else the outcome (the pad is gone then).</summary>
    public PinEntryOutcome? Poll()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var operation = new TeecOperation(TeecParameter.Value(Teec.TEEC_VALUE_OUTPUT));
        var status = _session.InvokeCommand(CMD_FINISH, operation);
        if (status.Result == TeecResult.TEEC_ERROR_NO_DATA)
        {
            return null;
        }

        if (!status.IsSuccess)
        {
            throw new InvalidOperationException($"the trusted-UI TA's FINISH failed: {status}");
        }

        return (PinEntryOutcome)operation.Parameters[0].ValueA;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _session.Dispose();
        _ringShm.Dispose();
        _framebufferShm.Dispose();
        _ring.Dispose();
        Framebuffer.Dispose();
        _context.Dispose();
    }
}
