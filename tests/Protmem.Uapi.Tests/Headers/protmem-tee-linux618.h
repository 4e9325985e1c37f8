/* SPDX-License-Identifier: MIT */
/* Protmem's ABI check (RealHeaderTests): TEE_IOC_SHM_REGISTER_FD (Linux 6.18), declared when this machine's tee.h predates it. */
#ifndef PROTMEM_ABI_TEE_LINUX618_H
#define PROTMEM_ABI_TEE_LINUX618_H

/* Linux 6.18 (v12 5/9): used only when this machine's tee.h predates it. */
#ifndef TEE_IOC_SHM_REGISTER_FD
#define PROTMEM_DECLARED_LINUX618 1
struct tee_ioctl_shm_register_fd_data {
    __s64 fd;
    __u64 size;
    __u32 flags;
    __s32 id;
};
#define TEE_IOC_SHM_REGISTER_FD _IOWR(TEE_IOC_MAGIC, TEE_IOC_BASE + 8, struct tee_ioctl_shm_register_fd_data)
#else
#define PROTMEM_DECLARED_LINUX618 0
#endif

#endif /* PROTMEM_ABI_TEE_LINUX618_H */
