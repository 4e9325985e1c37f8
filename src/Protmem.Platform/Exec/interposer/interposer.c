/*
 * libprotmem-exec.so: runs an unmodified Linux program on the Protmem model (`protmem exec`).
 *
 * Loaded with LD_PRELOAD, it routes the device nodes the model owns (under /dev/dma_heap, /dev/dri and
 * /dev/accel; /dev/tee and /dev/video nodes) to the model over a Unix socket; everything else goes to the
 * real host untouched. A model fd is a real fd in the program: a stand-in (one end of a socketpair whose
 * other end the model keeps), so select/poll/close/fork/SCM_RIGHTS behave and the model learns when the
 * last copy anywhere is closed. mmap of a model file maps the model's DRAM pages from the memfd the
 * model backs DRAM with. ioctl arguments stay in this process: the model reads and writes them here
 * (process_vm_readv/writev), as copy_from_user and copy_to_user would. So that a plain ioctl is one
 * round trip, the bytes its _IOC_SIZE names (and the buffers of the nested pointers the interposer
 * knows) travel with the request, and what the model wrote there comes back with the reply; anything
 * else, and any pointer the interposer could not read, still goes through process_vm_readv/writev.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <linux/tee.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <unistd.h>

#include "protocol.h"

#define MAX_FDS 65536
#define MAX_PACKET 65536
#define MAX_MAPS 4096
#define MAX_NODES 256

struct pm_map {
	uintptr_t addr;
	size_t len;
};

struct pm_dir {
	uint32_t magic;
	int index;
	int count;
	char names[MAX_NODES][64];
	struct dirent entry;
	struct dirent64 entry64;
};

#define PM_DIR_MAGIC 0x70726d64u

static pthread_mutex_t pm_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t pm_once = PTHREAD_ONCE_INIT;
static int pm_conn = -1;
static int pm_dead;
static int pm_nbanks;
static uint64_t pm_bank_base[PM_MAX_BANKS];
static uint64_t pm_bank_size[PM_MAX_BANKS];
static int pm_bank_fd[PM_MAX_BANKS];
static unsigned char pm_model_fd[MAX_FDS / 8];
static struct pm_map pm_maps[MAX_MAPS];
static int pm_nmaps;
static char pm_nodes[MAX_NODES][64];
static int pm_nnodes;
static uintptr_t pm_mapping_base; /* the mmap under way (PM_CB_MAP) */
static int pm_mapping_prot;
static ino_t pm_not_model[64];
static int pm_not_model_next;
static unsigned pm_reported;
static pid_t pm_pid;        /* this process, for process_vm_readv/writev on itself */
static size_t pm_reply_len; /* payload bytes of the last PM_REPLY (under pm_lock) */

/* The windows of program memory sent with the request under way (under pm_lock). */
struct pm_windows {
	char buf[MAX_PACKET - sizeof(struct pm_msg)];
	size_t used;
	int count;
	struct pm_window sent[PM_MAX_WINDOWS];
};

static struct pm_windows pm_req;
static char pm_reply[MAX_PACKET] __attribute__((aligned(8)));

static int (*real_close)(int);
static void *(*real_mmap)(void *, size_t, int, int, int, off_t);
static int (*real_munmap)(void *, size_t);
static ssize_t (*real_read)(int, void *, size_t);
static ssize_t (*real_write)(int, const void *, size_t);
static int (*real_poll)(struct pollfd *, nfds_t, int);
static pid_t (*real_fork)(void);
static int (*real_execve)(const char *, char *const[], char *const[]);
static int (*real_execvpe)(const char *, char *const[], char *const[]);
static int (*real_posix_spawn)(pid_t *, const char *, const posix_spawn_file_actions_t *, const posix_spawnattr_t *, char *const[], char *const[]);
static int (*real_posix_spawnp)(pid_t *, const char *, const posix_spawn_file_actions_t *, const posix_spawnattr_t *, char *const[], char *const[]);
static DIR *(*real_opendir)(const char *);
static struct dirent *(*real_readdir)(DIR *);
static struct dirent64 *(*real_readdir64)(DIR *);
static int (*real_closedir)(DIR *);

static void *next(const char *name)
{
	return dlsym(RTLD_NEXT, name);
}

static void report_once(unsigned bit, const char *what)
{
	if (!(__atomic_fetch_or(&pm_reported, 1u << bit, __ATOMIC_RELAXED) & (1u << bit)))
		dprintf(2, "protmem: %s\n", what);
}

static int is_marked(int fd)
{
	return fd >= 0 && fd < MAX_FDS && (pm_model_fd[fd / 8] & (1 << (fd % 8)));
}

static void mark(int fd, int on)
{
	if (fd < 0 || fd >= MAX_FDS)
		return;
	if (on)
		pm_model_fd[fd / 8] |= 1 << (fd % 8);
	else
		pm_model_fd[fd / 8] &= ~(1 << (fd % 8));
}

/* A high fd for the interposer's own use, out of the way of the program's numbering. */
static int stash_fd(int fd)
{
	struct rlimit rl;
	int floor = 900;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur > 64 && rl.rlim_cur < 1000000)
		floor = (int)rl.rlim_cur - 64;
	int high = (int)syscall(SYS_fcntl, fd, F_DUPFD_CLOEXEC, floor);
	if (high < 0)
		return fd;
	syscall(SYS_close, fd);
	return high;
}

static int send_msg(struct pm_msg *m, const void *payload, int fd)
{
	struct iovec iov[2] = { { m, sizeof *m }, { (void *)payload, m->len } };
	char control[CMSG_SPACE(sizeof(int))];
	struct msghdr h = { .msg_iov = iov, .msg_iovlen = m->len ? 2 : 1 };
	if (fd >= 0) {
		memset(control, 0, sizeof control);
		h.msg_control = control;
		h.msg_controllen = sizeof control;
		struct cmsghdr *c = CMSG_FIRSTHDR(&h);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof fd);
	}
	ssize_t n;
	do
		n = sendmsg(pm_conn, &h, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n == (ssize_t)(sizeof *m + m->len) ? 0 : -1;
}

/* One packet: header, payload into buf (up to cap), received fds into fds[]. Returns payload bytes or -1. */
static ssize_t recv_msg(struct pm_msg *m, void *buf, size_t cap, int *fds, int maxfds, int *nfds)
{
	const int spins = 0;
	static char packet[MAX_PACKET];
	char control[CMSG_SPACE(sizeof(int) * PM_MAX_BANKS)];
	struct iovec iov = { packet, sizeof packet };
	struct msghdr h = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control };
	ssize_t n;
	/* The model usually answers within microseconds: spin briefly before sleeping in recvmsg. */
	int spin = 0;
	do {
		h.msg_controllen = sizeof control;
		n = recvmsg(pm_conn, &h, MSG_CMSG_CLOEXEC | (spin < spins ? MSG_DONTWAIT : 0));
	} while (n < 0 && (errno == EINTR || ((errno == EAGAIN || errno == EWOULDBLOCK) && spin++ <= spins)));
	*nfds = 0;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&h); c; c = CMSG_NXTHDR(&h, c)) {
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
			int count = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
			for (int i = 0; i < count; i++) {
				int fd;
				memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof fd);
				if (*nfds < maxfds)
					fds[(*nfds)++] = fd;
				else
					syscall(SYS_close, fd);
			}
		}
	}
	if (n < (ssize_t)sizeof *m)
		return -1;
	memcpy(m, packet, sizeof *m);
	size_t len = (size_t)n - sizeof *m;
	if (len != m->len)
		return -1;
	if (buf)
		memcpy(buf, packet + sizeof *m, len < cap ? len : cap);
	return (ssize_t)len;
}

static void forget_maps(uintptr_t addr, size_t len)
{
	uintptr_t end = addr + len;
	for (int i = 0; i < pm_nmaps; i++) {
		struct pm_map *p = &pm_maps[i];
		uintptr_t pend = p->addr + p->len;
		if (pend <= addr || p->addr >= end)
			continue;
		if (p->addr < addr && pend > end && pm_nmaps < MAX_MAPS) {
			pm_maps[pm_nmaps++] = (struct pm_map){ end, pend - end };
			p->len = addr - p->addr;
		} else if (p->addr < addr) {
			p->len = addr - p->addr;
		} else if (pend > end) {
			p->len = pend - end;
			p->addr = end;
		} else {
			pm_maps[i--] = pm_maps[--pm_nmaps];
		}
	}
}

static int overlaps_model_map(uintptr_t addr, size_t len)
{
	for (int i = 0; i < pm_nmaps; i++)
		if (pm_maps[i].addr < addr + len && addr < pm_maps[i].addr + pm_maps[i].len)
			return 1;
	return 0;
}

static void apply_runs(const struct pm_run *runs, int count)
{
	for (int i = 0; i < count; i++) {
		if (runs[i].bank >= (uint32_t)pm_nbanks)
			continue;
		void *at = (void *)(pm_mapping_base + runs[i].offset);
		/* MAP_POPULATE: every page table entry at once, as the heaps' remap_pfn_range does on Linux, so
		 * the program's first touch of each page is no fault into the memfd. */
		if (real_mmap(at, runs[i].length, pm_mapping_prot, MAP_SHARED | MAP_FIXED | MAP_POPULATE, pm_bank_fd[runs[i].bank], (off_t)runs[i].bank_offset) == MAP_FAILED)
			report_once(0, "mapping a model buffer's pages failed");
	}
}

static void connection_lost(void)
{
	if (!pm_dead)
		dprintf(2, "protmem: the connection to the model is gone; model calls fail with EIO\n");
	pm_dead = 1;
}

/* Sends a request and serves the model's callbacks until its reply. Caller holds pm_lock. */
static int64_t call_locked(uint32_t op, const int64_t *args, const void *payload, uint32_t len, int sendfd, void *reply, size_t cap)
{
	static char buf[MAX_PACKET];
	struct pm_msg m = { .op = op, .len = len };
	if (pm_conn < 0 || pm_dead)
		return -EIO;
	memcpy(m.arg, args, sizeof m.arg);
	if (send_msg(&m, payload, sendfd) < 0) {
		connection_lost();
		return -EIO;
	}
	for (;;) {
		int fds[PM_MAX_BANKS], nfds;
		struct pm_msg in;
		ssize_t n = recv_msg(&in, buf, sizeof buf, fds, PM_MAX_BANKS, &nfds);
		if (n < 0) {
			for (int i = 0; i < nfds; i++)
				syscall(SYS_close, fds[i]);
			connection_lost();
			return -EIO;
		}
		struct pm_msg out = { .op = PM_REPLY };
		int outfd = -1;
		switch (in.op) {
		case PM_REPLY:
			pm_reply_len = (size_t)n < cap ? (size_t)n : cap;
			if (reply)
				memcpy(reply, buf, pm_reply_len);
			for (int i = 0; i < nfds; i++) {
				if (i < PM_MAX_BANKS && op == PM_HELLO)
					pm_bank_fd[i] = stash_fd(fds[i]);
				else
					syscall(SYS_close, fds[i]);
			}
			return in.arg[0];
		case PM_CB_RESERVE: {
			int fd = (int)syscall(SYS_openat, AT_FDCWD, "/dev/null", O_RDONLY | (in.arg[0] & O_CLOEXEC));
			out.arg[0] = fd < 0 ? -errno : fd;
			break;
		}
		case PM_CB_INSTALL:
			if (nfds == 1) {
				int target = (int)in.arg[0];
				out.arg[0] = syscall(SYS_dup3, fds[0], target, in.arg[1] ? O_CLOEXEC : 0) < 0 ? -errno : 0;
				syscall(SYS_close, fds[0]);
				if (out.arg[0] == 0)
					mark(target, 1);
			} else {
				out.arg[0] = -EINVAL;
			}
			break;
		case PM_CB_UNRESERVE:
			syscall(SYS_close, (int)in.arg[0]);
			break;
		case PM_CB_FETCH:
			if (syscall(SYS_fcntl, (int)in.arg[0], F_GETFD) < 0)
				out.arg[0] = -EBADF;
			else
				outfd = (int)in.arg[0];
			break;
		case PM_CB_REVOKE:
			real_munmap((void *)in.arg[0], (size_t)in.arg[1]);
			forget_maps((uintptr_t)in.arg[0], (size_t)in.arg[1]);
			continue;
		case PM_CB_MAP:
			apply_runs((const struct pm_run *)buf, (int)((size_t)n / sizeof(struct pm_run)));
			continue;
		default:
			for (int i = 0; i < nfds; i++)
				syscall(SYS_close, fds[i]);
			connection_lost();
			return -EIO;
		}
		for (int i = 0; i < nfds; i++)
			if (in.op != PM_CB_INSTALL)
				syscall(SYS_close, fds[i]);
		if (send_msg(&out, NULL, outfd) < 0) {
			connection_lost();
			return -EIO;
		}
	}
}

static int64_t call(uint32_t op, const int64_t *args, const void *payload, uint32_t len, int sendfd, void *reply, size_t cap)
{
	pthread_mutex_lock(&pm_lock);
	int64_t r = call_locked(op, args, payload, len, sendfd, reply, cap);
	pthread_mutex_unlock(&pm_lock);
	return r;
}

static int64_t call6(uint32_t op, int64_t a0, int64_t a1, int64_t a2, int64_t a3, int64_t a4, int64_t a5)
{
	int64_t args[6] = { a0, a1, a2, a3, a4, a5 };
	return call(op, args, NULL, 0, -1, NULL, 0);
}

/*
 * Adds [addr, addr+len) to the request's windows: copied here when this process can read it (with the
 * writable flag when the model may write it and it is writable), so the model needs no process_vm call
 * for it. -1 (the model reads or writes the memory itself, and a bad pointer is its EFAULT, as on Linux)
 * when the bytes are not readable, do not fit, overlap a window already sent, or lie in a model mapping
 * (DRAM the model may change, or revoke, while it serves the request).
 */
static int add_window(struct pm_windows *w, uint64_t addr, size_t len, int model_writes)
{
	if (len == 0 || w->count >= PM_MAX_WINDOWS || addr + len < addr || overlaps_model_map((uintptr_t)addr, len))
		return -1;
	size_t need = sizeof(struct pm_window) + ((len + 7) & ~(size_t)7);
	if (w->used + need > sizeof w->buf)
		return -1;
	for (int i = 0; i < w->count; i++)
		if (w->sent[i].addr < addr + len && addr < w->sent[i].addr + w->sent[i].length)
			return -1;
	struct pm_window h = { .addr = addr, .length = (uint32_t)len };
	char *bytes = w->buf + w->used + sizeof h;
	struct iovec mem = { (void *)(uintptr_t)addr, len };
	struct iovec local = { bytes, len };
	/* Copying the memory onto itself proves it readable and writable in one call, without a fault. */
	if (model_writes && syscall(SYS_process_vm_writev, pm_pid, &mem, 1, &mem, 1, 0) == (ssize_t)len) {
		memcpy(bytes, mem.iov_base, len);
		h.flags = PM_WINDOW_WRITABLE;
	} else if (syscall(SYS_process_vm_readv, pm_pid, &local, 1, &mem, 1, 0) != (ssize_t)len) {
		return -1;
	}
	memcpy(w->buf + w->used, &h, sizeof h);
	w->sent[w->count++] = h;
	w->used += need;
	return 0;
}

/* DRM_IOCTL_VERSION's argument, as uapi drm/drm.h declares struct drm_version. */
struct pm_drm_version {
	int version_major;
	int version_minor;
	int version_patchlevel;
	size_t name_len;
	char *name;
	size_t date_len;
	char *date;
	size_t desc_len;
	char *desc;
};

#define PM_DRM_IOCTL_VERSION _IOWR('d', 0x00, struct pm_drm_version)

/* The buffers nested in an argument whose layout the interposer knows (the argument is window 0). */
static void add_nested_windows(struct pm_windows *w, unsigned long request)
{
	const char *arg = w->buf + sizeof(struct pm_window);
	if (request == TEE_IOC_OPEN_SESSION || request == TEE_IOC_INVOKE || request == TEE_IOC_SUPPL_RECV || request == TEE_IOC_SUPPL_SEND) {
		struct tee_ioctl_buf_data data;
		memcpy(&data, arg, sizeof data);
		add_window(w, data.buf_ptr, (size_t)data.buf_len, 1);
	} else if (request == PM_DRM_IOCTL_VERSION) {
		struct pm_drm_version v;
		memcpy(&v, arg, sizeof v);
		add_window(w, (uint64_t)(uintptr_t)v.name, v.name_len, 1);
		add_window(w, (uint64_t)(uintptr_t)v.date, v.date_len, 1);
		add_window(w, (uint64_t)(uintptr_t)v.desc, v.desc_len, 1);
	}
}

/* The bytes the model wrote into the request's windows (the reply's payload): stored where they belong. */
static void store_written(const struct pm_windows *w, const char *buf, size_t n)
{
	size_t at = 0;
	while (at + sizeof(struct pm_window) <= n) {
		struct pm_window h;
		memcpy(&h, buf + at, sizeof h);
		at += sizeof h;
		size_t padded = ((size_t)h.length + 7) & ~(size_t)7;
		if (padded > n - at)
			break;
		for (int i = 0; i < w->count; i++) {
			const struct pm_window *s = &w->sent[i];
			if ((s->flags & PM_WINDOW_WRITABLE) && h.addr >= s->addr && h.addr + h.length <= s->addr + s->length) {
				memcpy((void *)(uintptr_t)h.addr, buf + at, h.length);
				break;
			}
		}
		at += padded;
	}
}

/* A request with windows of program memory: one round trip unless the model needs memory outside them. */
static int64_t call_windows(uint32_t op, int64_t *args, struct pm_windows *w)
{
	args[3] = w->count;
	pm_reply_len = 0;
	int64_t r = call_locked(op, args, w->buf, (uint32_t)w->used, -1, pm_reply, sizeof pm_reply);
	store_written(w, pm_reply, pm_reply_len);
	return r;
}

static void parse_hello(const char *buf, size_t n)
{
	uint32_t nbanks, nfds;
	if (n < 8)
		return;
	memcpy(&nbanks, buf, 4);
	memcpy(&nfds, buf + 4, 4);
	if (nbanks > PM_MAX_BANKS)
		nbanks = PM_MAX_BANKS;
	size_t at = 8;
	pm_nbanks = (int)nbanks;
	for (uint32_t i = 0; i < nbanks && at + 16 <= n; i++, at += 16) {
		memcpy(&pm_bank_base[i], buf + at, 8);
		memcpy(&pm_bank_size[i], buf + at + 8, 8);
	}
	for (uint32_t i = 0; i < nfds && at + 4 <= n; i++, at += 4) {
		int32_t fd;
		memcpy(&fd, buf + at, 4);
		mark(fd, 1);
	}
	pm_nnodes = 0;
	while (at < n && pm_nnodes < MAX_NODES) {
		size_t l = strnlen(buf + at, n - at);
		if (l && l < sizeof pm_nodes[0])
			memcpy(pm_nodes[pm_nnodes++], buf + at, l + 1);
		at += l + 1;
	}
}

static void hello(int kind, int64_t token, const void *payload, uint32_t len)
{
	static char buf[MAX_PACKET];
	int64_t args[6] = { getpid(), kind, token };
	memset(buf, 0, sizeof buf);
	int64_t r = call_locked(PM_HELLO, args, payload, len, -1, buf, sizeof buf);
	if (r < 0) {
		connection_lost();
		return;
	}
	parse_hello(buf, (size_t)r);
}

/* A posix_spawn child: its fork's model process, exec'd, with the sockets this image holds listed so the
 * model follows what the spawn's file actions did (dup2, close) to model fds. */
static void hello_spawned(int64_t token)
{
	static struct pm_fd held[MAX_PACKET / sizeof(struct pm_fd) - 8];
	uint32_t n = 0;
	DIR *dir = real_opendir("/proc/self/fd");
	for (struct dirent *e; dir && (e = real_readdir(dir)) && n < sizeof held / sizeof held[0];) {
		struct stat st;
		int fd = atoi(e->d_name);
		if (e->d_name[0] < '0' || e->d_name[0] > '9' || fd == pm_conn || fd == dirfd(dir))
			continue;
		if (syscall(SYS_fstat, fd, &st) == 0 && S_ISSOCK(st.st_mode))
			held[n++] = (struct pm_fd){ .fd = fd, .inode = st.st_ino };
	}
	if (dir)
		real_closedir(dir);
	hello(PM_HELLO_SPAWNED, token, held, n * (uint32_t)sizeof held[0]);
}

static int connect_server(void)
{
	const char *path = getenv("PROTMEM_SOCKET");
	if (!path)
		return -1;
	int fd = (int)syscall(SYS_socket, AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	strncpy(a.sun_path, path, sizeof a.sun_path - 1);
	if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) {
		syscall(SYS_close, fd);
		return -1;
	}
	return stash_fd(fd);
}

static void init(void)
{
	pm_pid = (pid_t)syscall(SYS_getpid);
	real_close = next("close");
	real_mmap = next("mmap");
	real_munmap = next("munmap");
	real_read = next("read");
	real_write = next("write");
	real_poll = next("poll");
	real_fork = next("fork");
	real_execve = next("execve");
	real_execvpe = next("execvpe");
	real_posix_spawn = next("posix_spawn");
	real_posix_spawnp = next("posix_spawnp");
	real_opendir = next("opendir");
	real_readdir = next("readdir");
	real_readdir64 = next("readdir64");
	real_closedir = next("closedir");
	if (!getenv("PROTMEM_SOCKET"))
		return;
	const char *server = getenv("PROTMEM_SERVER_PID");
	if (server)
		prctl(PR_SET_PTRACER, (unsigned long)atol(server), 0, 0, 0);
	const char *inherited = getenv("PROTMEM_CONN_FD");
	if (inherited) {
		pm_conn = atoi(inherited);
		syscall(SYS_fcntl, pm_conn, F_SETFD, FD_CLOEXEC);
		unsetenv("PROTMEM_CONN_FD");
		hello(PM_HELLO_EXECED, 0, NULL, 0);
		return;
	}
	const char *spawned = getenv("PROTMEM_SPAWN_TOKEN");
	int64_t token = spawned ? atoll(spawned) : 0;
	if (spawned)
		unsetenv("PROTMEM_SPAWN_TOKEN");
	pm_conn = connect_server();
	if (pm_conn < 0) {
		dprintf(2, "protmem: cannot reach the model at %s\n", getenv("PROTMEM_SOCKET"));
		pm_dead = 1;
		return;
	}
	if (spawned)
		hello_spawned(token);
	else
		hello(PM_HELLO_NEW, 0, NULL, 0);
}

static void ensure_init(void)
{
	pthread_once(&pm_once, init);
}

__attribute__((constructor)) static void pm_constructor(void)
{
	ensure_init();
}

static int prefix(const char *path, const char *p)
{
	return strncmp(path, p, strlen(p)) == 0;
}

/* The device paths the model owns. */
static int model_path(const char *path)
{
	if (!path || pm_conn < 0)
		return 0;
	return prefix(path, "/dev/dma_heap") || prefix(path, "/dev/tee") || prefix(path, "/dev/dri") || prefix(path, "/dev/accel") || prefix(path, "/dev/video");
}

static int model_node(const char *path)
{
	for (int i = 0; i < pm_nnodes; i++)
		if (strcmp(pm_nodes[i], path) == 0)
			return 1;
	return 0;
}

static int model_dir(const char *path, char *norm, size_t cap)
{
	size_t l = strlen(path);
	while (l > 1 && path[l - 1] == '/')
		l--;
	if (l + 2 > cap)
		return 0;
	memcpy(norm, path, l);
	norm[l] = '/';
	norm[l + 1] = 0;
	for (int i = 0; i < pm_nnodes; i++)
		if (prefix(pm_nodes[i], norm))
			return 1;
	return 0;
}

static int set_errno(int64_t r)
{
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return (int)r;
}

/* Whether fd is a model file here; an unknown socket is asked about (received over SCM_RIGHTS, inherited). */
static int model_fd(int fd)
{
	struct stat st;
	if (pm_conn < 0 || fd < 0)
		return 0;
	if (is_marked(fd))
		return 1;
	if (fd == pm_conn || syscall(SYS_fstat, fd, &st) < 0 || !S_ISSOCK(st.st_mode))
		return 0;
	for (int i = 0; i < 64; i++)
		if (pm_not_model[i] == st.st_ino && st.st_ino)
			return 0;
	int64_t args[6] = { fd };
	if (call(PM_IMPORT, args, NULL, 0, fd, NULL, 0) == 1) {
		mark(fd, 1);
		return 1;
	}
	pm_not_model[pm_not_model_next++ % 64] = st.st_ino;
	return 0;
}

static int open_model(const char *path, int flags)
{
	int64_t args[6] = { flags };
	return set_errno(call(PM_OPEN, args, path, (uint32_t)strlen(path) + 1, -1, NULL, 0));
}

static mode_t mode_arg(int flags, va_list ap)
{
	return (flags & (O_CREAT | O_TMPFILE)) ? va_arg(ap, mode_t) : 0;
}

int openat(int dirfd, const char *path, int flags, ...)
{
	ensure_init();
	va_list ap;
	va_start(ap, flags);
	mode_t mode = mode_arg(flags, ap);
	va_end(ap);
	if (model_path(path) && path[0] == '/')
		return open_model(path, flags);
	return (int)syscall(SYS_openat, dirfd, path, flags, mode);
}

int open(const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	mode_t mode = mode_arg(flags, ap);
	va_end(ap);
	return openat(AT_FDCWD, path, flags, mode);
}

int open64(const char *path, int flags, ...) __attribute__((alias("open")));
int openat64(int dirfd, const char *path, int flags, ...) __attribute__((alias("openat")));

int __open_2(const char *path, int flags)
{
	return openat(AT_FDCWD, path, flags);
}

int __open64_2(const char *path, int flags) __attribute__((alias("__open_2")));

int __openat_2(int dirfd, const char *path, int flags)
{
	return openat(dirfd, path, flags);
}

int __openat64_2(int dirfd, const char *path, int flags) __attribute__((alias("__openat_2")));

int close(int fd)
{
	ensure_init();
	if (fd == pm_conn && pm_conn >= 0) {
		errno = EBADF; /* the interposer's own connection is not the program's */
		return -1;
	}
	if (!is_marked(fd))
		return real_close(fd);
	int r = real_close(fd);
	mark(fd, 0);
	call6(PM_CLOSE, fd, 0, 0, 0, 0, 0);
	return r;
}

/* After a real dup of oldfd to newfd: the model's table follows. */
static int mirror_dup(int oldfd, int newfd, int flags)
{
	if (newfd < 0)
		return newfd;
	if (is_marked(newfd) && !is_marked(oldfd)) {
		mark(newfd, 0);
		call6(PM_CLOSE, newfd, 0, 0, 0, 0, 0);
	}
	if (is_marked(oldfd) && oldfd != newfd) {
		mark(newfd, 1);
		call6(PM_DUP3, oldfd, newfd, flags, 0, 0, 0);
	}
	return newfd;
}

int dup(int oldfd)
{
	ensure_init();
	model_fd(oldfd);
	return mirror_dup(oldfd, (int)syscall(SYS_fcntl, oldfd, F_DUPFD, 0), 0);
}

int dup3(int oldfd, int newfd, int flags)
{
	ensure_init();
	if (newfd == pm_conn && pm_conn >= 0)
		pm_conn = stash_fd((int)syscall(SYS_fcntl, pm_conn, F_DUPFD_CLOEXEC, 0));
	model_fd(oldfd);
	return mirror_dup(oldfd, (int)syscall(SYS_dup3, oldfd, newfd, flags), flags);
}

int dup2(int oldfd, int newfd)
{
	if (oldfd == newfd)
		return fcntl(oldfd, F_GETFD) < 0 ? -1 : newfd;
	return dup3(oldfd, newfd, 0);
}

int fcntl(int fd, int cmd, ...)
{
	ensure_init();
	va_list ap;
	va_start(ap, cmd);
	long arg = va_arg(ap, long);
	va_end(ap);
	if (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC) {
		model_fd(fd);
		return mirror_dup(fd, (int)syscall(SYS_fcntl, fd, cmd, arg), cmd == F_DUPFD_CLOEXEC ? O_CLOEXEC : 0);
	}
	return (int)syscall(SYS_fcntl, fd, cmd, arg);
}

int fcntl64(int fd, int cmd, ...) __attribute__((alias("fcntl")));

int ioctl(int fd, unsigned long request, ...)
{
	ensure_init();
	va_list ap;
	va_start(ap, request);
	unsigned long arg = va_arg(ap, unsigned long);
	va_end(ap);
	if (!model_fd(fd))
		return (int)syscall(SYS_ioctl, fd, request, arg);
	unsigned dir = _IOC_DIR(request);
	pthread_mutex_lock(&pm_lock);
	struct pm_windows *w = &pm_req;
	w->used = 0;
	w->count = 0;
	if (dir != _IOC_NONE && add_window(w, arg, _IOC_SIZE(request), (dir & _IOC_READ) != 0) == 0)
		add_nested_windows(w, (unsigned)request);
	int64_t args[6] = { fd, (int64_t)(uint32_t)request, (int64_t)arg };
	int64_t r = call_windows(PM_IOCTL, args, w);
	pthread_mutex_unlock(&pm_lock);
	return set_errno(r);
}

void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset)
{
	ensure_init();
	if ((flags & MAP_ANONYMOUS) || !model_fd(fd))
		return real_mmap(addr, length, prot, flags, fd, offset);
	if (length == 0) {
		errno = EINVAL;
		return MAP_FAILED;
	}
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t len = (length + page - 1) & ~(page - 1);
	int fixed = flags & (MAP_FIXED | MAP_FIXED_NOREPLACE);
	void *base = real_mmap(addr, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | fixed, -1, 0);
	if (base == MAP_FAILED)
		return MAP_FAILED;
	pthread_mutex_lock(&pm_lock);
	pm_mapping_base = (uintptr_t)base;
	pm_mapping_prot = prot;
	int64_t args[6] = { (int64_t)(uintptr_t)base, (int64_t)length, prot, (flags & ~MAP_FIXED_NOREPLACE) | MAP_FIXED, fd, offset };
	pm_reply_len = 0;
	int64_t r = call_locked(PM_MMAP, args, NULL, 0, -1, pm_reply, sizeof pm_reply);
	if (r >= 0)
		apply_runs((const struct pm_run *)pm_reply, (int)(pm_reply_len / sizeof(struct pm_run)));
	if (r >= 0 && pm_nmaps < MAX_MAPS)
		pm_maps[pm_nmaps++] = (struct pm_map){ (uintptr_t)base, len };
	pthread_mutex_unlock(&pm_lock);
	if (r < 0) {
		real_munmap(base, len);
		errno = (int)-r;
		return MAP_FAILED;
	}
	return base;
}

void *mmap64(void *addr, size_t length, int prot, int flags, int fd, off_t offset) __attribute__((alias("mmap")));

int munmap(void *addr, size_t length)
{
	ensure_init();
	int r = real_munmap(addr, length);
	if (r == 0 && pm_conn >= 0) {
		pthread_mutex_lock(&pm_lock);
		int ours = overlaps_model_map((uintptr_t)addr, length);
		if (ours) {
			forget_maps((uintptr_t)addr, length);
			int64_t args[6] = { (int64_t)(uintptr_t)addr, (int64_t)length };
			call_locked(PM_MUNMAP, args, NULL, 0, -1, NULL, 0);
		}
		pthread_mutex_unlock(&pm_lock);
	}
	return r;
}

static int within_model_map(uintptr_t addr, size_t len)
{
	for (int i = 0; i < pm_nmaps; i++)
		if (addr >= pm_maps[i].addr && addr + len <= pm_maps[i].addr + pm_maps[i].len)
			return 1;
	return 0;
}

/* mprotect on a model mapping: the model says whether the file allows it (EACCES) and follows a change. */
int mprotect(void *addr, size_t len, int prot)
{
	ensure_init();
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	pthread_mutex_lock(&pm_lock);
	if (pm_conn < 0 || ((uintptr_t)addr & (page - 1)) || !overlaps_model_map((uintptr_t)addr, len)) {
		pthread_mutex_unlock(&pm_lock);
		return (int)syscall(SYS_mprotect, addr, len, prot);
	}
	int64_t args[6] = { (int64_t)(uintptr_t)addr, (int64_t)len, prot, 0 };
	int64_t r = call_locked(PM_MPROTECT, args, NULL, 0, -1, NULL, 0);
	if (r == 0 && syscall(SYS_mprotect, addr, len, prot) < 0)
		r = -errno;
	else if (r == 0) {
		args[3] = 1;
		call_locked(PM_MPROTECT, args, NULL, 0, -1, NULL, 0);
	}
	pthread_mutex_unlock(&pm_lock);
	return set_errno(r);
}

/*
 * mremap on a model mapping, as Linux answers for the heaps' and TEE's VM_PFNMAP | VM_DONTEXPAND mappings:
 * growing is EFAULT, MREMAP_DONTUNMAP is EINVAL, crossing the mapping's end is EFAULT; shrinking unmaps
 * the tail. Model: moving one is not modelled (the model's VMAs do not move): EINVAL, reported once.
 */
void *mremap(void *old, size_t old_len, size_t new_len, int flags, ...)
{
	ensure_init();
	void *new_addr = NULL;
	if (flags & MREMAP_FIXED) {
		va_list ap;
		va_start(ap, flags);
		new_addr = va_arg(ap, void *);
		va_end(ap);
	}
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	pthread_mutex_lock(&pm_lock);
	int ours = pm_conn >= 0 && overlaps_model_map((uintptr_t)old, old_len ? old_len : 1);
	int within = ours && within_model_map((uintptr_t)old, old_len);
	pthread_mutex_unlock(&pm_lock);
	if (!ours)
		return (void *)syscall(SYS_mremap, old, old_len, new_len, flags, new_addr);
	old_len = (old_len + page - 1) & ~(page - 1);
	new_len = (new_len + page - 1) & ~(page - 1);
	int err = 0;
	if (((uintptr_t)old & (page - 1)) || new_len == 0 || (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)) || (flags & MREMAP_DONTUNMAP))
		err = EINVAL;
	else if (!within)
		err = EFAULT;
	else if (new_len > old_len)
		err = EFAULT;
	else if (old_len == 0 || ((flags & MREMAP_FIXED) && new_addr != old)) {
		report_once(1, "mremap moving a model mapping is not modelled; answered EINVAL");
		err = EINVAL;
	}
	if (err) {
		errno = err;
		return MAP_FAILED;
	}
	if (new_len < old_len && munmap((char *)old + new_len, old_len - new_len) < 0)
		return MAP_FAILED;
	return old;
}

off_t lseek(int fd, off_t offset, int whence)
{
	ensure_init();
	if (!model_fd(fd))
		return (off_t)syscall(SYS_lseek, fd, offset, whence);
	int64_t r = call6(PM_LSEEK, fd, offset, whence, 0, 0, 0);
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return (off_t)r;
}

off_t lseek64(int fd, off_t offset, int whence) __attribute__((alias("lseek")));

ssize_t read(int fd, void *buf, size_t count)
{
	ensure_init();
	if (!is_marked(fd))
		return real_read(fd, buf, count);
	int64_t r = call6(PM_READ, fd, (int64_t)(uintptr_t)buf, (int64_t)count, 0, 0, 0);
	return r < 0 ? (errno = (int)-r, -1) : (ssize_t)r;
}

ssize_t write(int fd, const void *buf, size_t count)
{
	ensure_init();
	if (!is_marked(fd))
		return real_write(fd, buf, count);
	int64_t r = call6(PM_WRITE, fd, (int64_t)(uintptr_t)buf, (int64_t)count, 0, 0, 0);
	return r < 0 ? (errno = (int)-r, -1) : (ssize_t)r;
}

int poll(struct pollfd *fds, nfds_t nfds, int timeout)
{
	ensure_init();
	nfds_t model = 0;
	for (nfds_t i = 0; i < nfds; i++)
		model += is_marked(fds[i].fd);
	if (!model)
		return real_poll(fds, nfds, timeout);
	/* The model polls its fds (in its own memory view: a copy here); a wait on model fds alone is the model's. */
	struct pollfd mine[model], local[nfds];
	nfds_t k = 0;
	for (nfds_t i = 0; i < nfds; i++) {
		local[i] = fds[i];
		if (is_marked(fds[i].fd)) {
			mine[k++] = fds[i];
			local[i].fd = -1;
		}
	}
	pthread_mutex_lock(&pm_lock);
	pm_req.used = 0;
	pm_req.count = 0;
	add_window(&pm_req, (uint64_t)(uintptr_t)mine, sizeof mine, 1);
	int64_t args[6] = { (int64_t)(uintptr_t)mine, (int64_t)model, model == nfds ? timeout : 0 };
	int64_t r = call_windows(PM_POLL, args, &pm_req);
	pthread_mutex_unlock(&pm_lock);
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	int ready = (int)r;
	int real = 0;
	if (model < nfds) {
		real = real_poll(local, nfds, ready ? 0 : timeout);
		if (real < 0)
			return real;
	}
	k = 0;
	for (nfds_t i = 0; i < nfds; i++)
		fds[i].revents = is_marked(fds[i].fd) ? mine[k++].revents : local[i].revents;
	return ready + real;
}

pid_t fork(void)
{
	ensure_init();
	if (pm_conn < 0)
		return real_fork();
	pthread_mutex_lock(&pm_lock);
	int64_t none[6] = { 0 };
	int64_t token = call_locked(PM_FORK, none, NULL, 0, -1, NULL, 0);
	pid_t pid = real_fork();
	if (pid == 0) {
		pthread_mutex_init(&pm_lock, NULL);
		pm_pid = (pid_t)syscall(SYS_getpid);
		syscall(SYS_close, pm_conn);
		pm_conn = connect_server();
		if (pm_conn < 0 || token < 0)
			connection_lost();
		else
			hello(PM_HELLO_FORKED, token, NULL, 0);
		return 0;
	}
	if (pid < 0 && token >= 0) {
		int64_t args[6] = { token };
		call_locked(PM_FORK_ABORT, args, NULL, 0, -1, NULL, 0);
	}
	pthread_mutex_unlock(&pm_lock);
	return pid;
}

pid_t vfork(void)
{
	return fork();
}

/* The new image resumes this connection (it sends PM_HELLO_EXECED); a failed exec restores it. */
static char **exec_env(char *const envp[], char *slot, size_t cap)
{
	size_t n = 0;
	while (envp && envp[n])
		n++;
	char **env = malloc((n + 2) * sizeof *env);
	if (!env)
		return NULL;
	size_t j = 0;
	for (size_t i = 0; i < n; i++)
		if (!prefix(envp[i], "PROTMEM_CONN_FD=") && !prefix(envp[i], "PROTMEM_SPAWN_TOKEN="))
			env[j++] = envp[i];
	snprintf(slot, cap, "PROTMEM_CONN_FD=%d", pm_conn);
	env[j++] = slot;
	env[j] = NULL;
	return env;
}

static int do_exec(const char *file, char *const argv[], char *const envp[], int search)
{
	ensure_init();
	if (pm_conn < 0)
		return search ? real_execvpe(file, argv, envp) : real_execve(file, argv, envp);
	char slot[64];
	char **env = exec_env(envp, slot, sizeof slot);
	if (!env) {
		errno = ENOMEM;
		return -1;
	}
	syscall(SYS_fcntl, pm_conn, F_SETFD, 0);
	int r = search ? real_execvpe(file, argv, env) : real_execve(file, argv, env);
	int saved = errno;
	syscall(SYS_fcntl, pm_conn, F_SETFD, FD_CLOEXEC);
	free(env);
	errno = saved;
	return r;
}

extern char **environ;

/*
 * posix_spawn runs the child without fork(2) or execve(3) (glibc clones and execs inside libc), so it is
 * tracked here: the model forks the process first, and the new image says hello with the fork's token.
 */
static int do_spawn(pid_t *pid, const char *file, const posix_spawn_file_actions_t *actions, const posix_spawnattr_t *attr, char *const argv[], char *const envp[], int search)
{
	ensure_init();
	int (*real)(pid_t *, const char *, const posix_spawn_file_actions_t *, const posix_spawnattr_t *, char *const[], char *const[]) = search ? real_posix_spawnp : real_posix_spawn;
	if (pm_conn < 0 || pm_dead)
		return real(pid, file, actions, attr, argv, envp);
	int64_t none[6] = { 0 };
	int64_t token = call(PM_FORK, none, NULL, 0, -1, NULL, 0);
	if (token < 0)
		return (int)-token;
	char slot[64];
	char **env = exec_env(envp, slot, sizeof slot);
	if (!env) {
		int64_t args[6] = { token };
		call(PM_FORK_ABORT, args, NULL, 0, -1, NULL, 0);
		return ENOMEM;
	}
	/* exec_env's slot carries the connection for an exec; a spawned image connects anew with its token. */
	snprintf(slot, sizeof slot, "PROTMEM_SPAWN_TOKEN=%lld", (long long)token);
	int r = real(pid, file, actions, attr, argv, env);
	free(env);
	if (r != 0) {
		int64_t args[6] = { token };
		call(PM_FORK_ABORT, args, NULL, 0, -1, NULL, 0);
	}
	return r;
}

int posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *actions, const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	return do_spawn(pid, path, actions, attr, argv, envp, 0);
}

int posix_spawnp(pid_t *pid, const char *file, const posix_spawn_file_actions_t *actions, const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	return do_spawn(pid, file, actions, attr, argv, envp, 1);
}

int execve(const char *path, char *const argv[], char *const envp[])
{
	return do_exec(path, argv, envp, 0);
}

int execv(const char *path, char *const argv[])
{
	return do_exec(path, argv, environ, 0);
}

int execvp(const char *file, char *const argv[])
{
	return do_exec(file, argv, environ, 1);
}

int execvpe(const char *file, char *const argv[], char *const envp[])
{
	return do_exec(file, argv, envp, 1);
}

static int execl_common(const char *path, const char *arg, va_list ap, int search, int with_env)
{
	char *argv[256];
	int n = 0;
	argv[n++] = (char *)arg;
	while (arg && n < 255 && (argv[n] = va_arg(ap, char *)))
		n++;
	argv[n] = NULL;
	char *const *envp = with_env ? va_arg(ap, char *const *) : environ;
	return do_exec(path, argv, envp, search);
}

int execl(const char *path, const char *arg, ...)
{
	va_list ap;
	va_start(ap, arg);
	int r = execl_common(path, arg, ap, 0, 0);
	va_end(ap);
	return r;
}

int execlp(const char *file, const char *arg, ...)
{
	va_list ap;
	va_start(ap, arg);
	int r = execl_common(file, arg, ap, 1, 0);
	va_end(ap);
	return r;
}

int execle(const char *path, const char *arg, ...)
{
	va_list ap;
	va_start(ap, arg);
	int r = execl_common(path, arg, ap, 0, 1);
	va_end(ap);
	return r;
}

/* /dev entries of the model: stat says character device or directory; readdir lists the nodes. */
static int fake_stat(const char *path, struct stat *st)
{
	char dir[256];
	memset(st, 0, sizeof *st);
	if (model_node(path)) {
		st->st_mode = S_IFCHR | 0666;
		st->st_rdev = makedev(250, 0);
	} else if (model_dir(path, dir, sizeof dir)) {
		st->st_mode = S_IFDIR | 0755;
		st->st_nlink = 2;
	} else {
		errno = ENOENT;
		return -1;
	}
	st->st_dev = makedev(0, 6);
	st->st_blksize = 4096;
	return 0;
}

int fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
	ensure_init();
	if (model_path(path))
		return fake_stat(path, st);
	if (is_marked(dirfd) && (flags & AT_EMPTY_PATH) && !*path) {
		memset(st, 0, sizeof *st);
		st->st_mode = S_IFCHR | 0600;
		return 0;
	}
	return (int)syscall(SYS_newfstatat, dirfd, path, st, flags);
}

int fstatat64(int dirfd, const char *path, struct stat64 *st, int flags)
{
	return fstatat(dirfd, path, (struct stat *)st, flags);
}

int stat(const char *path, struct stat *st)
{
	return fstatat(AT_FDCWD, path, st, 0);
}

int stat64(const char *path, struct stat64 *st)
{
	return stat(path, (struct stat *)st);
}

int lstat(const char *path, struct stat *st)
{
	return fstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

int lstat64(const char *path, struct stat64 *st)
{
	return lstat(path, (struct stat *)st);
}

int fstat(int fd, struct stat *st)
{
	return fstatat(fd, "", st, AT_EMPTY_PATH);
}

int fstat64(int fd, struct stat64 *st)
{
	return fstat(fd, (struct stat *)st);
}

int access(const char *path, int mode)
{
	ensure_init();
	struct stat st;
	if (model_path(path))
		return fake_stat(path, &st);
	return (int)syscall(SYS_faccessat, AT_FDCWD, path, mode);
}

DIR *opendir(const char *path)
{
	ensure_init();
	char dir[256];
	if (!model_path(path))
		return real_opendir(path);
	if (!model_dir(path, dir, sizeof dir)) {
		errno = model_node(path) ? ENOTDIR : ENOENT;
		return NULL;
	}
	struct pm_dir *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	d->magic = PM_DIR_MAGIC;
	strcpy(d->names[d->count++], ".");
	strcpy(d->names[d->count++], "..");
	size_t l = strlen(dir);
	for (int i = 0; i < pm_nnodes && d->count < MAX_NODES; i++) {
		if (!prefix(pm_nodes[i], dir))
			continue;
		const char *rest = pm_nodes[i] + l;
		const char *slash = strchr(rest, '/');
		size_t nl = slash ? (size_t)(slash - rest) : strlen(rest);
		int seen = 0;
		for (int j = 0; j < d->count; j++)
			seen |= strlen(d->names[j]) == nl && strncmp(d->names[j], rest, nl) == 0;
		if (!seen && nl < sizeof d->names[0]) {
			memcpy(d->names[d->count], rest, nl);
			d->names[d->count++][nl] = 0;
		}
	}
	return (DIR *)d;
}

static int is_fake_dir(DIR *d)
{
	return d && ((struct pm_dir *)d)->magic == PM_DIR_MAGIC;
}

struct dirent *readdir(DIR *dirp)
{
	ensure_init();
	if (!is_fake_dir(dirp))
		return real_readdir(dirp);
	struct pm_dir *d = (struct pm_dir *)dirp;
	if (d->index >= d->count)
		return NULL;
	memset(&d->entry, 0, sizeof d->entry);
	d->entry.d_ino = (ino_t)(d->index + 1);
	d->entry.d_type = d->index < 2 ? DT_DIR : DT_CHR;
	strcpy(d->entry.d_name, d->names[d->index++]);
	return &d->entry;
}

struct dirent64 *readdir64(DIR *dirp)
{
	ensure_init();
	if (!is_fake_dir(dirp))
		return real_readdir64(dirp);
	struct dirent *e = readdir(dirp);
	if (!e)
		return NULL;
	struct pm_dir *d = (struct pm_dir *)dirp;
	memset(&d->entry64, 0, sizeof d->entry64);
	d->entry64.d_ino = e->d_ino;
	d->entry64.d_type = e->d_type;
	strcpy(d->entry64.d_name, e->d_name);
	return &d->entry64;
}

int closedir(DIR *dirp)
{
	ensure_init();
	if (!is_fake_dir(dirp))
		return real_closedir(dirp);
	((struct pm_dir *)dirp)->magic = 0;
	free(dirp);
	return 0;
}
