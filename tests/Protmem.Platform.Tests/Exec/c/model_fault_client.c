/*
 * A program meeting a bug in the model: the test makes the model's handler of the first ioctl throw.
 * The call must fail with EIO (not hang), and the model must keep serving the calls after it.
 * Built against the system's headers only; runs under `protmem exec`.
 * Prints one "ok ..." line per check, "FAIL ..." on the first failure (exit 1), "PASS" at the end.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/tee.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "check.h"

int main(void)
{
	struct tee_ioctl_version_data version = { 0 };
	int tee = open("/dev/tee0", O_RDWR);
	CHECK(tee >= 0, "open /dev/tee0");
	errno = 0;
	CHECK(ioctl(tee, TEE_IOC_VERSION, &version) == -1 && errno == EIO, "the ioctl the model fails on is EIO");
	printf("ok a model bug is EIO\n");
	CHECK(ioctl(tee, TEE_IOC_VERSION, &version) == 0 && version.impl_id == TEE_IMPL_ID_OPTEE, "TEE_IOC_VERSION after the bug");
	printf("ok the model serves the next call\n");
	CHECK(close(tee) == 0, "close /dev/tee0");
	printf("PASS\n");
	return 0;
}
