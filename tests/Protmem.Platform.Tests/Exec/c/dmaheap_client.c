/*
 * A dma-heap client as a Linux program writes one: list /dev/dma_heap, allocate, mmap, write, read
 * back, sizes and error cases. Built against the system's headers only; runs under `protmem exec`.
 * Usage: dmaheap_client HEAP [--protected] | dmaheap_client HEAP --crash
 * Prints one "ok ..." line per check, "FAIL ..." on the first failure (exit 1).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/dma-buf.h>
#include <linux/dma-heap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

static int alloc(int heap, uint64_t len, uint32_t fd_flags, uint64_t heap_flags)
{
	struct dma_heap_allocation_data data = { .len = len, .fd_flags = fd_flags, .heap_flags = heap_flags };
	if (ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &data) < 0)
		return -1;
	return (int)data.fd;
}

static int sync_buf(int fd, uint64_t flags)
{
	struct dma_buf_sync sync = { .flags = flags };
	return ioctl(fd, DMA_BUF_IOCTL_SYNC, &sync);
}

int main(int argc, char **argv)
{
	CHECK(argc >= 2, "usage: dmaheap_client HEAP [--protected|--crash]");
	const char *name = argv[1];
	int protected = argc > 2 && strcmp(argv[2], "--protected") == 0;
	int crash = argc > 2 && strcmp(argv[2], "--crash") == 0;
	char path[256];
	snprintf(path, sizeof path, "/dev/dma_heap/%s", name);

	DIR *dir = opendir("/dev/dma_heap");
	CHECK(dir, "opendir /dev/dma_heap");
	int found = 0;
	for (struct dirent *e; (e = readdir(dir));)
		found |= strcmp(e->d_name, name) == 0;
	closedir(dir);
	CHECK(found, "/dev/dma_heap lists %s", name);
	printf("ok readdir lists %s\n", name);

	struct stat st;
	CHECK(stat(path, &st) == 0 && S_ISCHR(st.st_mode), "stat %s is a character device", path);
	CHECK(stat("/dev/dma_heap/no-such-heap", &st) < 0 && errno == ENOENT, "stat of a missing heap is ENOENT");
	CHECK(open("/dev/dma_heap/no-such-heap", O_RDONLY) < 0 && errno == ENOENT, "open of a missing heap is ENOENT");
	printf("ok stat and ENOENT\n");

	int heap = open(path, O_RDONLY | O_CLOEXEC);
	CHECK(heap >= 0, "open %s", path);

	const size_t len = 1 << 20;
	int buf = alloc(heap, len, O_RDWR | O_CLOEXEC, 0);
	CHECK(buf >= 0, "DMA_HEAP_IOCTL_ALLOC 1 MiB");
	CHECK(buf != heap && fcntl(buf, F_GETFD) == FD_CLOEXEC, "the dma-buf fd is a new close-on-exec fd");
	CHECK(lseek(buf, 0, SEEK_END) == (off_t)len, "lseek SEEK_END is the size");
	printf("ok alloc 1 MiB, fd %d\n", buf);

	void *map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, buf, 0);
	if (protected) {
		CHECK(map == MAP_FAILED && errno == EINVAL, "mmap of a protected buffer is EINVAL");
		printf("ok protected buffer refuses mmap\n");
	} else {
		CHECK(map != MAP_FAILED, "mmap the dma-buf");
		CHECK(sync_buf(buf, DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW) == 0, "SYNC_START");
		for (size_t i = 0; i < len; i++)
			((unsigned char *)map)[i] = (unsigned char)(i * 7 + 3);
		CHECK(sync_buf(buf, DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW) == 0, "SYNC_END");
		CHECK(munmap(map, len) == 0, "munmap");
		map = mmap(NULL, len, PROT_READ, MAP_SHARED, buf, 0);
		CHECK(map != MAP_FAILED, "mmap again");
		for (size_t i = 0; i < len; i++)
			CHECK(((unsigned char *)map)[i] == (unsigned char)(i * 7 + 3), "byte %zu reads back", i);
		printf("ok write and read back 1 MiB\n");
		int dup_fd = dup(buf);
		CHECK(dup_fd >= 0 && lseek(dup_fd, 0, SEEK_END) == (off_t)len, "a dup of the dma-buf is the same buffer");
		close(dup_fd);
		void *past = mmap(NULL, len, PROT_READ, MAP_SHARED, buf, 4096);
		CHECK(past == MAP_FAILED && errno == EINVAL, "a mapping past the end of the buffer is EINVAL");
		CHECK(sync_buf(buf, 0x80) < 0 && errno == EINVAL, "SYNC with bad flags is EINVAL");
		printf("ok dup, mapping past the end, bad sync flags\n");
		if (crash) {
			printf("crashing with the buffer mapped\n");
			fflush(stdout);
			abort();
		}
		munmap(map, len);
	}
	close(buf);

	int odd = alloc(heap, 4097, O_RDWR, 0);
	CHECK(odd >= 0 && lseek(odd, 0, SEEK_END) == 8192, "4097 bytes round up to two pages");
	close(odd);
	CHECK(alloc(heap, 0, O_RDWR, 0) < 0 && errno == EINVAL, "a zero-length allocation is EINVAL");
	CHECK(alloc(heap, 4096, O_RDWR, 1) < 0 && errno == EINVAL, "heap_flags other than 0 are EINVAL");
	CHECK(alloc(heap, 4096, 0x40000000, 0) < 0 && errno == EINVAL, "bad fd_flags are EINVAL");
	CHECK(ioctl(heap, DMA_HEAP_IOCTL_ALLOC, (void *)8) < 0 && errno == EFAULT, "a bad pointer is EFAULT");
	/* An argument in read-only memory: an _IOW ioctl only reads it; an _IOWR one cannot write it back. */
	void *ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(ro != MAP_FAILED, "mmap a page for arguments");
	struct dma_buf_sync start = { .flags = DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW };
	struct dma_heap_allocation_data request = { .len = 4096, .fd_flags = O_RDWR | O_CLOEXEC };
	memcpy(ro, &start, sizeof start);
	memcpy((char *)ro + 64, &request, sizeof request);
	CHECK(mprotect(ro, 4096, PROT_READ) == 0, "make the arguments read-only");
	int synced = alloc(heap, 4096, O_RDWR, 0);
	CHECK(synced >= 0 && ioctl(synced, DMA_BUF_IOCTL_SYNC, ro) == 0, "DMA_BUF_IOCTL_SYNC with a read-only argument");
	CHECK(ioctl(heap, DMA_HEAP_IOCTL_ALLOC, (char *)ro + 64) < 0 && errno == EFAULT, "an _IOWR argument that cannot be written back is EFAULT");
	CHECK(close(synced) == 0 && munmap(ro, 4096) == 0, "close the buffer and unmap the arguments");
	CHECK(ioctl(heap, _IO('H', 0x7f), 0) < 0 && errno == EINVAL, "an unknown dma-heap ioctl number is EINVAL");
	CHECK(close(heap) == 0 && ioctl(heap, DMA_HEAP_IOCTL_ALLOC, 0) < 0 && errno == EBADF, "a closed fd is EBADF");
	printf("ok sizes and error cases\n");
	printf("PASS\n");
	return 0;
}
