/*
 * Calls a model file has no hook for, as a program might make them by mistake: read(2) and write(2) on
 * a dma-heap fd and on a dma-buf fd. Linux answers EINVAL (the file has no read or write operation);
 * every call must get that answer. Built against the system's headers only; runs under `protmem exec`.
 * Prints one "ok ..." line per check, "FAIL ..." on the first failure (exit 1), "PASS" at the end.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/dma-heap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "check.h"

int main(void)
{
	char byte = 0;
	int heap = open("/dev/dma_heap/system", O_RDWR | O_CLOEXEC);
	CHECK(heap >= 0, "open /dev/dma_heap/system");
	for (int i = 0; i < 3; i++) {
		errno = 0;
		CHECK(read(heap, &byte, 1) == -1 && errno == EINVAL, "read on a heap fd, try %d", i);
	}
	printf("ok read on a heap fd is EINVAL, every time\n");

	struct dma_heap_allocation_data data = { .len = 4096, .fd_flags = O_RDWR | O_CLOEXEC };
	CHECK(ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &data) == 0, "DMA_HEAP_IOCTL_ALLOC");
	int buf = (int)data.fd;
	for (int i = 0; i < 2; i++) {
		errno = 0;
		CHECK(write(buf, &byte, 1) == -1 && errno == EINVAL, "write on a dma-buf fd, try %d", i);
	}
	printf("ok write on a dma-buf fd is EINVAL, every time\n");

	CHECK(close(buf) == 0, "close the dma-buf");
	CHECK(close(heap) == 0, "close the heap");
	printf("PASS\n");
	return 0;
}
