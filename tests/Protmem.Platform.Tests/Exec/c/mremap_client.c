/*
 * mremap moving dma-buf mappings (MREMAP_MAYMOVE | MREMAP_FIXED), with Linux's answers for the heaps'
 * VM_PFNMAP | VM_DONTEXPAND mappings (mm/mremap.c): a move takes the same pages to the new place and
 * unmaps the old range; a shrinking move drops the tail; a growing one is EFAULT and leaves the mapping;
 * overlapping ranges, MREMAP_FIXED without MREMAP_MAYMOVE and an unaligned new address are EINVAL;
 * growing in place across the mapping's end is EFAULT. Each check reads the bytes back through a second
 * mapping of the buffer, so the moved pages are the buffer's.
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

#define PAGE 4096
#define PAGES 4
#define SIZE (PAGES * PAGE)

/* A page is mapped when mincore accepts it (ENOMEM when nothing is mapped there). */
static int mapped(const void *at)
{
	unsigned char vec;
	return mincore((void *)at, PAGE, &vec) == 0;
}

/* A free range of `len` bytes (reserved, then released) to move a mapping to. */
static unsigned char *free_range(size_t len)
{
	void *p = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "reserve %zu bytes", len);
	return p;
}

int main(void)
{
	int heap = open("/dev/dma_heap/system", O_RDONLY | O_CLOEXEC);
	CHECK(heap >= 0, "open /dev/dma_heap/system");
	struct dma_heap_allocation_data data = { .len = SIZE, .fd_flags = O_RDWR | O_CLOEXEC };
	CHECK(ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &data) == 0, "allocate %d bytes", SIZE);
	int buf = (int)data.fd;
	unsigned char *view = mmap(NULL, SIZE, PROT_READ, MAP_SHARED, buf, 0);
	CHECK(view != MAP_FAILED, "a second, read-only mapping to check the bytes through");

	unsigned char *map = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, buf, 0);
	CHECK(map != MAP_FAILED, "mmap the buffer");
	for (int i = 0; i < PAGES; i++)
		memset(map + i * PAGE, 0x10 + i, PAGE);

	/* The destination holds an anonymous mapping: MREMAP_FIXED replaces it. */
	unsigned char *to = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(to != MAP_FAILED, "an anonymous mapping at the destination");
	memset(to, 0xee, SIZE);
	unsigned char *moved = mremap(map, SIZE, SIZE, MREMAP_MAYMOVE | MREMAP_FIXED, to);
	CHECK(moved == to, "mremap MREMAP_FIXED moves the mapping to the new address");
	for (int i = 0; i < PAGES; i++)
		CHECK(moved[i * PAGE] == 0x10 + i && moved[i * PAGE + PAGE - 1] == 0x10 + i, "page %d moved with its bytes", i);
	CHECK(!mapped(map) && !mapped(map + SIZE - PAGE), "the old range is unmapped");
	memset(moved + PAGE, 0x77, PAGE);
	CHECK(view[PAGE] == 0x77 && view[2 * PAGE - 1] == 0x77, "a write through the moved mapping reaches the buffer");
	printf("ok move: same pages at the new address, old range unmapped\n");

	unsigned char *half = free_range(SIZE);
	CHECK(munmap(half, SIZE) == 0, "release the reserved range");
	CHECK(mremap(moved, SIZE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, half) == half, "a shrinking move");
	CHECK(half[0] == 0x10 && half[PAGE] == 0x77, "the head moved with its bytes");
	CHECK(!mapped(moved) && !mapped(moved + 2 * PAGE) && !mapped(moved + SIZE - PAGE), "the old range and the tail are gone");
	CHECK(!mapped(half + 2 * PAGE), "nothing is mapped past the shrunk mapping");
	printf("ok shrinking move keeps the head, drops the tail\n");

	unsigned char *grown = free_range(SIZE);
	errno = 0;
	CHECK(mremap(half, 2 * PAGE, SIZE, MREMAP_MAYMOVE | MREMAP_FIXED, grown) == MAP_FAILED && errno == EFAULT, "a growing move is EFAULT");
	CHECK(half[0] == 0x10 && half[2 * PAGE - 1] == 0x77, "the mapping stays where it was");
	errno = 0;
	CHECK(mremap(half, 2 * PAGE, SIZE, MREMAP_MAYMOVE) == MAP_FAILED && errno == EFAULT, "growing with MREMAP_MAYMOVE is EFAULT");
	errno = 0;
	CHECK(mremap(half, 3 * PAGE, 4 * PAGE, 0) == MAP_FAILED && errno == EFAULT, "growing across the mapping's end is EFAULT");
	printf("ok growing (moved or not) is EFAULT\n");

	errno = 0;
	CHECK(mremap(half, 2 * PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, half + PAGE) == MAP_FAILED && errno == EINVAL, "overlapping ranges are EINVAL");
	errno = 0;
	CHECK(mremap(half, 2 * PAGE, 2 * PAGE, MREMAP_FIXED, grown) == MAP_FAILED && errno == EINVAL, "MREMAP_FIXED without MREMAP_MAYMOVE is EINVAL");
	errno = 0;
	CHECK(mremap(half, 2 * PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, grown + 1) == MAP_FAILED && errno == EINVAL, "an unaligned new address is EINVAL");
	errno = 0;
	CHECK(mremap(half, 2 * PAGE, 0, MREMAP_MAYMOVE) == MAP_FAILED && errno == EINVAL, "a new length of 0 is EINVAL");
	CHECK(half[0] == 0x10 && half[PAGE] == 0x77, "the failed calls left the mapping");
	printf("ok bad arguments are EINVAL\n");

	/* A page from the middle of a mapping moves alone; its neighbours stay. */
	CHECK(munmap(grown, SIZE) == 0, "release the reserved range");
	unsigned char *whole = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, buf, 0);
	CHECK(whole != MAP_FAILED, "map the whole buffer again");
	unsigned char *lone = free_range(2 * PAGE);
	CHECK(munmap(lone, 2 * PAGE) == 0, "release the reserved range");
	CHECK(mremap(whole + 2 * PAGE, PAGE, PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, lone) == lone, "move the third page alone");
	CHECK(lone[0] == 0x12 && !mapped(lone + PAGE), "the third page is at the new address, alone");
	CHECK(!mapped(whole + 2 * PAGE) && whole[PAGE] == 0x77 && whole[3 * PAGE] == 0x13, "its neighbours stay");
	lone[0] = 0x99;
	CHECK(view[2 * PAGE] == 0x99, "a write through the moved page reaches the buffer");
	printf("ok a page moved from the middle\n");

	CHECK(munmap(lone, PAGE) == 0 && munmap(whole, SIZE) == 0 && munmap(half, 2 * PAGE) == 0 && munmap(view, SIZE) == 0, "unmap everything");
	CHECK(close(buf) == 0 && close(heap) == 0, "close");
	printf("PASS\n");
	return 0;
}
