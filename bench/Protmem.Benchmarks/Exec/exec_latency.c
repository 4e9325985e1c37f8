/*
 * Latency of single operations under `protmem exec`, timed one by one in the program with
 * CLOCK_MONOTONIC so the median and the tail come out (ExecBenchmarks gives means):
 *   exec_latency ioctl N   N x TEE_IOC_VERSION on /dev/tee0 (a trivial ioctl round trip)
 *   exec_latency map N     N x (mmap a 1 MiB dma-buf, DMA_BUF_IOCTL_SYNC start, memset, sync end, munmap)
 * Prints the median, p90, p99 and max in microseconds. Run it as
 *   protmem exec -- ./exec_latency ioctl 20000
 */
#include <fcntl.h>
#include <linux/dma-buf.h>
#include <linux/dma-heap.h>
#include <linux/tee.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define MIB (1 << 20)

static uint64_t now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static int by_value(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	if (argc < 3)
		return 2;
	long count = atol(argv[2]);
	int map = strcmp(argv[1], "map") == 0;
	if (count <= 0 || (!map && strcmp(argv[1], "ioctl") != 0))
		return 2;
	int heap = open("/dev/dma_heap/system", O_RDONLY | O_CLOEXEC);
	struct dma_heap_allocation_data data = { .len = MIB, .fd_flags = O_RDWR | O_CLOEXEC };
	if (heap < 0 || ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &data) < 0)
		return 1;
	int buf = (int)data.fd;
	int tee = open("/dev/tee0", O_RDWR);
	if (tee < 0)
		return 1;
	struct tee_ioctl_version_data version;
	struct dma_buf_sync start = { .flags = DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW };
	struct dma_buf_sync end = { .flags = DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW };
	uint64_t *took = calloc((size_t)count, sizeof *took);
	if (!took)
		return 1;
	long warmup = count / 10 + 1;
	for (long i = -warmup; i < count; i++) {
		uint64_t t0 = now_ns();
		if (!map) {
			if (ioctl(tee, TEE_IOC_VERSION, &version) < 0)
				return 1;
		} else {
			void *p = mmap(NULL, MIB, PROT_READ | PROT_WRITE, MAP_SHARED, buf, 0);
			if (p == MAP_FAILED || ioctl(buf, DMA_BUF_IOCTL_SYNC, &start) < 0)
				return 1;
			memset(p, (int)i, MIB);
			if (ioctl(buf, DMA_BUF_IOCTL_SYNC, &end) < 0 || munmap(p, MIB) < 0)
				return 1;
		}
		if (i >= 0)
			took[i] = now_ns() - t0;
	}
	qsort(took, (size_t)count, sizeof *took, by_value);
	printf("%s x%ld: median %.2f us, p90 %.2f us, p99 %.2f us, max %.2f us\n", argv[1], count,
	       took[count / 2] / 1000.0, took[count * 90 / 100] / 1000.0, took[count * 99 / 100] / 1000.0,
	       took[count - 1] / 1000.0);
	free(took);
	close(buf);
	close(heap);
	close(tee);
	return 0;
}
