/*
 * Small requests back to back, interleaved with requests that must take the socket: TEE_IOC_VERSION and
 * lseek (small, no fd: they may travel in the page the program shares with the model) between dma-heap
 * allocations (the model installs the new fd by calling back into the program) and closes. Every result is
 * checked, whichever way it travelled. The program moves between the host's CPUs from round to round, so that
 * some rounds run beside the model rather than on its CPU. Built against the system's headers only.
 * Usage: fastpath_client ROUNDS PER_ROUND. Prints "ok N small requests" and PASS on success, "FAIL ..." (exit 1) otherwise.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/dma-heap.h>
#include <linux/tee.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "check.h"

#define BUF_SIZE (64 * 1024)

int main(int argc, char **argv)
{
	CHECK(argc == 3, "usage: fastpath_client ROUNDS PER_ROUND");
	long rounds = atol(argv[1]), per_round = atol(argv[2]);
	int tee = open("/dev/tee0", O_RDWR);
	CHECK(tee >= 0, "open /dev/tee0");
	int heap = open("/dev/dma_heap/system", O_RDONLY | O_CLOEXEC);
	CHECK(heap >= 0, "open /dev/dma_heap/system");
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	long small = 0;
	for (long round = 0; round < rounds; round++) {
		if (cpus > 1) {
			cpu_set_t set;
			CPU_ZERO(&set);
			CPU_SET((int)(round % cpus), &set);
			sched_setaffinity(0, sizeof set, &set);
		}
		for (long i = 0; i < per_round; i++) {
			struct tee_ioctl_version_data version;
			memset(&version, 0xa5, sizeof version);
			CHECK(ioctl(tee, TEE_IOC_VERSION, &version) == 0, "TEE_IOC_VERSION %ld", i);
			CHECK(version.impl_id == TEE_IMPL_ID_OPTEE, "impl_id is OP-TEE (%u)", version.impl_id);
			CHECK(ioctl(tee, TEE_IOC_VERSION, (void *)16) < 0 && errno == EFAULT, "a bad pointer is EFAULT");
			small += 2;
			if (i % 64 == 0) {
				/* Through the socket: the new fd is installed by a callback during the request. */
				struct dma_heap_allocation_data data = { .len = BUF_SIZE, .fd_flags = O_RDWR | O_CLOEXEC };
				CHECK(ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &data) == 0, "DMA_HEAP_IOCTL_ALLOC");
				int buf = (int)data.fd;
				CHECK(lseek(buf, 0, SEEK_END) == BUF_SIZE, "lseek SEEK_END is the size");
				CHECK(lseek(buf, 0, SEEK_SET) == 0, "lseek SEEK_SET 0");
				CHECK(ioctl(tee, TEE_IOC_VERSION, &version) == 0 && version.impl_id == TEE_IMPL_ID_OPTEE, "TEE_IOC_VERSION after an allocation");
				small += 3;
				CHECK(close(buf) == 0, "close the dma-buf");
				CHECK(lseek(buf, 0, SEEK_SET) < 0 && errno == EBADF, "lseek on the closed fd is EBADF");
			}
		}
	}
	close(heap);
	close(tee);
	printf("ok %ld small requests\n", small);
	printf("PASS\n");
	return 0;
}
