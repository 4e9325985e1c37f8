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
