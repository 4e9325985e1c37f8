/* SPDX-License-Identifier: MIT */
/* Protmem's ABI check (RealHeaderTests): The seed design (TEE_IOC_RSTMEM_ALLOC, series v4/v5): in no header. */
#ifndef PROTMEM_ABI_SEED_DESIGN_H
#define PROTMEM_ABI_SEED_DESIGN_H

/* Seed design (TEE_IOC_RSTMEM_ALLOC, series v4/v5): never in a header. */
struct tee_ioctl_rstmem_alloc_data {
    __u64 size;
    __u32 flags;
    __u32 use_case;
    __s32 id;
};
#define TEE_IOC_RSTMEM_ALLOC _IOWR(TEE_IOC_MAGIC, TEE_IOC_BASE + 10, struct tee_ioctl_rstmem_alloc_data)
#define TEE_GEN_CAP_RSTMEM (1 << 4)
#define TEE_IOC_UC_RESERVED 0
#define TEE_IOC_UC_SECURE_VIDEO_PLAY 1
#define TEE_IOC_UC_TRUSTED_UI 2
#define TEE_IOC_UC_SECURE_VIDEO_RECORD 3

#endif /* PROTMEM_ABI_SEED_DESIGN_H */
