/* test-imap-filter: the rewriting of server bytes that would crash libetpan's parser
 * (rp_imap_filter_bytes). Each case is fed whole, then cut in two at every offset, then
 * byte by byte, holding back what the filter asks as imap.c does: the result must not
 * depend on where reads end. */
#include "harness.h"
#include "rapporteur/imap.h"

struct filter_case {
	const char *in, *out;
};

static const struct filter_case cases[] = {
	/* the crash: a list opening with a malformed flag; the code is renamed, its list's
	 * bytes become one atom */
	{ "* OK [PERMANENTFLAGS (\\])] ok\r\n", "* OK [X-RAPPORTEUR-P (aa)] ok\r\n" },
	/* a good list is rewritten too (rapporteur never reads it): same length, still valid */
	{ "* OK [PERMANENTFLAGS (\\Seen \\*)] Flags\r\n* 3 EXISTS\r\n",
	  "* OK [X-RAPPORTEUR-P (aaaaaaaa)] Flags\r\n* 3 EXISTS\r\n" },
	{ "* ok [permanentflags ()] x\r\n", "* ok [X-RAPPORTEUR-P ()] x\r\n" },
	/* a list cut by the end of its line: the line break is kept, the parser judges */
	{ "* OK [PERMANENTFLAGS (\\]\r\n* OK [UIDNEXT 4]\r\n", "* OK [X-RAPPORTEUR-P (aa\r\n* OK [UIDNEXT 4]\r\n" },
	/* other codes and FLAGS are left alone; so is a code not followed by its list */
	{ "* FLAGS (\\Seen \\])\r\n* OK [UIDVALIDITY 7] x\r\n", "* FLAGS (\\Seen \\])\r\n* OK [UIDVALIDITY 7] x\r\n" },
	{ "* OK [PERMANENTFLAGS] x\r\n* OK [PERMANENT (a)]\r\n", "* OK [PERMANENTFLAGS] x\r\n* OK [PERMANENT (a)]\r\n" },
	{ "* OK [[PERMANENTFLAGS (\\])]\r\n", "* OK [[X-RAPPORTEUR-P (aa)]\r\n" },
	/* a message literal holding the code stays byte for byte, and the text after it is
	 * filtered again */
	{ "* 1 FETCH (UID 5 BODY[] {32}\r\n[PERMANENTFLAGS (\\])] in a body)\r\n* OK [PERMANENTFLAGS (x)]\r\n",
	  "* 1 FETCH (UID 5 BODY[] {32}\r\n[PERMANENTFLAGS (\\])] in a body)\r\n* OK [X-RAPPORTEUR-P (a)]\r\n" },
	/* a literal opened with a bare LF, and a non-synchronising one */
	{ "* 1 FETCH (BODY[] {20}\n[PERMANENTFLAGS (z)]\r\n)\r\n", "* 1 FETCH (BODY[] {20}\n[PERMANENTFLAGS (z)]\r\n)\r\n" },
	{ "x {5+}\r\n(abc)[PERMANENTFLAGS (q)]", "x {5+}\r\n(abc)[X-RAPPORTEUR-P (a)]" },
	/* braces that open no literal */
	{ "* OK {x} [PERMANENTFLAGS (q)] {}\r\n", "* OK {x} [X-RAPPORTEUR-P (a)] {}\r\n" },
	{ "* OK {3}x[PERMANENTFLAGS (q)]\r\n", "* OK {3}x[X-RAPPORTEUR-P (a)]\r\n" },
	/* an empty literal, then the code; a stream that ends inside a possible code */
	{ "a {0}\r\n[PERMANENTFLAGS (q)]", "a {0}\r\n[X-RAPPORTEUR-P (a)]" },
	{ "* OK [PERMANENTFL", "* OK [PERMANENTFL" },
};

/* Feed in[0..len) as reads would deliver it (one cut, or byte by byte), holding back what
 * the filter asks and giving it again first, as imap.c does; the bytes delivered in out. */
static void run(const char *in, size_t len, size_t cut, int bytewise, char *out)
{
	struct rp_imap_filter f;
	char held[32], chunk[300];
	size_t pos = 0, n_held = 0, got = 0;

	rp_imap_filter_init(&f);
	while (pos < len) {
		size_t step = bytewise ? 1 : pos < cut ? cut - pos : len - pos, keep;

		memcpy(chunk, held, n_held);
		memcpy(chunk + n_held, in + pos, step);
		pos += step;
		keep = rp_imap_filter_bytes(&f, chunk, n_held + step);
		memcpy(out + got, chunk, n_held + step - keep);
		got += n_held + step - keep;
		memcpy(held, chunk + n_held + step - keep, keep);
		n_held = keep;
	}
	memcpy(out + got, held, n_held); /* the end of the stream: held bytes are final */
	out[got + n_held] = '\0';
}

static void test_cases(void)
{
	char buf[256];
	size_t i, cut, len;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		len = strlen(cases[i].in);
		CHECK(len < sizeof(buf) && len == strlen(cases[i].out));
		for (cut = 0; cut <= len; cut++) {
			memset(buf, 0, sizeof(buf));
			run(cases[i].in, len, cut, 0, buf);
			if (strcmp(buf, cases[i].out) != 0) {
				fprintf(stderr, "  case %zu cut at %zu: got '%s'\n", i, cut, buf);
				CHECK_STR(buf, cases[i].out);
				break;
			}
		}
		CHECK(cut > len);
		memset(buf, 0, sizeof(buf));
		run(cases[i].in, len, 0, 1, buf);
		CHECK_STR(buf, cases[i].out);
	}
}

/* A literal longer than any read: its bytes pass whatever they hold. */
static void test_long_literal(void)
{
	static char body[100000];
	struct rp_imap_filter f;
	char head[] = "* 9 FETCH (UID 9 BODY[] {100000}\r\n", tail[] = ")\r\n* OK [PERMANENTFLAGS (b)]\r\n";
	size_t i;

	for (i = 0; i + 20 < sizeof(body); i += 20)
		memcpy(body + i, "[PERMANENTFLAGS (\\])", 20);
	memcpy(body + i, "xxxxxxxxxxxxxxxxxxxx", sizeof(body) - i);
	rp_imap_filter_init(&f);
	CHECK_INT(rp_imap_filter_bytes(&f, head, strlen(head)), 0);
	for (i = 0; i < sizeof(body); i += 4096)
		CHECK_INT(rp_imap_filter_bytes(&f, body + i,
					       sizeof(body) - i < 4096 ? sizeof(body) - i : 4096), 0);
	CHECK(memcmp(body, "[PERMANENTFLAGS (\\])", 20) == 0);
	CHECK(memcmp(body + 99960, "[PERMANENTFLAGS (\\])", 20) == 0);
	CHECK_INT(rp_imap_filter_bytes(&f, tail, strlen(tail)), 0);
	CHECK_STR(tail, ")\r\n* OK [X-RAPPORTEUR-P (a)]\r\n");
}

RP_TEST_MAIN(T(test_cases), T(test_long_literal))
