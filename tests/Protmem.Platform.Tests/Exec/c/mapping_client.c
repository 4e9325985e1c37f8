/*
 * mprotect and mremap on dma-buf mappings, with Linux's answers for the heaps' VM_PFNMAP mappings:
 * write access to a shared mapping of a read-only buffer fd is EACCES; dropping and restoring write works;
 * growing is EFAULT, MREMAP_DONTUNMAP is EINVAL, shrinking keeps the head mapped.
 * Built against the system's headers only; runs under `protmem exec`.
 * Prints one "ok ..." line per check, "FAIL ..." on the first failure (exit 1), "PASS" at the end.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/dma-heap.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "check.h"

#define SIZE 8192

static int alloc(int heap, int fd_flags)
{
	struct dma_heap_allocation_data data = { .len = SIZE, .fd_flags = fd_flags | O_CLOEXEC };
	return ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &data) == 0 ? (int)data.fd : -1;
}

int main(void)
{
	int heap = open("/dev/dma_heap/system", O_RDONLY | O_CLOEXEC);
	CHECK(heap >= 0, "open /dev/dma_heap/system");

	int ro = alloc(heap, O_RDONLY);
	CHECK(ro >= 0, "allocate a buffer with a read-only fd");
	void *view = mmap(NULL, SIZE, PROT_READ, MAP_SHARED, ro, 0);
	CHECK(view != MAP_FAILED, "mmap it PROT_READ");
	errno = 0;
	CHECK(mprotect(view, SIZE, PROT_READ | PROT_WRITE) < 0 && errno == EACCES, "mprotect adding write is EACCES");
	CHECK(munmap(view, SIZE) == 0 && close(ro) == 0, "unmap and close the read-only buffer");
	printf("ok write to a read-only buffer's mapping is EACCES\n");

	int rw = alloc(heap, O_RDWR);
	CHECK(rw >= 0, "allocate a read-write buffer");
	unsigned char *map = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, rw, 0);
	CHECK(map != MAP_FAILED, "mmap it read-write");
	CHECK(mprotect(map, SIZE, PROT_READ) == 0, "mprotect dropping write");
	CHECK(mprotect(map, SIZE, PROT_READ | PROT_WRITE) == 0, "mprotect restoring write");
	memset(map, 0x5a, SIZE);
	unsigned char *second = mmap(NULL, SIZE, PROT_READ, MAP_SHARED, rw, 0);
	CHECK(second != MAP_FAILED && second[0] == 0x5a && second[SIZE - 1] == 0x5a, "a second mapping sees the bytes");
	CHECK(munmap(second, SIZE) == 0, "unmap the second mapping");
	printf("ok mprotect dropping and restoring write\n");

	errno = 0;
	CHECK(mremap(map, SIZE, 2 * SIZE, MREMAP_MAYMOVE) == MAP_FAILED && errno == EFAULT, "growing is EFAULT");
	errno = 0;
	CHECK(mremap(map, SIZE, SIZE, MREMAP_MAYMOVE | MREMAP_DONTUNMAP) == MAP_FAILED && errno == EINVAL, "MREMAP_DONTUNMAP is EINVAL");
	CHECK(mremap(map, SIZE, 4096, 0) == map, "shrinking keeps the address");
	CHECK(map[4095] == 0x5a, "the head is still mapped");
	CHECK(munmap(map, 4096) == 0, "unmap the head");
	printf("ok mremap: grow EFAULT, DONTUNMAP EINVAL, shrink\n");

	CHECK(close(rw) == 0 && close(heap) == 0, "close");
	printf("PASS\n");
	return 0;
}
