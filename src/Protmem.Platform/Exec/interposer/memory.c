/* The memory calls: mmap of a model fd maps the model's DRAM pages from its memfd banks; munmap, mprotect
 * and mremap keep the list of model mappings, and the model learns of every change. */
#include "interposer.h"

void forget_maps(uintptr_t addr, size_t len)
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

int overlaps_model_map(uintptr_t addr, size_t len)
{
	for (int i = 0; i < pm_nmaps; i++)
		if (pm_maps[i].addr < addr + len && addr < pm_maps[i].addr + pm_maps[i].len)
			return 1;
	return 0;
}

void apply_runs(const struct pm_run *runs, int count)
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

int within_model_map(uintptr_t addr, size_t len)
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

/* Host memory that replaced part of a model mapping (a host mremap's tail or destination): the model forgets it. Caller holds pm_lock. */
static void host_replaced(uintptr_t addr, size_t len)
{
	if (len == 0 || !overlaps_model_map(addr, len))
		return;
	forget_maps(addr, len);
	int64_t args[6] = { (int64_t)addr, (int64_t)len };
	call_locked(PM_MUNMAP, args, NULL, 0, -1, NULL, 0);
}

/*
 * mremap on a model mapping, as Linux answers for the heaps' and TEE's VM_PFNMAP | VM_DONTEXPAND mappings
 * (mm/mremap.c): the flag and address checks are EINVAL; no mapping at old is EFAULT; shrinking in place
 * unmaps the tail; MREMAP_FIXED moves the range (its tail unmapped first when it shrinks) to new_addr,
 * replacing what was there; growing is EFAULT (the model says, after the range check, also EFAULT), and
 * MREMAP_DONTUNMAP is EINVAL. A moved range maps the same pages of the same buffer at the new place.
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
	uintptr_t at = (uintptr_t)old, to = (uintptr_t)new_addr;
	pthread_mutex_lock(&pm_lock);
	int ours = pm_conn >= 0 && within_model_map(at, 1);
	if (!ours) {
		void *r = (void *)syscall(SYS_mremap, old, old_len, new_len, flags, new_addr);
		if (r != MAP_FAILED && pm_conn >= 0) {
			size_t old_pages = (old_len + page - 1) & ~(page - 1), new_pages = (new_len + page - 1) & ~(page - 1);
			if (old_pages > new_pages)
				host_replaced(at + new_pages, old_pages - new_pages);
			if ((uintptr_t)r != at)
				host_replaced((uintptr_t)r, new_pages);
		}
		pthread_mutex_unlock(&pm_lock);
		return r;
	}
	int err = 0;
	if ((flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)) || ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE)))
		err = EINVAL;
	else if ((flags & MREMAP_DONTUNMAP) && (!(flags & MREMAP_MAYMOVE) || old_len != new_len))
		err = EINVAL;
	else if ((at & (page - 1)) || (new_len = (new_len + page - 1) & ~(page - 1)) == 0)
		err = EINVAL;
	old_len = (old_len + page - 1) & ~(page - 1);
	int move = (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) != 0;
	if (!err && (flags & MREMAP_FIXED) && ((to & (page - 1)) || to + new_len < to || (at < to + new_len && to < at + old_len)))
		err = EINVAL;
	int64_t args[6] = { (int64_t)at, (int64_t)old_len, (int64_t)new_len, flags, (int64_t)to, 0 };
	int64_t r = 0;
	if (!err && (move || new_len > old_len) && (r = call_locked(PM_MREMAP, args, NULL, 0, -1, NULL, 0)) < 0)
		err = (int)-r;
	if (!err && !move) {
		/* In place: shrinking unmaps the tail (the same size is nothing to do). */
		pthread_mutex_unlock(&pm_lock);
		if (new_len < old_len && munmap((char *)old + new_len, old_len - new_len) < 0)
			return MAP_FAILED;
		return old;
	}
	if (!err) {
		/* MREMAP_FIXED: new_addr's range is replaced, then takes the pages the model maps there. */
		if (real_mmap(new_addr, new_len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0) == MAP_FAILED) {
			err = errno;
		} else {
			forget_maps(to, new_len);
			pm_mapping_base = to;
			pm_mapping_prot = (int)r;
			args[5] = 1;
			pm_reply_len = 0;
			r = call_locked(PM_MREMAP, args, NULL, 0, -1, pm_reply, sizeof pm_reply);
			if (r < 0) {
				real_munmap(new_addr, new_len);
				err = (int)-r;
			} else {
				apply_runs((const struct pm_run *)pm_reply, (int)(pm_reply_len / sizeof(struct pm_run)));
				real_munmap(old, old_len);
				forget_maps(at, old_len);
				if (pm_nmaps < MAX_MAPS)
					pm_maps[pm_nmaps++] = (struct pm_map){ to, new_len };
			}
		}
	}
	pthread_mutex_unlock(&pm_lock);
	if (err) {
		errno = err;
		return MAP_FAILED;
	}
	return new_addr;
}
