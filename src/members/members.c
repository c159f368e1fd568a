/* members: the roster (member, member_alias tables): set and remove members, read a
 * roster from CSV. The CSV syntax is libcsv's (RFC 4180 with strict quoting); this file
 * maps its columns to members and keeps the aliases consistent: an address belongs to one
 * member only, as its canonical address or as one of its aliases. Aliases are looked up
 * through a temporary table keyed by alias, built once per command (see alias_key_begin). */
#include <csv.h>
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rapporteur/members.h"

#define ROSTER_MAX_BYTES (16u << 20)

/* "Alice@Example.ORG" or "<alice@example.org>": a lower-cased copy, or NULL when it is not
 * a plain address (one '@', something either side, no space, comma or angle bracket). */
static char *normal_address(const char *s)
{
	size_t n, i, at = 0, ats = 0;
	char *out;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n >= 2 && s[0] == '<' && s[n - 1] == '>') {
		s++;
		n -= 2;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '@') {
			ats++;
			at = i;
		} else if (c <= ' ' || c == ',' || c == ';' || c == '<' || c == '>' || c == '"' ||
			   c == 0x7F) {
			return NULL;
		}
	}
	if (ats != 1 || at == 0 || at + 1 == n)
		return NULL;
	if (!(out = malloc(n + 1)))
		return NULL;
	for (i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)s[i]);
	out[n] = '\0';
	return out;
}

/* The statements of one command, each prepared on first use and kept until cache_free:
 * preparing them again for every member was most of the time left of an import (20,000
 * rows: 2.0 s of CPU, 0.35 s with them kept). Keyed by the address of their SQL text. */
#define CACHED_MAX 8
struct sql_cache {
	struct rp_store *s;
	const char *sql[CACHED_MAX];
	sqlite3_stmt *st[CACHED_MAX];
	size_t n;
};

static void cache_free(struct sql_cache *k)
{
	while (k->n)
		sqlite3_finalize(k->st[--k->n]);
}

/* Run sql with ?1 = a, ?2 = b (b < 0: not bound), ?3 = c, ?4 = d. With out, the first
 * column of its one-row answer is copied there (NULL when there is no row); without, the
 * statement must run to its end. */
static int query(struct sql_cache *k, const char *sql, const char *a, int64_t b, const char *c,
		 const char *d, char **out, struct rp_error *err)
{
	struct rp_store *s = k->s;
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc;

	if (out)
		*out = NULL;
	for (i = 0; i < k->n && k->sql[i] != sql; i++)
		;
	if (i < k->n) {
		st = k->st[i];
	} else {
		if ((rc = rp_store_prepare(s, &st, sql, err)))
			return rc;
		if (k->n < CACHED_MAX) {
			k->sql[k->n] = sql;
			k->st[k->n++] = st;
		}
	}
	rp_bind_text(st, 1, a);
	if (b >= 0)
		sqlite3_bind_int64(st, 2, b);
	rp_bind_text(st, 3, c);
	rp_bind_text(st, 4, d);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && out) {
		*out = rp_strdup((const char *)sqlite3_column_text(st, 0));
		rc = *out ? 0 : RP_ENOMEM;
	} else {
		rc = rc == SQLITE_DONE ? 0 : rp_store_error(s, err, "members");
	}
	if (i < k->n) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	} else {
		sqlite3_finalize(st);
	}
	return rc;
}

static int lookup(struct sql_cache *k, const char *sql, const char *a, int64_t b, char **out,
		  struct rp_error *err)
{
	return query(k, sql, a, b, NULL, NULL, out, err);
}

static int run(struct sql_cache *k, const char *sql, const char *a, int64_t b, const char *c,
	       const char *d, struct rp_error *err)
{
	return query(k, sql, a, b, c, d, NULL, err);
}

/* member_alias is keyed by (member, alias): finding who has an alias scanned the table, once
 * or twice per member set, and importing a roster of 20,000 members took 38.5 s (quadratic).
 * temp.alias_key holds the same pairs keyed by alias, copied once per command (one scan, as
 * a single look-up took) and kept current by temporary triggers while the command writes;
 * the look-ups of member_set and add_alias read it. Dropped by alias_key_end. */
static const char alias_key_begin[] =
	"CREATE TEMP TABLE alias_key(alias TEXT NOT NULL, member INTEGER NOT NULL,"
	" PRIMARY KEY(alias, member)) WITHOUT ROWID;"
	"CREATE TEMP TRIGGER alias_key_insert AFTER INSERT ON main.member_alias BEGIN"
	" INSERT OR IGNORE INTO alias_key VALUES (new.alias, new.member); END;"
	"CREATE TEMP TRIGGER alias_key_delete AFTER DELETE ON main.member_alias BEGIN"
	" DELETE FROM alias_key WHERE alias = old.alias AND member = old.member; END;"
	"CREATE TEMP TRIGGER alias_key_update AFTER UPDATE ON main.member_alias BEGIN"
	" DELETE FROM alias_key WHERE alias = old.alias AND member = old.member;"
	" INSERT OR IGNORE INTO alias_key VALUES (new.alias, new.member); END;"
	"INSERT INTO alias_key SELECT alias, member FROM main.member_alias;";
static const char alias_key_end[] =
	"DROP TRIGGER IF EXISTS temp.alias_key_insert; DROP TRIGGER IF EXISTS temp.alias_key_delete;"
	"DROP TRIGGER IF EXISTS temp.alias_key_update; DROP TABLE IF EXISTS temp.alias_key;";

static int add_alias(struct sql_cache *k, int64_t id, const char *addr, const char *raw,
		     struct rp_error *err)
{
	char *alias = normal_address(raw), *other = NULL;
	int rc;

	if (!alias)
		return rp_error_set(err, RP_EUSAGE, "members", "alias '%s' is not an e-mail address", raw);
	if (strcmp(alias, addr) == 0) {
		free(alias);
		return 0;
	}
	rc = lookup(k, "SELECT address FROM member WHERE address = ?1 AND id <> ?2", alias, id, &other,
		    err);
	if (!rc && other)
		rc = rp_error_set(err, RP_EUSAGE, "members",
				  "alias %s of %s is a member's own address", alias, addr);
	if (!rc)
		rc = lookup(k,
			    "SELECT m.address FROM temp.alias_key a JOIN member m ON m.id = a.member"
			    " WHERE a.alias = ?1 AND a.member <> ?2",
			    alias, id, &other, err);
	if (!rc && other)
		rc = rp_error_set(err, RP_EUSAGE, "members", "alias %s of %s is already an alias of %s",
				  alias, addr, other);
	if (!rc)
		rc = run(k, "INSERT OR IGNORE INTO member_alias(member, alias) VALUES (?2, ?1)", alias, id,
			 NULL, NULL, err);
	free(other);
	free(alias);
	return rc;
}

static int member_set(struct sql_cache *k, const struct rp_member_spec *m, struct rp_error *err)
{
	char *addr = normal_address(m->address ? m->address : ""), *other = NULL, *idtext = NULL;
	int64_t id;
	size_t i;
	int rc;

	if (!addr)
		return rp_error_set(err, RP_EUSAGE, "members", "'%s' is not an e-mail address",
				    m->address ? m->address : "");
	rc = lookup(k,
		    "SELECT m.address FROM temp.alias_key a JOIN member m ON m.id = a.member"
		    " WHERE a.alias = ?1",
		    addr, -1, &other, err);
	if (!rc && other)
		rc = rp_error_set(err, RP_EUSAGE, "members", "%s is already an alias of %s", addr, other);
	/* NULL keeps what is stored, "" clears it. */
	if (!rc)
		rc = run(k,
			 "INSERT INTO member(address, name, affiliation) VALUES (?1, nullif(?3, ''),"
			 " nullif(?4, '')) ON CONFLICT(address) DO UPDATE SET"
			 " name = CASE WHEN ?3 IS NULL THEN name ELSE nullif(?3, '') END,"
			 " affiliation = CASE WHEN ?4 IS NULL THEN affiliation ELSE nullif(?4, '') END",
			 addr, -1, m->name, m->affiliation, err);
	if (!rc)
		rc = lookup(k, "SELECT id FROM member WHERE address = ?1", addr, -1, &idtext, err);
	if (!rc && !idtext)
		rc = rp_error_set(err, RP_EDB, "members", "member %s not stored", addr);
	id = idtext ? strtoll(idtext, NULL, 10) : 0;
	if (!rc && m->replace_aliases)
		rc = run(k, "DELETE FROM member_alias WHERE member = ?2", addr, id,
			 NULL, NULL, err);
	for (i = 0; !rc && i < m->n_aliases; i++)
		rc = add_alias(k, id, addr, m->aliases[i], err);
	free(idtext);
	free(other);
	free(addr);
	return rc;
}

int rp_member_set(struct rp_store *s, const struct rp_member_spec *m, struct rp_error *err)
{
	struct sql_cache k = { .s = s };
	int rc;

	if ((rc = rp_store_exec(s, "SAVEPOINT member_set", err)))
		return rc;
	if (!(rc = rp_store_exec(s, alias_key_begin, err)))
		rc = member_set(&k, m, err);
	cache_free(&k);
	if (rc)
		rp_store_exec(s, "ROLLBACK TO member_set", NULL);
	rp_store_exec(s, alias_key_end, NULL);
	rp_store_exec(s, "RELEASE member_set", NULL);
	return rc;
}

int rp_member_remove(struct rp_store *s, const char *address, struct rp_error *err)
{
	char *addr = normal_address(address ? address : "");
	sqlite3_stmt *st = NULL;
	int rc;

	if (!addr)
		return rp_error_set(err, RP_EUSAGE, "members", "'%s' is not an e-mail address",
				    address ? address : "");
	if (!(rc = rp_store_prepare(s, &st, "DELETE FROM member WHERE address = ?1", err))) {
		rp_bind_text(st, 1, addr);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = rp_store_error(s, err, "removing a member");
		else if (sqlite3_changes(rp_store_db(s)) == 0)
			rc = rp_error_set(err, RP_ENOTFOUND, "members", "no member at %s", addr);
	}
	sqlite3_finalize(st);
	free(addr);
	return rc;
}

/* ---- CSV roster ---- */

enum { COL_ADDRESS, COL_NAME, COL_AFFILIATION, COL_ALIASES, NCOLS };

struct roster {
	struct sql_cache s;
	struct rp_error *err;
	const char *path;
	int col_of[64];       /* field index -> COL_*, or -1 */
	size_t nfields;       /* fields of the current row so far */
	size_t row;           /* 1-based row number (the header is row 1) */
	int header_done;
	char *cell[NCOLS];    /* the current row's cells */
	size_t count;
	int rc;
	char **seen;          /* addresses of the rows so far (compared without case), and their rows */
	size_t *seen_row, n_seen, alloc_seen;
	size_t *seen_slot;    /* open addressing over seen: index + 1, 0 empty; at most half full */
	size_t seen_cap;      /* a power of two */
};

/* FNV-1a of the address with ASCII letters lower-cased, as rp_ascii_casecmp compares. */
static size_t seen_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		h ^= c >= 'A' && c <= 'Z' ? c + 32u : c;
		h *= 1099511628211ULL;
	}
	return (size_t)h;
}

/* Room in the hash for one more address: doubled and refilled when half full. */
static int seen_grow(struct roster *r)
{
	size_t cap = r->seen_cap ? 2 * r->seen_cap : 128, i, h;
	size_t *slot;

	if (2 * (r->n_seen + 1) <= r->seen_cap)
		return 0;
	if (!(slot = calloc(cap, sizeof(*slot))))
		return RP_ENOMEM;
	for (i = 0; i < r->n_seen; i++) {
		for (h = seen_hash(r->seen[i]) & (cap - 1); slot[h]; h = (h + 1) & (cap - 1))
			;
		slot[h] = i + 1;
	}
	free(r->seen_slot);
	r->seen_slot = slot;
	r->seen_cap = cap;
	return 0;
}

/* The row on which address already appeared (a second row for one member would silently
 * win), else 0 after remembering it; sets r->rc when out of memory. Found by hash: a scan of
 * the rows so far made a roster of 20,000 rows quadratic. */
static size_t seen_before(struct roster *r, const char *address)
{
	char *low;
	size_t h = 0;

	if (seen_grow(r)) {
		r->rc = rp_error_set(r->err, RP_ENOMEM, r->path, "out of memory");
		return 0;
	}
	for (h = seen_hash(address) & (r->seen_cap - 1); r->seen_slot[h]; h = (h + 1) & (r->seen_cap - 1))
		if (rp_ascii_casecmp(r->seen[r->seen_slot[h] - 1], address) == 0)
			return r->seen_row[r->seen_slot[h] - 1];
	if (r->n_seen == r->alloc_seen) {
		size_t na = r->alloc_seen ? 2 * r->alloc_seen : 64;
		char **ns = realloc(r->seen, na * sizeof(*ns));
		size_t *nr = ns ? realloc(r->seen_row, na * sizeof(*nr)) : NULL;

		if (ns)
			r->seen = ns;
		if (!ns || !nr) {
			r->rc = rp_error_set(r->err, RP_ENOMEM, r->path, "out of memory");
			return 0;
		}
		r->seen_row = nr;
		r->alloc_seen = na;
	}
	if (!(low = rp_strdup(address))) {
		r->rc = rp_error_set(r->err, RP_ENOMEM, r->path, "out of memory");
		return 0;
	}
	r->seen[r->n_seen] = low;
	r->seen_row[r->n_seen++] = r->row;
	r->seen_slot[h] = r->n_seen;
	return 0;
}

/* What each field is called in messages. */
static const char *const col_desc[NCOLS] = { "the address", "the name", "the affiliation", "the aliases" };

/* The field a header names, or -1. Names are compared lower-cased without spaces, '-' and
 * '_', so "E-mail address", "Email_Address" and "Full Name" are "emailaddress", "fullname". */
static int column_named(const char *h)
{
	static const struct {
		const char *name;
		int col;
	} names[] = {
		{ "address", COL_ADDRESS },	     { "emailaddress", COL_ADDRESS },
		{ "email", COL_ADDRESS },	     { "mail", COL_ADDRESS },
		{ "name", COL_NAME },		     { "fullname", COL_NAME },
		{ "displayname", COL_NAME },	     { "affiliation", COL_AFFILIATION },
		{ "organisation", COL_AFFILIATION }, { "organization", COL_AFFILIATION },
		{ "org", COL_AFFILIATION },	     { "aliases", COL_ALIASES },
		{ "alias", COL_ALIASES },
	};
	char norm[32];
	size_t i, n = 0;

	for (; *h; h++) {
		if (*h == ' ' || *h == '\t' || *h == '-' || *h == '_')
			continue;
		if (n + 1 == sizeof(norm))
			return -1;
		norm[n++] = (char)tolower((unsigned char)*h);
	}
	norm[n] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(norm, names[i].name) == 0)
			return names[i].col;
	return -1;
}

static void on_field(void *data, size_t len, void *ctx)
{
	struct roster *r = ctx;
	const char *f = data ? data : "";
	size_t k = r->nfields++;

	(void)len;
	if (r->rc)
		return;
	if (!r->header_done) {
		if (k < sizeof(r->col_of) / sizeof(r->col_of[0]))
			r->col_of[k] = column_named(f);
		return;
	}
	if (k < sizeof(r->col_of) / sizeof(r->col_of[0]) && r->col_of[k] >= 0) {
		int c = r->col_of[k];
		free(r->cell[c]);
		if (!(r->cell[c] = rp_strdup(f)))
			r->rc = rp_error_set(r->err, RP_ENOMEM, r->path, "out of memory");
	}
}

/* Aliases cell: addresses separated by spaces, commas or semicolons. */
static size_t split_aliases(char *s, const char **out, size_t max)
{
	size_t n = 0;
	char *tok, *save = NULL;

	for (tok = strtok_r(s, " \t,;\r\n", &save); tok && n < max; tok = strtok_r(NULL, " \t,;\r\n", &save))
		out[n++] = tok;
	return n;
}

static void on_row(int term, void *ctx)
{
	struct roster *r = ctx;
	size_t k;

	(void)term;
	r->row++;
	if (r->rc)
		goto done;
	if (!r->header_done) {
		size_t first[NCOLS] = { 0 }; /* 1-based column of each field, 0 when none */
		for (k = 0; k < r->nfields && k < sizeof(r->col_of) / sizeof(r->col_of[0]); k++) {
			int c = r->col_of[k];
			if (c < 0)
				continue;
			if (first[c] && !r->rc)
				r->rc = rp_error_set(r->err, RP_EPARSE, r->path,
						     "row 1: columns %zu and %zu both give %s", first[c], k + 1,
						     col_desc[c]);
			else if (!first[c])
				first[c] = k + 1;
		}
		if (!r->rc && !first[COL_ADDRESS])
			r->rc = rp_error_set(r->err, RP_EPARSE, r->path,
					     "row 1: the header names no address column (address, "
					     "name, affiliation, aliases)");
		r->header_done = 1;
		goto done;
	}
	if (!r->cell[COL_ADDRESS] || !*r->cell[COL_ADDRESS]) {
		/* a row of empty cells (a spreadsheet's trailing rows) is no member */
		int empty = 1;
		for (k = 0; k < NCOLS; k++)
			empty &= !r->cell[k] || !*r->cell[k];
		if (!empty)
			r->rc = rp_error_set(r->err, RP_EPARSE, r->path, "row %zu: no address", r->row);
		goto done;
	}
	{
		const char *aliases[256];
		struct rp_member_spec m = { 0 };
		struct rp_error e = { 0 };
		size_t first;

		if ((first = seen_before(r, r->cell[COL_ADDRESS])) || r->rc) {
			if (first)
				r->rc = rp_error_set(r->err, RP_EPARSE, r->path,
						     "row %zu: %s is on row %zu already: one row per "
						     "member (give other addresses as aliases)",
						     r->row, r->cell[COL_ADDRESS], first);
			goto done;
		}
		m.address = r->cell[COL_ADDRESS];
		m.name = r->cell[COL_NAME] ? r->cell[COL_NAME] : "";
		m.affiliation = r->cell[COL_AFFILIATION] ? r->cell[COL_AFFILIATION] : "";
		m.aliases = aliases;
		m.n_aliases = r->cell[COL_ALIASES] ? split_aliases(r->cell[COL_ALIASES], aliases, 256) : 0;
		m.replace_aliases = 1;
		/* the file is what is wrong, whatever member_set calls it */
		if ((r->rc = member_set(&r->s, &m, &e)))
			r->rc = rp_error_set(r->err, r->rc == RP_ENOMEM || r->rc == RP_EDB ? r->rc : RP_EPARSE,
					     r->path, "row %zu: %s", r->row, e.msg);
		else
			r->count++;
	}
done:
	for (k = 0; k < NCOLS; k++) {
		free(r->cell[k]);
		r->cell[k] = NULL;
	}
	r->nfields = 0;
}

/* The field separator of a roster, read from its header line: a spreadsheet saves "CSV"
 * with commas, or with semicolons where the comma is the decimal mark (French, German,
 * Spanish locales), and some tools export tabs. The separator that occurs most outside
 * quotes in the header wins; a comma when there is none. */
static unsigned char roster_delimiter(const char *text, size_t len)
{
	size_t i, comma = 0, semi = 0, tab = 0;
	int quoted = 0;

	for (i = 0; i < len && (quoted || (text[i] != '\n' && text[i] != '\r')); i++) {
		if (text[i] == '"')
			quoted = !quoted;
		else if (!quoted && text[i] == ',')
			comma++;
		else if (!quoted && text[i] == ';')
			semi++;
		else if (!quoted && text[i] == '\t')
			tab++;
	}
	if (semi > comma && semi >= tab)
		return ';';
	if (tab > comma && tab > semi)
		return '\t';
	return ',';
}

int rp_members_import_csv(struct rp_store *s, const char *path, size_t *count,
			  struct rp_error *err)
{
	struct csv_parser p;
	struct roster r;
	char *text = NULL;
	size_t len = 0, k, skip;
	int rc;

	*count = 0;
	memset(&r, 0, sizeof(r));
	r.s.s = s;
	r.err = err;
	r.path = path;
	for (k = 0; k < sizeof(r.col_of) / sizeof(r.col_of[0]); k++)
		r.col_of[k] = -1;
	if ((rc = rp_read_file(path, ROSTER_MAX_BYTES, &text, &len, err)))
		return rc;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)) {
		free(text);
		return rp_error_set(err, RP_ENOMEM, path, "out of memory");
	}
	if ((rc = rp_store_exec(s, "SAVEPOINT members_import", err)))
		goto cleanup;
	if ((rc = rp_store_exec(s, alias_key_begin, err)))
		goto rollback;
	/* A UTF-8 byte order mark (spreadsheet exports) goes before libcsv reads a quoted header. */
	skip = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	csv_set_delim(&p, roster_delimiter(text + skip, len - skip));
	if (csv_parse(&p, text + skip, len - skip, on_field, on_row, &r) != len - skip ||
	    csv_fini(&p, on_field, on_row, &r))
		rc = r.rc ? r.rc
			  : csv_error(&p) == CSV_EPARSE
				? rp_error_set(err, RP_EPARSE, path,
					       "row %zu: not valid CSV: a quote opened and never "
					       "closed, or a quote inside an unquoted field",
					       r.row + 1)
				: rp_error_set(err, RP_EPARSE, path, "row %zu: %s", r.row + 1,
					       csv_strerror(csv_error(&p)));
	else if (r.rc)
		rc = r.rc;
	else if (!r.header_done)
		rc = rp_error_set(err, RP_EPARSE, path, "empty roster: no header row");
rollback:
	cache_free(&r.s);
	if (rc)
		rp_store_exec(s, "ROLLBACK TO members_import", NULL);
	rp_store_exec(s, alias_key_end, NULL);
	rp_store_exec(s, "RELEASE members_import", NULL);
	if (!rc)
		*count = r.count;
cleanup:
	for (k = 0; k < NCOLS; k++)
		free(r.cell[k]);
	for (k = 0; k < r.n_seen; k++)
		free(r.seen[k]);
	free(r.seen);
	free(r.seen_row);
	free(r.seen_slot);
	csv_free(&p);
	free(text);
	return rc;
}
