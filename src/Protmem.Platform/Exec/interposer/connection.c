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
 * else, and any pointer the interposer could not read, still goes through process_vm_readv/writev. While
 * the model spins for the next request, a small one (and its reply) skips the socket: it travels in the
 * page this process shares with the model for its connection (the doorbell, struct pm_fast).
 */
#include "interposer.h"

/* The shared state (declared in interposer.h). */
pthread_mutex_t pm_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_once_t pm_once = PTHREAD_ONCE_INIT;
int pm_conn = -1;
int pm_dead;
int pm_nbanks;
uint64_t pm_bank_base[PM_MAX_BANKS];
uint64_t pm_bank_size[PM_MAX_BANKS];
int pm_bank_fd[PM_MAX_BANKS];
unsigned char pm_model_fd[MAX_FDS / 8];
struct pm_map pm_maps[MAX_MAPS];
int pm_nmaps;
char pm_nodes[MAX_NODES][64];
int pm_nnodes;
uintptr_t pm_mapping_base; /* the mmap under way (PM_CB_MAP) */
int pm_mapping_prot;
ino_t pm_not_model[64];
int pm_not_model_next;
unsigned pm_reported;
pid_t pm_pid; /* this process, for process_vm_readv/writev on itself */
size_t pm_reply_len; /* payload bytes of the last PM_REPLY (under pm_lock) */
struct pm_bell *pm_bell;
uint32_t pm_bell_seen;
struct pm_windows pm_req;
char pm_reply[MAX_PACKET] __attribute__((aligned(8)));
int (*real_close)(int);
void *(*real_mmap)(void *, size_t, int, int, int, off_t);
int (*real_munmap)(void *, size_t);
ssize_t (*real_read)(int, void *, size_t);
ssize_t (*real_write)(int, const void *, size_t);
int (*real_poll)(struct pollfd *, nfds_t, int);
pid_t (*real_fork)(void);
int (*real_execve)(const char *, char *const[], char *const[]);
int (*real_execvpe)(const char *, char *const[], char *const[]);
int (*real_posix_spawn)(pid_t *, const char *, const posix_spawn_file_actions_t *, const posix_spawnattr_t *, char *const[], char *const[]);
int (*real_posix_spawnp)(pid_t *, const char *, const posix_spawn_file_actions_t *, const posix_spawnattr_t *, char *const[], char *const[]);
DIR *(*real_opendir)(const char *);
struct dirent *(*real_readdir)(DIR *);
struct dirent64 *(*real_readdir64)(DIR *);
int (*real_closedir)(DIR *);

void *next(const char *name)
{
	return dlsym(RTLD_NEXT, name);
}

void report_once(unsigned bit, const char *what)
{
	if (!(__atomic_fetch_or(&pm_reported, 1u << bit, __ATOMIC_RELAXED) & (1u << bit)))
		dprintf(2, "protmem: %s\n", what);
}

int is_marked(int fd)
{
	return fd >= 0 && fd < MAX_FDS && (pm_model_fd[fd / 8] & (1 << (fd % 8)));
}

void mark(int fd, int on)
{
	if (fd < 0 || fd >= MAX_FDS)
		return;
	if (on)
		pm_model_fd[fd / 8] |= 1 << (fd % 8);
	else
		pm_model_fd[fd / 8] &= ~(1 << (fd % 8));
}

/* A high fd for the interposer's own use, out of the way of the program's numbering. */
int stash_fd(int fd)
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

int send_msg(struct pm_msg *m, const void *payload, int fd)
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
	/* Where this side runs now, not where the model's last message woke it (wake-ups land on the waker's CPU). */
	if (pm_bell)
		__atomic_store_n(&pm_bell->program_cpu, (uint32_t)sched_getcpu(), __ATOMIC_RELAXED);
	do
		n = sendmsg(pm_conn, &h, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)(sizeof *m + m->len))
		return -1;
	if (pm_bell)
		__atomic_store_n(&pm_bell->to_model, pm_bell->to_model + 1, __ATOMIC_RELEASE);
	return 0;
}

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield");
#endif
}

/* Spins until the model's count of messages sent passes what this side received (see struct pm_bell); this
 * side is ahead when it received a message before the model bumped its count for it. */
static void await_bell(void)
{
	if (!pm_bell || (int)__atomic_load_n(&pm_bell->model_cpu, __ATOMIC_RELAXED) == sched_getcpu())
		return;
	for (int i = 0; i < PM_BELL_SPINS; i++) {
		if ((int32_t)(__atomic_load_n(&pm_bell->to_program, __ATOMIC_ACQUIRE) - pm_bell_seen) > 0)
			return;
		cpu_relax();
	}
}

/* The fast path's slots, after the doorbell's counts in the same page (struct pm_fast). */
static struct pm_fast *fast_slots(void)
{
	return (struct pm_fast *)((char *)pm_bell + PM_FAST_OFFSET);
}

/* Whether a request may travel in the doorbell page: a small one of the kinds the model serves there, no fd. */
static int fast_eligible(uint32_t op, uint32_t len, int sendfd)
{
	return pm_bell && sendfd < 0 && len <= PM_FAST_PAYLOAD && (op == PM_IOCTL || op == PM_POLL || op == PM_LSEEK || op == PM_READ || op == PM_WRITE);
}

/* Writes the request into the request slot and hands it to the model, when the model listens on another CPU; 1 when it did. */
static int fast_post(const struct pm_msg *m, const void *payload)
{
	struct pm_fast *f = fast_slots();
	if (__atomic_load_n(&f->state, __ATOMIC_RELAXED) != PM_FAST_LISTENING || (int)__atomic_load_n(&pm_bell->model_cpu, __ATOMIC_RELAXED) == sched_getcpu())
		return 0;
	__atomic_store_n(&pm_bell->program_cpu, (uint32_t)sched_getcpu(), __ATOMIC_RELAXED);
	memcpy(&f->request.msg, m, sizeof *m);
	if (m->len)
		memcpy(f->request.payload, payload, m->len);
	uint32_t expected = PM_FAST_LISTENING;
	return __atomic_compare_exchange_n(&f->state, &expected, PM_FAST_REQUEST, 0, __ATOMIC_RELEASE, __ATOMIC_RELAXED);
}

/* Spins for the reply to a posted request: 1 when it is in the reply slot, 0 when it comes on the socket
 * (the model sent callbacks there, answered there, or this side's spin ran out and it will sleep). */
static int fast_await(void)
{
	struct pm_fast *f = fast_slots();
	for (int i = 0; i < PM_BELL_SPINS; i++) {
		uint32_t state = __atomic_load_n(&f->state, __ATOMIC_ACQUIRE);
		if (state == PM_FAST_REPLY || state == PM_FAST_REPLY_IDLE)
			return 1;
		if (state != PM_FAST_REQUEST || (int32_t)(__atomic_load_n(&pm_bell->to_program, __ATOMIC_ACQUIRE) - pm_bell_seen) > 0)
			return 0;
		cpu_relax();
	}
	uint32_t expected = PM_FAST_REQUEST;
	if (__atomic_compare_exchange_n(&f->state, &expected, PM_FAST_SOCKET, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return 0;
	return expected == PM_FAST_REPLY || expected == PM_FAST_REPLY_IDLE;
}

/* Takes the reply out of the reply slot (its payload into reply, up to cap) and hands the slots back: to the
 * model listening again (REPLY -> LISTENING), or to nobody when its spin already ended (REPLY_IDLE -> IDLE). */
static int64_t fast_take(void *reply, size_t cap)
{
	struct pm_fast *f = fast_slots();
	size_t n = f->reply.msg.len <= PM_FAST_PAYLOAD ? f->reply.msg.len : 0;
	int64_t result = f->reply.msg.arg[0];
	pm_reply_len = n < cap ? n : cap;
	if (reply)
		memcpy(reply, f->reply.payload, pm_reply_len);
	__atomic_store_n(&pm_bell->program_cpu, (uint32_t)sched_getcpu(), __ATOMIC_RELAXED);
	uint32_t expected = PM_FAST_REPLY;
	if (!__atomic_compare_exchange_n(&f->state, &expected, PM_FAST_LISTENING, 0, __ATOMIC_RELEASE, __ATOMIC_RELAXED))
		__atomic_store_n(&f->state, PM_FAST_IDLE, __ATOMIC_RELEASE);
	return result;
}

/* A fresh doorbell for this process's connection (the one a fork inherited stays its parent's); its memfd, or -1. */
int new_bell(void)
{
	if (pm_bell) {
		real_munmap(pm_bell, PM_BELL_SIZE);
		pm_bell = NULL;
	}
	pm_bell_seen = 0;
	int fd = (int)syscall(SYS_memfd_create, "protmem-bell", MFD_CLOEXEC);
	if (fd < 0)
		return -1;
	void *page = syscall(SYS_ftruncate, fd, PM_BELL_SIZE) == 0 ? real_mmap(NULL, PM_BELL_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) : MAP_FAILED;
	if (page == MAP_FAILED) {
		syscall(SYS_close, fd);
		return -1;
	}
	pm_bell = page;
	pm_bell->model_cpu = pm_bell->program_cpu = UINT32_MAX;
	return fd;
}

/* One packet: header, payload into buf (up to cap), received fds into fds[]. Returns payload bytes or -1. */
ssize_t recv_msg(struct pm_msg *m, void *buf, size_t cap, int *fds, int maxfds, int *nfds)
{
	static char packet[MAX_PACKET];
	char control[CMSG_SPACE(sizeof(int) * PM_MAX_BANKS)];
	struct iovec iov = { packet, sizeof packet };
	struct msghdr h = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control };
	ssize_t n;
	/* The model usually answers within microseconds: wait on the doorbell before sleeping in recvmsg. */
	await_bell();
	do {
		h.msg_controllen = sizeof control;
		n = recvmsg(pm_conn, &h, MSG_CMSG_CLOEXEC);
	} while (n < 0 && errno == EINTR);
	if (n >= 0 && pm_bell) {
		pm_bell_seen++;
		__atomic_store_n(&pm_bell->program_cpu, (uint32_t)sched_getcpu(), __ATOMIC_RELAXED);
	}
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

void connection_lost(void)
{
	if (!pm_dead)
		dprintf(2, "protmem: the connection to the model is gone; model calls fail with EIO\n");
	pm_dead = 1;
}

/* Sends a request and serves the model's callbacks until its reply. Caller holds pm_lock. */
int64_t call_locked(uint32_t op, const int64_t *args, const void *payload, uint32_t len, int sendfd, void *reply, size_t cap)
{
	static char buf[MAX_PACKET];
	struct pm_msg m = { .op = op, .len = len };
	if (pm_conn < 0 || pm_dead)
		return -EIO;
	memcpy(m.arg, args, sizeof m.arg);
	if (fast_eligible(op, len, sendfd) && fast_post(&m, payload)) {
		if (fast_await())
			return fast_take(reply, cap);
	} else if (send_msg(&m, payload, sendfd) < 0) {
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

int64_t call(uint32_t op, const int64_t *args, const void *payload, uint32_t len, int sendfd, void *reply, size_t cap)
{
	pthread_mutex_lock(&pm_lock);
	int64_t r = call_locked(op, args, payload, len, sendfd, reply, cap);
	pthread_mutex_unlock(&pm_lock);
	return r;
}

int64_t call6(uint32_t op, int64_t a0, int64_t a1, int64_t a2, int64_t a3, int64_t a4, int64_t a5)
{
	int64_t args[6] = { a0, a1, a2, a3, a4, a5 };
	return call(op, args, NULL, 0, -1, NULL, 0);
}

void parse_hello(const char *buf, size_t n)
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

void hello(int kind, int64_t token, const void *payload, uint32_t len)
{
	static char buf[MAX_PACKET];
	int64_t args[6] = { getpid(), kind, token };
	memset(buf, 0, sizeof buf);
	int bell = new_bell();
	int64_t r = call_locked(PM_HELLO, args, payload, len, bell, buf, sizeof buf);
	if (bell >= 0)
		syscall(SYS_close, bell);
	if (r < 0) {
		connection_lost();
		return;
	}
	parse_hello(buf, (size_t)r);
}

/* A posix_spawn child: its fork's model process, exec'd, with the sockets this image holds listed so the
 * model follows what the spawn's file actions did (dup2, close) to model fds. */
void hello_spawned(int64_t token)
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

int connect_server(void)
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

void init(void)
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

void ensure_init(void)
{
	pthread_once(&pm_once, init);
}

__attribute__((constructor)) static void pm_constructor(void)
{
	ensure_init();
}

int prefix(const char *path, const char *p)
{
	return strncmp(path, p, strlen(p)) == 0;
}

/* The device paths the model owns. */
int model_path(const char *path)
{
	if (!path || pm_conn < 0)
		return 0;
	return prefix(path, "/dev/dma_heap") || prefix(path, "/dev/tee") || prefix(path, "/dev/dri") || prefix(path, "/dev/accel") || prefix(path, "/dev/video");
}

int model_node(const char *path)
{
	for (int i = 0; i < pm_nnodes; i++)
		if (strcmp(pm_nodes[i], path) == 0)
			return 1;
	return 0;
}

int model_dir(const char *path, char *norm, size_t cap)
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

int set_errno(int64_t r)
{
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return (int)r;
}

/* Whether fd is a model file here; an unknown socket is asked about (received over SCM_RIGHTS, inherited). */
int model_fd(int fd)
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

int open_model(const char *path, int flags)
{
	int64_t args[6] = { flags };
	return set_errno(call(PM_OPEN, args, path, (uint32_t)strlen(path) + 1, -1, NULL, 0));
}
