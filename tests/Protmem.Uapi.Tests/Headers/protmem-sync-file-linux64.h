/* SPDX-License-Identifier: MIT */
/* Protmem's ABI check (RealHeaderTests): SYNC_IOC_SET_DEADLINE (Linux 6.4), declared when this machine's sync_file.h predates it. */
#ifndef PROTMEM_ABI_SYNC_FILE_LINUX64_H
#define PROTMEM_ABI_SYNC_FILE_LINUX64_H

/* Linux 6.4 (sync_file.h): used only when this machine's header predates it. */
#ifndef SYNC_IOC_SET_DEADLINE
#define PROTMEM_DECLARED_SET_DEADLINE 1
struct sync_set_deadline {
    __u64 deadline_ns;
    __u64 pad;
};
#define SYNC_IOC_SET_DEADLINE _IOW(SYNC_IOC_MAGIC, 5, struct sync_set_deadline)
#else
#define PROTMEM_DECLARED_SET_DEADLINE 0
#endif

#endif /* PROTMEM_ABI_SYNC_FILE_LINUX64_H */
