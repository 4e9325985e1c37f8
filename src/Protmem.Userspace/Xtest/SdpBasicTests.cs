using Protmem.Uapi;
using Protmem.Uapi.Tee;
using Protmem.Userspace.DmaHeaps;
using Protmem.Userspace.HeapSelection;
using Protmem.Userspace.TeeClient;

namespace Protmem.Userspace.Xtest;

/// <summary>
/// The two test functions of xtest's sdp_basic.c over <see cref="ISyscalls"/>. A sub-test's life:
/// <list type="number">
/// <item>allocate the SDP buffer from the heap (open O_RDWR|O_SYNC, DMA_HEAP_IOCTL_ALLOC, close the heap): the
/// heap named, or without a name the one <see cref="HeapSolver"/> picks for <see cref="HeapRequest.SecureDataPath"/>
/// (asked once per program);</item>
/// <item>initialize a TEE context and open a session with the target;</item>
/// <item>register the dma-buf fd as shared memory, then close the fd (the registration keeps the buffer);</item>
/// <item>per loop: INJECT random bytes, TRANSFORM, DUMP, check every byte is (~in + 1) &amp; 0xff;</item>
/// <item>release the shared memory, close the session, finalize the context.</item>
/// </list>
/// Both return what the C functions return: 0 for success, non-zero for failure.
/// </summary>
internal sealed class SdpBasicTests(ISyscalls sys, TextWriter output, RandomRing random)
{
    private const ulong MaxRandomOffset = 255;

    /// <summary>Why the last <see cref="BasicTest"/> or <see cref="OutOfBounds"/> stopped before its step under test, or null.</summary>
    public SdpSetupFailure? LastSetupFailure { get; private set; }

    private HeapChoice? _choice;

    /// <summary>sdp_basic_test(): 0 when every loop's data came back transformed; <paramref name="loopDone"/> is told the loops done so far.</summary>
    public int BasicTest(SdpTarget target, ulong size, ulong loops, string? heap, bool randomOffset, int verbosity, Action<ulong>? loopDone = null)
    {
        LastSetupFailure = null;
        if (loops == 0)
        {
            output.WriteLine("Error: null loop value");
            return 1;
        }

        var sdpSize = size;
        if (randomOffset)
        {
            if (size <= MaxRandomOffset)
            {
                output.WriteLine($"Error: size {size} leaves no data after the {MaxRandomOffset}-byte random offset");
                return 1;
            }

            size -= MaxRandomOffset;
        }

        if (size > int.MaxValue)
        {
            Verbose(verbosity, "failed to allocate memory");
            return 1;
        }

        var refBuf = new byte[size];
        var testBuf = new byte[size];
        using var library = new DmaHeapLibrary(sys);
        var buffer = AllocateBuffer(library, sdpSize, heap, verbosity);
        if (buffer is null)
        {
            Verbose(verbosity, $"Failed to allocate SDP buffer ({sdpSize} bytes) in {HeapLabel(heap)}: -1");
            return 1;
        }

        using var session = CreateSession(target, out var context);
        using (context)
        {
            if (session is null)
            {
                buffer.Dispose();
                return 1;
            }

            using var shm = Register(context!, buffer);
            buffer.Dispose();
            if (shm is null)
            {
                return 1;
            }

            var commands = SdpTrustedApps.Commands(target);
            for (var loop = loops; loop > 0; loop--)
            {
                random.Read(refBuf);
                refBuf.CopyTo(testBuf, 0);
                var offset = randomOffset ? refBuf[0] : 0ul;
                var len = (ulong)testBuf.Length;

                if (!Invoke(session, commands.Inject, "inject", new TeecOperation(
                        TeecParameter.Temp(Teec.TEEC_MEMREF_TEMP_INPUT, testBuf),
                        TeecParameter.Partial(Teec.TEEC_MEMREF_PARTIAL_OUTPUT, shm, offset, len)))
                    || !Invoke(session, commands.Transform, "transform", new TeecOperation(
                        TeecParameter.Partial(Teec.TEEC_MEMREF_PARTIAL_INOUT, shm, offset, len)))
                    || !Invoke(session, commands.Dump, "dump", new TeecOperation(
                        TeecParameter.Partial(Teec.TEEC_MEMREF_PARTIAL_INPUT, shm, offset, len),
                        TeecParameter.Temp(Teec.TEEC_MEMREF_TEMP_OUTPUT, testBuf))))
                {
                    return 1;
                }

                var errors = CountErrors(refBuf, testBuf);
                if (errors != 0)
                {
                    output.WriteLine($"check SDP data: {errors} errors");
                    return 1;
                }

                loopDone?.Invoke(loops - loop + 1);
            }
        }

        return 0;
    }

    /// <summary>sdp_out_of_bounds_memref_test(): the number of cases that did not answer as required.</summary>
    public int OutOfBounds(ulong size, string? heap, int verbosity, List<SdpMemrefCaseResult> results)
    {
        LastSetupFailure = null;
        using var session = CreateSession(SdpTarget.NsToTa, out var context);
        using (context)
        {
            if (session is null)
            {
                return -1;
            }

            using var library = new DmaHeapLibrary(sys);
            using var buffer = AllocateBuffer(library, size, heap, verbosity);
            if (buffer is null)
            {
                Verbose(verbosity, $"SDP alloc failed ({size} bytes) in {HeapLabel(heap)}: -1");
                return 1;
            }

            using var sdp = Register(context!, buffer);
            if (sdp is null)
            {
                return 1;
            }

            var shmSize = sdp.Size;
            var status = context!.AllocateSharedMemory(shmSize, Teec.TEEC_MEM_INPUT, out var input);
            if (!status.IsSuccess)
            {
                output.WriteLine($"failed to allocate memory: {status}");
                return 1;
            }

            using (input)
            {
                var failures = 0;
                foreach (var memrefCase in SdpMemrefCase.For(shmSize, includeValid: verbosity > 0))
                {
                    var answer = session.InvokeCommand(SdpTrustedApps.TA_SDP_BASIC_CMD_INJECT, new TeecOperation(
                        TeecParameter.Partial(Teec.TEEC_MEMREF_PARTIAL_INPUT, input!, 0, memrefCase.Length),
                        TeecParameter.Partial(Teec.TEEC_MEMREF_PARTIAL_OUTPUT, sdp, memrefCase.Offset, memrefCase.Length)));
                    var result = new SdpMemrefCaseResult(memrefCase, answer);
                    results.Add(result);
                    var line = $"Shm size 0x{shmSize:x}, offset 0x{memrefCase.Offset:x}/size 0x{memrefCase.Length:x}: "
                        + $"{TeecResult.Name(answer.Result)}/0x{answer.Result:x} from {TeecOrigin.Name(answer.Origin)}";
                    if (result.Passed)
                    {
                        Verbose(verbosity, "Out of bounds memref test successful:");
                        Verbose(verbosity, line);
                    }
                    else
                    {
                        output.WriteLine("Out of bounds memref test FAILURE:");
                        output.WriteLine(line);
                        failures++;
                    }
                }

                return failures;
            }
        }
    }

    /// <summary>Counts the bytes that are not the transform of the reference.</summary>
    internal static int CountErrors(ReadOnlySpan<byte> reference, ReadOnlySpan<byte> dumped)
    {
        // A vector at a time: the transform is 0 - b; only a vector that differs is counted byte by byte.
        var errors = 0;
        var width = System.Numerics.Vector<byte>.Count;
        var whole = reference.Length - (reference.Length % width);
        for (var i = 0; i < whole; i += width)
        {
            var expected = System.Numerics.Vector<byte>.Zero - new System.Numerics.Vector<byte>(reference.Slice(i, width));
            if (expected != new System.Numerics.Vector<byte>(dumped.Slice(i, width)))
            {
                for (var j = i; j < i + width; j++)
                {
                    errors += dumped[j] != SdpTrustedApps.Transformed(reference[j]) ? 1 : 0;
                }
            }
        }

        for (var i = whole; i < reference.Length; i++)
        {
            if (dumped[i] != SdpTrustedApps.Transformed(reference[i]))
            {
                errors++;
            }
        }

        return errors;
    }

    /// <summary>allocate_dma_buffer(): the dma-buf, or null after printing why.</summary>
    private DmaBuffer? AllocateBuffer(DmaHeapLibrary library, ulong size, string? heap, int verbosity)
    {
        if (heap is null)
        {
            _choice ??= HeapSolver.Solve(sys, HeapRequest.SecureDataPath);
            if (_choice.Heap is not { } chosen)
            {
                LastSetupFailure = new SdpSetupFailure(_choice.Explanation, Missing: true);
                output.WriteLine($"Error: {_choice.Explanation}");
                return null;
            }

            try
            {
                return library.Allocate(chosen, size, Fcntl.O_RDWR | Fcntl.O_SYNC);
            }
            catch (ErrnoException e)
            {
                LastSetupFailure = new SdpSetupFailure($"the SDP buffer allocation from {chosen.Name} failed ({Errno.Describe(e.Errno)})", Missing: false);
                output.WriteLine($"Error: {chosen.Allocation} on {chosen.Node} failed ({Errno.Describe(e.Errno)})");
                return null;
            }
        }

        DmaHeap heapFd;
        try
        {
            heapFd = library.OpenHeap(heap, Fcntl.O_RDWR | Fcntl.O_SYNC);
        }
        catch (ErrnoException e)
        {
            LastSetupFailure = new SdpSetupFailure($"cannot open {DmaHeapLibrary.HeapPath(heap)} ({Errno.Describe(e.Errno)})", Missing: true);
            output.WriteLine($"Error: failed to open {DmaHeapLibrary.HeapPath(heap)}");
            Verbose(verbosity, "Seems no DMA buf heap is available.");
            return null;
        }

        using (heapFd)
        {
            try
            {
                return heapFd.Allocate(size);
            }
            catch (ErrnoException e)
            {
                LastSetupFailure = new SdpSetupFailure($"the SDP buffer allocation from {heap} failed ({Errno.Describe(e.Errno)})", Missing: false);
                output.WriteLine($"Error: DMA buf allocate API failed ({Errno.Describe(e.Errno)})");
                return null;
            }
        }
    }

    private string HeapLabel(string? heap) => heap ?? _choice?.Heap?.Name ?? "the solver's heap";

    /// <summary>create_tee_ctx(): a context and a public-login session with the target, or null after printing why.</summary>
    private TeecSession? CreateSession(SdpTarget target, out TeecContext? context)
    {
        var status = TeecContext.InitializeContext(sys, out context);
        if (!status.IsSuccess)
        {
            LastSetupFailure = new SdpSetupFailure($"TEEC_InitializeContext failed ({status})", Missing: true);
            output.WriteLine($"Error: TEEC_InitializeContext failed {status}");
            return null;
        }

        status = context!.OpenSession(SdpTrustedApps.SessionTarget(target), out var session);
        if (!status.IsSuccess)
        {
            var what = target == SdpTarget.NsToPta ? "pTA" : "TA";
            LastSetupFailure = new SdpSetupFailure($"opening a session to the target {what} failed ({status})", Missing: false);
            output.WriteLine($"Error: open session to target test {what} failed {status.Result:x} {status.Origin}");
        }

        return session;
    }

    /// <summary>tee_register_buffer(): the registered shm (flags INPUT|OUTPUT), or null after printing why.</summary>
    private TeecSharedMemory? Register(TeecContext context, DmaBuffer buffer)
    {
        var status = context.RegisterSharedMemoryFileDescriptor(buffer.Fd, Teec.TEEC_MEM_INPUT | Teec.TEEC_MEM_OUTPUT, out var shm);
        if (!status.IsSuccess)
        {
            LastSetupFailure = new SdpSetupFailure($"TEEC_RegisterMemoryFileDescriptor failed ({status})", Missing: false);
            output.WriteLine($"Error: TEEC_RegisterMemoryFileDescriptor() failed {status.Result:x}");
        }

        return shm;
    }

    private bool Invoke(TeecSession session, uint command, string what, TeecOperation operation)
    {
        var status = session.InvokeCommand(command, operation);
        if (!status.IsSuccess)
        {
            output.WriteLine($"Error: invoke SDP test TA ({what}) failed {status.Result:x} {status.Origin}");
        }

        return status.IsSuccess;
    }

    private void Verbose(int verbosity, string line)
    {
        if (verbosity > 0)
        {
            output.WriteLine(line);
        }
    }
}
