/* path: import from the file system. A path is a Maildir (cur/ and new/, then its
 * folders: Maildir++ ".Lists.wg" and nested ones, each a Maildir itself), a directory
 * (walked recursively in name order, hidden entries skipped, each directory once however
 * many symbolic links lead to it), an mbox or Mailman monthly archive (.txt),
 * gzip-compressed or not (zlib reads both), a single message (.eml), an Apple Mail .emlx
 * (the message by the length its first line gives, without the property list after it),
 * or "-" for standard input. The files mail programs keep beside the mail (Thunderbird's
 * .msf summaries, Apple Mail's Info.plist and the Attachments folder beside its Messages,
 * Dovecot's and Courier's indexes) are passed over in a directory, and so is a Maildir's
 * draft (flag D), which its writer never sent to the list.
 * Unreadable files and undecodable data are reported with the file name and byte offset
 * and skipped; only database failures stop the import. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "ingest-private.h"

/* A gzip bomb stops cleanly instead of filling the disk: past gzip_free_bytes, at most
 * gzip_max_ratio decompressed bytes per compressed byte (real mail compresses 3-10x). */

struct file_ctx {
	struct rp_ingest *in;
	const char *path;
	struct rp_error *err;
	int fatal;
	uint64_t messages;
	const char *cut; /* why the stream ended early: recorded with the last message */
	struct rp_mbox_splitter *sp;
};

/* What a file is known to be before it is read: anything (sniffed from its start), a
 * single message (.eml), or a Maildir's message, whose file name says when it arrived. */
enum { READ_ANY = 0, READ_MESSAGE = 1, READ_MAILDIR = 2 };

#define NOTE_TOO_LARGE "message larger than the size limit: truncated"
#define NOTE_UNTERMINATED "the mbox ends in the middle of this message's last line: the file was cut short"

/* The reader's notes on a message, joined by "; " into tmp: cut at the size limit, cut by
 * the end of a damaged stream (cut), started without the blank line before its From_ line
 * (at byte offset). NULL when there is none; the caller releases tmp. */
static const char *message_note(int flags, const char *cut, uint64_t offset, struct rp_buf *tmp)
{
	if (flags & RP_MBOX_NO_BLANK)
		rp_buf_addf(tmp, "no blank line before the From line at byte %llu",
			    (unsigned long long)offset);
	if (flags & RP_MBOX_TRUNCATED)
		rp_buf_addf(tmp, "%s%s", tmp->len ? "; " : "", NOTE_TOO_LARGE);
	if (cut)
		rp_buf_addf(tmp, "%s%s", tmp->len ? "; " : "", cut);
	if (tmp->len)
		return tmp->buf;
	/* None, or out of memory: then the first reason at least. */
	return (flags & RP_MBOX_NO_BLANK)    ? "no blank line before the From line"
	       : (flags & RP_MBOX_TRUNCATED) ? NOTE_TOO_LARGE
					     : cut;
}

static int on_message(void *ctx, const char *msg, size_t len, uint64_t offset, int flags)
{
	struct file_ctx *fc = ctx;
	enum rp_ingest_result res;
	struct rp_buf src = RP_BUF_INIT, tmp = RP_BUF_INIT;
	int rc;

	size_t elen = 0;
	const char *env = rp_mbox_envelope(fc->sp, &elen);
	int64_t arrival = 0;
	int dated = rp_mbox_from_line_date(env, elen, &arrival) == 0;

	/* "at byte", not ":N", which would read as a line number */
	rp_buf_addf(&src, "%s at byte %llu", fc->path, (unsigned long long)offset);
	/* A gzip stream cut short says so already (fc->cut). */
	rc = rp_ingest_add_noted(fc->in, msg, len, src.buf, 0, 0,
				 message_note(flags,
					      fc->cut ? fc->cut
					      : (flags & RP_MBOX_UNTERMINATED) ? NOTE_UNTERMINATED : NULL,
					      offset, &tmp),
				 dated ? &arrival : NULL, &res, fc->err);
	rp_buf_release(&src);
	rp_buf_release(&tmp);
	fc->messages++;
	if (rc) {
		fc->fatal = rc;
		return 1;
	}
	return 0;
}

static int looks_binary(const char *s, size_t n)
{
	size_t i, odd = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == 0 || (c < 32 && c != '\n' && c != '\r' && c != '\t' && c != '\f'))
			odd++;
	}
	return n && odd * 10 > n;
}

/* Does the start of a stream look like a message header ("Name: value")? */
static int looks_like_header(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < 80; i++) {
		char c = s[i];
		if (c == ':')
			return i > 0;
		if (c <= 32 || c >= 127)
			return 0;
	}
	return 0;
}

/* Why the start of a file (n bytes) is no mail. A message Outlook for Windows saved or
 * let be dragged out is a .msg file, an OLE compound file (signature D0 CF 11 E0 A1 B1
 * 1A E1) holding the message in properties, not in Internet form: named, with what to
 * give instead, since the mail it holds is lost to the import. */
static int is_ole(const char *s, size_t n)
{
	return n >= 8 && memcmp(s, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0;
}

static const char *not_mail(const char *s, size_t n)
{
	if (is_ole(s, n))
		return "an Outlook .msg file (or another OLE compound file), which is not Internet mail: "
		       "skipped; save the message in Internet form (.eml) or export the folder as mbox";
	if (looks_binary(s, n < 4096 ? n : 4096))
		return "binary data, not an mbox, Maildir or message file: skipped";
	return "not an mbox, Maildir or message file (no From_ line or header at the start): skipped";
}

/* Length of what may stand before the first line of a file: a UTF-8 byte order mark, then
 * (when blank) lines that are empty or white space. */
static size_t lead_len(const char *s, size_t n, int blank)
{
	size_t i = 0, k;

	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (blank && i < n) {
		for (k = i; k < n && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r'); k++)
			;
		if (k == n || s[k] != '\n')
			break;
		i = k + 1;
	}
	return i;
}

/* Apple Mail keeps each message in an .emlx file: a first line with the message's length
 * in bytes ("1523", maybe padded with spaces), the message (RFC 5322), then an XML property
 * list of Apple's flags, which is no mail. The length of that first line when s (n bytes)
 * starts with one followed by a header field, the message's length in *count; else 0. */
static size_t emlx_header(const char *s, size_t n, uint64_t *count)
{
	size_t i = 0, digits = 0;
	uint64_t v = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	for (; i < n && s[i] >= '0' && s[i] <= '9' && digits < 15; i++, digits++)
		v = v * 10 + (uint64_t)(s[i] - '0');
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i < n && s[i] == '\r')
		i++;
	if (!digits || !v || i >= n || s[i] != '\n' || !looks_like_header(s + i + 1, n - i - 1))
		return 0;
	*count = v;
	return i + 1;
}

/* When Apple Mail received an .emlx message: the property list after the message holds
 * date-received, seconds since 2001-01-01 UTC as <real> or <integer>. 0 when absent. */
static int emlx_arrival(const struct rp_buf *plist, int64_t *t)
{
	static const char key[] = "<key>date-received</key>";
	const char *p = plist->len ? memmem(plist->buf, plist->len, key, sizeof(key) - 1) : NULL;
	const char *end = plist->buf + plist->len;
	char num[32];
	size_t k = 0;

	if (!p)
		return 0;
	for (p += sizeof(key) - 1; p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n');)
		p++;
	if (end - p > 9 && memcmp(p, "<integer>", 9) == 0)
		p += 9;
	else if (end - p > 6 && memcmp(p, "<real>", 6) == 0)
		p += 6;
	else
		return 0;
	while (p < end && k < sizeof(num) - 1 && ((*p >= '0' && *p <= '9') || *p == '.' || *p == '-'))
		num[k++] = *p++;
	num[k] = '\0';
	if (!k || num[0] == '.' || num[0] == '-')
		return 0;
	*t = strtoll(num, NULL, 10) + 978307200; /* 2001-01-01 in Unix time */
	return 1;
}

/* When a Maildir message arrived: the seconds its file name starts with
 * ("1614589999.M9P1.mail,S=300:2,S"), the delivery time the format writes there. A file's
 * modification time is not used: a copy made without -p moves it to the day of the copy.
 * 0 when the name does not start that way. */
static int maildir_arrival(const char *path, int64_t *t)
{
	const char *name = strrchr(path, '/');
	int64_t v = 0;
	size_t i;

	name = name ? name + 1 : path;
	for (i = 0; name[i] >= '0' && name[i] <= '9' && i < 12; i++)
		v = v * 10 + (name[i] - '0');
	if (i < 9 || name[i] != '.')
		return 0;
	*t = v;
	return 1;
}

/* Read one file (plain or gzip) and feed it as mbox or as a single message. as: READ_ANY,
 * or the file is known to hold one message (READ_MESSAGE: .eml; READ_MAILDIR: a Maildir
 * entry). */
static int import_file(struct rp_ingest *in, const char *path, int fd, int as,
		       struct rp_error *err)
{
	struct rp_mbox_splitter *sp = NULL;
	struct file_ctx fc = { in, path, err, 0, 0, NULL, NULL };
	int force_message = as != READ_ANY;
	int64_t arrival = 0;
	struct rp_buf whole = RP_BUF_INIT, what = RP_BUF_INIT;
	char *chunk = NULL;
	gzFile gz = NULL;
	uint64_t out_bytes = 0;
	struct stat stbuf;
	off_t file_size = 0;
	int n, rc = 0, first = 1, as_mbox = 0, truncated = 0, emlx = 0;
	uint64_t emlx_left = 0; /* bytes of an .emlx file's message still to read */
	struct rp_buf plist = RP_BUF_INIT; /* the start of an .emlx file's property list */
	size_t skip = 0;        /* bytes at the start of the chunk that are no part of the mail */
	const size_t chunk_size = 1 << 18;

	if (fstat(fd, &stbuf) == 0 && S_ISREG(stbuf.st_mode))
		file_size = stbuf.st_size;
	gz = gzdopen(fd, "rb");
	chunk = malloc(chunk_size);
	if (!gz || !chunk) {
		if (!gz)
			close(fd);
		rc = rp_error_set(err, RP_ENOMEM, path, "out of memory");
		goto out;
	}
	gzbuffer(gz, 1 << 17);
	while ((n = gzread(gz, chunk, (unsigned)chunk_size)) > 0) {
		out_bytes += (uint64_t)n;
		if (file_size && in->opt.gzip_max_ratio && out_bytes > in->opt.gzip_free_bytes &&
		    out_bytes / (uint64_t)file_size > in->opt.gzip_max_ratio) {
			rp_buf_addf(&what, "decompresses more than %u times its size (gzip bomb?): "
					   "rest of the file skipped, the last message is incomplete",
				    in->opt.gzip_max_ratio);
			fc.cut = what.len ? what.buf : "gzip bomb?";
			break;
		}
		if (first) {
			first = 0;
			size_t bom = lead_len(chunk, (size_t)n, 0), lead = lead_len(chunk, (size_t)n, 1);

			if (!force_message && (size_t)n - lead >= 5 && memcmp(chunk + lead, "From ", 5) == 0) {
				as_mbox = 1; /* the splitter skips what leads */
			} else if (!force_message &&
				   (skip = emlx_header(chunk + bom, (size_t)n - bom, &emlx_left))) {
				emlx = 1; /* the message only, by the length its first line gives */
				skip += bom;
			} else if ((!force_message && !looks_like_header(chunk + bom, (size_t)n - bom)) ||
				   is_ole(chunk, (size_t)n)) {
				/* A .msg renamed .eml is no message either. */
				rp_ingest_report(in, path, not_mail(chunk, (size_t)n));
				in->stats.errors++;
				goto out;
			}
			if (as_mbox && (rc = rp_mbox_new(&sp, in->opt.limits.max_message_bytes,
							  on_message, &fc)))
				goto out;
			fc.sp = sp;
			whole.cap = in->opt.limits.max_message_bytes;
		}
		if (as_mbox) {
			rp_mbox_feed(sp, chunk, (size_t)n);
			if (fc.fatal)
				break;
		} else if (emlx && !emlx_left) {
			/* The property list after the message: only its date-received is read. */
			if (plist.len < 65536 && rp_buf_add(&plist, chunk + skip, (size_t)n - skip)) {
				rc = rp_error_set(err, RP_ENOMEM, path, "out of memory");
				goto out;
			}
			skip = 0;
		} else {
			size_t take = (size_t)n - skip;

			if (emlx && take > emlx_left)
				take = (size_t)emlx_left;
			emlx_left -= emlx ? take : 0;
			if (rp_buf_add(&whole, chunk + skip, take) == RP_ELIMIT) {
				truncated = 1; /* recorded with the message below */
				break;
			}
			skip += take;
			if (skip < (size_t)n && emlx && !emlx_left &&
			    rp_buf_add(&plist, chunk + skip, (size_t)n - skip)) {
				rc = rp_error_set(err, RP_ENOMEM, path, "out of memory");
				goto out;
			}
			skip = 0;
		}
	}
	if (n <= 0 && !fc.fatal) {
		/* gzread ends with 0 at a truncated stream too: zlib's error tells. */
		int zerr = Z_OK;
		const char *msg = gzerror(gz, &zerr);

		if (msg && strncmp(msg, "<fd:", 4) == 0 && strstr(msg, ": "))
			msg = strstr(msg, ": ") + 2; /* gzdopen's stand-in for a file name */
		if (n < 0 || zerr != Z_OK) {
			rp_buf_addf(&what, "%s (%s): the last message is incomplete",
				    zerr == Z_BUF_ERROR ? "truncated gzip stream"
				    : zerr == Z_ERRNO   ? "read error"
							: "damaged gzip stream",
				    zerr == Z_ERRNO ? strerror(errno) : msg && *msg ? msg : "no detail");
			fc.cut = what.len ? what.buf : "damaged stream";
		}
	}
	if (emlx && emlx_left && !truncated && !fc.cut) {
		rp_buf_addf(&what, "an Apple Mail .emlx file %llu bytes shorter than the message length "
				   "its first line gives: the message is incomplete",
			    (unsigned long long)emlx_left);
		fc.cut = what.len ? what.buf : "a short .emlx file";
	}
	if (fc.cut) {
		rp_ingest_report(in, path, fc.cut);
		in->stats.errors++;
	}
	if (as_mbox && !fc.fatal)
		rp_mbox_end(sp);
	else if (!as_mbox && (whole.len || force_message)) {
		enum rp_ingest_result res;
		struct rp_buf tmp = RP_BUF_INIT;

		rc = rp_ingest_add_noted(in, whole.buf, whole.len, path, 0, 0,
					 message_note(truncated ? RP_MBOX_TRUNCATED : 0, fc.cut, 0, &tmp),
					 (as == READ_MAILDIR && maildir_arrival(path, &arrival)) ||
						 (emlx && !emlx_left && emlx_arrival(&plist, &arrival))
						 ? &arrival : NULL,
					 &res, err);
		rp_buf_release(&tmp);
		if (rc)
			goto out;
	}
	if (fc.fatal)
		rc = fc.fatal;
out:
	if (gz)
		gzclose(gz);
	rp_mbox_free(sp);
	rp_buf_release(&whole);
	rp_buf_release(&what);
	rp_buf_release(&plist);
	free(chunk);
	return rc;
}

static void names_free(char **v, size_t n)
{
	while (n)
		free(v[--n]);
	free(v);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted entry names of a directory, hidden ones skipped unless hidden is set ("." and
 * ".." are always). */
static int list_dir(const char *dir, int hidden, char ***out, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = NULL, **nv;
	size_t cnt = 0, alloc = 0;

	*out = NULL;
	*n = 0;
	if (!d)
		return RP_EIO;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' &&
		    (!hidden || !e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
			continue;
		if (cnt == alloc) {
			alloc = alloc ? alloc * 2 : 64;
			nv = realloc(v, alloc * sizeof(*v));
			if (!nv)
				break;
			v = nv;
		}
		if (!(v[cnt] = rp_strdup(e->d_name)))
			break;
		cnt++;
	}
	closedir(d);
	if (cnt)
		qsort(v, cnt, sizeof(*v), cmp_names);
	*out = v;
	*n = cnt;
	return 0;
}

/* The directories one walk has entered, by (device, inode): a directory reached again
 * through a symbolic link (a link to "." or to a parent, or two links to one place) is
 * skipped, so a loop ends and a shared directory is read once. Open addressing, grown at
 * half full. */
struct walk {
	struct dir_id {
		dev_t dev;
		ino_t ino;
		int used;
	} *v;
	size_t n, cap;
	/* the store's own database file, which an imported directory may hold */
	dev_t db_dev;
	ino_t db_ino;
	int has_db;
};

static size_t dir_slot(const struct walk *w, dev_t dev, ino_t ino)
{
	size_t i = ((size_t)ino * 0x9E3779B97F4A7C15ull ^ (size_t)dev) & (w->cap - 1);

	while (w->v[i].used && (w->v[i].dev != dev || w->v[i].ino != ino))
		i = (i + 1) & (w->cap - 1);
	return i;
}

/* Record a directory as entered: 1 when it was new, 0 when entered before, or RP_ENOMEM. */
static int walk_enter(struct walk *w, const struct stat *st)
{
	size_t i;

	if (2 * (w->n + 1) > w->cap) {
		struct walk nw = { NULL, 0, w->cap ? 2 * w->cap : 64, w->db_dev, w->db_ino, w->has_db };

		if (!(nw.v = calloc(nw.cap, sizeof(*nw.v))))
			return RP_ENOMEM;
		for (i = 0; i < w->cap; i++)
			if (w->v[i].used)
				nw.v[dir_slot(&nw, w->v[i].dev, w->v[i].ino)] = w->v[i];
		nw.n = w->n;
		free(w->v);
		*w = nw;
	}
	i = dir_slot(w, st->st_dev, st->st_ino);
	if (w->v[i].used)
		return 0;
	w->v[i].dev = st->st_dev;
	w->v[i].ino = st->st_ino;
	w->v[i].used = 1;
	w->n++;
	return 1;
}

static int import_any(struct rp_ingest *in, struct walk *w, const char *path, int depth,
		      int as, struct rp_error *err);

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Is path a Maildir: does it hold cur/ or new/? sub is scratch space. */
static int is_maildir(const char *path, struct rp_buf *sub)
{
	int yes;

	rp_buf_clear(sub);
	rp_buf_addf(sub, "%s/cur", path);
	yes = is_dir(sub->buf);
	rp_buf_clear(sub);
	rp_buf_addf(sub, "%s/new", path);
	yes = yes || is_dir(sub->buf);
	rp_buf_clear(sub);
	return yes;
}

/* Does a Maildir file name carry the flag D, a draft the writer never sent (a reply kept
 * in Drafts)? Its flags follow "2," after the info separator, ':' or, on file systems
 * that refuse it, '!' or ';'; upper-case letters are flags, lower-case ones keywords. */
static int is_maildir_draft(const char *name)
{
	const char *info = NULL, *p;

	for (p = name; (p = strstr(p, "2,")); p++)
		if (p > name && (p[-1] == ':' || p[-1] == '!' || p[-1] == ';'))
			info = p + 2;
	for (p = info; p && *p && *p != ',' && *p != ':'; p++)
		if (*p == 'D')
			return 1;
	return 0;
}

/* A file or directory a mail program keeps beside the mail it stores, which is no mail:
 * Thunderbird's summaries (wg.msf) and settings, Apple Mail's export metadata, Dovecot's
 * and Courier's indexes, UID lists and keywords, a Maildir++ folder's marker. Passed over
 * in a directory (named on the command line, it is reported as what it is). */
static int is_client_file(const char *name)
{
	static const char *const exact[] = {
		"Info.plist",          "table_of_contents", "msgFilterRules.dat",
		"popstate.dat",        "filterlog.html",    "junklog.html",
		"virtualFolders.dat",  "panacea.dat",       "subscriptions",
		"maildirfolder",       "dovecot-uidlist",   "dovecot-keywords",
		"dovecot.mailbox.log", "dovecot-acl",       "dovecot-acl-list",
		"dovecot-shared",      NULL,
	};
	/* Not "dovecot" alone: the archive of the Dovecot list may be dovecot-2021.mbox. */
	static const char *const prefix[] = { "dovecot.index", "dovecot.list.index",
					      "dovecot-uidvalidity", "courierimap",
					      "courierpop3d", NULL };
	size_t i;

	for (i = 0; exact[i]; i++)
		if (strcmp(name, exact[i]) == 0)
			return 1;
	for (i = 0; prefix[i]; i++)
		if (rp_starts_with(name, prefix[i]))
			return 1;
	return rp_iends_with(name, ".msf");
}

/* A Maildir's folders, after its own mail: the Maildir++ ones (".Lists.wg", ".Sent",
 * hidden by the format's own rule) and those nested as plain directories (Dovecot's
 * LAYOUT=fs, isync's Verbatim), each a Maildir itself. cur, new and tmp are the Maildir's
 * own; anything else (Courier's keywords directory) is not mail. */
static int import_folders(struct rp_ingest *in, struct walk *w, const char *path, int depth,
			  struct rp_error *err)
{
	struct rp_buf sub = RP_BUF_INIT, tmp = RP_BUF_INIT;
	char **names = NULL;
	size_t n = 0, i;
	int rc = 0;

	if (list_dir(path, 1, &names, &n))
		return 0;
	for (i = 0; i < n && !rc; i++) {
		if (strcmp(names[i], "cur") == 0 || strcmp(names[i], "new") == 0 ||
		    strcmp(names[i], "tmp") == 0 || is_client_file(names[i]))
			continue;
		rp_buf_clear(&sub);
		rp_buf_addf(&sub, "%s/%s", path, names[i]);
		if (is_dir(sub.buf) && is_maildir(sub.buf, &tmp))
			rc = import_any(in, w, sub.buf, depth + 1, READ_ANY, err);
	}
	names_free(names, n);
	rp_buf_release(&sub);
	rp_buf_release(&tmp);
	return rc;
}

/* Is name (in the directory path, whose sorted entries are names) the Attachments folder
 * Apple Mail keeps beside a mailbox's Messages folder? It holds the attachments of the
 * .partial.emlx messages as plain files (Attachments/102/2/figures.pdf), which are no mail:
 * passed over (the message's text is in its .emlx). sub is scratch space. */
static int apple_attachments(const char *path, char **names, size_t n, const char *name,
			     struct rp_buf *sub)
{
	const char *key = "Messages";

	if (strcmp(name, "Attachments") != 0 ||
	    !bsearch(&key, names, n, sizeof(*names), cmp_names))
		return 0;
	rp_buf_clear(sub);
	rp_buf_addf(sub, "%s/Messages", path);
	return is_dir(sub->buf);
}

static int import_dir(struct rp_ingest *in, struct walk *w, const char *path, int depth,
		      struct rp_error *err)
{
	static const char *const maildir_sub[] = { "cur", "new" };
	struct rp_buf sub = RP_BUF_INIT;
	char **names = NULL;
	size_t n = 0, i, k;
	int rc = 0, maildir;

	if (depth > 64) {
		rp_ingest_report(in, path, "directories nested too deep: skipped");
		in->stats.errors++;
		return 0;
	}
	maildir = is_maildir(path, &sub);
	if (maildir) {
		for (k = 0; k < 2 && !rc; k++) {
			rp_buf_clear(&sub);
			rp_buf_addf(&sub, "%s/%s", path, maildir_sub[k]);
			if (list_dir(sub.buf, 0, &names, &n))
				continue;
			for (i = 0; i < n && !rc; i++) {
				size_t base = sub.len;
				rp_buf_addf(&sub, "/%s", names[i]);
				if (is_maildir_draft(names[i]))
					rp_ingest_report(in, sub.buf, "a draft, never sent (Maildir "
								      "flag D): skipped");
				else
					rc = import_any(in, w, sub.buf, depth + 1, READ_MAILDIR, err);
				rp_buf_setlen(&sub, base);
			}
			names_free(names, n);
			names = NULL;
		}
		rp_buf_release(&sub);
		return rc ? rc : import_folders(in, w, path, depth, err);
	}
	if (list_dir(path, 0, &names, &n)) {
		rp_ingest_report(in, path, strerror(errno));
		in->stats.errors++;
		rp_buf_release(&sub);
		return 0;
	}
	for (i = 0; i < n && !rc; i++) {
		if (is_client_file(names[i]) || apple_attachments(path, names, n, names[i], &sub))
			continue;
		rp_buf_clear(&sub);
		rp_buf_addf(&sub, "%s/%s", path, names[i]);
		rc = import_any(in, w, sub.buf, depth + 1, READ_ANY, err);
	}
	names_free(names, n);
	rp_buf_release(&sub);
	return rc;
}

/* The store's database, or its -wal, -shm or -journal companion: the store imports no
 * mail from itself (a database kept next to the archives it holds is common). */
static int own_store_file(const struct walk *w, const char *path, const struct stat *st)
{
	static const char *const companions[] = { "-wal", "-shm", "-journal" };
	size_t n = strlen(path), k, e;
	struct stat db;
	char *base;
	int own = 0;

	if (!w->has_db)
		return 0;
	if (st->st_dev == w->db_dev && st->st_ino == w->db_ino)
		return 1;
	for (k = 0; k < sizeof(companions) / sizeof(companions[0]) && !own; k++) {
		e = strlen(companions[k]);
		if (n <= e || strcmp(path + n - e, companions[k]) != 0)
			continue;
		if (!(base = rp_strndup(path, n - e)))
			return 0;
		own = stat(base, &db) == 0 && db.st_dev == w->db_dev && db.st_ino == w->db_ino;
		free(base);
	}
	return own;
}

static int import_any(struct rp_ingest *in, struct walk *w, const char *path, int depth,
		      int as, struct rp_error *err)
{
	struct stat st;
	int fd;

	if (strcmp(path, "-") == 0) {
		fd = dup(0);
		return fd < 0 ? rp_error_set(err, RP_EIO, "-", "cannot read standard input")
			      : import_file(in, "-", fd, READ_ANY, err);
	}
	if (stat(path, &st) != 0) {
		rp_ingest_report(in, path, strerror(errno));
		in->stats.errors++;
		return 0;
	}
	if (S_ISDIR(st.st_mode)) {
		int fresh = walk_enter(w, &st);

		if (fresh < 0)
			return rp_error_set(err, fresh, path, "out of memory");
		if (!fresh) {
			/* Not an error: everything in it is read once already. */
			rp_ingest_report(in, path, "directory already read (a symbolic link loop "
						   "or a second link to it): skipped");
			return 0;
		}
		return import_dir(in, w, path, depth, err);
	}
	/* A pipe or terminal named on the command line (/dev/stdin, <(zcat ...)) is read as
	 * a stream, like "-"; one met inside a directory is no archive. */
	if (depth == 0 && (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode))) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			rp_ingest_report(in, path, strerror(errno));
			in->stats.errors++;
			return 0;
		}
		return import_file(in, path, fd, READ_ANY, err);
	}
	if (!S_ISREG(st.st_mode)) {
		rp_ingest_report(in, path, "not a regular file: skipped");
		in->stats.errors++;
		return 0;
	}
	if (own_store_file(w, path, &st)) {
		if (depth == 0)
			rp_ingest_report(in, path, "the store's own database: skipped");
		return 0;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		rp_ingest_report(in, path, strerror(errno));
		in->stats.errors++;
		return 0;
	}
	return import_file(in, path, fd,
			   as == READ_ANY && rp_iends_with(path, ".eml") ? READ_MESSAGE : as, err);
}

int rp_ingest_path(struct rp_ingest *in, const char *path, struct rp_error *err)
{
	struct walk w = { NULL, 0, 0, 0, 0, 0 };
	const char *db = rp_store_path(in->store);
	struct stat st;
	int rc;

	if (db && stat(db, &st) == 0) {
		w.db_dev = st.st_dev;
		w.db_ino = st.st_ino;
		w.has_db = 1;
	}
	rc = import_any(in, &w, path, 0, READ_ANY, err);

	free(w.v);
	return rc;
}
