/*
 * Two processes share a dma-buf as Linux programs do: the parent allocates and fills it, sends the fd
 * over a Unix socket (SCM_RIGHTS) to a child forked before the buffer existed; the child maps it, checks
 * the bytes, writes its answer and tells the parent, which reads the answer through its own mapping.
 * Usage: dmabuf_pass [HEAP]   (default: system). Exit 0 on success.
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
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define SIZE (64 * 4096)

static void send_fd(int sock, int fd)
{
	char byte = 'f';
	struct iovec iov = { &byte, 1 };
	char control[CMSG_SPACE(sizeof(int))];
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control };
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof fd);
	CHECK(sendmsg(sock, &m, 0) == 1, "sendmsg SCM_RIGHTS");
}

static int recv_fd(int sock)
{
	char byte;
	struct iovec iov = { &byte, 1 };
	char control[CMSG_SPACE(sizeof(int))];
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control };
	CHECK(recvmsg(sock, &m, 0) == 1, "recvmsg");
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	CHECK(c && c->cmsg_type == SCM_RIGHTS, "an fd came");
	int fd;
	memcpy(&fd, CMSG_DATA(c), sizeof fd);
	return fd;
}

static void sync_buf(int fd, uint64_t flags)
{
	struct dma_buf_sync s = { .flags = flags };
	CHECK(ioctl(fd, DMA_BUF_IOCTL_SYNC, &s) == 0, "DMA_BUF_IOCTL_SYNC");
}

static int child(int sock)
{
	int buf = recv_fd(sock);
	unsigned char *map = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, buf, 0);
	CHECK(map != MAP_FAILED, "child: mmap the received dma-buf");
	CHECK(lseek(buf, 0, SEEK_END) == SIZE, "child: the received fd is the buffer (size)");
	sync_buf(buf, DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW);
	for (int i = 0; i < SIZE; i++)
		CHECK(map[i] == (unsigned char)(i ^ 0x5a), "child: byte %d is the parent's", i);
	for (int i = 0; i < SIZE; i++)
		map[i] = (unsigned char)(i + 1);
	sync_buf(buf, DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW);
	printf("ok child read the parent's bytes and wrote its own\n");
	fflush(stdout);
	munmap(map, SIZE);
	close(buf);
	char done = 'd';
	CHECK(write(sock, &done, 1) == 1, "child: tell the parent");
	return 0;
}

int main(int argc, char **argv)
{
	const char *heap_name = argc > 1 ? argv[1] : "system";
	int pair[2];
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, pair) == 0, "socketpair");
	pid_t pid = fork();
	CHECK(pid >= 0, "fork");
	if (pid == 0) {
		close(pair[0]);
		exit(child(pair[1]));
	}
	close(pair[1]);

	char path[256];
	snprintf(path, sizeof path, "/dev/dma_heap/%s", heap_name);
	int heap = open(path, O_RDONLY | O_CLOEXEC);
	CHECK(heap >= 0, "open %s", path);
	struct dma_heap_allocation_data data = { .len = SIZE, .fd_flags = O_RDWR | O_CLOEXEC };
	CHECK(ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &data) == 0, "allocate");
	int buf = (int)data.fd;
	unsigned char *map = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, buf, 0);
	CHECK(map != MAP_FAILED, "parent: mmap");
	for (int i = 0; i < SIZE; i++)
		map[i] = (unsigned char)(i ^ 0x5a);
	send_fd(pair[0], buf);
	close(buf); /* the buffer lives on in the child's fd */
	char done;
	CHECK(read(pair[0], &done, 1) == 1 && done == 'd', "the child answered");
	for (int i = 0; i < SIZE; i++)
		CHECK(map[i] == (unsigned char)(i + 1), "parent: byte %d is the child's", i);
	int status;
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0, "the child passed");
	munmap(map, SIZE);
	close(heap);
	printf("ok parent sees the child's bytes\nPASS\n");
	return 0;
}
