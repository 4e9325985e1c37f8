/*
 * A TEE client speaking the raw TEE ioctls (no libteec): VERSION, SHM_ALLOC + mmap, OPEN_SESSION to
 * the sdp_basic TA, SHM_REGISTER_FD of a protected dma-buf, INVOKE inject / transform / dump.
 * Built against the system's headers only; runs under `protmem exec`.
 * Usage: tee_client [SDP-HEAP]   (without one: protected,secure-video, else the first restricted heap)
 * Exit 0 on success, 77 when the board has no SDP heap, 1 on a failure.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/dma-heap.h>
#include <linux/tee.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

/* Linux 6.18's TEE_IOC_SHM_REGISTER_FD; the system's tee.h may predate it. */
#ifndef TEE_IOC_SHM_REGISTER_FD
struct tee_ioctl_shm_register_fd_data {
	__s64 fd;
	__u64 size;
	__u32 flags;
	__s32 id;
};
#define TEE_IOC_SHM_REGISTER_FD _IOWR(TEE_IOC_MAGIC, TEE_IOC_BASE + 8, struct tee_ioctl_shm_register_fd_data)
#endif

#include "check.h"

#define CMD_INJECT 0
#define CMD_TRANSFORM 1
#define CMD_DUMP 2
#define SIZE 8192

/* 12345678-5b69-11e4-9dbb-101f74f00099, big-endian as TEE_IOC_OPEN_SESSION takes it */
static const uint8_t sdp_basic_uuid[16] = { 0x12, 0x34, 0x56, 0x78, 0x5b, 0x69, 0x11, 0xe4, 0x9d, 0xbb, 0x10, 0x1f, 0x74, 0xf0, 0x00, 0x99 };

/* TEE_IOC_INVOKE's buffer: the argument, then num_params parameters (buf_len must match exactly). */
struct call {
	struct tee_ioctl_invoke_arg invoke;
	struct tee_ioctl_param params[4];
};

static void memref(struct tee_ioctl_param *p, uint64_t attr, int shm, uint64_t size)
{
	p->attr = attr;
	p->a = 0;
	p->b = size;
	p->c = (uint64_t)shm;
}

static int invoke(int tee, uint32_t session, uint32_t func, struct call *c, int n)
{
	c->invoke.func = func;
	c->invoke.session = session;
	c->invoke.num_params = 4;
	for (int i = n; i < 4; i++)
		c->params[i].attr = TEE_IOCTL_PARAM_ATTR_TYPE_NONE;
	struct tee_ioctl_buf_data buf = { .buf_ptr = (uintptr_t)c, .buf_len = sizeof *c };
	if (ioctl(tee, TEE_IOC_INVOKE, &buf) < 0)
		return -1;
	return (int)c->invoke.ret;
}

static int find_heap(char *name, size_t cap)
{
	DIR *d = opendir("/dev/dma_heap");
	if (!d)
		return 0;
	int found = 0;
	for (struct dirent *e; (e = readdir(d));) {
		if (strcmp(e->d_name, "protected,secure-video") == 0 || (!found && strncmp(e->d_name, "restricted", 10) == 0)) {
			snprintf(name, cap, "%s", e->d_name);
			found = 1 + (strcmp(e->d_name, "protected,secure-video") == 0);
		}
	}
	closedir(d);
	return found;
}

int main(int argc, char **argv)
{
	char heap_name[256];
	if (argc > 1)
		snprintf(heap_name, sizeof heap_name, "%s", argv[1]);
	else if (!find_heap(heap_name, sizeof heap_name)) {
		printf("SKIP no SDP heap on this board\n");
		return 77;
	}

	int tee = open("/dev/tee0", O_RDWR);
	CHECK(tee >= 0, "open /dev/tee0");
	struct tee_ioctl_version_data version;
	CHECK(ioctl(tee, TEE_IOC_VERSION, &version) == 0, "TEE_IOC_VERSION");
	CHECK(version.impl_id == TEE_IMPL_ID_OPTEE, "impl_id is OP-TEE (%u)", version.impl_id);
	CHECK(ioctl(tee, TEE_IOC_VERSION, (void *)16) < 0 && errno == EFAULT, "a bad pointer is EFAULT");
	struct tee_ioctl_buf_data nowhere = { .buf_ptr = 16, .buf_len = sizeof(struct tee_ioctl_invoke_arg) };
	CHECK(ioctl(tee, TEE_IOC_INVOKE, &nowhere) < 0 && errno == EFAULT, "a bad nested pointer is EFAULT");
	printf("ok version: OP-TEE, caps 0x%x\n", version.gen_caps);

	struct tee_ioctl_shm_alloc_data alloc = { .size = SIZE };
	int shm_fd = ioctl(tee, TEE_IOC_SHM_ALLOC, &alloc);
	CHECK(shm_fd >= 0, "TEE_IOC_SHM_ALLOC");
	unsigned char *shm = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, shm_fd, 0);
	CHECK(shm != MAP_FAILED, "mmap the shared memory");
	for (int i = 0; i < SIZE; i++)
		shm[i] = (unsigned char)(i * 13 + 5);
	printf("ok shm alloc id %d, mapped\n", alloc.id);

	struct tee_ioctl_open_session_arg open_arg;
	memset(&open_arg, 0, sizeof open_arg);
	memcpy(open_arg.uuid, sdp_basic_uuid, sizeof sdp_basic_uuid);
	open_arg.clnt_login = TEE_IOCTL_LOGIN_PUBLIC;
	open_arg.num_params = 0;
	struct tee_ioctl_buf_data buf = { .buf_ptr = (uintptr_t)&open_arg, .buf_len = sizeof open_arg };
	CHECK(ioctl(tee, TEE_IOC_OPEN_SESSION, &buf) == 0 && open_arg.ret == 0, "OPEN_SESSION to sdp_basic (ret 0x%x origin %u)", open_arg.ret, open_arg.ret_origin);
	uint32_t session = open_arg.session;
	struct call c;
	printf("ok session %u\n", session);

	char path[300];
	snprintf(path, sizeof path, "/dev/dma_heap/%s", heap_name);
	int heap = open(path, O_RDONLY | O_CLOEXEC);
	CHECK(heap >= 0, "open %s", path);
	struct dma_heap_allocation_data data = { .len = SIZE, .fd_flags = O_RDWR | O_CLOEXEC };
	CHECK(ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &data) == 0, "allocate a protected buffer");
	CHECK(mmap(NULL, SIZE, PROT_READ, MAP_SHARED, (int)data.fd, 0) == MAP_FAILED && errno == EINVAL, "a protected buffer refuses mmap");
	struct tee_ioctl_shm_register_fd_data reg = { .fd = data.fd };
	int reg_fd = ioctl(tee, TEE_IOC_SHM_REGISTER_FD, &reg);
	CHECK(reg_fd >= 0 && reg.id > 0 && reg.size >= SIZE, "TEE_IOC_SHM_REGISTER_FD");
	printf("ok protected buffer registered, shm id %d\n", reg.id);

	memset(&c, 0, sizeof c);
	memref(&c.params[0], TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT, alloc.id, SIZE);
	memref(&c.params[1], TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT, reg.id, SIZE);
	CHECK(invoke(tee, session, CMD_INJECT, &c, 2) == 0, "INVOKE inject (ret 0x%x)", c.invoke.ret);
	memset(&c, 0, sizeof c);
	memref(&c.params[0], TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT, reg.id, SIZE);
	CHECK(invoke(tee, session, CMD_TRANSFORM, &c, 1) == 0, "INVOKE transform (ret 0x%x)", c.invoke.ret);
	memset(shm, 0, SIZE);
	memset(&c, 0, sizeof c);
	memref(&c.params[0], TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT, reg.id, SIZE);
	memref(&c.params[1], TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT, alloc.id, SIZE);
	CHECK(invoke(tee, session, CMD_DUMP, &c, 2) == 0, "INVOKE dump (ret 0x%x)", c.invoke.ret);
	for (int i = 0; i < SIZE; i++)
		CHECK(shm[i] == (unsigned char)(-(unsigned char)(i * 13 + 5)), "byte %d is transformed (0x%02x)", i, shm[i]);
	printf("ok inject, transform, dump: the secure world saw the mapped bytes and wrote them back\n");

	struct tee_ioctl_close_session_arg close_arg = { .session = session };
	CHECK(ioctl(tee, TEE_IOC_CLOSE_SESSION, &close_arg) == 0, "CLOSE_SESSION");
	munmap(shm, SIZE);
	close(reg_fd);
	close((int)data.fd);
	close(heap);
	close(shm_fd);
	close(tee);
	printf("PASS\n");
	return 0;
}
