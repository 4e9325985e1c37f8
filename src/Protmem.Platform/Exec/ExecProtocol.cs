namespace Protmem.Platform.Exec;

/// <summary>
/// The wire protocol between the interposer and the exec server (the C side is interposer/protocol.h):
/// one packet per message, a 56-byte header (op, payload length, six 64-bit arguments) and a payload;
/// fds travel as SCM_RIGHTS with the message they belong to.
/// </summary>
internal static class ExecProtocol
{
    public const int HeaderSize = 56;
    public const int MaxPacket = 65536;
    public const int MaxBanks = 8;
    public const int RunSize = 32;

    /// <summary>The doorbell page (struct pm_bell): the program's count of messages sent and its CPU at 0, the model's at 64.</summary>
    public const int BellSize = 4096;
    public const int BellToModel = 0;
    public const int BellProgramCpu = 4;
    public const int BellToProgram = 64;
    public const int BellModelCpu = 68;

    /// <summary>How many pause instructions a side spins on the doorbell before it sleeps in recvmsg (about 50 µs).</summary>
    public const int BellSpins = 1600;

    /// <summary>
    /// The fast path in the doorbell page (struct pm_fast at 128): its state word, a request slot and a reply
    /// slot, each a message header then up to <see cref="FastPayload"/> bytes of payload.
    /// </summary>
    public const int FastState = 128;
    public const int FastRequest = 256;
    public const int FastReply = 2104;
    public const int FastPayload = 1792;

    // pm_fast.state: who owns the slots (interposer/protocol.h).
    public const int FastIdle = 0;
    public const int FastListening = 1;
    public const int FastRequested = 2;
    public const int FastReplied = 3;
    public const int FastSocket = 4;
    public const int FastRepliedIdle = 5;

    // Requests, program -> model.
    public const uint Hello = 1;
    public const uint Open = 2;
    public const uint Close = 3;
    public const uint Dup3 = 4;
    public const uint Ioctl = 5;
    public const uint Mmap = 6;
    public const uint Munmap = 7;
    public const uint Lseek = 8;
    public const uint Read = 9;
    public const uint Write = 10;
    public const uint Poll = 11;
    public const uint Fork = 12;
    public const uint ForkAbort = 13;
    public const uint Import = 14;
    public const uint Mprotect = 15;
    public const uint Mremap = 16;

    // mremap(2) flags (include/uapi/linux/mman.h).
    public const int MremapMaymove = 1;
    public const int MremapFixed = 2;
    public const int MremapDontunmap = 4;

    // PM_HELLO kinds.
    public const long HelloNew = 0;
    public const long HelloExeced = 1;
    public const long HelloForked = 2;
    public const long HelloSpawned = 3;
    public const int HeldFdSize = 16;

    // Model -> program.
    public const uint Reply = 100;
    public const uint CallbackReserve = 101;
    public const uint CallbackInstall = 102;
    public const uint CallbackUnreserve = 103;
    public const uint CallbackFetch = 104;
    public const uint CallbackRevoke = 105;
    public const uint CallbackMap = 106;

    /// <summary>The name of a request, for messages.</summary>
    public static string NameOf(uint op) => op switch
    {
        Hello => "hello",
        Open => "open",
        Close => "close",
        Dup3 => "dup3",
        Ioctl => "ioctl",
        Mmap => "mmap",
        Munmap => "munmap",
        Lseek => "lseek",
        Read => "read",
        Write => "write",
        Poll => "poll",
        Fork => "fork",
        ForkAbort => "fork (aborted)",
        Import => "fd import",
        Mprotect => "mprotect",
        Mremap => "mremap",
        _ => $"request {op}",
    };
}
