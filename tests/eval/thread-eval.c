/* thread-eval: measures the thread module against real data.
 *
 *   thread-eval imaptest DIR         Dovecot imaptest RFC 5256 scripts (threadN + threadN.mbox):
 *                                    replays append/store/expunge, compares every THREAD
 *                                    answer (REFERENCES and ORDEREDSUBJECT) exactly.
 *   thread-eval tree DIR EXPECTED    notmuch tree view of a Maildir corpus: parent-link and
 *                                    thread-partition agreement with the expected tree.
 *   thread-eval stats FILE|DIR...    real archive: parent-link sanity and order independence.
 *   thread-eval synth DB N           times rp_thread_update on N synthetic messages.
 *   thread-eval parents FILE|DIR...  "message-id parent" per message, for hand-stated cases.
 *
 * Headers are parsed with libetpan (RFC 5322 fields, RFC 2047 subjects), so this program
 * does not depend on the importer. Prints "name: score" lines for tests/eval. */
#include <dirent.h>
#include <libetpan/libetpan.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <time.h>

#include "rapporteur/thread.h"

struct msg {
	char *id, *irt, *refs, *subject, *from;
	int64_t date;
	int has_date;
	int64_t internal; /* From_ line date */
};

struct box {
	struct msg *m;
	size_t n, alloc;
};

static char *join_ids(clist *l)
{
	struct rp_buf b = RP_BUF_INIT;
	clistiter *it;

	for (it = clist_begin(l); it; it = clist_next(it))
		rp_buf_addf(&b, "%s%s", b.len ? " " : "", (const char *)clist_content(it));
	return b.len ? rp_buf_detach(&b, NULL) : (rp_buf_release(&b), NULL);
}

static char *decode(const char *s)
{
	size_t idx = 0;
	char *out = NULL;

	if (mailmime_encoded_phrase_parse("iso-8859-1", s, strlen(s), &idx, "utf-8", &out) ==
	    MAILIMF_NO_ERROR)
		return out;
	return strdup(s);
}

static int64_t to_epoch(const struct mailimf_date_time *d)
{
	struct tm tm = { 0 };
	int z = d->dt_zone, sign = z < 0 ? -1 : 1;

	tm.tm_year = d->dt_year - 1900;
	tm.tm_mon = d->dt_month - 1;
	tm.tm_mday = d->dt_day;
	tm.tm_hour = d->dt_hour;
	tm.tm_min = d->dt_min;
	tm.tm_sec = d->dt_sec;
	z *= sign;
	return (int64_t)timegm(&tm) - sign * ((z / 100) * 3600 + (z % 100) * 60);
}

/* "From sender  Fri Feb 22 23:00:00 2008 +0200" */
static int64_t from_line_date(const char *line)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	char wd[4], mon[4];
	int day, h, mi, s, y, zone = 0, n = 0;
	const char *p = line + 5, *m;
	struct tm tm = { 0 };

	while (*p && *p != ' ')
		p++;
	while (*p == ' ')
		p++;
	if (sscanf(p, "%3s %3s %d %d:%d:%d %d%n", wd, mon, &day, &h, &mi, &s, &y, &n) < 7)
		return 0;
	sscanf(p + n, " %d", &zone);
	m = strstr(months, mon);
	tm.tm_year = y - 1900;
	tm.tm_mon = m ? (int)(m - months) / 3 : 0;
	tm.tm_mday = day;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return (int64_t)timegm(&tm) - (zone / 100 * 3600 + zone % 100 * 60);
}

static void parse_msg(struct msg *m, const char *raw, size_t len)
{
	struct mailimf_fields *f = NULL;
	size_t idx = 0;
	clistiter *it;

	if (mailimf_fields_parse(raw, len, &idx, &f) != MAILIMF_NO_ERROR || !f)
		return;
	for (it = clist_begin(f->fld_list); it; it = clist_next(it)) {
		struct mailimf_field *fl = clist_content(it);
		switch (fl->fld_type) {
		case MAILIMF_FIELD_MESSAGE_ID:
			if (!m->id)
				m->id = strdup(fl->fld_data.fld_message_id->mid_value);
			break;
		case MAILIMF_FIELD_IN_REPLY_TO:
			if (!m->irt)
				m->irt = join_ids(fl->fld_data.fld_in_reply_to->mid_list);
			break;
		case MAILIMF_FIELD_REFERENCES:
			if (!m->refs)
				m->refs = join_ids(fl->fld_data.fld_references->mid_list);
			break;
		case MAILIMF_FIELD_SUBJECT:
			if (!m->subject)
				m->subject = decode(fl->fld_data.fld_subject->sbj_value);
			break;
		case MAILIMF_FIELD_ORIG_DATE:
			if (!m->has_date) {
				m->date = to_epoch(fl->fld_data.fld_orig_date->dt_date_time);
				m->has_date = 1;
			}
			break;
		case MAILIMF_FIELD_FROM: {
			struct mailimf_mailbox_list *ml = fl->fld_data.fld_from->frm_mb_list;
			clistiter *mi = ml ? clist_begin(ml->mb_list) : NULL;
			struct mailimf_mailbox *mb = mi ? clist_content(mi) : NULL;
			if (mb && !m->from)
				m->from = mb->mb_display_name ? decode(mb->mb_display_name)
							      : strdup(mb->mb_addr_spec);
			break;
		}
		default:
			break;
		}
	}
	mailimf_fields_free(f);
}

static struct msg *box_add(struct box *b)
{
	if (b->n == b->alloc) {
		b->alloc = b->alloc ? b->alloc * 2 : 64;
		b->m = realloc(b->m, b->alloc * sizeof(*b->m));
		if (!b->m)
			exit(3);
	}
	memset(&b->m[b->n], 0, sizeof(b->m[0]));
	return &b->m[b->n++];
}

static char *slurp(const char *path, size_t *len)
{
	char *data = NULL;

	if (rp_read_file(path, (size_t)1 << 30, &data, len, NULL))
		return NULL;
	return data;
}

/* Split an mbox on From_ lines (at the start or after an empty line). */
static int read_mbox(struct box *b, const char *path)
{
	size_t len = 0, i = 0, start, body;
	char *data = slurp(path, &len);

	if (!data)
		return -1;
	while (i < len) {
		struct msg *m;
		const char *eol = memchr(data + i, '\n', len - i);
		start = i;
		body = eol ? (size_t)(eol - data) + 1 : len;
		for (i = body; i < len; i++) {
			if (data[i] == '\n' && i + 6 <= len && memcmp(data + i + 1, "From ", 5) == 0 &&
			    i > 0 && data[i - 1] == '\n')
				break;
		}
		if (i < len)
			i++;
		m = box_add(b);
		{
			char line[256];
			size_t ll = body - start < sizeof(line) - 1 ? body - start : sizeof(line) - 1;
			memcpy(line, data + start, ll);
			line[ll] = '\0';
			m->internal = from_line_date(line);
		}
		parse_msg(m, data + body, i - body);
		if (!m->has_date)
			m->date = m->internal;
	}
	free(data);
	return 0;
}

static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file under dir (Maildir cur/new/tmp included), in name order. */
static int read_dir(struct box *b, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, i;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		names = realloc(names, (n + 1) * sizeof(*names));
		if (asprintf(&names[n], "%s/%s", dir, e->d_name) < 0)
			exit(3);
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_cstr);
	for (i = 0; i < n; i++) {
		struct stat st;
		if (stat(names[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			read_dir(b, names[i]);
		} else if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
			size_t len = 0;
			char *data = slurp(names[i], &len);
			if (data) {
				struct msg *m = box_add(b);
				parse_msg(m, data, len);
				free(data);
			}
		}
		free(names[i]);
	}
	free(names);
	return 0;
}

static void box_free(struct box *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		free(b->m[i].id);
		free(b->m[i].irt);
		free(b->m[i].refs);
		free(b->m[i].subject);
		free(b->m[i].from);
	}
	free(b->m);
	b->m = NULL;
	b->n = b->alloc = 0;
}

static struct rp_thread_input *inputs(struct msg **v, size_t n)
{
	struct rp_thread_input *in = calloc(n ? n : 1, sizeof(*in));
	size_t i;

	for (i = 0; i < n; i++)
		in[i] = (struct rp_thread_input){ v[i]->id, v[i]->irt, v[i]->refs, v[i]->subject,
						  v[i]->date, 1 };
	return in;
}

/* --- RFC 5256 answers --- */

static void members(struct rp_buf *o, const struct rp_thread_node *nd, size_t n, size_t k)
{
	size_t c, kids = 0;

	if (!nd[k].ghost)
		rp_buf_addf(o, "%ld", nd[k].input + 1);
	for (c = k + 1; c < n; c++)
		kids += nd[c].parent_index == (long)k;
	if (!kids)
		return;
	if (!nd[k].ghost)
		rp_buf_addch(o, ' ');
	for (c = k + 1; c < n; c++) {
		if (nd[c].parent_index != (long)k)
			continue;
		if (kids > 1)
			rp_buf_addch(o, '(');
		members(o, nd, n, c);
		if (kids > 1)
			rp_buf_addch(o, ')');
	}
}

static char *thread_references(struct msg **v, size_t n)
{
	struct rp_thread_input *in = inputs(v, n);
	struct rp_thread_options o = { .mode = RP_THREAD_RFC5256 };
	struct rp_thread_node *nd = NULL;
	struct rp_buf out = RP_BUF_INIT;
	size_t nn = 0, k;

	if (rp_thread_build(&nd, &nn, in, n, &o, NULL) == 0) {
		for (k = 0; k < nn; k++) {
			if (nd[k].parent_index >= 0)
				continue;
			rp_buf_addch(&out, '(');
			members(&out, nd, nn, k);
			rp_buf_addch(&out, ')');
		}
	}
	rp_thread_nodes_free(nd, nn);
	free(in);
	return rp_buf_detach(&out, NULL);
}

struct os {
	char *base;
	int64_t date;
	size_t seq;
};

static int cmp_os(const void *pa, const void *pb)
{
	const struct os *a = pa, *b = pb;
	int d = strcmp(a->base, b->base);

	if (d)
		return d;
	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int cmp_os_date(const void *pa, const void *pb)
{
	const struct os *a = *(struct os *const *)pa, *b = *(struct os *const *)pb;

	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* RFC 5256 ORDEREDSUBJECT: group by base subject, first message of each group is the root,
 * the others its children; threads ordered by their first message. */
static char *thread_orderedsubject(struct msg **v, size_t n)
{
	struct os *s = calloc(n ? n : 1, sizeof(*s));
	struct os **firsts = calloc(n ? n : 1, sizeof(*firsts));
	struct rp_buf out = RP_BUF_INIT;
	size_t i, j, nf = 0;

	for (i = 0; i < n; i++) {
		s[i].base = rp_thread_base_subject(v[i]->subject, NULL);
		s[i].date = v[i]->date;
		s[i].seq = i + 1;
	}
	qsort(s, n, sizeof(*s), cmp_os);
	for (i = 0; i < n; i++)
		if (i == 0 || strcmp(s[i].base, s[i - 1].base))
			firsts[nf++] = &s[i];
	qsort(firsts, nf, sizeof(*firsts), cmp_os_date);
	for (i = 0; i < nf; i++) {
		struct os *f = firsts[i];
		size_t kids = 0;
		for (j = (size_t)(f - s) + 1; j < n && strcmp(s[j].base, f->base) == 0; j++)
			kids++;
		rp_buf_addf(&out, "(%zu", f->seq);
		for (j = (size_t)(f - s) + 1; j < n && strcmp(s[j].base, f->base) == 0; j++)
			rp_buf_addf(&out, kids > 1 ? "%s(%zu)" : "%s%zu",
				    j == (size_t)(f - s) + 1 ? " " : "", s[j].seq);
		rp_buf_addch(&out, ')');
	}
	for (i = 0; i < n; i++)
		free(s[i].base);
	free(s);
	free(firsts);
	return rp_buf_detach(&out, NULL);
}

static void squeeze(char *s)
{
	char *o = s;

	for (; *s; s++)
		if (*s != '\r' && *s != '\n')
			*o++ = *s;
	while (o > s && o[-1] == ' ')
		o--;
	*o = '\0';
}

/* Replay one imaptest script; returns the number of failed THREAD answers. */
static int run_script(const char *dir, const char *name, int *checks)
{
	char path[4096], line[4096], *spec = NULL;
	struct box all = { 0 };
	struct msg **mbox = NULL;
	int *deleted = NULL, fails = 0, next_append = 0, step = 0;
	size_t n = 0, i;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.mbox", dir, name);
	if (read_mbox(&all, path))
		return 0;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (!(f = fopen(path, "r"))) {
		box_free(&all);
		return 0;
	}
	mbox = calloc(all.n + 1, sizeof(*mbox));
	deleted = calloc(all.n + 1, sizeof(*deleted));
	while (fgets(line, sizeof(line), f)) {
		squeeze(line);
		if (strcmp(line, "messages: all") == 0) {
			for (i = 0; i < all.n; i++)
				mbox[n++] = &all.m[i];
			next_append = (int)all.n;
		} else if (strcmp(line, "ok append") == 0 && next_append < (int)all.n) {
			mbox[n++] = &all.m[next_append++];
		} else if (strncmp(line, "ok store ", 9) == 0 && strstr(line, "\\deleted")) {
			char *p = line + 9;
			while (*p && *p != ' ') {
				long a = strtol(p, &p, 10), b = a;
				if (*p == ':')
					b = strtol(p + 1, &p, 10);
				for (; a <= b && a >= 1 && a <= (long)n; a++)
					deleted[a - 1] = 1;
				if (*p == ',')
					p++;
			}
		} else if (strcmp(line, "ok expunge") == 0) {
			size_t o = 0;
			for (i = 0; i < n; i++)
				if (!deleted[i])
					mbox[o++] = mbox[i];
			n = o;
			memset(deleted, 0, (all.n + 1) * sizeof(*deleted));
		} else if (strncmp(line, "ok thread ", 10) == 0) {
			free(spec);
			spec = strdup(line + 10);
		} else if (spec && rp_istarts_with(line, "* thread ")) {
			char *got = rp_istarts_with(spec, "orderedsubject") ? thread_orderedsubject(mbox, n)
									    : thread_references(mbox, n);
			const char *want = line + 9;
			int ok = strcmp(got, want) == 0;
			step++;
			(*checks)++;
			fails += !ok;
			printf("  %s %s #%d (%.*s): %s%s%s\n", ok ? "ok  " : "FAIL", name, step,
			       (int)strcspn(spec, " "), spec, got, ok ? "" : "  expected ", ok ? "" : want);
			free(got);
			free(spec);
			spec = NULL;
		}
	}
	fclose(f);
	free(spec);
	free(mbox);
	free(deleted);
	box_free(&all);
	return fails;
}

static int cmd_imaptest(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, i;
	int checks = 0, fails = 0;

	if (!d) {
		printf("imaptest: skipped (no %s)\n", dir);
		return 0;
	}
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (strncmp(e->d_name, "thread", 6) || (l > 5 && strcmp(e->d_name + l - 5, ".mbox") == 0))
			continue;
		names = realloc(names, (n + 1) * sizeof(*names));
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_cstr);
	for (i = 0; i < n; i++) {
		fails += run_script(dir, names[i], &checks);
		free(names[i]);
	}
	free(names);
	printf("imaptest RFC 5256 THREAD answers exact: %d/%d\n", checks - fails, checks);
	return fails ? 1 : 0;
}

/* --- notmuch tree comparison --- */

/* "DATE AUTHOR" as the tree view shows it: UTC day, author cut to 20 code points. */
static char *key_of(int64_t date, const char *author)
{
	char iso[21];
	struct rp_buf b = RP_BUF_INIT;
	size_t i = 0, cols = 0, len;
	uint32_t cp;

	rp_time_iso(date, iso);
	rp_buf_addf(&b, "%.10s ", iso);
	author = author ? author : "";
	len = strlen(author);
	while (i < len && cols < 20) {
		size_t k = rp_utf8_decode(author + i, len - i, &cp);
		rp_buf_add(&b, author + i, k);
		i += k;
		cols++;
	}
	rp_buf_trim(&b);
	return rp_buf_detach(&b, NULL);
}

struct link {
	char *child, *parent; /* keys; parent "" for a top-level message */
	int used;
};

static int cmp_link(const void *pa, const void *pb)
{
	const struct link *a = pa, *b = pb;
	int d = strcmp(a->child, b->child);

	return d ? d : strcmp(a->parent, b->parent);
}

/* Expected links from the tree view: depth is the number of tree columns before '►'. */
static size_t expected_links(const char *path, struct link **out)
{
	FILE *f = fopen(path, "r");
	char line[4096], *stack[256] = { 0 };
	struct link *l = NULL;
	size_t n = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		char *arrow = strstr(line, "\xe2\x96\xba"), *p, *key;
		size_t len = strlen(line), i, cols = 0, depth;
		struct rp_buf a = RP_BUF_INIT;
		uint32_t cp;
		if (!arrow || len < 36)
			continue;
		/* author: 20 code points after the date and two spaces */
		p = line + 14;
		for (i = 0; i < 20 && *p; i++) {
			size_t k = rp_utf8_decode(p, strlen(p), &cp);
			rp_buf_add(&a, p, k);
			p += k;
		}
		rp_buf_trim(&a);
		p += 2;
		for (; p < arrow; cols++)
			p += rp_utf8_decode(p, (size_t)(arrow - p), &cp);
		depth = cols ? cols - 1 : 0;
		if (depth >= 255)
			depth = 254;
		if (asprintf(&key, "%.10s %s", line + 2, a.buf) < 0)
			exit(3);
		rp_buf_release(&a);
		free(stack[depth]);
		stack[depth] = strdup(key);
		for (i = depth + 1; i < 256 && stack[i]; i++) {
			free(stack[i]);
			stack[i] = NULL;
		}
		l = realloc(l, (n + 1) * sizeof(*l));
		l[n].child = key;
		l[n].parent = strdup(depth && stack[depth - 1] ? stack[depth - 1] : "");
		l[n].used = 0;
		n++;
	}
	fclose(f);
	for (size_t i = 0; i < 256; i++)
		free(stack[i]);
	*out = l;
	return n;
}

static int cmd_tree(const char *dir, const char *expected)
{
	struct box b = { 0 };
	struct msg **v;
	struct rp_thread_input *in;
	struct rp_thread_node *nd = NULL;
	struct link *want = NULL, *got = NULL;
	size_t nn = 0, nw, ng = 0, i, j, match = 0;

	if (read_dir(&b, dir) || !(nw = expected_links(expected, &want))) {
		printf("notmuch tree: skipped (no corpus)\n");
		box_free(&b);
		return 0;
	}
	v = calloc(b.n + 1, sizeof(*v));
	for (i = 0; i < b.n; i++)
		v[i] = &b.m[i];
	in = inputs(v, b.n);
	if (rp_thread_build(&nd, &nn, in, b.n, NULL, NULL))
		return 3;
	got = calloc(nn + 1, sizeof(*got));
	for (i = 0; i < nn; i++) {
		long p = nd[i].parent_index;
		if (nd[i].ghost)
			continue;
		/* notmuch shows a message whose parent is missing at the top of its thread */
		got[ng].child = key_of(in[nd[i].input].date, v[nd[i].input]->from);
		got[ng].parent = p >= 0 && !nd[p].ghost
					 ? key_of(in[nd[p].input].date, v[nd[p].input]->from)
					 : strdup("");
		ng++;
	}
	qsort(want, nw, sizeof(*want), cmp_link);
	qsort(got, ng, sizeof(*got), cmp_link);
	for (i = 0, j = 0; i < nw && j < ng;) {
		int d = cmp_link(&want[i], &got[j]);
		if (d == 0) {
			match++;
			i++;
			j++;
		} else if (d < 0) {
			printf("  missing: %s <- %s\n", want[i].child, want[i].parent);
			i++;
		} else {
			printf("  extra:   %s <- %s\n", got[j].child, got[j].parent);
			j++;
		}
	}
	printf("notmuch tree parent links agreeing: %zu/%zu (messages threaded: %zu)\n", match, nw, ng);
	for (i = 0; i < nw; i++) {
		free(want[i].child);
		free(want[i].parent);
	}
	for (i = 0; i < ng; i++) {
		free(got[i].child);
		free(got[i].parent);
	}
	free(want);
	free(got);
	rp_thread_nodes_free(nd, nn);
	free(in);
	free(v);
	box_free(&b);
	return match == nw ? 0 : 1;
}

/* --- real archive statistics --- */

static char *tree_signature(struct rp_thread_node *nd, size_t nn)
{
	struct rp_buf b = RP_BUF_INIT;
	char **l = calloc(nn + 1, sizeof(*l));
	size_t i;

	for (i = 0; i < nn; i++)
		if (asprintf(&l[i], "%s %s %s %d", nd[i].message_id, nd[i].parent ? nd[i].parent : "-",
			     nd[i].thread, nd[i].ghost) < 0)
			exit(3);
	qsort(l, nn, sizeof(*l), cmp_cstr);
	for (i = 0; i < nn; i++) {
		rp_buf_adds(&b, l[i]);
		rp_buf_addch(&b, '\n');
		free(l[i]);
	}
	free(l);
	return rp_buf_detach(&b, NULL);
}

static int cmd_stats(int argc, char **argv)
{
	struct box b = { 0 };
	struct msg **v;
	struct rp_thread_input *in;
	struct rp_thread_node *nd = NULL, *nd2 = NULL;
	size_t nn = 0, nn2 = 0, i, msgs = 0, ghosts = 0, roots = 0, with_parent = 0, ghost_parent = 0;
	size_t hdr = 0, by_subject = 0, later_parent = 0, same_subject = 0, threads_multi = 0;
	int maxdepth = 0, a, shown = 0;
	double t0, t1;
	char *s1, *s2;

	for (a = 0; a < argc; a++) {
		struct stat st;
		if (stat(argv[a], &st) == 0 && S_ISDIR(st.st_mode))
			read_dir(&b, argv[a]);
		else if (stat(argv[a], &st) == 0)
			read_mbox(&b, argv[a]);
	}
	if (!b.n) {
		printf("archive: skipped (no messages)\n");
		return 0;
	}
	v = calloc(b.n + 1, sizeof(*v));
	for (i = 0; i < b.n; i++)
		v[i] = &b.m[i];
	in = inputs(v, b.n);
	t0 = rp_now_seconds();
	if (rp_thread_build(&nd, &nn, in, b.n, NULL, NULL))
		return 3;
	t1 = rp_now_seconds();
	for (i = 0; i < nn; i++)
		hdr += !nd[i].ghost && (v[nd[i].input]->irt || v[nd[i].input]->refs);
	for (i = 0; i < nn; i++) {
		long p = nd[i].parent_index;
		if (nd[i].ghost) {
			ghosts++;
			continue;
		}
		msgs++;
		if (nd[i].depth > maxdepth)
			maxdepth = nd[i].depth;
		if (p < 0) {
			roots++;
			if ((v[nd[i].input]->irt || v[nd[i].input]->refs) && shown++ < 5)
				printf("  reply headers but a root: <%s> In-Reply-To <%.80s> References <%.80s>\n",
				       nd[i].message_id, v[nd[i].input]->irt ? v[nd[i].input]->irt : "",
				       v[nd[i].input]->refs ? v[nd[i].input]->refs : "");
			continue;
		}
		if (nd[p].ghost) {
			ghost_parent++;
			continue;
		}
		with_parent++;
		if (!v[nd[i].input]->irt && !v[nd[i].input]->refs)
			by_subject++;
		if (in[nd[p].input].date > in[nd[i].input].date + 3600)
			later_parent++;
		{
			char *x = rp_thread_base_subject(v[nd[i].input]->subject, NULL);
			char *y = rp_thread_base_subject(v[nd[p].input]->subject, NULL);
			same_subject += strcmp(x, y) == 0;
			free(x);
			free(y);
		}
	}
	for (i = 0; i < nn; i++) {
		size_t k = i, cnt = 0;
		if (nd[i].parent_index >= 0)
			continue;
		for (k = i; k < nn && (k == i || nd[k].parent_index >= 0); k++)
			cnt += !nd[k].ghost;
		threads_multi += cnt > 1;
	}
	/* Order independence: the archive reversed must give the same tree. */
	for (i = 0; i < b.n / 2; i++) {
		struct rp_thread_input t = in[i];
		in[i] = in[b.n - 1 - i];
		in[b.n - 1 - i] = t;
	}
	rp_thread_build(&nd2, &nn2, in, b.n, NULL, NULL);
	s1 = tree_signature(nd, nn);
	s2 = tree_signature(nd2, nn2);
	printf("archive: %zu messages (%zu with reply headers), %zu ghosts, max depth %d, %.1f ms\n",
	       msgs, hdr, ghosts, maxdepth, (t1 - t0) * 1000);
	printf("archive: %zu top-level messages, %zu threads of 2+ messages\n", roots, threads_multi);
	printf("archive: parent found for %zu/%zu replies (%zu under a ghost, %zu by subject only)\n",
	       with_parent, hdr, ghost_parent, by_subject);
	printf("archive: parent-link sanity: parent not later than child (1 h skew) %zu/%zu, same base subject %zu/%zu\n",
	       with_parent - later_parent, with_parent, same_subject, with_parent);
	printf("archive: same tree when the input order is reversed: %s\n",
	       strcmp(s1, s2) == 0 ? "yes" : "NO");
	free(s1);
	free(s2);
	rp_thread_nodes_free(nd, nn);
	rp_thread_nodes_free(nd2, nn2);
	free(in);
	free(v);
	box_free(&b);
	return 0;
}

/* "message-id parent" for every message of the given Maildirs/mboxes (default mode). */
static int cmd_parents(int argc, char **argv)
{
	struct box b = { 0 };
	struct msg **v;
	struct rp_thread_input *in;
	struct rp_thread_node *nd = NULL;
	size_t nn = 0, i;
	int a;

	for (a = 0; a < argc; a++) {
		struct stat st;
		if (stat(argv[a], &st) == 0 && S_ISDIR(st.st_mode))
			read_dir(&b, argv[a]);
		else if (stat(argv[a], &st) == 0)
			read_mbox(&b, argv[a]);
	}
	v = calloc(b.n + 1, sizeof(*v));
	for (i = 0; i < b.n; i++)
		v[i] = &b.m[i];
	in = inputs(v, b.n);
	if (rp_thread_build(&nd, &nn, in, b.n, NULL, NULL))
		return 3;
	for (i = 0; i < nn; i++)
		if (!nd[i].ghost)
			printf("%s %s\n", nd[i].message_id, nd[i].parent ? nd[i].parent : "None");
	rp_thread_nodes_free(nd, nn);
	free(in);
	free(v);
	box_free(&b);
	return 0;
}

static double cpu_seconds(const struct rusage *ru)
{
	return (double)ru->ru_utime.tv_sec + ru->ru_utime.tv_usec / 1e6 + (double)ru->ru_stime.tv_sec +
	       ru->ru_stime.tv_usec / 1e6;
}

/* Synthetic store of n messages in threads of 1 to 40, replies to random earlier messages
 * of their thread with full References, 2% of parents never stored; then times
 * rp_thread_update (a full rebuild) and reports the peak resident memory. */
static int cmd_synth(const char *path, long n)
{
	struct rp_store *s = NULL;
	struct rp_error err = { 0 };
	sqlite3_stmt *st = NULL;
	struct rp_buf refs = RP_BUF_INIT;
	char **chain = NULL;
	long *parent = NULL, i = 0, t = 0, k, size, p;
	unsigned seed = 12345;
	struct rusage ru;
	double t0, t1, c0;
	int rc;

	unlink(path);
	if ((rc = rp_store_open(&s, path, 0, &err)))
		return fprintf(stderr, "%s\n", rp_error_text(&err)), 3;
	rp_store_exec(s, "INSERT INTO list(name) VALUES ('a'), ('b'), ('c');"
			 "INSERT INTO raw(hash, bytes) VALUES ('x', x'00')", &err);
	rp_store_begin(s, &err);
	rp_store_prepare(s, &st,
			 "INSERT INTO message(message_id, hash, list_id, date, from_addr, subject,"
			 " in_reply_to, refs, size, imported_at) VALUES (?1, 'x', ?2, ?3, ?4, ?5, ?6,"
			 " ?7, 1, 0)",
			 &err);
	chain = calloc(64, sizeof(*chain));
	parent = calloc(64, sizeof(*parent));
	while (i < n) {
		size = 1 + (long)(rand_r(&seed) % 40);
		for (k = 0; k < size && i < n; k++, i++) {
			char id[64], subj[64];
			snprintf(id, sizeof(id), "m%ld.t%ld@synthetic.example", i, t);
			free(chain[k]);
			chain[k] = strdup(id);
			p = k ? (long)(rand_r(&seed) % k) : -1;
			parent[k] = p;
			rp_buf_clear(&refs);
			/* the ancestors of k, root first */
			{
				long anc[64], na = 0, a;
				for (a = p; a >= 0 && na < 64; a = parent[a])
					anc[na++] = a;
				while (na--)
					rp_buf_addf(&refs, "%s%s", refs.len ? " " : "", chain[anc[na]]);
			}
			snprintf(subj, sizeof(subj), "%stopic %ld", k ? "Re: " : "", t);
			rp_bind_text(st, 1, id);
			sqlite3_bind_int64(st, 2, 1 + t % 3);
			sqlite3_bind_int64(st, 3, 1600000000 + i * 60);
			rp_bind_text(st, 4, "someone@synthetic.example");
			rp_bind_text(st, 5, subj);
			rp_bind_text(st, 6, p >= 0 ? chain[p] : NULL);
			rp_bind_text(st, 7, p >= 0 ? refs.buf : NULL);
			/* 2% of messages are never stored: their replies hang under ghosts. */
			if (k == 0 || rand_r(&seed) % 50) {
				sqlite3_step(st);
			}
			sqlite3_reset(st);
		}
		t++;
	}
	sqlite3_finalize(st);
	rp_store_commit(s, &err);
	rp_verbosity = 3; /* the update logs its phases at debug level */
	getrusage(RUSAGE_SELF, &ru);
	c0 = cpu_seconds(&ru);
	t0 = rp_now_seconds();
	rc = rp_thread_update(s, &err);
	t1 = rp_now_seconds();
	getrusage(RUSAGE_SELF, &ru);
	if (rc)
		fprintf(stderr, "%s\n", rp_error_text(&err));
	else
		printf("\nsynthetic: rp_thread_update on %ld messages (%ld threads): %.2f s wall, %.2f s CPU,"
		       " peak RSS %ld MB\n",
		       n, t, t1 - t0, cpu_seconds(&ru) - c0, ru.ru_maxrss / 1024);
	/* An import of 1,000 more replies to random earlier messages: the update after it. */
	if (!rc) {
		rp_store_begin(s, &err);
		rp_store_prepare(s, &st,
				 "INSERT INTO message(message_id, hash, list_id, date, subject, in_reply_to,"
				 " refs, size, imported_at) SELECT 'late' || ?1 || '@synthetic.example', 'x', 1,"
				 " date + 1, 'Re: late', message_id, message_id, 1, 0 FROM message"
				 " WHERE id = ?2",
				 &err);
		for (k = 0; k < 1000; k++) {
			sqlite3_bind_int64(st, 1, k);
			sqlite3_bind_int64(st, 2, 1 + (long)(rand_r(&seed) % n));
			sqlite3_step(st);
			sqlite3_reset(st);
		}
		sqlite3_finalize(st);
		rp_store_commit(s, &err);
		getrusage(RUSAGE_SELF, &ru);
		c0 = cpu_seconds(&ru);
		t0 = rp_now_seconds();
		rc = rp_thread_update(s, &err);
		t1 = rp_now_seconds();
		getrusage(RUSAGE_SELF, &ru);
		if (!rc)
			printf("synthetic: update after 1000 more messages: %.2f s wall, %.2f s CPU\n",
			       t1 - t0, cpu_seconds(&ru) - c0);
	}
	for (k = 0; k < 64; k++)
		free(chain[k]);
	free(chain);
	free(parent);
	rp_buf_release(&refs);
	rp_store_close(s);
	unlink(path);
	return rc ? 3 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "synth") == 0)
		return cmd_synth(argv[2], atol(argv[3]));
	if (argc >= 3 && strcmp(argv[1], "parents") == 0)
		return cmd_parents(argc - 2, argv + 2);
	if (argc == 3 && strcmp(argv[1], "imaptest") == 0)
		return cmd_imaptest(argv[2]);
	if (argc == 4 && strcmp(argv[1], "tree") == 0)
		return cmd_tree(argv[2], argv[3]);
	if (argc >= 3 && strcmp(argv[1], "stats") == 0)
		return cmd_stats(argc - 2, argv + 2);
	fprintf(stderr, "usage: thread-eval imaptest DIR | tree DIR EXPECTED | stats PATH...\n");
	return 2;
}
