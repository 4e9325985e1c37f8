/*
 * posix_spawn with model fds: the parent allocates a dma-buf (O_CLOEXEC), writes it through a mapping and
 * spawns itself with a file action dup2-ing the buffer to fd 5. The child must find the buffer at fd 5
 * (mapped pages hold the parent's bytes; it writes its own) and the O_CLOEXEC original gone (EBADF).
 * Built against the system's headers only; runs under `protmem exec`.
 * Prints one "ok ..." line per check, "FAIL ..." on the first failure (exit 1), "PASS" at the end.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/dma-buf.h>
#include <linux/dma-heap.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define SIZE 8192
#define CHILD_FD 5

extern char **environ;

static int child(int original)
{
	struct dma_buf_sync sync = { .flags = DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW };
	unsigned char *map = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, CHILD_FD, 0);
	CHECK(map != MAP_FAILED, "child: mmap the buffer at fd %d", CHILD_FD);
	CHECK(ioctl(CHILD_FD, DMA_BUF_IOCTL_SYNC, &sync) == 0, "child: DMA_BUF_IOCTL_SYNC on fd %d", CHILD_FD);
	for (int i = 0; i < SIZE; i++)
		CHECK(map[i] == (unsigned char)(i * 7), "child: byte %d is the parent's", i);
	memset(map, 0xa5, SIZE);
	errno = 0;
	CHECK(ioctl(original, DMA_BUF_IOCTL_SYNC, &sync) < 0 && errno == EBADF, "child: the O_CLOEXEC original fd %d is gone", original);
	CHECK(munmap(map, SIZE) == 0 && close(CHILD_FD) == 0, "child: unmap and close");
	printf("ok spawned child found the buffer at fd %d\n", CHILD_FD);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "child") == 0)
		return child(atoi(argv[2]));
	int heap = open("/dev/dma_heap/system", O_RDONLY | O_CLOEXEC);
	CHECK(heap >= 0, "open /dev/dma_heap/system");
	struct dma_heap_allocation_data data = { .len = SIZE, .fd_flags = O_RDWR | O_CLOEXEC };
	CHECK(ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &data) == 0, "DMA_HEAP_IOCTL_ALLOC");
	int buf = (int)data.fd;
	unsigned char *map = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, buf, 0);
	CHECK(map != MAP_FAILED, "mmap the buffer");
	for (int i = 0; i < SIZE; i++)
		map[i] = (unsigned char)(i * 7);

	posix_spawn_file_actions_t actions;
	CHECK(posix_spawn_file_actions_init(&actions) == 0 && posix_spawn_file_actions_adddup2(&actions, buf, CHILD_FD) == 0, "file actions");
	char number[16];
	snprintf(number, sizeof number, "%d", buf);
	char *args[] = { argv[0], "child", number, NULL };
	pid_t pid;
	fflush(stdout);
	CHECK(posix_spawn(&pid, argv[0], &actions, NULL, args, environ) == 0, "posix_spawn");
	int status;
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0, "the spawned child passed (status 0x%x)", status);
	for (int i = 0; i < SIZE; i++)
		CHECK(map[i] == 0xa5, "byte %d is the child's", i);
	printf("ok parent sees the spawned child's bytes\n");
	posix_spawn_file_actions_destroy(&actions);
	CHECK(munmap(map, SIZE) == 0 && close(buf) == 0 && close(heap) == 0, "unmap and close");
	printf("PASS\n");
	return 0;
}
