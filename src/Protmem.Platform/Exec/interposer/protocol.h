/*
 * The wire protocol between the interposer (in the program) and the model's exec server.
 * Every message is one struct pm_msg, then `len` bytes of payload; fds travel as SCM_RIGHTS
 * on the message they belong to. The C# side is src/Protmem.Platform/Exec/ExecProtocol.cs.
 */
#ifndef PROTMEM_PROTOCOL_H
#define PROTMEM_PROTOCOL_H

#include <stdint.h>

struct pm_msg {
	uint32_t op;
	uint32_t len;
	int64_t arg[6];
};

/* program -> model: requests; each gets callbacks, then one PM_REPLY */
enum {
	PM_HELLO = 1,       /* arg0 pid, arg1 PM_HELLO_* , arg2 fork token; the doorbell's memfd attached */
	PM_OPEN = 2,        /* arg0 flags; payload path */
	PM_CLOSE = 3,       /* arg0 fd */
	PM_DUP3 = 4,        /* arg0 oldfd, arg1 newfd, arg2 flags */
	PM_IOCTL = 5,       /* arg0 fd, arg1 request, arg2 arg, arg3 windows in the payload (struct pm_window) */
	PM_MMAP = 6,        /* arg0 addr, arg1 length, arg2 prot, arg3 flags, arg4 fd, arg5 offset */
	PM_MUNMAP = 7,      /* arg0 addr, arg1 length */
	PM_LSEEK = 8,       /* arg0 fd, arg1 offset, arg2 whence */
	PM_READ = 9,        /* arg0 fd, arg1 buf, arg2 count */
	PM_WRITE = 10,      /* arg0 fd, arg1 buf, arg2 count */
	PM_POLL = 11,       /* arg0 struct pollfd *, arg1 nfds, arg2 timeout, arg3 windows in the payload */
	PM_FORK = 12,       /* -> arg0 token for the child's PM_HELLO */
	PM_FORK_ABORT = 13, /* arg0 token (fork failed) */
	PM_IMPORT = 14,     /* arg0 fd, with the fd attached -> 1 when it is a model file */
	PM_MPROTECT = 15,   /* arg0 addr, arg1 length, arg2 prot, arg3 0: may it? 1: done here, follow */
	PM_MREMAP = 16,     /* arg0 old, arg1 old_len, arg2 new_len, arg3 flags, arg4 new_addr (lengths page-aligned),
	                     * arg5 0: may it? (-> the old range's prot) 1: move it (-> new_addr; runs as PM_MMAP) */
};

enum {
	PM_HELLO_NEW = 0,
	PM_HELLO_EXECED = 1,
	PM_HELLO_FORKED = 2,
	PM_HELLO_SPAWNED = 3, /* posix_spawn: the fork's token, then the new image; payload struct pm_fd[] */
};

/* PM_HELLO_SPAWNED: the sockets the spawned image holds (file actions may have moved or closed any). */
struct pm_fd {
	int32_t fd;
	uint32_t pad;
	uint64_t inode;
};

/* model -> program */
enum {
	PM_REPLY = 100,         /* arg0 result; payload per request */
	PM_CB_RESERVE = 101,    /* arg0 flags -> reply arg0 fd or -errno */
	PM_CB_INSTALL = 102,    /* arg0 fd, arg1 cloexec, placeholder attached -> reply 0 */
	PM_CB_UNRESERVE = 103,  /* arg0 fd -> reply 0 */
	PM_CB_FETCH = 104,      /* arg0 fd -> reply 0 with the fd attached, or -EBADF */
	PM_CB_REVOKE = 105,     /* arg0 addr, arg1 length: unmap, no reply */
	PM_CB_MAP = 106,        /* arg0 count; payload struct pm_run[count] for the mmap under way, no reply */
};

/* PM_REPLY to PM_MMAP and PM_CB_MAP: payload is an array of these (pages the model mapped); the
 * reply carries the last of them, callbacks any that came before. */
struct pm_run {
	uint64_t offset;      /* in the mapping */
	uint64_t bank_offset; /* in the bank's memfd */
	uint64_t length;
	uint32_t bank;
	uint32_t pad;
};

/*
 * Program memory sent with a request, so copy_from_user and copy_to_user inside it need no
 * process_vm_readv/writev: each window is this header then `length` bytes (padded to 8) of what the
 * program's memory held. The interposer checked the bytes readable (PM_WINDOW_WRITABLE: and writable).
 * The PM_REPLY to a request with windows carries, after its own payload (none for ioctl and poll),
 * the bytes the model wrote there: the same header (flags 0), then the bytes, in the order written.
 */
struct pm_window {
	uint64_t addr;
	uint32_t length;
	uint32_t flags;
};

#define PM_WINDOW_WRITABLE 1u
#define PM_MAX_WINDOWS 4

/*
 * The doorbell of a connection: a page of shared memory (a memfd the program attaches to its PM_HELLO)
 * where each side counts the messages it sent on the connection, bumping its count after each sendmsg,
 * and says on which CPU it runs since it last received one. A side that expects a message spins up to
 * PM_BELL_SPINS pause instructions for the other's count to move before it sleeps in recvmsg (a sleep and
 * wake-up costs more than a whole round trip on a virtualised host), unless the other runs on its own CPU:
 * then spinning would only keep it from running. The socket carries every message but those of the fast
 * path below; the counts are only a hint, so a side that misses one (or has no doorbell) just sleeps as before.
 */
struct pm_bell {
	uint32_t to_model;    /* messages the program sent */
	uint32_t program_cpu; /* where the program runs since its last message from the model */
	uint32_t pad0[14];    /* each side's words on their own cache line */
	uint32_t to_program;  /* messages the model sent */
	uint32_t model_cpu;   /* where the model runs since its last message from the program */
	uint32_t pad1[14];
};

#define PM_BELL_SIZE 4096
#define PM_BELL_SPINS 1600 /* about 50 us of pause instructions */

/*
 * The fast path, in the same page: a small request (ioctl, poll, lseek, read, write with no fd attached and
 * at most PM_FAST_PAYLOAD bytes of windows) and its reply travel in two slots of the doorbell, no syscall,
 * while the model spins for the program's next message. pm_fast.state says who owns the slots:
 *   IDLE      the model is not listening: requests go on the socket.
 *   LISTENING the model spins on the doorbell (it moves IDLE -> LISTENING, and back when its spin ends).
 *   REQUEST   the program wrote the request slot, then moved LISTENING -> REQUEST (release): the model serves it.
 *   REPLY     the model wrote the reply slot, then moved REQUEST -> REPLY (release), and listens again: the
 *             program reads the reply and moves REPLY -> LISTENING, so its next request finds the model listening.
 *   REPLY_IDLE as REPLY, but the model's spin ended before the program read the reply (REPLY -> REPLY_IDLE): the
 *             program reads it and stores IDLE.
 *   SOCKET    the program's spin for the reply ran out and it sleeps in recvmsg (REQUEST -> SOCKET): the model
 *             (which serves a request it finds in either state) stores IDLE and sends the reply as PM_REPLY.
 * A request during which the model sent anything on the socket (callbacks), or whose reply does not fit the slot,
 * is answered on the socket too (the model stores IDLE first); the program, seeing the doorbell's to_program
 * move while it waits, serves the socket as for any request. Either way the reply comes exactly once.
 */
enum {
	PM_FAST_IDLE = 0,
	PM_FAST_LISTENING = 1,
	PM_FAST_REQUEST = 2,
	PM_FAST_REPLY = 3,
	PM_FAST_SOCKET = 4,
	PM_FAST_REPLY_IDLE = 5,
};

#define PM_FAST_PAYLOAD 1792

struct pm_fast_slot {
	struct pm_msg msg; /* as on the socket: op, len (payload bytes that follow), args */
	char payload[PM_FAST_PAYLOAD];
};

/* The doorbell page's layout: struct pm_bell at 0, then this at PM_FAST_OFFSET. */
struct pm_fast {
	uint32_t state;
	uint32_t pad[31];
	struct pm_fast_slot request;
	struct pm_fast_slot reply;
};

#define PM_FAST_OFFSET 128

/* PM_REPLY to PM_HELLO: payload = u32 nbanks, u32 nfds, u64 base[nbanks], u64 size[nbanks],
 * i32 fds[nfds] (model fds of an exec'd image), then NUL-terminated device paths;
 * the banks' memfds are attached. */

#define PM_MAX_BANKS 8

#endif
