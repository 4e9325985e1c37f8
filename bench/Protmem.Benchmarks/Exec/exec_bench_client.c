/*
 * The program side of ExecBenchmarks: a Linux program doing the measured work under `protmem exec`.
 * It reads one command byte from the FIFO argv[1], does the work argv[3] times, answers one byte on
 * the FIFO argv[2]; 'q' ends it.
 *   'i': TEE_IOC_VERSION on /dev/tee0 (a trivial ioctl round trip)
 *   'm': mmap a 1 MiB dma-buf, SYNC_START, memset, SYNC_END, munmap
 */
#include <fcntl.h>
#include <linux/dma-buf.h>
#include <linux/dma-heap.h>
#include <linux/tee.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#define MIB (1 << 20)

int main(int argc, char **argv)
{
	if (argc < 4)
		return 2;
	int heap = open("/dev/dma_heap/system", O_RDONLY | O_CLOEXEC);
	struct dma_heap_allocation_data data = { .len = MIB, .fd_flags = O_RDWR | O_CLOEXEC };
	if (heap < 0 || ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &data) < 0)
		return 1;
	int buf = (int)data.fd;
	int tee = open("/dev/tee0", O_RDWR);
	struct tee_ioctl_version_data version;
	if (tee < 0)
		return 1;
	int in = open(argv[1], O_RDONLY);
	int out = open(argv[2], O_WRONLY);
	long count = atol(argv[3]);
	struct dma_buf_sync start = { .flags = DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW };
	struct dma_buf_sync end = { .flags = DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW };
	for (char command; read(in, &command, 1) == 1 && command != 'q';) {
		for (long i = 0; i < count; i++) {
			if (command == 'i') {
				if (ioctl(tee, TEE_IOC_VERSION, &version) < 0)
					return 1;
			} else {
				void *map = mmap(NULL, MIB, PROT_READ | PROT_WRITE, MAP_SHARED, buf, 0);
				if (map == MAP_FAILED || ioctl(buf, DMA_BUF_IOCTL_SYNC, &start) < 0)
					return 1;
				memset(map, (int)i, MIB);
				if (ioctl(buf, DMA_BUF_IOCTL_SYNC, &end) < 0 || munmap(map, MIB) < 0)
					return 1;
			}
		}
		if (write(out, &command, 1) != 1)
			return 1;
	}
	close(buf);
	close(heap);
	return 0;
}
