/* ioctl on a model fd: the argument (and the nested buffers of the layouts known here) travel with the
 * request as windows; what the model wrote into them comes back with the reply. */
#include "interposer.h"

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

/*
 * Whether [addr, addr+len) lies in this thread's stack above the stack pointer: memory mapped readable and
 * writable for certain, so it needs no probe (a process_vm call costs microseconds under virtualisation).
 * Only while the caller runs on that stack (not on a signal's alternate stack).
 */
static int on_own_stack(uint64_t addr, size_t len)
{
	static __thread uintptr_t lo, hi;
	static __thread int known;
	if (!known) {
		pthread_attr_t attr;
		void *base;
		size_t size;
		if (pthread_getattr_np(pthread_self(), &attr) == 0) {
			if (pthread_attr_getstack(&attr, &base, &size) == 0) {
				lo = (uintptr_t)base;
				hi = lo + size;
			}
			pthread_attr_destroy(&attr);
		}
		known = 1;
	}
	uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
	return hi && sp >= lo && sp < hi && addr >= sp && addr + len >= addr && addr + len <= hi;
}

/*
 * Adds [addr, addr+len) to the request's windows: copied here when this process can read it (with the
 * writable flag when the model may write it and it is writable), so the model needs no process_vm call
 * for it. -1 (the model reads or writes the memory itself, and a bad pointer is its EFAULT, as on Linux)
 * when the bytes are not readable, do not fit, overlap a window already sent, or lie in a model mapping
 * (DRAM the model may change, or revoke, while it serves the request).
 */
int add_window(struct pm_windows *w, uint64_t addr, size_t len, int model_writes)
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
	/* Elsewhere, copying the memory onto itself proves it readable and writable in one call, without a fault. */
	if (on_own_stack(addr, len)) {
		memcpy(bytes, mem.iov_base, len);
		h.flags = model_writes ? PM_WINDOW_WRITABLE : 0;
	} else if (model_writes && syscall(SYS_process_vm_writev, pm_pid, &mem, 1, &mem, 1, 0) == (ssize_t)len) {
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

/* The bytes the model wrote into the request's windows (the reply's payload): stored where they belong. */
void store_written(const struct pm_windows *w, const char *buf, size_t n)
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
int64_t call_windows(uint32_t op, int64_t *args, struct pm_windows *w)
{
	args[3] = w->count;
	pm_reply_len = 0;
	int64_t r = call_locked(op, args, w->buf, (uint32_t)w->used, -1, pm_reply, sizeof pm_reply);
	store_written(w, pm_reply, pm_reply_len);
	return r;
}

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
