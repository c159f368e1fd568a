/* temp-store: a throw-away database for unit tests that need the store, removed with its
 * WAL files by drop_store. */
#ifndef RP_TEST_TEMP_STORE_H
#define RP_TEST_TEMP_STORE_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "rapporteur/store.h"

static inline struct rp_store *temp_store(char path[64])
{
	struct rp_store *s = NULL;
	const char *tmp = getenv("TMPDIR");
	int fd;

	snprintf(path, 64, "%.40s/rp-unit-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	fd = mkstemp(path);
	if (fd < 0)
		return NULL;
	close(fd);
	unlink(path);
	if (rp_store_open(&s, path, 0, NULL) != 0)
		return NULL;
	return s;
}

static inline void drop_store(struct rp_store *s, const char *path)
{
	char side[80];

	rp_store_close(s);
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

#endif
