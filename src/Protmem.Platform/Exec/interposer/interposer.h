/*
 * The interposer's shared state and helpers, one translation unit per area (connection.c, files.c,
 * memory.c, ioctl.c, process.c); everything here is hidden: libprotmem-exec.so exports only the libc
 * functions it wraps.
 */

#ifndef PROTMEM_INTERPOSER_H
#define PROTMEM_INTERPOSER_H


#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
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

#pragma GCC visibility push(hidden)

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

extern pthread_mutex_t pm_lock;
extern pthread_once_t pm_once;
extern int pm_conn;
extern int pm_dead;
extern int pm_nbanks;
extern uint64_t pm_bank_base[PM_MAX_BANKS];
extern uint64_t pm_bank_size[PM_MAX_BANKS];
extern int pm_bank_fd[PM_MAX_BANKS];
extern unsigned char pm_model_fd[MAX_FDS / 8];
extern struct pm_map pm_maps[MAX_MAPS];
extern int pm_nmaps;
extern char pm_nodes[MAX_NODES][64];
extern int pm_nnodes;
extern uintptr_t pm_mapping_base; /* the mmap under way (PM_CB_MAP) */
extern int pm_mapping_prot;
extern ino_t pm_not_model[64];
extern int pm_not_model_next;
extern unsigned pm_reported;
extern pid_t pm_pid; /* this process, for process_vm_readv/writev on itself */
extern size_t pm_reply_len; /* payload bytes of the last PM_REPLY (under pm_lock) */
extern struct pm_bell *pm_bell; /* the connection's doorbell, or NULL */
extern uint32_t pm_bell_seen; /* messages received from the model on this connection */

/* The windows of program memory sent with the request under way (under pm_lock). */
struct pm_windows {
	char buf[MAX_PACKET - sizeof(struct pm_msg)];
	size_t used;
	int count;
	struct pm_window sent[PM_MAX_WINDOWS];
};

extern struct pm_windows pm_req;
extern char pm_reply[MAX_PACKET];

extern int (*real_close)(int);
extern void *(*real_mmap)(void *, size_t, int, int, int, off_t);
extern int (*real_munmap)(void *, size_t);
extern ssize_t (*real_read)(int, void *, size_t);
extern ssize_t (*real_write)(int, const void *, size_t);
extern int (*real_poll)(struct pollfd *, nfds_t, int);
extern pid_t (*real_fork)(void);
extern int (*real_execve)(const char *, char *const[], char *const[]);
extern int (*real_execvpe)(const char *, char *const[], char *const[]);
extern int (*real_posix_spawn)(pid_t *, const char *, const posix_spawn_file_actions_t *, const posix_spawnattr_t *, char *const[], char *const[]);
extern int (*real_posix_spawnp)(pid_t *, const char *, const posix_spawn_file_actions_t *, const posix_spawnattr_t *, char *const[], char *const[]);
extern DIR *(*real_opendir)(const char *);
extern struct dirent *(*real_readdir)(DIR *);
extern struct dirent64 *(*real_readdir64)(DIR *);
extern int (*real_closedir)(DIR *);


void *next(const char *name);
void report_once(unsigned bit, const char *what);
int is_marked(int fd);
void mark(int fd, int on);
int stash_fd(int fd);
int send_msg(struct pm_msg *m, const void *payload, int fd);
ssize_t recv_msg(struct pm_msg *m, void *buf, size_t cap, int *fds, int maxfds, int *nfds);
void forget_maps(uintptr_t addr, size_t len);
int overlaps_model_map(uintptr_t addr, size_t len);
void apply_runs(const struct pm_run *runs, int count);
void connection_lost(void);
int new_bell(void);
int64_t call_locked(uint32_t op, const int64_t *args, const void *payload, uint32_t len, int sendfd, void *reply, size_t cap);
int64_t call(uint32_t op, const int64_t *args, const void *payload, uint32_t len, int sendfd, void *reply, size_t cap);
int64_t call6(uint32_t op, int64_t a0, int64_t a1, int64_t a2, int64_t a3, int64_t a4, int64_t a5);
int add_window(struct pm_windows *w, uint64_t addr, size_t len, int model_writes);
void store_written(const struct pm_windows *w, const char *buf, size_t n);
int64_t call_windows(uint32_t op, int64_t *args, struct pm_windows *w);
void parse_hello(const char *buf, size_t n);
void hello(int kind, int64_t token, const void *payload, uint32_t len);
void hello_spawned(int64_t token);
int connect_server(void);
void init(void);
void ensure_init(void);
int prefix(const char *path, const char *p);
int model_path(const char *path);
int model_node(const char *path);
int model_dir(const char *path, char *norm, size_t cap);
int set_errno(int64_t r);
int model_fd(int fd);
int open_model(const char *path, int flags);
mode_t mode_arg(int flags, va_list ap);
int mirror_dup(int oldfd, int newfd, int flags);
int within_model_map(uintptr_t addr, size_t len);
char **exec_env(char *const envp[], char *slot, size_t cap);
int do_exec(const char *file, char *const argv[], char *const envp[], int search);
int do_spawn(pid_t *pid, const char *file, const posix_spawn_file_actions_t *actions, const posix_spawnattr_t *attr, char *const argv[], char *const envp[], int search);
int execl_common(const char *path, const char *arg, va_list ap, int search, int with_env);
int fake_stat(const char *path, struct stat *st);
int is_fake_dir(DIR *d);

#pragma GCC visibility pop

#endif
