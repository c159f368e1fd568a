/* Unit tests of the mbox splitter: From_ line recognition, mboxrd unquoting, offsets,
 * truncation at the cap, and independence from how the stream is chunked. */
#include "harness.h"
#include "rapporteur/ingest.h"

struct got {
	int n;
	char msgs[8][512];
	unsigned long long off[8];
	int flags[8];
	long long date[8]; /* the date of the message's From_ line, -1 for none */
	struct rp_mbox_splitter *sp;
};

static int collect(void *ctx, const char *msg, size_t len, uint64_t offset, int flags)
{
	struct got *g = ctx;

	if (g->n < 8) {
		size_t elen = 0;
		const char *env = rp_mbox_envelope(g->sp, &elen);
		int64_t t = 0;

		snprintf(g->msgs[g->n], sizeof(g->msgs[0]), "%.*s", (int)len, msg);
		g->off[g->n] = offset;
		g->flags[g->n] = flags;
		g->date[g->n] = rp_mbox_from_line_date(env, elen, &t) == 0 ? (long long)t : -1;
	}
	g->n++;
	return 0;
}

static void split(const char *in, size_t chunk, size_t cap, struct got *g)
{
	struct rp_mbox_splitter *sp = NULL;
	size_t len = strlen(in), i;

	memset(g, 0, sizeof(*g));
	CHECK(rp_mbox_new(&sp, cap, collect, g) == 0);
	g->sp = sp;
	for (i = 0; i < len; i += chunk)
		rp_mbox_feed(sp, in + i, len - i < chunk ? len - i : chunk);
	rp_mbox_end(sp);
	rp_mbox_free(sp);
}

static const char two[] = "From a@x Tue Jun  8 10:02:00 2021\nSubject: one\n\nbody one\n\n"
			  "From b@y Tue Jun  8 10:03:00 2021\nSubject: two\n\n>From quoted\n>>From twice\n";

static void test_split_basic(void)
{
	struct got g;

	split(two, 4096, 0, &g);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.msgs[0], "Subject: one\n\nbody one\n");
	CHECK_STR(g.msgs[1], "Subject: two\n\nFrom quoted\n>From twice\n");
	CHECK_INT(g.off[0], 0);
	CHECK_INT(g.off[1], 58); /* 34 + 13 + 1 + 9 + 1 bytes before it */
}

static void test_chunking_invariant(void)
{
	static const size_t chunks[] = { 1, 2, 3, 7, 16, 57, 58, 1000 };
	struct got ref, g;
	size_t i;
	int k;

	split(two, 4096, 0, &ref);
	for (i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
		split(two, chunks[i], 0, &g);
		CHECK_INT(g.n, ref.n);
		for (k = 0; k < ref.n && k < g.n; k++) {
			CHECK_STR(g.msgs[k], ref.msgs[k]);
			CHECK_INT(g.off[k], ref.off[k]);
		}
	}
}

static void test_from_in_body_not_a_separator(void)
{
	static const struct {
		const char *in;
		int n;
	} cases[] = {
		/* Not after a blank line: part of the body. */
		{ "From a@x Tue Jun  8 10:02:00 2021\nS: 1\n\nline\nFrom b@y Tue Jun  8 10:03:00 2021\n", 1 },
		/* After a blank line but no sender and date: prose, not a From_ line. */
		{ "From a@x Tue Jun  8 10:02:00 2021\nS: 1\n\nhello\n\nFrom the chair's view, fine.\n", 1 },
		/* Mailman's obfuscated envelope. */
		{ "From alice at example.org  Tue Jun  8 10:02:00 2021\nS: 1\n\nx\n\n"
		  "From bob at example.net  Tue Jun  8 11:02:00 2021\nS: 2\n\ny\n", 2 },
		/* A lone message with no From_ line is still one message. */
		{ "Subject: lone\n\nbody\n", 1 },
		{ "", 0 },
	};
	struct got g;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		split(cases[i].in, 5, 0, &g);
		CHECK_INT(g.n, cases[i].n);
	}
}

/* Files concatenated after one whose last message lacks the trailing blank line: a full
 * envelope (sender, asctime date) followed by a header field starts a message, flagged;
 * a From_ line in prose, one without a time of day, or one followed by body text stays in
 * the body, whatever the chunking. */
static void test_no_blank_before_from(void)
{
	static const struct {
		const char *in;
		int n;
		const char *first; /* the first message, or NULL */
	} cases[] = {
		{ "From a@b Mon Mar  4 10:00:00 2024\nFrom: a@x\nMessage-ID: <gz1@x>\n\nhi\n"
		  "From a@b Mon Mar  4 10:00:00 2024\nFrom: a@x\nMessage-ID: <gz2@x>\n\nhi\n",
		  2, "From: a@x\nMessage-ID: <gz1@x>\n\nhi\n" },
		{ "From a@b Mon Mar  4 10:00:00 2024\nS: 1\n\nhi\n"
		  "From a@b Mon Mar  4 10:00:00 2024 +0000\nS: 2\n\nho\n", 2, "S: 1\n\nhi\n" },
		{ "From a@b Mon Mar  4 10:00:00 2024\nS: 1\n\nhi\n"
		  "From a@b Mon Mar  4 10:00:00 UTC 2024\nS: 2\n\nho\n", 2, "S: 1\n\nhi\n" },
		{ "From a@b Mon Mar  4 10:00:00 2024\r\nS: 1\r\n\r\nhi\r\n"
		  "From a@b Mon Mar  4 10:00:00 2024\r\nS: 2\r\n\r\nho\r\n", 2, "S: 1\r\n\r\nhi\r\n" },
		/* prose, even followed by something like a header */
		{ "From a@b Mon Mar  4 10:00:00 2024\nS: 1\n\nhi\nFrom what I hear, fine.\nNote: x\n", 1,
		  "S: 1\n\nhi\nFrom what I hear, fine.\nNote: x\n" },
		/* a full envelope followed by body text */
		{ "From a@b Mon Mar  4 10:00:00 2024\nS: 1\n\nhi\nFrom a@b Mon Mar  4 10:00:00 2024\nmore\n", 1,
		  "S: 1\n\nhi\nFrom a@b Mon Mar  4 10:00:00 2024\nmore\n" },
		/* no time of day: not a full envelope */
		{ "From a@b Mon Mar  4 10:00:00 2024\nS: 1\n\nhi\nFrom a@b Mon Mar 4 2024\nS: 2\n", 1, NULL },
		/* last in the stream, nothing after it */
		{ "From a@b Mon Mar  4 10:00:00 2024\nS: 1\n\nhi\nFrom a@b Mon Mar  4 10:00:00 2024\n", 1,
		  "S: 1\n\nhi\nFrom a@b Mon Mar  4 10:00:00 2024\n" },
	};
	static const size_t chunks[] = { 1, 3, 7, 4096 };
	struct got g;
	size_t i, k;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (k = 0; k < sizeof(chunks) / sizeof(chunks[0]); k++) {
			split(cases[i].in, chunks[k], 0, &g);
			if (g.n != cases[i].n)
				fprintf(stderr, "  case %zu, chunk %zu\n", i, chunks[k]);
			CHECK_INT(g.n, cases[i].n);
			CHECK_INT(g.flags[0], 0);
			if (cases[i].first)
				CHECK_STR(g.msgs[0], cases[i].first);
			if (cases[i].n == 2) {
				CHECK_INT(g.flags[1], RP_MBOX_NO_BLANK);
				/* right after the first From_ line and the first message */
				CHECK_INT(g.off[1], (size_t)(strchr(cases[i].in, '\n') - cases[i].in) + 1 +
							    strlen(cases[i].first));
			}
		}
	}
}

/* The From_ line needs a sender and a date made of date words with a weekday or month
 * name and a year; the time of day is optional. */
static void test_from_line_forms(void)
{
	static const struct {
		const char *line;
		int starts;
	} cases[] = {
		{ "From a@x Tue Jun  8 10:03:00 2021", 1 },
		{ "From alice@example.org Mon Jan  5 2021", 1 },
		{ "From alice@example.org Mon Jan 5 10:00 2021", 1 },
		{ "From a@x Mon Jan  5 10:00:00 2021 +0000", 1 },
		{ "From a@x Mon Jan  5 10:00:00 +0000 2021", 1 },
		{ "From a@x Mon Jan  5 10:00:00 CET 2021", 1 },
		{ "From a@x Mon, 5 Jan 2021 10:00:00 +0100 (CET)", 1 },
		{ "From MAILER-DAEMON Mon Jan  5 10:00:00 2021", 1 },
		{ "From - Mon Jan  5 10:00:00 2021", 1 },
		{ "From \"john smith\"@example.org Mon Jan  5 10:00:00 2021", 1 },
		{ "From alice at example.org  Mon Jan 5 10:00:00 2021", 1 },
		{ "From alice at example.org  Mon Jan 5 2021", 1 },
		{ "From 10:00 UTC onwards we will meet", 0 },
		{ "From 10:00 to 12:00 on Mon Jan 5 2021 we meet", 0 },
		{ "From May 2021 on, the chair rotates.", 0 },
		{ "From Monday 10:00 we start", 0 },
		{ "From a@x 10:00:00", 0 },
		{ "From a@x Jan 5 10:00", 0 },
		{ "From the chair's view, Jan 2021 was fine.", 0 },
		{ "From a@x", 0 },
	};
	struct got g;
	char in[512];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(in, sizeof(in), "From a@x Tue Jun  8 10:02:00 2021\nS: 1\n\nhello\n\n%s\nS: 2\n\nbye\n",
			 cases[i].line);
		split(in, 7, 0, &g);
		if (g.n != 1 + cases[i].starts)
			fprintf(stderr, "  line: %s\n", cases[i].line);
		CHECK_INT(g.n, 1 + cases[i].starts);
	}
}

/* Blank lines and a byte order mark before the first From_ line. */
static void test_leading_noise(void)
{
	static const char *const leads[] = { "\n", "\n\n\r\n", "\xEF\xBB\xBF", "\xEF\xBB\xBF\n\n",
					     " \n\t \r\n\n" };
	struct got g;
	char in[512];
	size_t i;

	for (i = 0; i < sizeof(leads) / sizeof(leads[0]); i++) {
		snprintf(in, sizeof(in), "%s%s", leads[i], two);
		split(in, 3, 0, &g);
		CHECK_INT(g.n, 2);
		CHECK_STR(g.msgs[0], "Subject: one\n\nbody one\n");
		CHECK_INT(g.off[0], strlen(leads[i]));
	}
}

static void test_crlf(void)
{
	struct got g;

	split("From a@x Tue Jun  8 10:02:00 2021\r\nS: 1\r\n\r\nx\r\n\r\n"
	      "From b@x Tue Jun  8 10:02:00 2021\r\nS: 2\r\n\r\ny\r\n",
	      3, 0, &g);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.msgs[0], "S: 1\r\n\r\nx\r\n");
}

static void test_truncation(void)
{
	struct got g;

	split("From a@x Tue Jun  8 10:02:00 2021\nS: 1\n\n0123456789\n0123456789\n0123456789\n\n"
	      "From b@x Tue Jun  8 10:02:00 2021\nS: 2\n\nsmall\n",
	      8, 30, &g);
	CHECK_INT(g.n, 2);
	CHECK(g.flags[0] & RP_MBOX_TRUNCATED);
	CHECK(strlen(g.msgs[0]) <= 30);
	CHECK_INT(g.flags[1], 0);
	CHECK_STR(g.msgs[1], "S: 2\n\nsmall\n");
}

/* Every mbox line ends with a newline: a stream that stops inside one was cut short, and
 * only its last message says so, whatever the chunking. */
static void test_unterminated(void)
{
	static const char *const in = "From a@x Tue Jun  8 10:02:00 2021\nS: 1\n\none\n\n"
				      "From b@x Tue Jun  8 10:02:00 2021\nFrom: Second <s@exam";
	size_t chunk;
	struct got g;

	for (chunk = 1; chunk <= 64; chunk *= 4) {
		split(in, chunk, 4096, &g);
		CHECK_INT(g.n, 2);
		CHECK_INT(g.flags[0], 0);
		CHECK_INT(g.flags[1], RP_MBOX_UNTERMINATED);
		CHECK_STR(g.msgs[1], "From: Second <s@exam");
	}
	split("From a@x Tue Jun  8 10:02:00 2021\nS: 1\n\none\n", 7, 4096, &g);
	CHECK_INT(g.n, 1);
	CHECK_INT(g.flags[0], 0);
}

static void test_long_line(void)
{
	static char in[300000];
	struct got g;
	size_t i, n;

	n = (size_t)snprintf(in, sizeof(in), "From a@x Tue Jun  8 10:02:00 2021\nS: 1\n\n");
	for (i = 0; i < 200000; i++)
		in[n++] = 'x';
	in[n] = '\0';
	split(in, 4096, 1000, &g);
	CHECK_INT(g.n, 1);
	CHECK(g.flags[0] & RP_MBOX_TRUNCATED);
}

/* The date of a From_ line dates a message whose Date header is missing: every form the
 * splitter takes, an asctime date without a zone read as UTC. */
static void test_from_line_date(void)
{
	static const struct {
		const char *line;
		long long t; /* -1: no date */
	} cases[] = {
		{ "From alice@example.org Tue Jun  1 10:00:00 2021\n", 1622541600 },
		{ "From alice@example.org Tue Jun  1 10:00:00 2021\r\n", 1622541600 },
		{ "From a@x Tue Jun  1 12:00:00 2021 +0200", 1622541600 },
		{ "From a@x Tue Jun  1 12:00:00 +0200 2021", 1622541600 },
		{ "From a@x Tue, 1 Jun 2021 12:00:00 +0200 (CEST)", 1622541600 },
		{ "From - Tue Jun  1 10:00:00 2021", 1622541600 },
		{ "From \"john smith\"@example.org Tue Jun  1 10:00:00 2021", 1622541600 },
		{ "From alice at example.org  Tue Jun  1 10:00:00 2021", 1622541600 },
		{ "From alice@example.org Tue Jun  1 2021", 1622505600 },
		{ "From the chair's view, Jan 2021 was fine.", -1 },
		{ "Subject: Tue Jun  1 10:00:00 2021", -1 },
		{ "From a@x Mon Feb 31 10:00:00 2021", -1 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t t = 0;
		int rc = rp_mbox_from_line_date(cases[i].line, strlen(cases[i].line), &t);

		if ((rc == 0 ? (long long)t : -1) != cases[i].t)
			fprintf(stderr, "  line: %s\n", cases[i].line);
		CHECK_INT(rc == 0 ? (long long)t : -1, cases[i].t);
	}
	CHECK(rp_mbox_from_line_date(NULL, 0, NULL) != 0);
}

/* Each message is handed over with its own From_ line, whatever the chunking: the one
 * after a body line with no blank line too; text before any From_ line has none. */
static void test_envelope_per_message(void)
{
	static const char in[] = "Subject: lone\n\nx\n\n"
				 "From a@x Tue Jun  1 10:00:00 2021\nS: 1\n\nhi\n"
				 "From b@y Tue Jun  1 11:00:00 2021\nS: 2\n\nho\n\n"
				 "From c@z Tue Jun  1 12:00:00 2021\nS: 3\n\nhu\n";
	static const size_t chunks[] = { 1, 5, 4096 };
	struct got g;
	size_t i;

	for (i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
		split(in, chunks[i], 0, &g);
		CHECK_INT(g.n, 4);
		CHECK_INT(g.date[0], -1);
		CHECK_INT(g.date[1], 1622541600);
		CHECK_INT(g.date[2], 1622545200);
		CHECK_INT(g.date[3], 1622548800);
	}
}

RP_TEST_MAIN(T(test_unterminated), T(test_split_basic), T(test_chunking_invariant), T(test_from_in_body_not_a_separator), T(test_no_blank_before_from),
	     T(test_from_line_forms), T(test_leading_noise), T(test_crlf), T(test_truncation), T(test_long_line),
	     T(test_from_line_date), T(test_envelope_per_message))
