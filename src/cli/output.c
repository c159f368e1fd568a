/* output: where compile and check write a document (-o FILE), safely. A regular file is
 * replaced atomically (a temporary file beside it, renamed over it), so a full disk, an
 * error or a kill never leaves the previous document truncated; the database itself is
 * never an output. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* path with its directory made absolute and its symbolic links resolved: two names of one
 * file, or of one file to be, compare equal. NULL when the directory does not exist. */
static char *canonical(const char *path)
{
	char *d = rp_strdup(path), *b = rp_strdup(path), *dir = NULL, *out = NULL;

	if (d && b && (dir = realpath(dirname(d), NULL)) &&
	    (out = malloc(strlen(dir) + strlen(b) + 2)))
		sprintf(out, "%s/%s", strcmp(dir, "/") ? dir : "", basename(b));
	free(d);
	free(b);
	free(dir);
	return out;
}

/* 1 when path names the database or one of the files SQLite keeps beside it: writing
 * there would destroy the store, or pass for a hot journal it would roll back. */
static int is_database(const char *db, const char *path)
{
	static const char *const side[] = { "", "-wal", "-shm", "-journal" };
	struct stat a, b;
	char *out, *store;
	size_t i;
	int same = 0;

	if (!db)
		return 0;
	if (stat(path, &a) == 0 && stat(db, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
		return 1;
	out = canonical(path);
	store = canonical(db);
	for (i = 0; out && store && !same && i < sizeof(side) / sizeof(side[0]); i++)
		same = strncmp(out, store, strlen(store)) == 0 && strcmp(out + strlen(store), side[i]) == 0;
	free(out);
	free(store);
	return same;
}

/* A device, a FIFO, or any file that is not a regular one: written to as it is. */
static int write_in_place(const char *path, const char *data, size_t len, struct rp_error *err)
{
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC), e;

	if (fd < 0)
		return rp_error_set(err, RP_EIO, path, "%s", strerror(errno));
	e = rp_write_all(fd, data, len);
	if (close(fd) && !e)
		e = errno;
	return e ? rp_error_set(err, RP_EIO, path, "%s", strerror(e)) : 0;
}

/* A regular file, new or not: written to "DIR/.NAME.XXXXXX", flushed, renamed over NAME. */
static int replace_file(const char *path, const struct stat *old, const char *data, size_t len,
			struct rp_error *err)
{
	char *d = rp_strdup(path), *b = rp_strdup(path), *tmp = NULL;
	int fd = -1, e = ENOMEM;

	if (d && b && (tmp = malloc(strlen(path) + 16)))
		sprintf(tmp, "%s/.%s.XXXXXX", dirname(d), basename(b));
	free(d);
	free(b);
	if (!tmp)
		return rp_error_set(err, RP_ENOMEM, path, "out of memory");
	if ((fd = mkstemp(tmp)) < 0) {
		e = errno;
		free(tmp);
		return rp_error_set(err, RP_EIO, path, "cannot create a file beside it: %s",
				    strerror(e));
	}
	/* mkstemp makes it 0600: the mode the document will have (the owner too, as root) */
	e = fchmod(fd, old ? old->st_mode & 07777 : 0644) ? errno : 0;
	if (!e && old && (old->st_uid != geteuid() || old->st_gid != getegid()))
		(void)!fchown(fd, old->st_uid, old->st_gid);
	if (!e)
		e = rp_write_all(fd, data, len);
	if (!e && fsync(fd))
		e = errno;
	if (close(fd) && !e)
		e = errno;
	if (!e && rename(tmp, path))
		e = errno;
	if (e)
		unlink(tmp);
	free(tmp);
	return e ? rp_error_set(err, RP_EIO, path, "%s", strerror(e)) : 0;
}

int rp_cli_write_output(const struct rp_cli *cli, const char *path, const char *data,
			size_t len, struct rp_error *err)
{
	struct stat st;
	char *target;
	int rc;

	if (!path || strcmp(path, "-") == 0) {
		if (fwrite(data, 1, len, stdout) != len || fflush(stdout))
			return rp_error_set(err, RP_EIO, "stdout", "write failed");
		return 0;
	}
	if (!*path)
		return rp_error_set(err, RP_EUSAGE, "-o", "an empty file name");
	if (is_database(cli->db_path, path))
		return rp_error_set(err, RP_EUSAGE, path,
				    "that is the database (or a file SQLite keeps beside it); "
				    "give -o another file");
	/* A symbolic link is followed: the file it names is replaced, the link kept. */
	target = realpath(path, NULL);
	if (!target && errno != ENOENT)
		return rp_error_set(err, RP_EIO, path, "%s", strerror(errno));
	if (target && stat(target, &st) != 0)
		rc = rp_error_set(err, RP_EIO, path, "%s", strerror(errno));
	else if (target && !S_ISREG(st.st_mode))
		rc = write_in_place(target, data, len, err);
	else
		rc = replace_file(target ? target : path, target ? &st : NULL, data, len, err);
	free(target);
	return rc;
}
