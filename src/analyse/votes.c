/* votes: formal votes on a list, the Apache way: a thread whose root subject carries
 * "[VOTE]" collects +1 / 0 / -1 from each voter's new text (the latest vote of a voter
 * counts), and a "[RESULT]" message (in the thread, or a thread of its own with the same
 * subject) announces a tally that we read back so the two can be compared. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "rapporteur/analyse.h"
#include "rapporteur/text.h"

#define VOTE_MAX_TEXT 65536

/* A vote token at s: "+1", "-1", "+0", "-0" or "0" standing alone. Returns its length and
 * the value in *v, or 0. allow_zero: a bare "0" counts only where a vote is expected. */
static size_t vote_token(const char *s, const char *start, int allow_zero, int *v)
{
	size_t l;

	if (s > start && (isalnum((unsigned char)s[-1]) || s[-1] == '+' || s[-1] == '-' || s[-1] == '.'))
		return 0;
	if ((s[0] == '+' || s[0] == '-') && (s[1] == '1' || s[1] == '0')) {
		*v = s[1] == '0' ? 0 : (s[0] == '+' ? 1 : -1);
		l = 2;
	} else if (s[0] == '0' && allow_zero) {
		*v = 0;
		l = 1;
	} else {
		return 0;
	}
	if (isalnum((unsigned char)s[l]) || (s[l] == '.' && isdigit((unsigned char)s[l + 1])))
		return 0;
	return l;
}

int rp_vote_parse(const char *text)
{
	static const char *const prefixes[] = { "my vote is", "my vote:", "vote:", "i vote", "i'm", "i am" };
	const char *line = text;
	int seen[3] = { 0, 0, 0 }, k, n = 0, val = RP_VOTE_NONE;
	size_t total = 0;

	if (!text)
		return RP_VOTE_NONE;
	while (*line && total < VOTE_MAX_TEXT) {
		const char *e = strchr(line, '\n'), *p = line, *q;
		size_t ll = e ? (size_t)(e - line) : strlen(line);
		int v, checked = 0;
		total += ll + 1;
		while (p < line + ll && (*p == ' ' || *p == '\t'))
			p++;
		/* Ballot boxes: "[ ] +1" is a choice offered, "[X] +1" a choice made. */
		if (*p == '[' || *p == '(') {
			char close = *p == '[' ? ']' : ')';
			if (p + 2 < line + ll && p[2] == close) {
				if (p[1] == ' ')
					goto next;
				checked = p[1] == 'x' || p[1] == 'X';
				p += 3;
				while (*p == ' ')
					p++;
			}
		}
		for (k = 0; k < (int)(sizeof(prefixes) / sizeof(prefixes[0])); k++)
			if (rp_istarts_with(p, prefixes[k])) {
				p += strlen(prefixes[k]);
				while (*p == ' ')
					p++;
				break;
			}
		(void)checked;
		if (vote_token(p, line, 1, &v)) {
			seen[v + 1] = 1;
		} else {
			/* "+1" or "-1" anywhere in the line ("I'm +1 on this"), never a bare 0. */
			for (q = p; q < line + ll; q++)
				if ((*q == '+' || *q == '-') && vote_token(q, line, 0, &v)) {
					seen[v + 1] = 1;
					break;
				}
		}
	next:
		if (!e)
			break;
		line = e + 1;
	}
	for (k = 0; k < 3; k++)
		if (seen[k]) {
			n++;
			val = k - 1;
		}
	return n == 1 ? val : RP_VOTE_NONE;
}

static int read_number(const char *p, int *out)
{
	long v = 0;
	int digits = 0;

	while (isdigit((unsigned char)*p) && digits < 7) {
		v = v * 10 + (*p++ - '0');
		digits++;
	}
	if (!digits || isdigit((unsigned char)*p))
		return 0;
	*out = (int)v;
	return 1;
}

int rp_vote_parse_result(const char *text, int tally[3])
{
	const char *p;
	int found[3] = { 0, 0, 0 }, v, n;
	size_t len;

	tally[0] = tally[1] = tally[2] = 0;
	if (!text)
		return RP_ENOTFOUND;
	len = strnlen(text, VOTE_MAX_TEXT);
	/* "+1: 4", "-1 votes: 2", "0 = 1": the token, optional words, a colon or '=', a number. */
	for (p = text; p < text + len; p++) {
		size_t l;
		const char *q;
		int at_line = p == text || p[-1] == '\n' || (p[-1] == ' ' && (p - 1 == text || p[-2] == '\n'));
		if (!(l = vote_token(p, text, at_line, &v)))
			continue;
		q = p + l;
		while (*q == ' ' || *q == '\t' || *q == '(' || *q == ')' || isalpha((unsigned char)*q)) {
			if (q - p > 24)
				break;
			q++;
		}
		if (*q == ':' || *q == '=') {
			q++;
			while (*q == ' ' || *q == '\t')
				q++;
			if (read_number(q, &n) && !found[1 - v]) {
				tally[1 - v] = n;
				found[1 - v] = 1;
			}
		}
	}
	/* "5 +1, 1 0 and 0 -1": a number, spaces, the token. */
	for (p = text; p < text + len; p++) {
		const char *q = p;
		if (!isdigit((unsigned char)*p) || (p > text && isalnum((unsigned char)p[-1])))
			continue;
		if (!read_number(p, &n))
			continue;
		while (isdigit((unsigned char)*q))
			q++;
		if (*q != ' ')
			continue;
		while (*q == ' ')
			q++;
		if (*q == 'x' && q[1] == ' ')
			q += 2;
		if (vote_token(q, text, 1, &v) && !found[1 - v]) {
			tally[1 - v] = n;
			found[1 - v] = 1;
		}
	}
	return found[0] || found[1] || found[2] ? 0 : RP_ENOTFOUND;
}

/* ---- collecting from the store ---- */

struct row {
	char *thread, *message_id, *subject, *name, *addr, *text;
	int64_t id, date;
};

static void row_free(struct row *r)
{
	free(r->thread);
	free(r->message_id);
	free(r->subject);
	free(r->name);
	free(r->addr);
	free(r->text);
}

static char *col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? rp_strdup((const char *)t) : NULL;
}

/* Subject without "Re:"/"Fwd:" and "[TAG]" prefixes, lower-cased, spaces squeezed. */
static char *base_subject(const char *s)
{
	struct rp_buf b = RP_BUF_INIT;
	int sp = 0;

	if (!s)
		s = "";
	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (rp_istarts_with(s, "re:"))
			s += 3;
		else if (rp_istarts_with(s, "fwd:"))
			s += 4;
		else if (rp_istarts_with(s, "fw:"))
			s += 3;
		else if (*s == '[' && strchr(s, ']'))
			s = strchr(s, ']') + 1;
		else
			break;
	}
	for (; *s; s++) {
		if (isspace((unsigned char)*s)) {
			sp = 1;
			continue;
		}
		if (sp && b.len)
			rp_buf_addch(&b, ' ');
		sp = 0;
		rp_buf_addch(&b, (char)tolower((unsigned char)*s));
	}
	return rp_buf_detach(&b, NULL);
}

/* New text of a message: its 'new' blocks, stored or computed now. NULL on failure. */
static char *new_text(struct rp_blocks *blocks, int64_t id)
{
	struct rp_segments seg;
	char *text;

	if (rp_blocks_get(blocks, id, NULL, &seg, NULL, NULL))
		return NULL;
	text = rp_text_new_text(&seg);
	rp_segments_release(&seg);
	return text;
}

static int contains_tag(const char *subject, const char *tag)
{
	return subject && rp_ascii_casestr(subject, tag) != NULL;
}

static int add_vote(struct rp_vote_thread *t, const struct row *r, int v)
{
	size_t i;
	const char *addr = r->addr ? r->addr : "";

	for (i = 0; i < t->n_votes; i++)
		if (rp_ascii_casecmp(t->votes[i].address, addr) == 0)
			break;
	/* The latest vote counts; on equal dates the later row (higher id) wins. */
	if (i < t->n_votes && t->votes[i].date > r->date)
		return 0;
	if (i == t->n_votes) {
		struct rp_vote *nv = realloc(t->votes, (t->n_votes + 1) * sizeof(*nv));
		if (!nv)
			return RP_ENOMEM;
		t->votes = nv;
		memset(&nv[i], 0, sizeof(nv[i]));
		nv[i].address = rp_strdup(addr);
		t->n_votes++;
	}
	free(t->votes[i].voter);
	free(t->votes[i].message_id);
	t->votes[i].voter = rp_strdup(r->name ? r->name : addr);
	t->votes[i].message_id = rp_strdup(r->message_id);
	t->votes[i].vote = v;
	t->votes[i].date = r->date;
	if (!t->votes[i].address || !t->votes[i].voter || !t->votes[i].message_id)
		return RP_ENOMEM;
	return 0;
}

static int cmp_vote(const void *a, const void *b)
{
	return strcmp(((const struct rp_vote *)a)->address, ((const struct rp_vote *)b)->address);
}

struct result_thread {
	char *base;
	int tally[3];
	char *message_id;
};

/* Process one thread's rows [a, b): root first (lowest depth, earliest). */
static int do_thread(struct rp_votes *out, struct row *rows, size_t a, size_t b,
		     struct result_thread **res, size_t *n_res)
{
	struct rp_vote_thread *t, *nt;
	size_t i;
	int rc;

	if (contains_tag(rows[a].subject, "[result]")) {
		int tally[3];
		for (i = a; i < b; i++)
			if (contains_tag(rows[i].subject, "[result]") && rp_vote_parse_result(rows[i].text, tally) == 0) {
				struct result_thread *nr = realloc(*res, (*n_res + 1) * sizeof(*nr));
				if (!nr)
					return RP_ENOMEM;
				*res = nr;
				nr[*n_res].base = base_subject(rows[a].subject);
				nr[*n_res].message_id = rp_strdup(rows[i].message_id);
				memcpy(nr[*n_res].tally, tally, sizeof(tally));
				(*n_res)++;
				break;
			}
		return 0;
	}
	if (!contains_tag(rows[a].subject, "[vote]"))
		return 0;
	nt = realloc(out->threads, (out->n + 1) * sizeof(*nt));
	if (!nt)
		return RP_ENOMEM;
	out->threads = nt;
	t = &nt[out->n++];
	memset(t, 0, sizeof(*t));
	t->thread = rp_strdup(rows[a].thread);
	t->subject = rp_strdup(rows[a].subject ? rows[a].subject : "");
	if (!t->thread || !t->subject)
		return RP_ENOMEM;
	for (i = a; i < b; i++) {
		int v;
		if (contains_tag(rows[i].subject, "[result]")) {
			if (!t->has_result && rp_vote_parse_result(rows[i].text, t->result) == 0) {
				t->has_result = 1;
				t->result_message_id = rp_strdup(rows[i].message_id);
			}
			continue;
		}
		v = rp_vote_parse(rows[i].text);
		if (v != RP_VOTE_NONE && (rc = add_vote(t, &rows[i], v)) != 0)
			return rc;
	}
	if (t->n_votes)
		qsort(t->votes, t->n_votes, sizeof(*t->votes), cmp_vote);
	for (i = 0; i < t->n_votes; i++)
		t->tally[1 - t->votes[i].vote]++;
	return 0;
}

int rp_votes_collect(struct rp_votes *out, struct rp_store *s, const char *list,
		     struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	struct rp_blocks *blocks = NULL;
	struct row *rows = NULL;
	struct result_thread *res = NULL;
	size_t n = 0, alloc = 0, i, a, n_res = 0;
	int64_t list_id = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (list) {
		rc = rp_store_list_id(s, list, 0, &list_id, err);
		if (rc)
			goto cleanup;
	}
	rc = rp_store_prepare(s, &st,
			      "SELECT tn.thread, m.id, m.message_id, m.subject, m.from_name, "
			      "lower(m.from_addr), m.date FROM thread_node tn "
			      "JOIN message m ON m.message_id = tn.message_id "
			      "WHERE ?1 = 0 OR m.list_id = ?1 "
			      "ORDER BY tn.thread, tn.depth, m.date, m.id",
			      err);
	if (rc)
		goto cleanup;
	rc = rp_blocks_open(&blocks, s, err);
	if (rc)
		goto cleanup;
	sqlite3_bind_int64(st, 1, list_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct row *r;
		if (n == alloc) {
			struct row *nr = realloc(rows, (alloc ? alloc * 2 : 64) * sizeof(*nr));
			if (!nr) {
				rc = RP_ENOMEM;
				goto cleanup;
			}
			rows = nr;
			alloc = alloc ? alloc * 2 : 64;
		}
		r = &rows[n++];
		memset(r, 0, sizeof(*r));
		r->thread = col_dup(st, 0);
		r->id = sqlite3_column_int64(st, 1);
		r->message_id = col_dup(st, 2);
		r->subject = col_dup(st, 3);
		r->name = col_dup(st, 4);
		r->addr = col_dup(st, 5);
		r->date = sqlite3_column_int64(st, 6);
		/* Only vote and result threads need their text. */
		if (contains_tag(r->subject, "[vote]") || contains_tag(r->subject, "[result]"))
			r->text = new_text(blocks, r->id);
		if (!r->thread || !r->message_id) {
			rc = RP_ENOMEM;
			goto cleanup;
		}
	}
	if (rc != SQLITE_DONE) {
		rc = rp_store_error(s, err, "reading vote threads");
		goto cleanup;
	}
	for (a = 0; a < n; a = i) {
		for (i = a; i < n && strcmp(rows[i].thread, rows[a].thread) == 0; i++)
			;
		rc = do_thread(out, rows, a, i, &res, &n_res);
		if (rc)
			goto cleanup;
	}
	/* A result announced in a thread of its own: match it by subject. */
	for (i = 0; i < out->n; i++) {
		struct rp_vote_thread *t = &out->threads[i];
		char *b;
		size_t k;
		if (t->has_result)
			continue;
		b = base_subject(t->subject);
		for (k = 0; b && k < n_res; k++)
			if (strcmp(res[k].base, b) == 0) {
				t->has_result = 1;
				memcpy(t->result, res[k].tally, sizeof(t->result));
				t->result_message_id = rp_strdup(res[k].message_id);
				break;
			}
		free(b);
	}
	rc = 0;
cleanup:
	for (i = 0; i < n; i++)
		row_free(&rows[i]);
	free(rows);
	for (i = 0; i < n_res; i++) {
		free(res[i].base);
		free(res[i].message_id);
	}
	free(res);
	sqlite3_finalize(st);
	rp_blocks_close(blocks);
	if (rc) {
		if (rc == RP_ENOMEM)
			rp_error_set(err, rc, "votes", "out of memory");
		rp_votes_release(out);
	}
	return rc;
}

void rp_votes_release(struct rp_votes *v)
{
	size_t i, k;

	if (!v)
		return;
	for (i = 0; i < v->n; i++) {
		struct rp_vote_thread *t = &v->threads[i];
		for (k = 0; k < t->n_votes; k++) {
			free(t->votes[k].voter);
			free(t->votes[k].address);
			free(t->votes[k].message_id);
		}
		free(t->votes);
		free(t->thread);
		free(t->subject);
		free(t->result_message_id);
	}
	free(v->threads);
	memset(v, 0, sizeof(*v));
}
