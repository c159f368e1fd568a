/* config: a small INI parser driven by two tables, one row per section kind and one row
 * per key, in the spirit of git's config and mbsync's rc file. The syntax:
 *
 *   # or ; at the start of a line begins a comment
 *   [KIND NAME]          a section; NAME is one word (letters, digits, . _ -)
 *   [KIND]               a section of which there is only one (e.g. [compile])
 *   key = value          white space around both is ignored; "double quotes" keep it
 *
 * A UTF-8 byte order mark at the start (Windows editors write one) is skipped. A file
 * name value (ca_file, password_file) that starts with "~/" is taken under $HOME, as a
 * shell would.
 *
 * There are no inline comments, because passwords and commands may contain # and ;.
 * Written by hand because Debian has no small INI library that reports the line of each
 * key and lets every section kind declare its keys (glib's GKeyFile would pull in glib). */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rapporteur/config.h"

#define MAX_CONFIG_BYTES (1u << 20)
#define MAX_LINE 4096
#define MAX_SECTIONS 1000

/* K_COUNT: a whole number of 1 or more (a count of members a level needs: 0 would make
 * every section agreed). */
enum key_type { K_STR, K_PATH, K_INT, K_COUNT, K_BOOL, K_ENUM, K_DATE, K_SHARE };

struct key_def {
	const char *name;
	enum key_type type;
	size_t off;                      /* offset of the field in the section struct */
	const char *const *choices;      /* K_ENUM: NULL-terminated names, index = value */
	size_t has_off;                  /* K_DATE: offset of the "has" flag */
};

static const char *const tls_names[] = { "imaps", "starttls", "none", NULL };
static const char *const auth_names[] = { "login", "plain", "cram-md5", "xoauth2", NULL };

#define S(f) offsetof(struct rp_config_server, f)
static const struct key_def server_keys[] = {
	{ "host", K_STR, S(host), NULL, 0 },
	{ "port", K_INT, S(port), NULL, 0 },
	{ "tls", K_ENUM, S(tls), tls_names, 0 },
	{ "ca_file", K_PATH, S(ca_file), NULL, 0 },
	{ "user", K_STR, S(user), NULL, 0 },
	{ "password_cmd", K_STR, S(password_cmd), NULL, 0 },
	{ "password_file", K_PATH, S(password_file), NULL, 0 },
	{ "password", K_STR, S(password), NULL, 0 },
	{ "auth", K_ENUM, S(auth), auth_names, 0 },
	{ "token_cmd", K_STR, S(token_cmd), NULL, 0 },
	{ "timeout", K_INT, S(timeout), NULL, 0 },
	{ "retries", K_INT, S(retries), NULL, 0 },
	{ "allow_plaintext", K_BOOL, S(allow_plaintext), NULL, 0 },
	{ NULL, K_STR, 0, NULL, 0 },
};
#undef S
#define L(f) offsetof(struct rp_config_list, f)
static const struct key_def list_keys[] = {
	{ "server", K_STR, L(server_name), NULL, 0 },
	{ "folder", K_STR, L(folder), NULL, 0 },
	{ "address", K_STR, L(address), NULL, 0 },
	{ "list_id", K_STR, L(list_id), NULL, 0 },
	{ "since", K_DATE, L(since), NULL, L(has_since) },
	{ NULL, K_STR, 0, NULL, 0 },
};
#undef L
#define C(f) offsetof(struct rp_config_compile, f)
static const struct key_def compile_keys[] = {
	{ "sendmail", K_STR, C(sendmail), NULL, 0 },
	{ "from", K_STR, C(from), NULL, 0 },
	{ NULL, K_STR, 0, NULL, 0 },
};
#undef C
#define N(f) offsetof(struct rp_config_consensus, f)
static const struct key_def consensus_keys[] = {
	{ "agreed_min_support", K_COUNT, N(agreed_min_support), NULL, 0 },
	{ "rough_min_support", K_COUNT, N(rough_min_support), NULL, 0 },
	{ "rough_min_share", K_SHARE, N(rough_min_share), NULL, 0 },
	{ "isolated_max", K_INT, N(isolated_max), NULL, 0 },
	{ "similarity", K_SHARE, N(similarity), NULL, 0 },
	{ NULL, K_STR, 0, NULL, 0 },
};
#undef N
#define M(f) offsetof(struct rp_config_limits, f)
static const struct key_def limits_keys[] = {
	{ "max_message_mb", K_INT, M(max_message_mb), NULL, 0 },
	{ "mime_depth", K_INT, M(mime_depth), NULL, 0 },
	{ "mime_parts", K_INT, M(mime_parts), NULL, 0 },
	{ "headers", K_INT, M(headers), NULL, 0 },
	{ "text_mb", K_INT, M(text_mb), NULL, 0 },
	{ "gzip_ratio", K_INT, M(gzip_ratio), NULL, 0 },
	{ "gzip_free_mb", K_INT, M(gzip_free_mb), NULL, 0 },
	{ NULL, K_STR, 0, NULL, 0 },
};
#undef M
#define V(f) offsetof(struct rp_config_votes, f)
static const struct key_def votes_keys[] = {
	{ "binding", K_STR, V(binding), NULL, 0 },
	{ NULL, K_STR, 0, NULL, 0 },
};
#undef V

/* One row per section kind: how to make a new one and which keys it takes. */
struct section_def {
	const char *kind;
	int named; /* [KIND NAME] (many) rather than [KIND] (at most one) */
	const struct key_def *keys;
	void *(*add)(struct rp_config *cfg, const char *name, int line);
	/* validate every section of this kind once the file is read */
	int (*check)(struct rp_config *cfg, int private_file, struct rp_error *err);
};

static void *grow(void **arr, size_t *n, size_t size)
{
	char *p;

	if (*n >= MAX_SECTIONS)
		return NULL;
	p = realloc(*arr, (*n + 1) * size);
	if (!p)
		return NULL;
	*arr = p;
	memset(p + *n * size, 0, size);
	return p + (*n)++ * size;
}

static void *add_server(struct rp_config *cfg, const char *name, int line)
{
	struct rp_config_server *s;
	size_t i;

	for (i = 0; i < cfg->n_servers; i++)
		if (strcmp(cfg->servers[i].name, name) == 0)
			return NULL;
	s = grow((void **)&cfg->servers, &cfg->n_servers, sizeof(*s));
	if (!s)
		return NULL;
	s->line = line;
	s->timeout = 60;
	s->retries = -1;
	s->name = rp_strdup(name);
	return s;
}

static void *add_list(struct rp_config *cfg, const char *name, int line)
{
	struct rp_config_list *l;
	size_t i;

	for (i = 0; i < cfg->n_lists; i++)
		if (strcmp(cfg->lists[i].name, name) == 0)
			return NULL;
	l = grow((void **)&cfg->lists, &cfg->n_lists, sizeof(*l));
	if (!l)
		return NULL;
	l->line = line;
	l->name = rp_strdup(name);
	return l;
}

static void *add_consensus(struct rp_config *cfg, const char *name, int line)
{
	(void)name;
	if (cfg->consensus.line)
		return NULL;
	cfg->consensus.line = line;
	return &cfg->consensus;
}

static void *add_limits(struct rp_config *cfg, const char *name, int line)
{
	(void)name;
	if (cfg->limits.line)
		return NULL;
	cfg->limits.line = line;
	return &cfg->limits;
}

static void *add_votes(struct rp_config *cfg, const char *name, int line)
{
	(void)name;
	if (cfg->votes.line)
		return NULL;
	cfg->votes.line = line;
	return &cfg->votes;
}

static void *add_compile(struct rp_config *cfg, const char *name, int line)
{
	(void)name;
	if (cfg->compile.line)
		return NULL;
	cfg->compile.line = line;
	return &cfg->compile;
}

static int check_server(struct rp_config *cfg, struct rp_config_server *s, int private_file,
			struct rp_error *err)
{
	char where[300];
	int sources = !!s->password_cmd + !!s->password_file + !!s->password;

	snprintf(where, sizeof(where), "%s:%d", cfg->path, s->line);
	if (!s->host)
		return rp_error_set(err, RP_ECONFIG, where, "[server %s]: key 'host' is required",
				    s->name);
	if (s->port == 0)
		s->port = s->tls == RP_TLS_IMAPS ? 993 : 143;
	if (s->port < 1 || s->port > 65535)
		return rp_error_set(err, RP_ECONFIG, where, "[server %s]: key 'port': %d is not a port",
				    s->name, s->port);
	if (s->timeout < 1 || s->timeout > 3600)
		return rp_error_set(err, RP_ECONFIG, where,
				    "[server %s]: key 'timeout': must be 1 to 3600 seconds", s->name);
	if (s->retries > 100) /* -1: not set; the file gives no negative number */
		return rp_error_set(err, RP_ECONFIG, where,
				    "[server %s]: key 'retries': must be 0 to 100", s->name);
	if (sources > 1)
		return rp_error_set(err, RP_ECONFIG, where,
				    "[server %s]: give only one of password_cmd, password_file, password",
				    s->name);
	if (s->password && !private_file)
		return rp_error_set(err, RP_ECONFIG, where,
				    "[server %s]: key 'password': refusing a literal password in a file "
				    "others can read; chmod 600 the file or use password_cmd / password_file",
				    s->name);
	if (s->auth == RP_AUTH_XOAUTH2 && !s->token_cmd)
		return rp_error_set(err, RP_ECONFIG, where,
				    "[server %s]: auth = xoauth2 needs key 'token_cmd'", s->name);
	if (s->tls == RP_TLS_NONE && !s->allow_plaintext && !rp_config_host_is_loopback(s->host))
		return rp_error_set(err, RP_ECONFIG, where,
				    "[server %s]: key 'tls': refusing tls = none to non-loopback host '%s' "
				    "(the password would cross the network in clear); set allow_plaintext = yes "
				    "to insist",
				    s->name, s->host);
	return 0;
}

static int check_servers(struct rp_config *cfg, int private_file, struct rp_error *err)
{
	size_t i;
	int rc;

	for (i = 0; i < cfg->n_servers; i++)
		if ((rc = check_server(cfg, &cfg->servers[i], private_file, err)))
			return rc;
	return 0;
}

static int check_list(struct rp_config *cfg, struct rp_config_list *l, struct rp_error *err)
{
	char where[300];

	snprintf(where, sizeof(where), "%s:%d", cfg->path, l->line);
	if (!l->server_name) {
		if (cfg->n_servers != 1)
			return rp_error_set(err, RP_ECONFIG, where,
					    "[list %s]: key 'server' is required", l->name);
		l->server = &cfg->servers[0];
	} else if (!(l->server = rp_config_find_server(cfg, l->server_name)))
		return rp_error_set(err, RP_ECONFIG, where,
				    "[list %s]: key 'server': no [server %s] section", l->name,
				    l->server_name);
	if (!l->folder && !(l->folder = rp_strdup("INBOX")))
		return rp_error_set(err, RP_ENOMEM, where, "out of memory");
	return 0;
}

static int check_lists(struct rp_config *cfg, int private_file, struct rp_error *err)
{
	size_t i;
	int rc;

	for (i = 0; i < cfg->n_lists; i++)
		if ((rc = check_list(cfg, &cfg->lists[i], err)))
			return rc;
	return 0;
}

/* The sendmail command is split on white space and run without a shell (cmd-compile.c),
 * so it must hold at least a program name; the default applies when it is not set. */
static int check_compile(struct rp_config *cfg, int private_file, struct rp_error *err)
{
	struct rp_config_compile *c = &cfg->compile;
	char where[300];

	(void)private_file;
	snprintf(where, sizeof(where), "%s:%d", cfg->path, c->line);
	if (c->sendmail && !c->sendmail[strspn(c->sendmail, " \t")])
		return rp_error_set(err, RP_ECONFIG, where, "[compile]: key 'sendmail' is empty");
	if (!c->sendmail && !(c->sendmail = rp_strdup(RP_CONFIG_DEFAULT_SENDMAIL)))
		return rp_error_set(err, RP_ENOMEM, where, "out of memory");
	if (c->from && (strpbrk(c->from, " \t<>,\"()") || !strchr(c->from, '@')))
		return rp_error_set(err, RP_ECONFIG, where,
				    "[compile]: key 'from': '%.64s' is not a plain address "
				    "(name@example.org)",
				    c->from);
	return 0;
}

static const struct section_def sections[] = {
	/* servers first: lists refer to them when checked */
	{ "server", 1, server_keys, add_server, check_servers },
	{ "list", 1, list_keys, add_list, check_lists },
	{ "compile", 0, compile_keys, add_compile, check_compile },
	{ "consensus", 0, consensus_keys, add_consensus, NULL },
	{ "votes", 0, votes_keys, add_votes, NULL },
	{ "limits", 0, limits_keys, add_limits, NULL },
};
#define N_SECTIONS (sizeof(sections) / sizeof(sections[0]))

static int parse_bool(const char *v, int *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1", NULL };
	static const char *const no[] = { "no", "false", "off", "0", NULL };
	int i;

	for (i = 0; yes[i]; i++)
		if (rp_ascii_casecmp(v, yes[i]) == 0)
			return *out = 1, 0;
	for (i = 0; no[i]; i++)
		if (rp_ascii_casecmp(v, no[i]) == 0)
			return *out = 0, 0;
	return -1;
}

/* A file name: "~/x" is x in the home directory, as config.example shows and a shell
 * would read it ("~user/" is not expanded: no one asked for it). */
static int set_path(char **field, const char *v, char *why, size_t whylen)
{
	const char *home = getenv("HOME");
	struct rp_buf b = RP_BUF_INIT;

	if (!*v)
		return snprintf(why, whylen, "empty value"), -1;
	if (strncmp(v, "~/", 2) != 0)
		return (*field = rp_strdup(v)) ? 0 : (snprintf(why, whylen, "out of memory"), -1);
	if (!home || !*home)
		return snprintf(why, whylen, "'%.64s' starts with ~/ but HOME is not set", v), -1;
	if (rp_buf_addf(&b, "%s%s%s", home, home[strlen(home) - 1] == '/' ? "" : "/", v + 2) ||
	    !(*field = rp_buf_detach(&b, NULL))) {
		rp_buf_release(&b);
		return snprintf(why, whylen, "out of memory"), -1;
	}
	return 0;
}

static int set_key(void *sec, const struct key_def *k, const char *v, char *why, size_t whylen)
{
	char *field = (char *)sec + k->off;
	char *end = NULL;
	long n;
	int i;

	switch (k->type) {
	case K_STR:
		if (!*v)
			return snprintf(why, whylen, "empty value"), -1;
		if (!(*(char **)field = rp_strdup(v)))
			return snprintf(why, whylen, "out of memory"), -1;
		return 0;
	case K_PATH:
		return set_path((char **)field, v, why, whylen);
	case K_INT:
		errno = 0;
		n = strtol(v, &end, 10);
		if (!*v || *end || errno || n < 0 || n > 1000000)
			return snprintf(why, whylen, "'%.64s' is not a number", v), -1;
		*(int *)field = (int)n;
		return 0;
	case K_COUNT:
		errno = 0;
		n = strtol(v, &end, 10);
		if (!*v || *end || errno || n < 1 || n > 1000000)
			return snprintf(why, whylen, "'%.64s' is not a whole number of 1 or more", v), -1;
		*(int *)field = (int)n;
		return 0;
	case K_BOOL:
		if (parse_bool(v, (int *)field))
			return snprintf(why, whylen, "'%.64s' is not yes or no", v), -1;
		return 0;
	case K_ENUM:
		for (i = 0; k->choices[i]; i++)
			if (rp_ascii_casecmp(v, k->choices[i]) == 0)
				return *(int *)field = i, 0;
		snprintf(why, whylen, "'%.64s' is not one of", v);
		for (i = 0; k->choices[i]; i++) {
			size_t l = strlen(why);
			snprintf(why + l, whylen - l, "%s %s", i ? "," : "", k->choices[i]);
		}
		return -1;
	case K_SHARE: {
		double d;

		errno = 0;
		d = strtod(v, &end);
		if (!*v || *end || errno || !(d >= 0.0 && d <= 1.0))
			return snprintf(why, whylen, "'%.64s' is not a number from 0 to 1", v), -1;
		*(double *)field = d;
		return 0;
	}
	case K_DATE:
		if (rp_time_parse_date(v, (int64_t *)field))
			return snprintf(why, whylen, "'%.64s' is not a date (YYYY-MM-DD)", v), -1;
		*(int *)((char *)sec + k->has_off) = 1;
		return 0;
	}
	return -1;
}

/* A key already set is a mistake worth reporting (two passwords, two hosts). */
static int key_is_set(const void *sec, const struct key_def *k)
{
	const char *field = (const char *)sec + k->off;

	if (k->type == K_STR || k->type == K_PATH)
		return *(char *const *)field != NULL;
	return 0;
}

static int is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '-' || c == '@' || c == '+';
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static int parse_header(struct rp_config *cfg, char *s, int lineno, const struct section_def **def,
			void **sec, struct rp_error *err)
{
	char where[300], *end = strchr(s, ']'), *kind, *name;
	size_t i;

	snprintf(where, sizeof(where), "%s:%d", cfg->path, lineno);
	if (!end || *trim(end + 1))
		return rp_error_set(err, RP_ECONFIG, where,
				    "section header must be '[KIND NAME]' or '[KIND]'");
	*end = '\0';
	kind = trim(s + 1);
	name = kind + strcspn(kind, " \t");
	if (*name)
		*name++ = '\0';
	name = trim(name);
	for (i = 0; i < N_SECTIONS; i++)
		if (strcmp(kind, sections[i].kind) == 0)
			break;
	if (i == N_SECTIONS)
		return rp_error_set(err, RP_ECONFIG, where, "unknown section kind '%.64s'", kind);
	if (!sections[i].named && *name)
		return rp_error_set(err, RP_ECONFIG, where, "[%s] takes no name: [%s]", kind, kind);
	if (sections[i].named && !*name)
		return rp_error_set(err, RP_ECONFIG, where, "[%s] needs a name: [%s NAME]", kind, kind);
	for (end = name; *end; end++)
		if (!is_name_char(*end))
			return rp_error_set(err, RP_ECONFIG, where,
					    "[%s %.64s]: names use letters, digits and . _ - @ + only",
					    kind, name);
	*def = &sections[i];
	*sec = sections[i].add(cfg, name, lineno);
	if (!*sec)
		return rp_error_set(err, RP_ECONFIG, where, "[%s%s%.64s] defined twice (or too many sections)",
				    kind, *name ? " " : "", name);
	return 0;
}

static int parse_line(struct rp_config *cfg, char *line, int lineno, const struct section_def **def,
		      void **sec, struct rp_error *err)
{
	char where[300], why[256], *s = trim(line), *eq, *key, *val;
	const struct key_def *k;
	size_t vl;

	snprintf(where, sizeof(where), "%s:%d", cfg->path, lineno);
	if (!*s || *s == '#' || *s == ';')
		return 0;
	if (*s == '[')
		return parse_header(cfg, s, lineno, def, sec, err);
	eq = strchr(s, '=');
	if (!eq)
		return rp_error_set(err, RP_ECONFIG, where, "expected 'key = value'");
	*eq = '\0';
	key = trim(s);
	val = trim(eq + 1);
	if (!*sec)
		return rp_error_set(err, RP_ECONFIG, where, "key '%.64s' outside any section", key);
	for (k = (*def)->keys; k->name; k++)
		if (strcmp(k->name, key) == 0)
			break;
	if (!k->name)
		return rp_error_set(err, RP_ECONFIG, where, "unknown key '%.64s' in a [%s] section", key,
				    (*def)->kind);
	if (key_is_set(*sec, k))
		return rp_error_set(err, RP_ECONFIG, where, "key '%s' given twice", k->name);
	vl = strlen(val);
	if (vl >= 2 && val[0] == '"' && val[vl - 1] == '"') {
		val[vl - 1] = '\0';
		val++;
	}
	if (set_key(*sec, k, val, why, sizeof(why)))
		return rp_error_set(err, RP_ECONFIG, where, "key '%s': %s", k->name, why);
	return 0;
}

int rp_config_parse(struct rp_config **out, const char *text, size_t len, const char *name,
		    int private_file, struct rp_error *err)
{
	struct rp_config *cfg = NULL;
	const struct section_def *def = NULL;
	void *sec = NULL;
	char line[MAX_LINE + 1];
	size_t pos = 0, i;
	int lineno = 0, rc = 0;

	*out = NULL;
	cfg = calloc(1, sizeof(*cfg));
	if (!cfg || !(cfg->path = rp_strdup(name ? name : "config"))) {
		rc = rp_error_set(err, RP_ENOMEM, name, "out of memory");
		goto cleanup;
	}
	cfg->consensus.agreed_min_support = cfg->consensus.rough_min_support = -1;
	cfg->consensus.isolated_max = -1;
	cfg->consensus.rough_min_share = cfg->consensus.similarity = -1.0;
	if (len > MAX_CONFIG_BYTES) {
		rc = rp_error_set(err, RP_ECONFIG, cfg->path, "larger than %u bytes", MAX_CONFIG_BYTES);
		goto cleanup;
	}
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		pos = 3; /* a UTF-8 byte order mark */
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t l = nl ? (size_t)(nl - (text + pos)) : len - pos;
		char where[300];

		lineno++;
		snprintf(where, sizeof(where), "%s:%d", cfg->path, lineno);
		if (l > MAX_LINE) {
			rc = rp_error_set(err, RP_ECONFIG, where, "line longer than %d bytes", MAX_LINE);
			goto cleanup;
		}
		if (memchr(text + pos, '\0', l)) {
			rc = rp_error_set(err, RP_ECONFIG, where, "NUL byte in the file");
			goto cleanup;
		}
		memcpy(line, text + pos, l);
		line[l] = '\0';
		pos += l + 1;
		if ((rc = parse_line(cfg, line, lineno, &def, &sec, err)))
			goto cleanup;
	}
	for (i = 0; i < N_SECTIONS; i++)
		if (sections[i].check && (rc = sections[i].check(cfg, private_file, err)))
			goto cleanup;
	*out = cfg;
	cfg = NULL;
cleanup:
	rp_config_free(cfg);
	return rc;
}

int rp_config_load(struct rp_config **out, const char *path, struct rp_error *err)
{
	char *text = NULL;
	size_t len = 0;
	struct stat st;
	int rc, private_file;

	*out = NULL;
	if ((rc = rp_read_file(path, MAX_CONFIG_BYTES, &text, &len, err))) {
		if (rc == RP_ENOTFOUND)
			rp_error_set(err, RP_ENOTFOUND, path,
				     "no configuration file (see config.example; --config FILE)");
		else if (err)
			err->code = RP_ECONFIG;
		return rc == RP_ENOTFOUND ? rc : RP_ECONFIG;
	}
	private_file = stat(path, &st) == 0 && (st.st_mode & 077) == 0;
	rc = rp_config_parse(out, text, len, path, private_file, err);
	free(text);
	return rc;
}

void rp_config_free(struct rp_config *cfg)
{
	size_t i;

	if (!cfg)
		return;
	for (i = 0; i < cfg->n_servers; i++) {
		struct rp_config_server *s = &cfg->servers[i];
		free(s->name);
		free(s->host);
		free(s->ca_file);
		free(s->user);
		free(s->password_cmd);
		free(s->password_file);
		if (s->password)
			memset(s->password, 0, strlen(s->password));
		free(s->password);
		free(s->token_cmd);
	}
	for (i = 0; i < cfg->n_lists; i++) {
		struct rp_config_list *l = &cfg->lists[i];
		free(l->name);
		free(l->server_name);
		free(l->folder);
		free(l->address);
		free(l->list_id);
	}
	free(cfg->votes.binding);
	free(cfg->compile.sendmail);
	free(cfg->compile.from);
	free(cfg->servers);
	free(cfg->lists);
	free(cfg->path);
	free(cfg);
}

const struct rp_config_list *rp_config_find_list(const struct rp_config *cfg, const char *name)
{
	size_t i;

	for (i = 0; cfg && i < cfg->n_lists; i++)
		if (strcmp(cfg->lists[i].name, name) == 0)
			return &cfg->lists[i];
	return NULL;
}

const struct rp_config_server *rp_config_find_server(const struct rp_config *cfg,
						     const char *name)
{
	size_t i;

	for (i = 0; cfg && i < cfg->n_servers; i++)
		if (strcmp(cfg->servers[i].name, name) == 0)
			return &cfg->servers[i];
	return NULL;
}

int rp_config_host_is_loopback(const char *host)
{
	const char *p;
	int dots = 0;

	if (!host)
		return 0;
	if (rp_ascii_casecmp(host, "localhost") == 0 || strcmp(host, "::1") == 0 ||
	    strcmp(host, "[::1]") == 0)
		return 1;
	if (strncmp(host, "127.", 4) != 0)
		return 0;
	for (p = host + 4; *p; p++) {
		if (*p == '.')
			dots++;
		else if (*p < '0' || *p > '9')
			return 0;
	}
	return dots == 2;
}

/* The first line of a command's output. The command comes from the user's own config
 * file, so running it through the shell is what the user asked for. */
static int run_cmd(char **out, const char *what, const char *cmd, struct rp_error *err)
{
	struct rp_buf b = RP_BUF_INIT;
	char chunk[512];
	FILE *p = NULL;
	size_t n;
	int st, rc = 0;

	b.cap = 64 * 1024;
	p = popen(cmd, "r");
	if (!p)
		return rp_error_set(err, RP_ECONFIG, what, "cannot run the command");
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		if (rp_buf_add(&b, chunk, n)) {
			rc = rp_error_set(err, RP_ECONFIG, what, "command output too long");
			break;
		}
	st = pclose(p);
	if (!rc && (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0))
		rc = rp_error_set(err, RP_ECONFIG, what, "the command failed (exit status %d)",
				  st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	if (!rc) {
		b.buf[strcspn(b.buf, "\r\n")] = '\0';
		b.len = strlen(b.buf);
		if (!b.len)
			rc = rp_error_set(err, RP_ECONFIG, what, "the command printed nothing");
	}
	if (rc) {
		memset(b.buf, 0, b.len);
		rp_buf_release(&b);
		return rc;
	}
	*out = rp_buf_detach(&b, NULL);
	return *out ? 0 : RP_ENOMEM;
}

int rp_config_secret(char **out, const struct rp_config_server *srv, struct rp_error *err)
{
	char what[300], *text = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	if (srv->auth == RP_AUTH_XOAUTH2) {
		snprintf(what, sizeof(what), "[server %s] token_cmd", srv->name);
		return run_cmd(out, what, srv->token_cmd, err);
	}
	if (srv->password_cmd) {
		snprintf(what, sizeof(what), "[server %s] password_cmd", srv->name);
		return run_cmd(out, what, srv->password_cmd, err);
	}
	if (srv->password_file) {
		snprintf(what, sizeof(what), "[server %s] password_file %s", srv->name,
			 srv->password_file);
		if ((rc = rp_read_file(srv->password_file, 64 * 1024, &text, &len, NULL)))
			return rp_error_set(err, RP_ECONFIG, what, "cannot read the file");
		text[strcspn(text, "\r\n")] = '\0';
		if (!*text) {
			/* As for a password_cmd that prints nothing: an empty password is a
			 * mistake, and sending it would cost a failed login. */
			memset(text, 0, len);
			free(text);
			return rp_error_set(err, RP_ECONFIG, what, "the file is empty (no password "
				"on its first line)");
		}
		*out = text;
		return 0;
	}
	if (srv->password)
		return (*out = rp_strdup(srv->password)) ? 0 : RP_ENOMEM;
	snprintf(what, sizeof(what), "[server %s]", srv->name);
	return rp_error_set(err, RP_ECONFIG, what,
			    "no password: set password_cmd, password_file or password");
}

int rp_config_secret_file_mode(const struct rp_config_server *srv)
{
	struct stat st;

	if (srv->auth == RP_AUTH_XOAUTH2 || srv->password_cmd || !srv->password_file ||
	    stat(srv->password_file, &st) != 0)
		return 0;
	return (st.st_mode & 077) ? (int)(st.st_mode & 0777) : 0;
}

int rp_config_is_binding(const struct rp_config *cfg, const char *address)
{
	const char *p;
	size_t n;

	if (!cfg || !cfg->votes.binding || !cfg->votes.binding[strspn(cfg->votes.binding, " \t,")])
		return -1;
	if (!address || !*address)
		return 0;
	n = strlen(address);
	for (p = cfg->votes.binding; *p;) {
		size_t w;

		p += strspn(p, " \t,");
		w = strcspn(p, " \t,");
		if (w == n && rp_ascii_ncasecmp(p, address, n) == 0)
			return 1;
		p += w;
	}
	return 0;
}
