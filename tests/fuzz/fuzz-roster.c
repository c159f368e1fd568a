/* fuzz-roster: a member roster CSV on arbitrary bytes, imported into a real store. libcsv
 * parses; what is fuzzed is the mapping of its fields to members and aliases (header
 * columns, empty rows, alias lists, address checks) and the all-or-nothing savepoint.
 * Must never crash, leak or read out of bounds, and a refused file must change nothing. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rapporteur/members.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct rp_store *store;
static char dir[] = "/tmp/fuzz-roster.XXXXXX";
static char csv_path[64], db_path[64];

static void cleanup(void)
{
	rp_store_close(store);
	unlink(csv_path);
	unlink(db_path);
	strcat(db_path, "-wal");
	unlink(db_path);
	db_path[strlen(db_path) - 4] = '\0';
	strcat(db_path, "-shm");
	unlink(db_path);
	rmdir(dir);
}

static int64_t members(void)
{
	sqlite3_stmt *st = NULL;
	int64_t n = -1;

	if (rp_store_prepare(store, &st, "SELECT (SELECT count(*) FROM member) * 1000000 +"
					 " (SELECT count(*) FROM member_alias)", NULL) == 0 &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rp_error err = { 0 };
	size_t count = 0;
	int64_t before;
	FILE *f;

	if (!store) {
		if (!mkdtemp(dir))
			abort();
		snprintf(csv_path, sizeof(csv_path), "%s/roster.csv", dir);
		snprintf(db_path, sizeof(db_path), "%s/store.db", dir);
		if (rp_store_open(&store, db_path, 0, &err))
			abort();
		atexit(cleanup);
	}
	f = fopen(csv_path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f))
		abort();
	before = members();
	if (rp_members_import_csv(store, csv_path, &count, &err) != 0 && members() != before)
		abort(); /* a refused roster changed the store */
	rp_store_exec(store, "DELETE FROM member", NULL);
	return 0;
}
