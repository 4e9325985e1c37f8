/*
 * fork and exec with model fds: a child inherits the parent's dma-buf fd and mapping, writes through
 * the mapping, uses the fd, allocates its own buffer; another child execs this program again, which
 * finds the inherited (not close-on-exec) dma-buf fd by its number.
 * Usage: fork_client [HEAP] | fork_client --exec-child FD SIZE. Exit 0 on success.
 */
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
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define SIZE (16 * 4096)

static int alloc(int heap, int fd_flags)
{
	struct dma_heap_allocation_data data = { .len = SIZE, .fd_flags = (uint32_t)fd_flags };
	CHECK(ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &data) == 0, "allocate");
	return (int)data.fd;
}

static int wait_ok(pid_t pid)
{
	int status;
	return waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "--exec-child") == 0) {
		int fd = atoi(argv[2]);
		CHECK(lseek(fd, 0, SEEK_END) == atol(argv[3]), "exec'd image: fd %d is still the dma-buf", fd);
		unsigned char *map = mmap(NULL, SIZE, PROT_READ, MAP_SHARED, fd, 0);
		CHECK(map != MAP_FAILED && map[0] == 0xc3, "exec'd image: the buffer holds the parent's bytes");
		printf("ok exec'd image uses the inherited fd\n");
		return 0;
	}
	const char *heap_name = argc > 1 ? argv[1] : "system";
	char path[256];
	snprintf(path, sizeof path, "/dev/dma_heap/%s", heap_name);
	int heap = open(path, O_RDONLY | O_CLOEXEC);
	CHECK(heap >= 0, "open %s", path);
	int buf = alloc(heap, O_RDWR);
	unsigned char *map = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, buf, 0);
	CHECK(map != MAP_FAILED, "mmap");
	memset(map, 0xc3, SIZE);
	fflush(stdout);

	pid_t pid = fork();
	CHECK(pid >= 0, "fork");
	if (pid == 0) {
		CHECK(map[SIZE - 1] == 0xc3, "child: the inherited mapping holds the parent's bytes");
		map[1] = 0x3c;
		struct dma_buf_sync s = { .flags = DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ };
		CHECK(ioctl(buf, DMA_BUF_IOCTL_SYNC, &s) == 0, "child: the inherited fd works");
		int own = alloc(heap, O_RDWR | O_CLOEXEC);
		CHECK(own >= 0 && lseek(own, 0, SEEK_END) == SIZE, "child: its own allocation");
		printf("ok forked child used the inherited fd and mapping\n");
		fflush(stdout);
		_exit(0); /* leaves its own buffer open: exit closes it */
	}
	CHECK(wait_ok(pid), "the forked child passed");
	CHECK(map[1] == 0x3c, "parent: sees the child's write");

	pid = fork();
	CHECK(pid >= 0, "fork");
	if (pid == 0) {
		char fd_arg[16], size_arg[16];
		snprintf(fd_arg, sizeof fd_arg, "%d", buf);
		snprintf(size_arg, sizeof size_arg, "%d", SIZE);
		execl("/proc/self/exe", argv[0], "--exec-child", fd_arg, size_arg, (char *)NULL);
		printf("FAIL exec: %s\n", strerror(errno));
		_exit(1);
	}
	CHECK(wait_ok(pid), "the exec'd child passed");
	munmap(map, SIZE);
	close(buf);
	close(heap);
	printf("PASS\n");
	return 0;
}
