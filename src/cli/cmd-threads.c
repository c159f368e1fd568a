/* threads: print the thread trees of the store like mutt's index (date, author, tree and
 * subject, message count on each thread's first line), or as JSON for other tools. The
 * tree comes from the thread_node table, rebuilt first when it is missing or stale. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rapporteur/members.h"
#include "rapporteur/text.h"
#include "rapporteur/thread.h"

static const char threads_usage[] =
	"usage: rapporteur threads [--list L] [--since YYYY-MM-DD] [--json]\n\n"
	"Prints every thread as a tree: date, author, and the subject under tree lines, with\n"
	"the thread's message count on its first line. Replies whose subject only adds a\n"
	"reply prefix show no subject, and messages referenced but never stored are hidden,\n"
	"their replies drawn in their place, as in mutt. The tree is rebuilt first when\n"
	"messages changed.\n"
	"  --list L   only threads with a message in list L (cross-posted there or not)\n"
	"  --since D  only threads with a message dated D or later (UTC)\n"
	"  --json     {\"messages\": [{message_id, parent, thread, subject, from, from_name,\n"
	"             from_addr, date, list, depth}]} in tree order; parent is null for a\n"
	"             root and is the missing message's id when the parent was never stored\n";

struct item {
	char *id, *parent, *thread, *subject, *from_name, *from_addr, *list;
	char *shown; /* the sender as the document names people (rp_text_shown_name) */
	int ghost, has_date;
	int in_list;              /* a message of the --list asked for (first list or not) */
	int tdepth, depth;        /* stored depth; depth in the displayed tree */
	int64_t rowid, date, key; /* key: earliest date in the subtree */
	long up;                  /* parent item, -1 for a root */
	long first, next;         /* children list, in display order once sorted */
	long dfirst, dnext, dup;  /* the same with missing messages hidden */
	int selected;
};

struct view {
	struct item *it;
	size_t n, alloc;
};

static char *col(sqlite3_stmt *st, int c)
{
	const unsigned char *t = sqlite3_column_text(st, c);
	return t ? strdup((const char *)t) : NULL;
}

static void view_release(struct view *v)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		struct item *t = &v->it[i];
		free(t->id);
		free(t->parent);
		free(t->thread);
		free(t->subject);
		free(t->from_name);
		free(t->shown);
		free(t->from_addr);
		free(t->list);
	}
	free(v->it);
}

/* Every node of the tree; in_list tells the messages of list_id (0: none asked). */
static int load(struct rp_cli *cli, struct view *v, int64_t list_id, struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc, step;

	rc = rp_store_prepare(cli->store, &st,
			      "WITH " RP_SQL_ROSTER
			      " SELECT t.message_id, t.parent, t.thread, t.ghost, m.id, m.subject,"
			      " m.from_name, m.from_addr, m.date, l.name, t.depth,"
			      " m.id IS NOT NULL AND " RP_SQL_IN_LIST("m", "?1") ", r.name FROM thread_node t"
			      " LEFT JOIN message m ON m.message_id = t.message_id"
			      " LEFT JOIN list l ON l.id = m.list_id"
			      " LEFT JOIN roster_alias ra ON ra.alias = lower(m.from_addr)"
			      " LEFT JOIN roster r ON r.address = coalesce(ra.address, lower(m.from_addr))",
			      err);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, list_id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct item *t;
		if (v->n == v->alloc) {
			size_t na = v->alloc ? v->alloc * 2 : 1024;
			struct item *ni = realloc(v->it, na * sizeof(*ni));
			if (!ni) {
				rc = rp_error_set(err, RP_ENOMEM, NULL, "out of memory");
				goto cleanup;
			}
			v->it = ni;
			v->alloc = na;
		}
		t = &v->it[v->n++];
		memset(t, 0, sizeof(*t));
		t->id = col(st, 0);
		t->parent = col(st, 1);
		t->thread = col(st, 2);
		t->ghost = sqlite3_column_type(st, 4) == SQLITE_NULL;
		t->rowid = sqlite3_column_int64(st, 4);
		t->subject = col(st, 5);
		t->from_name = col(st, 6);
		t->from_addr = col(st, 7);
		t->has_date = sqlite3_column_type(st, 8) != SQLITE_NULL;
		t->date = sqlite3_column_int64(st, 8);
		t->list = col(st, 9);
		t->tdepth = sqlite3_column_int(st, 10);
		t->in_list = sqlite3_column_int(st, 11);
		if (rp_text_shown_name((const char *)sqlite3_column_text(st, 12), t->from_name,
				       &t->shown)) {
			rc = rp_error_set(err, RP_ENOMEM, NULL, "out of memory");
			goto cleanup;
		}
		t->up = t->first = t->next = -1;
		if (!t->id || !t->thread) {
			rc = rp_error_set(err, RP_ENOMEM, NULL, "out of memory");
			goto cleanup;
		}
	}
	if (step != SQLITE_DONE)
		rc = rp_store_error(cli->store, err, "reading threads");
cleanup:
	sqlite3_finalize(st);
	return rc;
}

static int cmp_by_id(const void *pa, const void *pb)
{
	const struct item *a = pa, *b = pb;
	int d = strcmp(a->thread, b->thread);

	if (!d)
		d = strcmp(a->id, b->id);
	if (!d)
		d = a->rowid < b->rowid ? -1 : a->rowid > b->rowid;
	return d;
}

/* Display order among siblings and threads: earliest date in the subtree, then id. */
static int before(const struct item *a, const struct item *b)
{
	int d;

	if (a->key != b->key)
		return a->key < b->key;
	d = strcmp(a->id, b->id);
	return d ? d < 0 : a->rowid < b->rowid;
}

static long find_id(const struct view *v, size_t lo, size_t hi, const char *id)
{
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int d = strcmp(v->it[mid].id, id);
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < v->n && strcmp(v->it[lo].id, id) == 0 ? (long)lo : -1;
}

static int cmp_depth(const void *pa, const void *pb, void *arg)
{
	const struct item *it = arg;
	int a = it[*(const long *)pa].tdepth, b = it[*(const long *)pb].tdepth;

	return a > b ? -1 : a < b;
}

static int cmp_long_key(const void *pa, const void *pb, void *arg)
{
	const struct item *it = arg, *a = &it[*(const long *)pa], *b = &it[*(const long *)pb];

	return before(a, b) ? -1 : before(b, a) ? 1 : 0;
}

/* Link every item to its parent (items sorted by thread and id), compute subtree keys,
 * and order each set of children. Returns the roots in display order in *roots. */
static int link_tree(struct view *v, long **roots_out, size_t *nroots, long *order)
{
	size_t i, s, e, nr = 0, m;
	long *roots = malloc((v->n ? v->n : 1) * sizeof(*roots));
	long *kids = malloc((v->n ? v->n : 1) * sizeof(*kids));
	long c;

	if (!roots || !kids) {
		free(roots);
		free(kids);
		return RP_ENOMEM;
	}
	for (s = 0; s < v->n; s = e) {
		for (e = s; e < v->n && strcmp(v->it[e].thread, v->it[s].thread) == 0; e++)
			;
		for (i = s; i < e; i++) {
			struct item *t = &v->it[i];
			t->key = t->has_date ? t->date : INT64_MAX;
			t->up = t->parent ? find_id(v, s, e, t->parent) : -1;
			if (t->up == (long)i)
				t->up = -1;
		}
	}
	/* Subtree keys: deepest items first, each hands its key to its parent once. */
	for (i = 0; i < v->n; i++)
		order[i] = (long)i;
	qsort_r(order, v->n, sizeof(*order), cmp_depth, v->it);
	for (i = 0; i < v->n; i++) {
		struct item *t = &v->it[order[i]];
		if (t->up >= 0 && v->it[t->up].key > t->key)
			v->it[t->up].key = t->key;
	}
	/* Children lists, then each sorted. */
	for (i = 0; i < v->n; i++) {
		if (v->it[i].up < 0) {
			roots[nr++] = (long)i;
		} else {
			v->it[i].next = v->it[v->it[i].up].first;
			v->it[v->it[i].up].first = (long)i;
		}
	}
	for (i = 0; i < v->n; i++) {
		if (v->it[i].first < 0)
			continue;
		for (m = 0, c = v->it[i].first; c >= 0; c = v->it[c].next)
			kids[m++] = c;
		qsort_r(kids, m, sizeof(*kids), cmp_long_key, v->it);
		v->it[i].first = kids[0];
		for (c = 0; c < (long)m; c++)
			v->it[kids[c]].next = c + 1 < (long)m ? kids[c + 1] : -1;
	}
	qsort_r(roots, nr, sizeof(*roots), cmp_long_key, v->it);
	free(kids);
	*roots_out = roots;
	*nroots = nr;
	return 0;
}

/* Pad or cut s to width code points (UTF-8 aware, one column per code point). */
/* s cut or padded to width terminal columns: a wide (CJK) character takes two, a
 * combining mark none, so the columns after it line up. */
static void put_cols(const char *s, size_t width)
{
	size_t cols = 0, i = 0, len = strlen(s);
	uint32_t cp;

	while (i < len) {
		size_t k = rp_utf8_decode(s + i, len - i, &cp);
		size_t w = (size_t)rp_utf8_width(cp);
		if (cols + w > width)
			break;
		fwrite(s + i, 1, k, stdout);
		i += k;
		cols += w;
	}
	for (; cols < width; cols++)
		putchar(' ');
}

static const char *author(const struct item *t)
{
	if (t->shown)
		return t->shown;
	return t->from_addr ? t->from_addr : "";
}

static int same_subject(const char *a, const char *b)
{
	char *x = rp_thread_base_subject(a, NULL), *y = rp_thread_base_subject(b, NULL);
	int same = x && y && strcmp(x, y) == 0;

	free(x);
	free(y);
	return same;
}

/* Display list of the children starting at first, with ghosts replaced by their own
 * children (mutt's hide_missing): linked through dnext, head returned. */
static long expand(struct view *v, long first, long *tmp)
{
	size_t sp = 0, base, m = 0;
	long c, k, head = -1, tail = -1;

	for (c = first; c >= 0; c = v->it[c].next)
		tmp[sp++] = c;
	for (size_t a = 0, b = sp; b > a + 1; a++, b--) {
		long x = tmp[a];
		tmp[a] = tmp[b - 1];
		tmp[b - 1] = x;
	}
	while (sp) {
		k = tmp[--sp];
		if (v->it[k].ghost) {
			base = sp;
			for (c = v->it[k].first; c >= 0; c = v->it[c].next)
				tmp[sp++] = c;
			for (size_t a = base, b = sp; b > a + 1; a++, b--) {
				long x = tmp[a];
				tmp[a] = tmp[b - 1];
				tmp[b - 1] = x;
			}
			continue;
		}
		tmp[v->n - ++m] = k; /* outputs fill the buffer from its end */
	}
	/* Replies spliced in from different missing messages: put them back in date order. */
	qsort_r(tmp + v->n - m, m, sizeof(*tmp), cmp_long_key, v->it);
	for (size_t i = v->n - m; i < v->n; i++) {
		k = tmp[i];
		v->it[k].dnext = -1;
		if (tail >= 0)
			v->it[tail].dnext = k;
		else
			head = k;
		tail = k;
	}
	return head;
}

/* One thread, depth first, with mutt's tree characters; missing messages are hidden and
 * their replies drawn in their place. */
static void print_thread(struct view *v, long root, long *stack, long *tmp, char *last)
{
	size_t sp = 0, msgs = 0;
	long c, k, head;
	int d, depth, first_line = 1, top;

	for (sp = 0, stack[sp++] = root; sp;) {
		k = stack[--sp];
		msgs += !v->it[k].ghost;
		if (!v->it[k].ghost)
			v->it[k].dfirst = expand(v, v->it[k].first, tmp);
		for (c = v->it[k].first; c >= 0; c = v->it[c].next)
			stack[sp++] = c;
	}
	if (v->it[root].ghost) {
		head = expand(v, v->it[root].first, tmp);
	} else {
		head = root;
		v->it[root].dnext = -1;
	}
	/* Several replies to a missing root: drawn as siblings under an invisible root. */
	top = head >= 0 && v->it[head].dnext >= 0;
	sp = 0;
	for (c = head; c >= 0; c = v->it[c].dnext) {
		v->it[c].depth = top;
		v->it[c].dup = -1;
		stack[sp++] = c;
	}
	for (size_t a = 0, b = sp; b > a + 1; a++, b--) {
		long x = stack[a];
		stack[a] = stack[b - 1];
		stack[b - 1] = x;
	}
	while (sp) {
		struct item *t;
		char date[21] = "";
		size_t base;
		k = stack[--sp];
		t = &v->it[k];
		depth = t->depth;
		if (depth < 4096)
			last[depth] = t->dnext < 0;
		if (t->has_date)
			rp_time_iso(t->date, date);
		date[10] = '\0';
		put_cols(date, 10);
		fputs("  ", stdout);
		put_cols(author(t), 20);
		fputs("  ", stdout);
		for (d = 1; d < depth && d < 4096; d++)
			fputs(last[d] ? "  " : "\xe2\x94\x82 ", stdout); /* "│ " */
		if (depth > 0)
			fputs(t->dnext < 0 ? "\xe2\x94\x94\xe2\x94\x80>" : "\xe2\x94\x9c\xe2\x94\x80>",
			      stdout); /* └─> ├─> */
		if (t->dup < 0 || !same_subject(t->subject, v->it[t->dup].subject))
			fputs(t->subject ? t->subject : "", stdout);
		if (first_line)
			printf(" (%zu)", msgs);
		first_line = 0;
		putchar('\n');
		base = sp;
		for (c = t->dfirst; c >= 0; c = v->it[c].dnext) {
			v->it[c].depth = depth + 1;
			v->it[c].dup = k;
			stack[sp++] = c;
		}
		for (size_t a = base, b = sp; b > a + 1; a++, b--) {
			long x = stack[a];
			stack[a] = stack[b - 1];
			stack[b - 1] = x;
		}
	}
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static void json_thread(struct view *v, long root, long *stack, json_t *arr)
{
	size_t sp = 0;
	long c, k;

	for (stack[sp++] = root; sp;) {
		struct item *t;
		json_t *o;
		char date[21];
		size_t base;
		k = stack[--sp];
		t = &v->it[k];
		if (k == root)
			t->depth = 0;
		base = sp;
		for (c = t->first; c >= 0; c = v->it[c].next) {
			v->it[c].depth = t->depth + 1;
			stack[sp++] = c;
		}
		for (size_t a = base, b = sp; b > a + 1; a++, b--) {
			long x = stack[a];
			stack[a] = stack[b - 1];
			stack[b - 1] = x;
		}
		if (t->ghost)
			continue;
		o = json_object();
		json_object_set_new(o, "message_id", json_string(t->id));
		json_object_set_new(o, "parent", str_or_null(t->parent));
		json_object_set_new(o, "thread", json_string(t->thread));
		json_object_set_new(o, "subject", str_or_null(t->subject));
		json_object_set_new(o, "from", str_or_null(t->from_addr));
		json_object_set_new(o, "from_name", str_or_null(t->from_name));
		json_object_set_new(o, "from_addr", str_or_null(t->from_addr));
		if (t->has_date) {
			rp_time_iso(t->date, date);
			json_object_set_new(o, "date", json_string(date));
		} else {
			json_object_set_new(o, "date", json_null());
		}
		json_object_set_new(o, "list", str_or_null(t->list));
		json_object_set_new(o, "depth", json_integer(t->depth));
		json_array_append_new(arr, o);
	}
}

/* A thread is shown when one of its messages passes both filters. */
static void select_threads(struct view *v, const char *list, int64_t since, int has_since)
{
	size_t i, s, e;
	int any;

	for (s = 0; s < v->n; s = e) {
		any = 0;
		for (e = s; e < v->n && strcmp(v->it[e].thread, v->it[s].thread) == 0; e++) {
			const struct item *t = &v->it[e];
			if (t->ghost)
				continue;
			if (list && !t->in_list)
				continue;
			if (has_since && (!t->has_date || t->date < since))
				continue;
			any = 1;
		}
		for (i = s; i < e; i++)
			v->it[i].selected = any;
	}
}

int cmd_threads(struct rp_cli *cli, int argc, char **argv)
{
	struct rp_error err = { 0 };
	struct view v = { 0 };
	long *roots = NULL, *stack = NULL, *tmp = NULL;
	char *last = NULL;
	const char *list = NULL;
	json_t *root = NULL, *arr = NULL;
	size_t nr = 0, r;
	int64_t since = 0, list_id = 0;
	int json = 0, has_since = 0, stale = 0, i, rc = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			json = 1;
		} else if (strcmp(argv[i], "--list") == 0 && i + 1 < argc) {
			list = argv[++i];
		} else if (strcmp(argv[i], "--since") == 0 && i + 1 < argc) {
			if (rp_time_parse_date(argv[++i], &since)) {
				fprintf(stderr, "rapporteur threads: bad date '%s' (YYYY-MM-DD)\n", argv[i]);
				return RP_EXIT_USAGE;
			}
			has_since = 1;
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(threads_usage, stdout);
			return 0;
		} else {
			fprintf(stderr, "rapporteur threads: unknown argument '%s'\n%s", argv[i],
				threads_usage);
			return RP_EXIT_USAGE;
		}
	}
	/* A --list that names no list is a mistake to report, not an empty answer. */
	if (list) {
		if ((rc = rp_store_list_id(cli->store, list, 0, &list_id, &err)) == RP_ENOTFOUND)
			rp_error_set(&err, rc, NULL, "no list named '%s' (see rapporteur status)", list);
		if (rc)
			goto fail;
	}
	if ((rc = rp_thread_is_stale(cli->store, &stale, &err)))
		goto fail;
	if (stale && rp_store_readonly(cli->store)) {
		rc = rp_error_set(&err, RP_EDB, rp_store_path(cli->store),
				  "database is not writable by this user, and the thread tree is "
				  "out of date (messages were stored since it was built)");
		goto fail;
	}
	if ((stale && (rc = rp_thread_update(cli->store, &err))) || (rc = load(cli, &v, list_id, &err)))
		goto fail;
	qsort(v.it, v.n, sizeof(*v.it), cmp_by_id);
	stack = malloc((v.n + 1) * sizeof(*stack));
	tmp = malloc((v.n + 1) * sizeof(*tmp));
	last = calloc(4096, 1);
	if (!stack || !tmp || !last || link_tree(&v, &roots, &nr, stack)) {
		rc = rp_error_set(&err, RP_ENOMEM, NULL, "out of memory");
		goto fail;
	}
	select_threads(&v, list, since, has_since);
	if (json) {
		root = json_object();
		arr = json_array();
		json_object_set_new(root, "messages", arr);
	}
	for (r = 0; r < nr; r++) {
		if (!v.it[roots[r]].selected)
			continue;
		if (json)
			json_thread(&v, roots[r], stack, arr);
		else
			print_thread(&v, roots[r], stack, tmp, last);
	}
	if (json) {
		json_dumpf(root, stdout, JSON_SORT_KEYS | JSON_INDENT(2));
		putchar('\n');
		json_decref(root);
	}
	goto cleanup;
fail:
	rc = rp_cli_fail(&err);
cleanup:
	view_release(&v);
	free(roots);
	free(stack);
	free(tmp);
	free(last);
	return rc;
}
