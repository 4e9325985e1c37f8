/* The file calls: open, close, dup, fcntl, lseek, read, write and poll on model fds; stat, access and the
 * directory calls for the model's /dev nodes (so a program that lists /dev/dma_heap finds them). */
#include "interposer.h"

mode_t mode_arg(int flags, va_list ap)
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
int mirror_dup(int oldfd, int newfd, int flags)
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

/* /dev entries of the model: stat says character device or directory; readdir lists the nodes. */
int fake_stat(const char *path, struct stat *st)
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

int is_fake_dir(DIR *d)
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
