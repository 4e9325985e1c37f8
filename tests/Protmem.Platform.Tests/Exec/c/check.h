/*
 * The tests' C programs report each check the same way: "FAIL file:line: what (errno N text)" on
 * stdout and exit 1 on the first failure. Included by every program here; system headers only.
 */
#ifndef PROTMEM_TEST_CHECK_H
#define PROTMEM_TEST_CHECK_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond, ...)                                                   \
	do {                                                                   \
		if (!(cond)) {                                                     \
			printf("FAIL %s:%d: ", __FILE__, __LINE__);                     \
			printf(__VA_ARGS__);                                           \
			printf(" (errno %d %s)\n", errno, strerror(errno));            \
			exit(1);                                                       \
		}                                                                  \
	} while (0)

#endif
