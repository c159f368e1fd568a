/* test-config: the INI parser: defaults, every key type, and errors that name the line
 * and key (table-driven), literal passwords and file modes, plaintext refusal, secrets, a
 * byte order mark, "~/" in file names; and the folder names fetch sends (modified UTF-7). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "rapporteur/config.h"
#include "rapporteur/imap.h"

static const char good[] =
	"# a comment\n"
	"; another\n"
	"[server work]\n"
	"host = imap.example.org\n"
	"tls = starttls\n"
	"user = \"alice@example.org\"\n"
	"password_cmd = pass show mail/work\n"
	"timeout = 30\n"
	"retries = 0\n"
	"\n"
	"[server local]\r\n"
	"host=127.0.0.1\r\n"
	"port=10143\r\n"
	"tls=NONE\r\n"
	"password_file = /nonexistent/pw\r\n"
	"[list ietf-foo]\n"
	"server = work\n"
	"folder = Lists/foo\n"
	"list_id = foo.ietf.org\n"
	"since = 2024-03-01\n"
	"[list inbox]\n"
	"server = local\n"
	"address = wg@example.org\n";

static void test_good(void)
{
	struct rp_config *cfg = NULL;
	struct rp_error err = { 0 };
	const struct rp_config_list *l;
	const struct rp_config_server *s;
	int rc = rp_config_parse(&cfg, good, strlen(good), "cfg", 0, &err);

	CHECK_INT(rc, 0);
	if (rc) {
		fprintf(stderr, "%s\n", rp_error_text(&err));
		return;
	}
	CHECK_INT(cfg->n_servers, 2);
	CHECK_INT(cfg->n_lists, 2);
	s = rp_config_find_server(cfg, "work");
	CHECK(s != NULL);
	CHECK_STR(s->host, "imap.example.org");
	CHECK_INT(s->tls, RP_TLS_STARTTLS);
	CHECK_INT(s->port, 143);
	CHECK_STR(s->user, "alice@example.org");
	CHECK_STR(s->password_cmd, "pass show mail/work");
	CHECK_INT(s->timeout, 30);
	CHECK_INT(s->retries, 0);
	CHECK_INT(s->auth, RP_AUTH_LOGIN);
	s = rp_config_find_server(cfg, "local");
	CHECK_INT(s->port, 10143);
	CHECK_INT(s->tls, RP_TLS_NONE);
	CHECK_INT(s->timeout, 60);
	CHECK_INT(s->retries, -1); /* not set: the fetch's default */
	l = rp_config_find_list(cfg, "ietf-foo");
	CHECK(l && l->server == rp_config_find_server(cfg, "work"));
	CHECK_STR(l->folder, "Lists/foo");
	CHECK_STR(l->list_id, "foo.ietf.org");
	CHECK_INT(l->has_since, 1);
	CHECK_INT(l->since, 1709251200);
	l = rp_config_find_list(cfg, "inbox");
	CHECK_STR(l->folder, "INBOX");
	CHECK_STR(l->address, "wg@example.org");
	CHECK_INT(l->has_since, 0);
	CHECK(rp_config_find_list(cfg, "nope") == NULL);
	rp_config_free(cfg);
}

static const struct {
	const char *text;
	int private_file;
	int rc;
	const char *where; /* expected err.where */
	const char *msg;   /* substring of err.msg */
} bad[] = {
	{ "[server a]\nhost = h\nbogus = 1\n", 0, RP_ECONFIG, "t:3", "unknown key 'bogus'" },
	{ "[mailbox a]\n", 0, RP_ECONFIG, "t:1", "unknown section kind 'mailbox'" },
	{ "[server]\nhost = h\n", 0, RP_ECONFIG, "t:1", "needs a name" },
	{ "[server a b]\n", 0, RP_ECONFIG, "t:1", "names use" },
	{ "[server a\n", 0, RP_ECONFIG, "t:1", "[KIND NAME]" },
	{ "host = h\n", 0, RP_ECONFIG, "t:1", "outside any section" },
	{ "[server a]\nhost\n", 0, RP_ECONFIG, "t:2", "key = value" },
	{ "[server a]\nhost = h\nhost = i\n", 0, RP_ECONFIG, "t:3", "given twice" },
	{ "[server a]\nhost = h\n[server a]\nhost = h\n", 0, RP_ECONFIG, "t:3", "defined twice" },
	{ "[server a]\nhost = h\nport = x\n", 0, RP_ECONFIG, "t:3", "key 'port'" },
	{ "[server a]\nhost = h\nport = 70000\n", 0, RP_ECONFIG, "t:1", "not a port" },
	{ "[server a]\nhost = h\ntls = ssl\n", 0, RP_ECONFIG, "t:3", "imaps, starttls, none" },
	{ "[server a]\nhost = h\nauth = gssapi\n", 0, RP_ECONFIG, "t:3", "key 'auth'" },
	{ "[server a]\nhost = h\nallow_plaintext = maybe\n", 0, RP_ECONFIG, "t:3", "yes or no" },
	{ "[server a]\nhost = h\nuser =\n", 0, RP_ECONFIG, "t:3", "empty value" },
	{ "[server a]\nport = 1\n", 0, RP_ECONFIG, "t:1", "'host' is required" },
	{ "[server a]\nhost = h\npassword = s3cret\n", 0, RP_ECONFIG, "t:1", "chmod 600" },
	{ "[server a]\nhost = h\npassword = s3cret\npassword_cmd = x\n", 1, RP_ECONFIG, "t:1",
	  "only one of" },
	{ "[server a]\nhost = h\nauth = xoauth2\n", 0, RP_ECONFIG, "t:1", "token_cmd" },
	{ "[server a]\nhost = mail.example.org\ntls = none\n", 0, RP_ECONFIG, "t:1",
	  "non-loopback" },
	{ "[server a]\nhost = 127.0.0.1.example.org\ntls = none\n", 0, RP_ECONFIG, "t:1",
	  "non-loopback" },
	{ "[server a]\nhost = h\ntimeout = 0\n", 0, RP_ECONFIG, "t:1", "timeout" },
	{ "[server a]\nhost = h\nretries = 101\n", 0, RP_ECONFIG, "t:1", "'retries': must be 0 to 100" },
	{ "[server a]\nhost = h\nretries = -5\n", 0, RP_ECONFIG, "t:3", "'retries': '-5' is not a number" },
	{ "[server a]\nhost = h\nretries = some\n", 0, RP_ECONFIG, "t:3", "retries" },
	{ "[server a]\nhost = h\n[list l]\nserver = b\n", 0, RP_ECONFIG, "t:3", "no [server b]" },
	{ "[server a]\nhost = h\n[server b]\nhost = h\n[list l]\n", 0, RP_ECONFIG, "t:5",
	  "'server' is required" },
	{ "[server a]\nhost = h\n[list l]\nsince = March\n", 0, RP_ECONFIG, "t:4", "not a date" },
	{ "[server a]\nhost = h\n[list l]\nsince = 2024-02-30\n", 0, RP_ECONFIG, "t:4",
	  "'2024-02-30' is not a date" },
	{ "[compile x]\n", 0, RP_ECONFIG, "t:1", "[compile] takes no name" },
	{ "[compile]\n[compile]\n", 0, RP_ECONFIG, "t:2", "[compile] defined twice" },
	{ "[compile]\nbcc = x@y\n", 0, RP_ECONFIG, "t:2", "unknown key 'bcc' in a [compile]" },
	{ "[compile]\nsendmail = \" \"\n", 0, RP_ECONFIG, "t:1", "'sendmail' is empty" },
	{ "[compile]\nfrom = Sec <sec@example.org>\n", 0, RP_ECONFIG, "t:1", "not a plain address" },
	{ "[consensus]\nrough_min_share = 1.5\n", 0, RP_ECONFIG, "t:2", "not a number from 0 to 1" },
	{ "[consensus]\nsimilarity = half\n", 0, RP_ECONFIG, "t:2", "not a number from 0 to 1" },
	{ "[consensus]\nagreed_min_support = -2\n", 0, RP_ECONFIG, "t:2", "'-2' is not a whole number of 1 or more" },
	/* a count of members is whole, and 0 would make every section agreed */
	{ "[consensus]\nagreed_min_support = 2.5\n", 0, RP_ECONFIG, "t:2",
	  "'agreed_min_support': '2.5' is not a whole number of 1 or more" },
	{ "[consensus]\nagreed_min_support = 0\n", 0, RP_ECONFIG, "t:2", "'0' is not a whole number of 1 or more" },
	{ "[consensus]\nrough_min_support = 0\n", 0, RP_ECONFIG, "t:2",
	  "'rough_min_support': '0' is not a whole number of 1 or more" },
	{ "[consensus]\nisolated_max = 1.5\n", 0, RP_ECONFIG, "t:2", "'isolated_max': '1.5' is not a number" },
	{ "[consensus]\nquorum = 3\n", 0, RP_ECONFIG, "t:2", "unknown key 'quorum'" },
	{ "[votes]\n[votes]\n", 0, RP_ECONFIG, "t:2", "[votes] defined twice" },
};

static void test_bad(void)
{
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct rp_config *cfg = NULL;
		struct rp_error err = { 0 };
		int rc = rp_config_parse(&cfg, bad[i].text, strlen(bad[i].text), "t",
					 bad[i].private_file, &err);
		CHECK_INT(rc, bad[i].rc);
		CHECK(cfg == NULL);
		CHECK_STR(err.where, bad[i].where);
		if (!strstr(err.msg, bad[i].msg)) {
			fprintf(stderr, "case %zu: '%s' lacks '%s'\n", i, err.msg, bad[i].msg);
			CHECK(0);
		}
		/* The secret itself is never echoed back. */
		CHECK(strstr(err.msg, "s3cret") == NULL);
	}
}

static void test_accepts(void)
{
	static const char *const ok[] = {
		"[server a]\nhost = h\npassword = s3cret\n", /* private file */
		"[server a]\nhost = mail.example.org\ntls = none\nallow_plaintext = yes\n",
		"[server a]\nhost = 127.0.0.2\ntls = none\n",
		"[server a]\nhost = ::1\ntls = none\n",
		"[server a]\nhost = h\n[list l]\n", /* one server: lists may omit it */
		"[compile]\n",
		"",
	};
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct rp_config *cfg = NULL;
		struct rp_error err = { 0 };
		int rc = rp_config_parse(&cfg, ok[i], strlen(ok[i]), "t", 1, &err);
		CHECK_INT(rc, 0);
		if (rc)
			fprintf(stderr, "case %zu: %s\n", i, rp_error_text(&err));
		rp_config_free(cfg);
	}
}

/* [compile]: the sendmail command defaults, with or without the section. */
static void test_compile_section(void)
{
	static const struct {
		const char *text, *sendmail, *from;
	} cases[] = {
		{ "", RP_CONFIG_DEFAULT_SENDMAIL, NULL },
		{ "[compile]\nfrom = sec@example.org\n", RP_CONFIG_DEFAULT_SENDMAIL, "sec@example.org" },
		{ "[server a]\nhost = h\n[compile]\nsendmail = /usr/bin/msmtp -t\n", "/usr/bin/msmtp -t",
		  NULL },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rp_config *cfg = NULL;
		struct rp_error err = { 0 };
		int rc = rp_config_parse(&cfg, cases[i].text, strlen(cases[i].text), "t", 0, &err);

		CHECK_INT(rc, 0);
		if (rc) {
			fprintf(stderr, "case %zu: %s\n", i, rp_error_text(&err));
			continue;
		}
		CHECK_STR(cfg->compile.sendmail, cases[i].sendmail);
		if (cases[i].from)
			CHECK_STR(cfg->compile.from, cases[i].from);
		else
			CHECK(cfg->compile.from == NULL);
		rp_config_free(cfg);
	}
}

static void test_load_mode_and_secrets(void)
{
	char dir[] = "/tmp/rp-config-XXXXXX", path[256], pw[256];
	struct rp_config *cfg = NULL;
	struct rp_error err = { 0 };
	char *secret = NULL;
	FILE *f;

	if (!mkdtemp(dir)) {
		CHECK(0);
		return;
	}
	snprintf(path, sizeof(path), "%s/config", dir);
	snprintf(pw, sizeof(pw), "%s/pw", dir);
	f = fopen(path, "w");
	fputs("[server a]\nhost = localhost\npassword = s3cret\n", f);
	fclose(f);
	chmod(path, 0644);
	CHECK_INT(rp_config_load(&cfg, path, &err), RP_ECONFIG);
	CHECK(strstr(err.msg, "chmod 600") != NULL);
	chmod(path, 0600);
	CHECK_INT(rp_config_load(&cfg, path, &err), 0);
	if (cfg) {
		CHECK_INT(rp_config_secret(&secret, &cfg->servers[0], &err), 0);
		CHECK_STR(secret, "s3cret");
		free(secret);
		secret = NULL;
	}
	rp_config_free(cfg);
	cfg = NULL;

	f = fopen(pw, "w");
	fputs("from-file\nsecond line\n", f);
	fclose(f);
	f = fopen(path, "w");
	fprintf(f, "[server a]\nhost = localhost\npassword_file = %s\n"
		   "[server b]\nhost = localhost\npassword_cmd = printf 'from-cmd\\nx'\n"
		   "[server c]\nhost = localhost\npassword_cmd = exit 3\n"
		   "[server d]\nhost = localhost\n"
		   "[server e]\nhost = localhost\nauth = xoauth2\ntoken_cmd = echo tok\n",
		pw);
	fclose(f);
	chmod(path, 0644);
	CHECK_INT(rp_config_load(&cfg, path, &err), 0);
	if (cfg) {
		static const struct {
			const char *server;
			int rc;
			const char *secret;
		} cases[] = {
			{ "a", 0, "from-file" }, { "b", 0, "from-cmd" }, { "c", RP_ECONFIG, NULL },
			{ "d", RP_ECONFIG, NULL }, { "e", 0, "tok" },
		};
		size_t i;
		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			CHECK_INT(rp_config_secret(&secret, rp_config_find_server(cfg, cases[i].server),
						   &err),
				  cases[i].rc);
			if (cases[i].secret)
				CHECK_STR(secret, cases[i].secret);
			else
				CHECK(secret == NULL);
			free(secret);
			secret = NULL;
		}
	}
	rp_config_free(cfg);
	snprintf(path, sizeof(path), "%s/missing", dir);
	CHECK_INT(rp_config_load(&cfg, path, &err), RP_ENOTFOUND);
	snprintf(path, sizeof(path), "%s/config", dir);
	unlink(path);
	unlink(pw);
	rmdir(dir);
}

static void test_loopback(void)
{
	static const struct {
		const char *host;
		int loop;
	} cases[] = {
		{ "localhost", 1 }, { "LOCALHOST", 1 }, { "127.0.0.1", 1 }, { "127.1.2.3", 1 },
		{ "::1", 1 }, { "128.0.0.1", 0 }, { "127.0.0.1.evil.org", 0 }, { "127.0.0", 0 },
		{ "example.org", 0 }, { "", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CHECK_INT(rp_config_host_is_loopback(cases[i].host), cases[i].loop);
}

/* [consensus] values, -1 when unset; [votes] binding voters. */
static void test_consensus_votes(void)
{
	struct rp_config *c = NULL;
	struct rp_error err = { 0 };
	const char *text = "[consensus]\nagreed_min_support = 3\nrough_min_share = 0.75\n"
			   "[votes]\nbinding = a@x.org,  B@Y.org c@z.org\n";

	CHECK_INT(rp_config_parse(&c, text, strlen(text), "t", 0, &err), 0);
	if (!c)
		return;
	CHECK_INT(c->consensus.agreed_min_support, 3);
	CHECK_INT(c->consensus.rough_min_support, -1);
	CHECK(c->consensus.rough_min_share > 0.749 && c->consensus.rough_min_share < 0.751);
	CHECK(c->consensus.similarity < 0);
	CHECK_INT(c->consensus.isolated_max, -1);
	CHECK_INT(rp_config_is_binding(c, "a@x.org"), 1);
	CHECK_INT(rp_config_is_binding(c, "b@y.org"), 1);
	CHECK_INT(rp_config_is_binding(c, "C@Z.ORG"), 1);
	CHECK_INT(rp_config_is_binding(c, "a@x.or"), 0);
	CHECK_INT(rp_config_is_binding(c, "x.org"), 0);
	CHECK_INT(rp_config_is_binding(c, NULL), 0);
	rp_config_free(c);
	c = NULL;
	CHECK_INT(rp_config_parse(&c, "", 0, "t", 0, &err), 0);
	if (c)
		CHECK_INT(rp_config_is_binding(c, "a@x.org"), -1);
	rp_config_free(c);
	CHECK_INT(rp_config_is_binding(NULL, "a@x.org"), -1);
}

/* Dates (draft add --deadline, threads --since, a list's since): a day the month does not
 * have is refused rather than rolled over into the next month, and so are trailing text
 * and a year before 1970. */
static void test_dates(void)
{
	static const struct {
		const char *s;
		int64_t t; /* -1: refused */
	} cases[] = {
		{ "2024-03-01", 1709251200 },
		{ "2024-02-29", 1709164800 },
		{ "2000-02-29", 951782400 },
		{ "2024-12-31", 1735603200 },
		{ "2024-03-01T10:30:15Z", 1709289015 },
		{ "2024-03-01 10:30", 1709289000 },
		{ "2024-02-30", -1 },
		{ "2024-04-31", -1 },
		{ "2023-02-29", -1 },
		{ "1900-02-29", -1 },
		/* years the epoch does not reach; four digits stop at 9999 */
		{ "0000-01-01", -1 },
		{ "1969-12-31", -1 },
		{ "1970-01-01", 0 },
		{ "9999-12-31", 253402214400 },
		{ "10000-01-01", -1 },
		{ "2024-13-01", -1 },
		{ "2024-00-10", -1 },
		{ "2024-06-00", -1 },
		{ "2024-06-01x", -1 },
		{ "2024-6-1", -1 },
		{ "2024-06-01T25:00", -1 },
		{ "2024-06-01T10:00+02:00", -1 },
		{ "", -1 },
		{ "tomorrow", -1 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t t = -1;
		int rc = rp_time_parse_date(cases[i].s, &t);

		CHECK_INT(rc ? -1 : t, cases[i].t);
		if ((rc ? -1 : t) != cases[i].t)
			fprintf(stderr, "  '%s'\n", cases[i].s);
	}
}

/* A UTF-8 byte order mark before the first line is skipped, not read as part of it; one
 * anywhere else is still an error. */
static void test_bom(void)
{
	static const char with_bom[] = "\xef\xbb\xbf[server a]\nhost = h\n[list l]\n";
	static const char inside[] = "[server a]\n\xef\xbb\xbfhost = h\n";
	struct rp_config *cfg = NULL;
	struct rp_error err = { 0 };

	CHECK_INT(rp_config_parse(&cfg, with_bom, strlen(with_bom), "t", 1, &err), 0);
	if (cfg) {
		CHECK_INT(cfg->n_servers, 1);
		CHECK_STR(cfg->servers[0].host, "h");
		CHECK_INT(cfg->n_lists, 1);
	}
	rp_config_free(cfg);
	cfg = NULL;
	CHECK_INT(rp_config_parse(&cfg, inside, strlen(inside), "t", 1, &err), RP_ECONFIG);
	CHECK_STR(err.where, "t:2");
}

/* "~/" at the start of a file name (ca_file, password_file) is the home directory; "~"
 * elsewhere, and in other keys, is kept. */
static void test_home_paths(void)
{
	static const char text[] = "[server a]\nhost = h\nca_file = ~/certs/ca.pem\n"
				   "password_file = ~/.config/rapporteur/a.pw\n"
				   "[server b]\nhost = h\nca_file = /x/~/ca.pem\n"
				   "password_cmd = cat ~/pw\n";
	char *home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
	struct rp_config *cfg = NULL;
	struct rp_error err = { 0 };

	setenv("HOME", "/home/alice", 1);
	CHECK_INT(rp_config_parse(&cfg, text, strlen(text), "t", 1, &err), 0);
	if (cfg) {
		CHECK_STR(cfg->servers[0].ca_file, "/home/alice/certs/ca.pem");
		CHECK_STR(cfg->servers[0].password_file, "/home/alice/.config/rapporteur/a.pw");
		CHECK_STR(cfg->servers[1].ca_file, "/x/~/ca.pem");
		CHECK_STR(cfg->servers[1].password_cmd, "cat ~/pw");
	}
	rp_config_free(cfg);
	cfg = NULL;
	setenv("HOME", "/home/bob/", 1);
	CHECK_INT(rp_config_parse(&cfg, text, strlen(text), "t", 1, &err), 0);
	if (cfg)
		CHECK_STR(cfg->servers[0].ca_file, "/home/bob/certs/ca.pem");
	rp_config_free(cfg);
	cfg = NULL;
	unsetenv("HOME");
	CHECK_INT(rp_config_parse(&cfg, text, strlen(text), "t", 1, &err), RP_ECONFIG);
	CHECK_STR(err.where, "t:3");
	CHECK(strstr(err.msg, "HOME is not set") != NULL);
	if (home)
		setenv("HOME", home, 1);
	free(home);
}

/* An empty password_file is refused like a password_cmd that prints nothing; one others
 * can read is used, and its mode reported for a warning. */
static void test_password_file_checks(void)
{
	char dir[] = "/tmp/rp-cfg-pwXXXXXX", pw[300], text[700];
	struct rp_config *cfg = NULL;
	struct rp_error err = { 0 };
	char *secret = NULL;
	FILE *f;

	if (!mkdtemp(dir)) {
		CHECK(0);
		return;
	}
	snprintf(pw, sizeof(pw), "%s/pw", dir);
	snprintf(text, sizeof(text), "[server a]\nhost = h\npassword_file = %s\n", pw);
	CHECK_INT(rp_config_parse(&cfg, text, strlen(text), "t", 1, &err), 0);
	if (!cfg)
		return;
	f = fopen(pw, "w");
	fputs("\nsecond line\n", f);
	fclose(f);
	chmod(pw, 0600);
	CHECK_INT(rp_config_secret(&secret, &cfg->servers[0], &err), RP_ECONFIG);
	CHECK(secret == NULL);
	CHECK(strstr(err.msg, "empty") != NULL);
	CHECK_INT(rp_config_secret_file_mode(&cfg->servers[0]), 0);
	f = fopen(pw, "w");
	fputs("s3cret\n", f);
	fclose(f);
	chmod(pw, 0644);
	CHECK_INT(rp_config_secret(&secret, &cfg->servers[0], &err), 0);
	CHECK_STR(secret, "s3cret");
	free(secret);
	CHECK_INT(rp_config_secret_file_mode(&cfg->servers[0]), 0644);
	chmod(pw, 0640);
	CHECK_INT(rp_config_secret_file_mode(&cfg->servers[0]), 0640);
	chmod(pw, 0600);
	CHECK_INT(rp_config_secret_file_mode(&cfg->servers[0]), 0);
	rp_config_free(cfg);
	unlink(pw);
	rmdir(dir);
}

/* Folder names as the config gives them, and as fetch sends them (RFC 3501 5.1.3). */
static void test_folder_encode(void)
{
	static const struct {
		const char *name, *wire;
	} cases[] = {
		{ "INBOX", "INBOX" },
		{ "Lists.foo", "Lists.foo" },
		{ "Lists.R&D", "Lists.R&-D" },
		{ "Lists.\xc3\x9c" "ber stra\xc3\x9f" "e", "Lists.&ANw-ber stra&AN8-e" },
		{ "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", "&ZeVnLIqe-" },
		{ "Q&A", "Q&-A" },
		{ "Tom&Jerry-", "Tom&-Jerry-" },
		{ "A&B-C", "A&-B-C" },
		/* already encoded by hand: sent as it is */
		{ "Lists.R&-D", "Lists.R&-D" },
		{ "Lists.&ANw-ber stra&AN8-e", "Lists.&ANw-ber stra&AN8-e" },
		/* "&AAA-" is U+0000: no name anyone typed, so it is encoded */
		{ "x&AAA-", "x&-AAA-" },
	};
	struct rp_error err = { 0 };
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *wire = NULL;

		CHECK_INT(rp_imap_folder_encode(&wire, cases[i].name, &err), 0);
		CHECK_STR(wire, cases[i].wire);
		free(wire);
	}
	{
		char *wire = NULL;
		CHECK_INT(rp_imap_folder_encode(&wire, "Lists.\xff", &err), RP_ECONFIG);
		CHECK(wire == NULL);
	}
}

RP_TEST_MAIN(T(test_good), T(test_bad), T(test_dates), T(test_accepts), T(test_compile_section), T(test_consensus_votes),
	     T(test_load_mode_and_secrets),
	     T(test_loopback), T(test_bom), T(test_home_paths), T(test_password_file_checks),
	     T(test_folder_encode))
