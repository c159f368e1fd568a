/* test-mime: rp_mime_parse over the messages in fixtures/mime/ (one trick or one kind of
 * damage each), plus generated hostile input (binary garbage, nesting bombs, a 50 MB
 * message, header and part floods) and table tests of the header, HTML and date helpers. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "rapporteur/ingest.h"
#include "rapporteur/mime.h"
#include "rapporteur/util.h"

static struct rp_parsed *parse_file(const char *name, const struct rp_mime_limits *lim)
{
	char path[256], *raw = NULL;
	size_t len = 0;
	struct rp_parsed *p = NULL;
	struct rp_error err;

	snprintf(path, sizeof(path), "fixtures/mime/%s", name);
	if (rp_read_file(path, 1u << 24, &raw, &len, &err)) {
		fprintf(stderr, "cannot read %s: %s\n", path, rp_error_text(&err));
		return NULL;
	}
	if (rp_mime_parse(&p, raw, len, lim, &err))
		p = NULL;
	free(raw);
	return p;
}

static int contains(const char *hay, const char *needle)
{
	return hay && needle && strstr(hay, needle) != NULL;
}

/* Expected value of an optional field: NULL = not checked, "-" = must be NULL. */
static void check_field(const char *file, const char *what, const char *got, const char *want)
{
	if (!want)
		return;
	if (strcmp(want, "-") == 0) {
		if (got) {
			rp_t_fail++;
			fprintf(stderr, "FAIL %s: %s: expected NULL, got \"%s\"\n", file, what, got);
		} else {
			rp_t_pass++;
		}
		return;
	}
	if (got && strcmp(got, want) == 0) {
		rp_t_pass++;
	} else {
		rp_t_fail++;
		fprintf(stderr, "FAIL %s: %s:\n  got:      \"%s\"\n  expected: \"%s\"\n", file, what,
			got ? got : "(null)", want);
	}
}

struct mime_case {
	const char *file;
	const char *from_name, *from_addr, *subject, *message_id;
	const char *body_has[3];
	const char *body_lacks[2];
	const char *errors_has; /* NULL: the message must decode without a note */
	int n_att;
};

static const struct mime_case cases[] = {
	{ "plain-utf8.eml", "Alice Example", "alice@example.org",
	  "Re: Section 3.9 \xe2\x80\x94 terms \xe2\x80\x9cshall\xe2\x80\x9d",
	  "20210601161500.GA1234@mail.example.org",
	  { "change to 3.9 \xe2\x80\x93 \xe2\x80\x9cshall\xe2\x80\x9d reads better", "\n-- \nAlice" },
	  { NULL }, NULL, 0 },
	{ "mailman-obfuscated.eml", "Alice Smith", "alice@example.org", "[wg] Comments on section 4",
	  "abc123@example.org", { "definition of \"member\"" }, { NULL }, NULL, 0 },
	{ "qp-latin1-c1.eml", "Ren\xc3\xa9 Dupr\xc3\xa9", "rene@example.fr",
	  "R\xc3\xa9sum\xc3\xa9 of section 2", "qp@example.fr",
	  { "The \xe2\x80\x9c" "default\xe2\x80\x9d wording", "fine \xe2\x80\x93 caf\xc3\xa9",
	    "soft broken." },
	  { "=93", "soft=" }, NULL, 0 },
	{ "base64-koi8r.eml", "-", "ivan@example.ru", "\xd0\xa0\xd0\xb0\xd0\xb7\xd0\xb4\xd0\xb5\xd0\xbb 5",
	  "koi@example.ru",
	  { "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82, \xd0\xbc\xd0\xb8\xd1\x80." },
	  { NULL }, NULL, 0 },
	{ "alternative.eml", "Bob", "bob@example.net", "Alternatives", "alt@example.net",
	  { "Plain version: I support option B." }, { "HTML version", "<p>" }, NULL, 0 },
	{ "html-only.eml", "Dana", "dana@example.com", "HTML reply", "html@example.com",
	  { "I don\xe2\x80\x99t agree with 3.2 & 3.3 \xe2\x80\x94 see below.", "Line one\nLine two",
	    "> Original text of 3.2" },
	  { "alert", "ignored title" }, NULL, 0 },
	{ "flowed-delsp.eml", NULL, "erin@example.org", "Flowed DelSp", NULL,
	  { "> This is a quoted paragraph that was wrapped.\n",
	    "This reply is a long paragraph wrapped with delsp.\n", ">From stuffed line.\n-- \nErin" },
	  { "para graph" }, NULL, 0 },
	{ "flowed.eml", NULL, "frank@example.org", "Flowed", NULL,
	  { "mailer and should come back as one line.\n", ">> Two levels of quote, wrapped.\n",
	    "\nFixed line." },
	  { NULL }, NULL, 0 },
	{ "rfc2231.eml", "Grace", "grace@example.org", "Revised draft attached", NULL,
	  { "Please find the revised draft attached." }, { "# Draft v3" }, NULL, 1 },
	{ "signed.eml", "Heidi", "heidi@example.org", "Signed comment", NULL,
	  { "Section 6 is fine as is." }, { "PGP SIGNATURE" }, NULL, 0 },
	{ "mixed-inline.eml", "Ivan", "ivan@example.org", "Two inline parts", NULL,
	  { "First inline part.\n\nSecond inline part." }, { "PDF" }, NULL, 1 },
	{ "forwarded.eml", "Judy", "judy@example.org", "Fwd: comments from the legal team", NULL,
	  { "See the legal team's comments below.",
	    "---------- Forwarded message ----------\nFrom: Legal <legal@example.com>",
	    "Subject: Comments on \xc2\xa7" "7\n\nParagraph 7.2 conflicts" },
	  { "Content-Type" }, NULL, 0 },
	{ "draft-attachment.eml", "Kim", "kim@example.org", "Draft v4 for review", NULL,
	  { "Draft v4 attached" }, { "Introduction", "Some notes" }, NULL, 3 },
	{ "unknown-charset.eml", "Leo", "leo@example.org", "Unknown charset", NULL,
	  { "Na\xc3\xafve text \xe2\x80\x9cquoted\xe2\x80\x9d here." }, { NULL },
	  "unknown charset x-foo-bar; decoded as windows-1252", 0 },
	{ "raw-8bit-headers.eml", "J\xc3\xbcrgen M\xc3\xbcller", "juergen@example.de",
	  "\xc3\x84nderung in Abschnitt 2", NULL, { "Body." }, { NULL }, NULL, 0 },
	{ "broken-boundary.eml", "Mallory", "mallory@example.org", "Broken boundary", NULL,
	  { "Text behind a boundary that was never declared." }, { NULL },
	  "without parts (missing or broken boundary)", 0 },
	{ "truncated.eml", "Nina", "nina@example.org", "Truncated", NULL,
	  { "The message is cut off" }, { "AAECAw" }, "base64 in part 3 (data.bin) truncated", 1 },
	{ "no-headers.eml", "-", "-", "-", "-",
	  { "This file has no header at all, only text.\nSecond line: key: value" }, { NULL },
	  "no header fields", 0 },
	{ "nul-bytes.eml", "Oscar", "oscar@example.org", "NUL bytes", NULL, { "beforeafter" },
	  { NULL }, "NUL bytes removed", 0 },
	{ "invalid-utf8.eml", "Peggy", "peggy@example.org", "Invalid UTF-8", NULL,
	  { "Valid \xc3\xa9 then broken \xef\xbf\xbd( and \xef\xbf\xbd end." }, { NULL },
	  "invalid UTF-8", 0 },
	{ "broken-date.eml", "Quentin", "quentin@example.org", "Broken date", NULL, { "Body." },
	  { NULL }, "unreadable Date \"sometime last week\"", 0 },
	{ "obsolete-date.eml", "Rita", "rita@example.org", "Obsolete date", NULL, { "Body." },
	  { NULL }, NULL, 0 },
};

/* Every string of a parse result is valid UTF-8 and holds no NUL (strlen is its length
 * by construction, so validity of the C string is the whole check). */
static int all_utf8(const struct rp_parsed *p)
{
	const char *f[] = { p->message_id, p->from_name, p->from_addr, p->to, p->cc, p->subject,
			    p->in_reply_to, p->references, p->list_id, p->body, p->errors };
	size_t i;

	if (!p->body || strchr(p->body, '\r'))
		return 0; /* line ends are LF */
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (f[i] && !rp_utf8_valid(f[i], strlen(f[i])))
			return 0;
	for (i = 0; i < p->n_attachments; i++) {
		const struct rp_attachment *a = &p->attachments[i];
		if (!a->type || (a->name && !rp_utf8_valid(a->name, strlen(a->name))) ||
		    (a->text && !rp_utf8_valid(a->text, strlen(a->text))))
			return 0;
	}
	return 1;
}

static void test_fixtures(void)
{
	size_t i, k;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct mime_case *c = &cases[i];
		struct rp_parsed *p = parse_file(c->file, NULL);

		if (!p) {
			rp_t_fail++;
			fprintf(stderr, "FAIL %s: rp_mime_parse failed\n", c->file);
			continue;
		}
		check_field(c->file, "from_name", p->from_name, c->from_name);
		check_field(c->file, "from_addr", p->from_addr, c->from_addr);
		check_field(c->file, "subject", p->subject, c->subject);
		check_field(c->file, "message_id", p->message_id, c->message_id);
		for (k = 0; k < 3 && c->body_has[k]; k++)
			if (!contains(p->body, c->body_has[k])) {
				rp_t_fail++;
				fprintf(stderr, "FAIL %s: body lacks \"%s\"; body:\n%s\n", c->file,
					c->body_has[k], p->body);
			} else {
				rp_t_pass++;
			}
		for (k = 0; k < 2 && c->body_lacks[k]; k++)
			if (contains(p->body, c->body_lacks[k])) {
				rp_t_fail++;
				fprintf(stderr, "FAIL %s: body has \"%s\"\n", c->file, c->body_lacks[k]);
			} else {
				rp_t_pass++;
			}
		if (c->errors_has ? !contains(p->errors, c->errors_has) : p->errors != NULL) {
			rp_t_fail++;
			fprintf(stderr, "FAIL %s: errors \"%s\", expected %s\n", c->file,
				p->errors ? p->errors : "(none)", c->errors_has ? c->errors_has : "none");
		} else {
			rp_t_pass++;
		}
		if ((int)p->n_attachments != c->n_att) {
			rp_t_fail++;
			fprintf(stderr, "FAIL %s: %zu attachments, expected %d\n", c->file,
				p->n_attachments, c->n_att);
		} else {
			rp_t_pass++;
		}
		CHECK(all_utf8(p));
		rp_parsed_free(p);
	}
}

static void test_header_fields(void)
{
	struct rp_parsed *p = parse_file("plain-utf8.eml", NULL);
	char iso[21];

	CHECK(p != NULL);
	if (!p)
		return;
	CHECK_STR(p->to, "Bob Builder <bob@example.net>, carol@example.com");
	CHECK_STR(p->cc, "Doe, Jane <jane@example.com>");
	CHECK_INT(p->has_date, 1);
	rp_time_iso(p->date, iso);
	CHECK_STR(iso, "2021-06-01T16:15:00Z");
	CHECK_INT(p->date_zone, -420);
	CHECK_STR(p->in_reply_to, "draft-v2-announce@example.org");
	CHECK_STR(p->references, "draft-v2-announce@example.org reply-1@example.net");
	CHECK_STR(p->list_id, "wg-terms.lists.example.org");
	rp_parsed_free(p);

	p = parse_file("obsolete-date.eml", NULL);
	CHECK(p != NULL);
	if (!p)
		return;
	rp_time_iso(p->date, iso);
	CHECK_STR(iso, "2021-06-18T19:30:00Z");
	CHECK_INT(p->date_zone, -300);
	rp_parsed_free(p);

	p = parse_file("broken-date.eml", NULL);
	CHECK(p && !p->has_date);
	rp_parsed_free(p);

	p = parse_file("raw-8bit-headers.eml", NULL);
	CHECK(p != NULL);
	if (p)
		CHECK_STR(p->to, "Fran\xc3\xa7ois <francois@example.fr>");
	rp_parsed_free(p);
}

static const struct rp_attachment *att(const struct rp_parsed *p, size_t i)
{
	return p && i < p->n_attachments ? &p->attachments[i] : NULL;
}

static void test_attachments(void)
{
	struct rp_mime_limits lim;
	struct rp_parsed *p = parse_file("draft-attachment.eml", NULL);
	const struct rp_attachment *a;

	if ((a = att(p, 0)) != NULL) {
		CHECK_STR(a->name, "draft-v4.txt");
		CHECK_STR(a->type, "text/plain");
		CHECK_STR(a->text, "1. Introduction\n1.1 The working group \xe2\x80\x9cshall\xe2\x80\x9d review.");
	}
	if ((a = att(p, 1)) != NULL) {
		CHECK_STR(a->name, "notes.rst");
		CHECK_STR(a->type, "text/x-rst");
		CHECK(contains(a->text, "Notes\n=====\n\nSome notes."));
	}
	if ((a = att(p, 2)) != NULL) {
		CHECK_STR(a->type, "image/png");
		CHECK_INT(a->size, 8);
		CHECK(a->text == NULL);
		CHECK(a->data == NULL); /* not asked for */
	}
	CHECK(p && p->n_attachments == 3);
	rp_parsed_free(p);

	/* RFC 2231 continuations with charset and percent-encoding. */
	p = parse_file("rfc2231.eml", NULL);
	if ((a = att(p, 0)) != NULL) {
		CHECK_STR(a->name, "R\xc3\xa9vision du projet v3.md");
		CHECK_STR(a->type, "text/markdown");
		CHECK_STR(a->text, "# Draft v3\n\n## 1. Scope\n\nThe scope is r\xc3\xa9sum\xc3\xa9.\n");
	}
	CHECK(att(p, 0) != NULL);
	rp_parsed_free(p);

	/* Decoded bytes on request. */
	rp_mime_limits_default(&lim);
	lim.keep_attachment_data = 1;
	p = parse_file("mixed-inline.eml", &lim);
	if ((a = att(p, 0)) != NULL) {
		unsigned char want[272];
		int i;
		memcpy(want, "%PDF-1.4\n", 9);
		for (i = 0; i < 256; i++)
			want[9 + i] = (unsigned char)i;
		memcpy(want + 265, "\n%%EOF\n", 7);
		CHECK_STR(a->name, "report.pdf");
		CHECK_INT(a->size, 272);
		CHECK_INT(a->data_len, 272);
		CHECK(a->data && memcmp(a->data, want, 272) == 0);
	}
	CHECK(att(p, 0) != NULL);
	rp_parsed_free(p);
}

static struct rp_parsed *parse_mem(const char *raw, size_t len, const struct rp_mime_limits *lim)
{
	struct rp_parsed *p = NULL;

	if (rp_mime_parse(&p, raw, len, lim, NULL))
		return NULL;
	return p;
}

static void test_garbage(void)
{
	size_t n = 65536, i;
	char *buf = malloc(n);
	uint32_t x = 12345;
	struct rp_parsed *p;

	CHECK(buf != NULL);
	if (!buf)
		return;
	for (i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		buf[i] = (char)(x >> 16);
	}
	p = parse_mem(buf, n, NULL);
	CHECK(p != NULL);
	if (p)
		CHECK(all_utf8(p));
	rp_parsed_free(p);
	/* The same bytes behind a valid header, declared as every interesting type. */
	{
		static const char *const heads[] = {
			"Subject: x\nContent-Type: text/plain; charset=utf-8\n\n",
			"Subject: x\nContent-Type: text/html; charset=shift_jis\nContent-Transfer-Encoding: quoted-printable\n\n",
			"Subject: x\nContent-Type: multipart/mixed; boundary=a\n\n--a\nContent-Type: text/plain; format=flowed; delsp=yes\nContent-Transfer-Encoding: base64\n\n",
			"Subject: x\nContent-Type: message/rfc822\n\n",
		};
		size_t h;
		for (h = 0; h < sizeof(heads) / sizeof(heads[0]); h++) {
			size_t hl = strlen(heads[h]);
			char *m = malloc(hl + n);
			if (!m)
				break;
			memcpy(m, heads[h], hl);
			memcpy(m + hl, buf, n);
			p = parse_mem(m, hl + n, NULL);
			CHECK(p != NULL && all_utf8(p));
			rp_parsed_free(p);
			free(m);
		}
	}
	/* A UTF-8 byte order mark in front of the header. */
	p = parse_mem("\xEF\xBB\xBFSubject: bom\n\nbody\n", 21, NULL);
	CHECK(p && p->subject && strcmp(p->subject, "bom") == 0 && !p->errors);
	rp_parsed_free(p);
	/* Empty input. */
	p = parse_mem("", 0, NULL);
	CHECK(p && p->body && p->body[0] == '\0' && contains(p->errors, "empty message"));
	rp_parsed_free(p);
	free(buf);
}

/* n levels of nesting; multipart = 1 uses multiparts, else message/rfc822. */
static char *nest(int n, int multipart, size_t *len)
{
	struct rp_buf b = RP_BUF_INIT;
	int i;

	rp_buf_adds(&b, "From: bomb@example.org\nSubject: nesting\n");
	for (i = 0; i < n; i++) {
		if (multipart)
			rp_buf_addf(&b, "Content-Type: multipart/mixed; boundary=b%d\n\n--b%d\n", i, i);
		else
			rp_buf_adds(&b, "Content-Type: message/rfc822\n\n");
	}
	rp_buf_adds(&b, "Content-Type: text/plain\n\ninnermost text\n");
	if (multipart)
		for (i = n - 1; i >= 0; i--)
			rp_buf_addf(&b, "--b%d--\n", i);
	return rp_buf_detach(&b, len);
}

static void test_nesting_bombs(void)
{
	static const struct {
		int levels, multipart;
		const char *note;
	} t[] = {
		{ 40000, 0, "nested MIME containers" }, /* overflows libetpan's stack unguarded */
		{ 10000, 1, "nested MIME containers" }, /* quadratic in libetpan unguarded */
		{ 40, 1, "deeper than 32" },
		{ 40, 0, "deeper than 32" },
	};
	size_t i, len = 0;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char *m = nest(t[i].levels, t[i].multipart, &len);
		double t0 = rp_now_seconds();
		struct rp_parsed *p = m ? parse_mem(m, len, NULL) : NULL;
		CHECK(p != NULL);
		if (p) {
			CHECK(contains(p->errors, t[i].note));
			CHECK_STR(p->subject, "nesting");
			CHECK(all_utf8(p));
		}
		CHECK(rp_now_seconds() - t0 < 10.0);
		rp_parsed_free(p);
		free(m);
	}
	/* A chain of forwards around a large body: each level is re-parsed, so the total
	 * work is bounded and the rest kept as text. */
	{
		struct rp_buf b = RP_BUF_INIT;
		struct rp_parsed *p;
		double t0 = rp_now_seconds();
		int k;
		for (k = 0; k < 30; k++)
			rp_buf_addf(&b, "From: f%d@example.org\nSubject: wrap %d\nContent-Type: message/rfc822\n\n", k, k);
		rp_buf_adds(&b, "From: inner@example.org\nSubject: inner\n\n");
		for (k = 0; k < 60000; k++)
			rp_buf_adds(&b, "a line of the forwarded body text\n");
		p = parse_mem(b.buf, b.len, NULL);
		CHECK(p && contains(p->errors, "nested too deeply") && contains(p->body, "a line of the forwarded"));
		CHECK(rp_now_seconds() - t0 < 10.0);
		rp_parsed_free(p);
		rp_buf_release(&b);
	}
	/* Nesting within the limits decodes down to the text. */
	{
		char *m = nest(20, 1, &len);
		struct rp_parsed *p = m ? parse_mem(m, len, NULL) : NULL;
		CHECK(p && contains(p->body, "innermost text") && !p->errors);
		rp_parsed_free(p);
		free(m);
	}
}

static void test_limits(void)
{
	struct rp_mime_limits lim;
	struct rp_buf b = RP_BUF_INIT;
	struct rp_parsed *p;
	size_t big = 50u * 1024 * 1024 + 4096, i;
	char *m;

	/* A 50 MB message: headers parsed, body not decoded, flagged. */
	m = malloc(big);
	CHECK(m != NULL);
	if (m) {
		const char *h = "From: Big <big@example.org>\nSubject: huge\nMessage-ID: <big@example.org>\n\n";
		memset(m, 'a', big);
		memcpy(m, h, strlen(h));
		for (i = strlen(h) + 76; i < big; i += 77)
			m[i] = '\n';
		p = parse_mem(m, big, NULL);
		CHECK(p != NULL);
		if (p) {
			CHECK_STR(p->subject, "huge");
			CHECK_STR(p->from_addr, "big@example.org");
			CHECK_STR(p->message_id, "big@example.org");
			CHECK_STR(p->body, "");
			CHECK(contains(p->errors, "exceeds the 52428800-byte limit"));
		}
		rp_parsed_free(p);
		free(m);
	}

	/* Text cap: the body stops at max_text_bytes, on a character boundary. */
	rp_mime_limits_default(&lim);
	lim.max_text_bytes = 12;
	p = parse_file("base64-koi8r.eml", &lim);
	CHECK(p && strlen(p->body) <= 13 && all_utf8(p) && contains(p->errors, "truncated"));
	rp_parsed_free(p);

	/* A zeroed limits struct means the defaults, not "nothing allowed". */
	memset(&lim, 0, sizeof(lim));
	p = parse_file("plain-utf8.eml", &lim);
	CHECK(p && !p->errors && contains(p->body, "reads better"));
	rp_parsed_free(p);

	/* Header flood. */
	rp_buf_adds(&b, "Subject: flood\n");
	for (i = 0; i < 6000; i++)
		rp_buf_addf(&b, "X-H%zu: v\n", i);
	rp_buf_adds(&b, "\nbody\n");
	p = parse_mem(b.buf, b.len, NULL);
	CHECK(p && contains(p->errors, "header fields") && contains(p->body, "body"));
	rp_parsed_free(p);
	rp_buf_release(&b);

	/* Part flood: 1500 attachments against max_parts 1000. */
	rp_buf_adds(&b, "Subject: parts\nContent-Type: multipart/mixed; boundary=p\n\n");
	for (i = 0; i < 1500; i++)
		rp_buf_addf(&b, "--p\nContent-Type: application/octet-stream; name=f%zu.bin\n\nx\n", i);
	rp_buf_adds(&b, "--p--\n");
	p = parse_mem(b.buf, b.len, NULL);
	CHECK(p && contains(p->errors, "more than 1000 MIME parts") && p->n_attachments < 1000);
	rp_parsed_free(p);
	rp_buf_release(&b);
}

static void test_decode_header(void)
{
	static const struct {
		const char *in, *out;
	} t[] = {
		{ "plain ascii", "plain ascii" },
		{ "=?utf-8?q?caf=C3=A9?=", "caf\xc3\xa9" },
		{ "=?UTF-8?B?Y2Fmw6k=?=", "caf\xc3\xa9" },
		{ "=?utf-8?q?a?= =?utf-8?q?b?=", "ab" },                 /* space between words dropped */
		{ "=?utf-8?q?a?=  x =?utf-8?q?b?=", "a  x b" },           /* but not around text */
		{ "=?utf-8?B?4oA=?==?utf-8?B?lA==?=", "\xe2\x80\x94" }, /* character split over words */
		{ "=?iso-8859-1?q?=E9t=E9?=", "\xc3\xa9t\xc3\xa9" },
		{ "=?utf-8*en?q?hi?=", "hi" },                            /* RFC 2231 language */
		{ "=?x-unknown-cs?q?abc?=", "abc" },
		{ "=?utf-8?q?broken", "=?utf-8?q?broken" },
		{ "folded\r\n line", "folded line" },
		{ "tab\there", "tab here" },
		{ "caf\xe9", "caf\xc3\xa9" }, /* raw Latin-1 */
		{ "caf\xc3\xa9", "caf\xc3\xa9" },
		{ "=?utf-16?b?AGYAaQBsAGU=?=", "file" },
		{ "", "" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char *o = rp_mime_decode_header(t[i].in, strlen(t[i].in));
		CHECK_STR(o, t[i].out);
		free(o);
	}
	CHECK(rp_mime_decode_header(NULL, 0) == NULL);
}

/* From forms: angle address, trailing comment, leading comment (RFC 5322 CFWS), an
 * unquoted "Last, First" name, a mailbox encoded whole (HyperKitty). */
static void test_mailbox(void)
{
	static const struct {
		const char *in, *name, *addr;
	} t[] = {
		{ "Alice Smith <alice@example.org>", "Alice Smith", "alice@example.org" },
		{ "alice@example.org (Alice Smith)", "Alice Smith", "alice@example.org" },
		{ "(Alice Smith) alice@example.org", "Alice Smith", "alice@example.org" },
		{ " (Alice) alice@example.org (work)", "Alice", "alice@example.org" },
		{ "\"Bob\" <bob@example.org>", "Bob", "bob@example.org" },
		{ "carol@example.org", NULL, "carol@example.org" },
		/* a directory's "Last, First" its mailer did not quote: one mailbox */
		{ "Kumar, Rajesh <rajesh@example.in>", "Kumar, Rajesh", "rajesh@example.in" },
		{ "Kumar, Rajesh <rajesh@example.in>, Lee <lee@example.kr>", "Kumar, Rajesh",
		  "rajesh@example.in" },
		/* two mailboxes: the first one's */
		{ "dave@example.org, Eve <eve@example.org>", NULL, "dave@example.org" },
		{ "Dave <dave@example.org>, Eve, Fay <fay@example.org>", "Dave", "dave@example.org" },
		/* HyperKitty's export: the whole mailbox in one encoded word */
		{ "=?utf-8?q?Bob_Smith_=3Cbob=40example=2Enet=3E?=", "Bob Smith", "bob@example.net" },
		{ "=?utf-8?q?=C3=88ve_Martin_=3Ceve=40example=2Eorg=3E?=", "\xc3\x88ve Martin",
		  "eve@example.org" },
		{ "=?utf-8?b?Ym9iQGV4YW1wbGUubmV0?=", NULL, "bob@example.net" },
		/* an encoded name beside a plain address stays as it was read */
		{ "=?utf-8?q?=C3=88ve?= <eve@example.org>", "\xc3\x88ve", "eve@example.org" },
		{ "bob at example.net (=?utf-8?q?Bob_Smith?=)", "Bob Smith", "bob@example.net" },
		/* HyperKitty's "(a)" for '@', only between a local part and a domain */
		{ "Bob Smith <bob(a)example.net>", "Bob Smith", "bob@example.net" },
		{ "bob.smith(a)mail.example.net", NULL, "bob.smith@mail.example.net" },
		{ "bob(a)example.net (Bob Smith)", "Bob Smith", "bob@example.net" },
		{ "=?utf-8?q?=C3=88ve_Martin_=3Ceve=28a=29example=2Eorg=3E?=", "\xc3\x88ve Martin",
		  "eve@example.org" },
		{ "\"Smith (a) Bob\" <bob(a)example.net>", "Smith (a) Bob", "bob@example.net" },
		{ "Bob <bob@example.net> (a)example.org", "Bob", "bob@example.net" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct rp_buf m = RP_BUF_INIT;
		struct rp_parsed *p;
		rp_buf_addf(&m, "From: %s\nSubject: m\n\nx\n", t[i].in);
		p = parse_mem(m.buf, m.len, NULL);
		CHECK(p != NULL);
		if (p) {
			if (t[i].name)
				CHECK_STR(p->from_name, t[i].name);
			else
				CHECK(p->from_name == NULL);
			CHECK_STR(p->from_addr, t[i].addr);
		}
		rp_parsed_free(p);
		rp_buf_release(&m);
	}
}

/* A draft or template a mail program kept, never sent, is marked by its header; mail sent
 * is not, whatever else it carries. A message deleted in Thunderbird and not yet compacted
 * away carries the expunged flag (0x0008) in X-Mozilla-Status. */
static void test_draft(void)
{
	static const struct {
		const char *headers, *draft;
		int deleted;
	} t[] = {
		{ "X-Mozilla-Status: 0009\nX-Mozilla-Status2: 00000000\n", NULL, 1 },
		{ "X-Mozilla-Status: 0008\n", NULL, 1 },
		{ "X-Mozilla-Status:  801b \n", NULL, 1 },
		{ "X-Mozilla-Status: 0011\n", NULL, 0 },
		{ "X-Mozilla-Status: 1001\n", NULL, 0 },
		{ "X-Mozilla-Status: 8x08\n", NULL, 0 },
		{ "X-Mozilla-Status:\n", NULL, 0 },
		{ "X-Mozilla-Draft-Info: internal/draft; vcard=0; receipt=0\n", "X-Mozilla-Draft-Info", 0 },
		{ "X-Uniform-Type-Identifier: com.apple.mail-draft\n",
		  "X-Uniform-Type-Identifier: com.apple.mail-draft", 0 },
		{ "X-Mozilla-Status: 0001\nX-Mozilla-Keys: \n", NULL, 0 },
		{ "X-Uniform-Type-Identifier: com.apple.mail-note\n", NULL, 0 },
		{ "X-Gmail-Labels: Opened,Drafts\n", "X-Gmail-Labels: Drafts", 0 },
		{ "X-Gmail-Labels: Drafts , Category Updates\n", "X-Gmail-Labels: Drafts", 0 },
		{ "X-Gmail-Labels: Inbox,Opened,wg\n", NULL, 0 },
		{ "X-Gmail-Labels: Drafts of the strategy,Sent\n", NULL, 0 },
		{ "", NULL, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct rp_buf m = RP_BUF_INIT;
		struct rp_parsed *p;
		rp_buf_addf(&m, "From: a@example.org\n%sSubject: m\n\nx\n", t[i].headers);
		p = parse_mem(m.buf, m.len, NULL);
		CHECK(p != NULL);
		if (p) {
			if (t[i].draft)
				CHECK_STR(p->draft, t[i].draft);
			else
				CHECK(p->draft == NULL);
			CHECK_INT(p->deleted != NULL, t[i].deleted);
		}
		rp_parsed_free(p);
		rp_buf_release(&m);
	}
}

/* A list that puts its own address in From for DMARC keeps the poster elsewhere: each
 * row is the message's header lines and the sender read from them. */
static void test_munged_from(void)
{
	static const struct {
		const char *name, *headers, *from_name, *from_addr;
	} t[] = {
		{ "Mailman, poster in Reply-To",
		  "From: Ana Souza via wg <wg@lists.example>\nReply-To: Ana Souza <ana@example.br>\n"
		  "List-Post: <mailto:wg@lists.example>\n",
		  "Ana Souza", "ana@example.br" },
		{ "Mailman, replies to the list: poster in Cc",
		  "From: \"Ana Souza via wg\" <wg@lists.example>\nReply-To: wg@lists.example\n"
		  "Cc: Bo Li <bo@example.cn>, Ana Souza <ana@example.br>\n"
		  "List-Post: <mailto:wg@lists.example>\n",
		  "Ana Souza", "ana@example.br" },
		{ "Google Groups, X-Original-From",
		  "From: \"'Ana Souza' via wg\" <wg@googlegroups.com>\n"
		  "X-Original-From: Ana Souza <ana@example.br>\nReply-To: wg@googlegroups.com\n"
		  "List-Post: <https://groups.google.com/group/wg/post>, <mailto:wg@googlegroups.com>\n",
		  "Ana Souza", "ana@example.br" },
		{ "poster nowhere else: the name without \"via wg\"",
		  "From: Ana Souza via wg <wg@lists.example>\nList-Post: <mailto:wg@lists.example>\n",
		  "Ana Souza", "wg@lists.example" },
		{ "a Reply-To with another name is someone else",
		  "From: Ana Souza via wg <wg@lists.example>\nReply-To: Desk <desk@example.br>\n"
		  "List-Post: <mailto:wg@lists.example>\n",
		  "Ana Souza", "wg@lists.example" },
		{ "\"via\" in the name of a sender who is not the list",
		  "From: Transport via Rail <info@rail.example>\nReply-To: Desk <desk@rail.example>\n"
		  "List-Post: <mailto:wg@lists.example>\n",
		  "Transport via Rail", "info@rail.example" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct rp_buf m = RP_BUF_INIT;
		struct rp_parsed *p;

		rp_t_name = t[i].name;
		rp_buf_addf(&m, "%sSubject: m\n\nx\n", t[i].headers);
		p = parse_mem(m.buf, m.len, NULL);
		CHECK(p != NULL);
		if (p) {
			CHECK_STR(p->from_name, t[i].from_name);
			CHECK_STR(p->from_addr, t[i].from_addr);
		}
		rp_parsed_free(p);
		rp_buf_release(&m);
	}
}

static void test_unobfuscate(void)
{
	static const struct {
		const char *in, *out;
	} t[] = {
		{ "alice at example.org", "alice@example.org" },
		{ "alice at example.org (Alice Smith)", "alice@example.org (Alice Smith)" },
		{ "Meet at noon", "Meet at noon" },
		{ "look at example.org", "look@example.org" }, /* indistinguishable; Mailman's form */
		{ "a at b", "a at b" },
		{ "x@y.org", "x@y.org" },
		{ "", "" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char *o = rp_unobfuscate_address(t[i].in);
		CHECK_STR(o, t[i].out);
		free(o);
	}
	CHECK(rp_unobfuscate_address(NULL) == NULL);
}

/* Mailman's archives write Message-ID, In-Reply-To and References as "<id at domain>":
 * read back with '@'. Ids that are not of that form stay as they are. */
static void test_obfuscated_ids(void)
{
	static const struct {
		const char *field, *value, *want;
	} t[] = {
		{ "Message-ID", "<mm-2 at example.net>", "mm-2@example.net" },
		{ "Message-ID", "< 20220301.GA42   at\tmail.example.net >", "20220301.GA42@mail.example.net" },
		{ "Message-ID", "<a.b+c at [192.0.2.1]>", "a.b+c@[192.0.2.1]" },
		{ "Message-ID", "<20210601161500.GA1234@mail.example.org>",
		  "20210601161500.GA1234@mail.example.org" },
		{ "Message-ID", "<CAFoo=bar$at@mail.gmail.com>", "CAFoo=bar$at@mail.gmail.com" },
		{ "Message-ID", "<Meet at noon today>", "Meet at noon today" },
		{ "Message-ID", "<a at b at c>", "a at b at c" },
		{ "Message-ID", "<x at y@z>", "x at y@z" },
		{ "Message-ID", "<x at >", "x at" },
		{ "Message-ID", "<at x>", "at x" },
		{ "In-Reply-To", "<mm-1 at example.org>", "mm-1@example.org" },
		{ "In-Reply-To", "<mm-1 at example.org> (Alice's message of Tue, 8 Jun 2021)",
		  "mm-1@example.org" },
		{ "References", "<a at x.org> <b@y.org>\n\t<c at z.org>", "a@x.org b@y.org c@z.org" },
		{ "References", "<a at x.org>\n <b\n at y.org>", "a@x.org b@y.org" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct rp_buf m = RP_BUF_INIT;
		struct rp_parsed *p;
		const char *got;

		rp_buf_addf(&m, "From: a at example.org\n%s: %s\nSubject: ids\n\nbody\n", t[i].field,
			    t[i].value);
		p = parse_mem(m.buf, m.len, NULL);
		CHECK(p != NULL);
		if (p) {
			got = t[i].field[0] == 'M' ? p->message_id
			      : t[i].field[0] == 'I' ? p->in_reply_to : p->references;
			CHECK_STR(got, t[i].want);
		}
		rp_parsed_free(p);
		rp_buf_release(&m);
	}
}

static void test_html(void)
{
	static const struct {
		const char *in, *out;
	} t[] = {
		{ "<p>Hello <b>world</b></p>", "Hello world\n" },
		{ "a<br>b<br/>c", "a\nb\nc\n" },
		{ "<div>one</div><div>two</div>", "one\ntwo\n" },
		{ "<p>x</p><p>y</p>", "x\n\ny\n" },
		{ "<ul><li>a</li><li>b</li></ul>", "- a\n- b\n" },
		{ "<script>var a = '<p>';</script>text", "text\n" },
		{ "<style>p{}</style><!-- note -->kept", "kept\n" },
		{ "&lt;&gt;&amp;&quot;&#39;&#x41;&#66;&eacute;&nbsp;x", "<>&\"'AB\xc3\xa9 x\n" },
		{ "&#0;&#xD800;&#99999999;", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\n" },
		{ "&unknown; & x", "&unknown; & x\n" },
		{ "<blockquote>quoted<blockquote>deeper</blockquote></blockquote>reply",
		  "> quoted\n> > deeper\nreply\n" },
		{ "  lots   of \n\n white\tspace  ", "lots of white space\n" },
		{ "<p>reply</p><blockquote><p>q1</p><blockquote><p>q2</p></blockquote><p>q3</p></blockquote><p>end</p>",
		  "reply\n\n> q1\n>\n> > q2\n>\n> q3\n\nend\n" },
		{ "<pre>  keep\n   this</pre>", "  keep\n   this\n" },
		{ "a < b", "a < b\n" },
		{ "<a href=\"x>y\">link</a>", "link\n" },
		{ "<unterminated", "" },
		{ "<html><head><meta charset=utf-8>text without a closing head", "text without a closing head\n" },
		{ "", "" },
		/* a mail keeps what a draft page leaves out or joins otherwise */
		{ "<nav>Menu</nav><h1>Hi</h1><p>Body</p><footer>Sent from my phone</footer>",
		  "Menu\n\nHi\n\nBody\n\nSent from my phone\n" },
		{ "<table><tr><td>a</td><td>b</td></tr></table>", "a b\n" },
		{ "<html><head><title>T</title></head><body><p>x</p></body></html>", "x\n" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char *o = rp_html_to_text(t[i].in, strlen(t[i].in));
		CHECK_STR(o, t[i].out);
		free(o);
	}
	{
		char *o = rp_html_to_text("caf\xe9 <b>\xff</b>", 12);
		CHECK(o && rp_utf8_valid(o, strlen(o)));
		free(o);
	}
}

/* An HTML draft: the title line from the one <h1>, else <title>; navigation and footer
 * left out; a row's cells joined with " | ". */
static void test_html_draft(void)
{
	static const struct {
		const char *in, *out;
	} t[] = {
		{ "<html><head><title>Short</title></head><body><nav><a href=\"#s1\">Contents</a></nav>"
		  "<h1>Draft  report\n on rural areas</h1><h2>1 Introduction</h2><p>Text.</p>"
		  "<footer>\xc2\xa9 PNCC 2025</footer></body></html>",
		  "Draft report on rural areas\n\n1 Introduction\n\nText.\n" },
		/* no <h1>: the <title>, entities decoded */
		{ "<title>Budget &amp; plan</title><h2>1 Income</h2><p>Fees.</p>",
		  "Budget & plan\n\n1 Income\n\nFees.\n" },
		/* several <h1> are the sections: the title is the <title>'s, the <h1>s stay */
		{ "<title>Plan</title><h1>1 One</h1><p>a</p><h1>2 Two</h1><p>b</p>",
		  "Plan\n\n1 One\n\na\n\n2 Two\n\nb\n" },
		/* text before the <h1> stays, after the title line */
		{ "<p>DRAFT</p><h1>Charter</h1><p>x</p>", "Charter\n\nDRAFT\n\nx\n" },
		{ "<table><tr><th>Country</th><td>Operators</td></tr><tr><td>Ghana</td><td>12</td></tr></table>",
		  "Country | Operators\nGhana | 12\n" },
		{ "<table><tr><td></td><td>b</td><td></td></tr></table>", "b\n" },
		/* nested and unclosed navigation */
		{ "<nav>a<nav>b</nav>c</nav><p>kept</p>", "kept\n" },
		{ "<p>kept</p><footer>all the rest", "kept\n" },
		{ "<header><nav>Home | About</nav><p>Working group</p></header><p>x</p>",
		  "Working group\n\nx\n" },
		{ "", "" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char *o = rp_html_draft_to_text(t[i].in, strlen(t[i].in));
		CHECK_STR(o, t[i].out);
		free(o);
	}
}

static void test_dates(void)
{
	static const struct {
		const char *in, *iso;
		int zone;
	} t[] = {
		{ "Tue, 1 Jun 2021 09:15:00 -0700", "2021-06-01T16:15:00Z", -420 },
		{ "1 Jun 2021 09:15 +0530", "2021-06-01T03:45:00Z", 330 },
		{ "Tue, 01 Jun 21 09:15:00 GMT", "2021-06-01T09:15:00Z", 0 },
		{ "Tue,  1 Jun 2021 09:15:00 +0000 (UTC)", "2021-06-01T09:15:00Z", 0 },
		{ "Jun 1 2021 09:15:00 PDT", "2021-06-01T16:15:00Z", -420 },
		{ "2021-06-01T09:15:00Z", "2021-06-01T09:15:00Z", 0 },
		{ "2021-06-01 09:15:00 +02:00", "2021-06-01T07:15:00Z", 120 },
		{ "Wed, 31 Dec 1969 23:59:59 +0000", "1969-12-31T23:59:59Z", 0 },
		{ "1 Jun 2021", "2021-06-01T00:00:00Z", 0 },
		{ "Sat, 29 Feb 2020 12:00:00 +0100", "2020-02-29T11:00:00Z", 60 },
		/* ISO 8601 with the offset joined to the time */
		{ "2021-06-01T09:15:00+02:00", "2021-06-01T07:15:00Z", 120 },
		{ "2021-06-01T09:15:00-0500", "2021-06-01T14:15:00Z", -300 },
		{ "Tue, 1 Jun 2021 09:15:00-0700", "2021-06-01T16:15:00Z", -420 },
		/* a 12-hour clock */
		{ "Tue, 1 Jun 2021 10:02 PM +0000", "2021-06-01T22:02:00Z", 0 },
		{ "Tue, 1 Jun 2021 12:30 AM +0000", "2021-06-01T00:30:00Z", 0 },
		{ "Tue, 1 Jun 2021 12:30 pm +0000", "2021-06-01T12:30:00Z", 0 },
	};
	static const char *const bad[] = { "", "garbage", "32 Jun 2021 10:00", "1 Foo 2021 10:00",
					   "1 Jun 2021 25:00:00",
					   /* no such day: not normalised into the next month */
					   "31 Feb 2021 10:00:00 +0000", "29 Feb 2021 10:00 +0000",
					   "31 Apr 2021 10:00 +0000", NULL };
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct rp_buf m = RP_BUF_INIT;
		struct rp_parsed *p;
		char iso[21];
		rp_buf_addf(&m, "Date: %s\nSubject: d\n\nx\n", t[i].in);
		p = parse_mem(m.buf, m.len, NULL);
		CHECK(p && p->has_date);
		if (p && p->has_date) {
			rp_time_iso(p->date, iso);
			CHECK_STR(iso, t[i].iso);
			CHECK_INT(p->date_zone, t[i].zone);
		}
		rp_parsed_free(p);
		rp_buf_release(&m);
	}
	for (i = 0; bad[i]; i++) {
		struct rp_buf m = RP_BUF_INIT;
		struct rp_parsed *p;
		rp_buf_addf(&m, "Date: %s\nSubject: d\n\nx\n", bad[i]);
		p = parse_mem(m.buf, m.len, NULL);
		CHECK(p && !p->has_date);
		rp_parsed_free(p);
		rp_buf_release(&m);
	}
}

static void test_charsets(void)
{
	static const struct {
		const char *head, *body, *want, *note;
	} t[] = {
		/* ISO-8859-1 declared, C1 bytes present: windows-1252. */
		{ "charset=iso-8859-1", "\x93quote\x94 \x80", "\xe2\x80\x9cquote\xe2\x80\x9d \xe2\x82\xac", NULL },
		/* ISO-8859-1 without C1 bytes stays Latin-1. */
		{ "charset=ISO-8859-1", "\xe9t\xe9", "\xc3\xa9t\xc3\xa9", NULL },
		/* us-ascii declared, 8-bit UTF-8 sent. */
		{ "charset=us-ascii", "caf\xc3\xa9", "caf\xc3\xa9", NULL },
		/* UTF-8 declared, Latin-1 sent. */
		{ "charset=utf-8", "caf\xe9", "caf\xc3\xa9", "declared utf-8; decoded as windows-1252" },
		{ "charset=\"windows-1252\"", "\x85", "\xe2\x80\xa6", NULL },
		{ "charset=shift_jis", "\x93\xfa\x96\x7b", "\xe6\x97\xa5\xe6\x9c\xac", NULL },
		{ "charset=gb2312", "\xd6\xd0\xce\xc4", "\xe4\xb8\xad\xe6\x96\x87", NULL },
		/* A byte sequence that is invalid in the declared charset. */
		{ "charset=shift_jis", "a\xff" "b", "a\xef\xbf\xbd" "b", "invalid bytes for charset shift_jis" },
		{ "charset*=utf-8''iso-8859-2", "\xb1", "\xc4\x85", NULL },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct rp_buf m = RP_BUF_INIT;
		struct rp_parsed *p;
		rp_buf_addf(&m, "Subject: c\nContent-Type: text/plain; %s\n\n%s\n", t[i].head, t[i].body);
		p = parse_mem(m.buf, m.len, NULL);
		CHECK(p != NULL);
		if (p) {
			char want[64];
			snprintf(want, sizeof(want), "%s\n", t[i].want);
			CHECK_STR(p->body, want);
			if (t[i].note)
				CHECK(contains(p->errors, t[i].note));
			else
				CHECK(p->errors == NULL);
		}
		rp_parsed_free(p);
		rp_buf_release(&m);
	}
}

static void test_transfer_encodings(void)
{
	static const struct {
		const char *cte, *body, *want;
	} t[] = {
		{ "quoted-printable", "a=\nb", "ab\n" },
		{ "quoted-printable", "a=3D=C3=A9", "a=\xc3\xa9\n" },
		{ "quoted-printable", "soft=  \r\nbreak", "softbreak\n" },
		{ "quoted-printable", "bad=G1 and =4", "bad=G1 and =4\n" },
		{ "quoted-printable", "ends in =", "ends in\n" }, /* read past the end in libetpan */
		{ "base64", "aGVsbG8=\nd29ybGQ=", "helloworld\n" },
		{ "base64", "aGVs\nnot base64: a footer\nbG8=", "hello\n" },
		{ "base64", "aGVsbG8=\n_______________\nList footer\n", "hello\n" },
		{ "BASE64", "aGk", "hi\n" },
		/* Stray characters in base64 data are ignored (RFC 2045 section 6.8); a
		 * footer after the data, even without spaces, is not decoded. */
		{ "base64", "SGVsbG8g!d29y*bGQh", "Hello world!\n" },
		{ "base64",
		  "VGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZy4gVGhlIHF1aWNrIGJy\n"
		  "b3duIGZveCBqdW1wcyBvdmVyIHRoZS!BsYXp5IGRvZy4gVGhlIH*F1aWNrIGJyb3duIGZveCBqdW1w\r\n"
		  "cyBvdmVyIHRoZSBsYXp5IGRvZy4g\n_______________\nwg mailing list\n"
		  "wg@lists.example.org\nhttps://lists.example.org/mailman/listinfo/wg\n",
		  "The quick brown fox jumps over the lazy dog. The quick brown fox jumps over the "
		  "lazy dog. The quick brown fox jumps over the lazy dog.\n" },
		{ "base64", "aGVsbG8gd29y\n\nworkinggroups@lists.example.org\n", "hello wor\n" },
		{ "base64", "aGVsbG8gd29y\naGk\nworkinggroups@lists.example.org\n", "hello worhi\n" },
		{ "base64", "aGVsbG8gd29y\nbG8!=\n", "hello worlo\n" },
		{ "base64", "aGVsbG8gd29y\n-- \nabc.defgh\n", "hello wor\n" },
		{ "x-uuencode", "as is", "as is\n" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct rp_buf m = RP_BUF_INIT;
		struct rp_parsed *p;
		rp_buf_addf(&m, "Subject: e\nContent-Type: text/plain; charset=utf-8\n"
				"Content-Transfer-Encoding: %s\n\n%s",
			    t[i].cte, t[i].body);
		p = parse_mem(m.buf, m.len, NULL);
		CHECK(p != NULL);
		if (p)
			CHECK_STR(p->body, t[i].want);
		rp_parsed_free(p);
		rp_buf_release(&m);
	}
}

/* "The quick brown fox jumps over the lazy dog. " four times, in base64 lines of 76. */
#define FOX1 "VGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZy4gVGhlIHF1aWNrIGJy\n"
#define FOX2 "b3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZy4gVGhlIHF1aWNrIGJyb3duIGZveCBqdW1w\n"
#define FOX3 "cyBvdmVyIHRoZSBsYXp5IGRvZy4gVGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBs\n"
#define FOX4 "YXp5IGRvZy4g\n"
#define FOX "The quick brown fox jumps over the lazy dog."

/* Damaged base64 decodes as far as it can and says so; what legitimately surrounds
 * base64 data (line ends, blanks, missing padding, a list's header and footer) is not
 * reported. want: the whole body, or NULL to check has only; note: the expected note,
 * or NULL for none about base64. */
static void test_base64_damage(void)
{
	static const struct {
		const char *body, *want, *has, *note;
	} t[] = {
		{ "SGVsbG8g\r\nd29ybGQh \t\r\n", "Hello world!\n", NULL, NULL },
		{ "  SGVsbG8g\n\td29ybGQh\n\n\n", "Hello world!\n", NULL, NULL },
		{ "SGVs bG8g d29y bGQh", "Hello world!\n", NULL, NULL },
		{ "aGk", "hi\n", NULL, NULL },
		{ "", "", NULL, NULL },
		{ " \r\n\r\n", "", NULL, NULL },
		{ "aGVsbG8=\n_______________\nList footer\n", "hello\n", NULL, NULL },
		{ FOX1 "_______________________\nwg mailing list\nwg@lists.example.org\n",
		  "The quick brown fox jumps over the lazy dog. The quick br\n", NULL, NULL },
		{ "Sent through the wg list\r\nSGVsbG8gd29ybGQh\r\n", "Hello world!\n", NULL, NULL },
		/* a character added: skipped */
		{ "SGVsbG8g!d29ybGQh", "Hello world!\n", NULL,
		  "invalid base64 in part 1 (text/plain): 1 bad character skipped" },
		{ FOX1 "b3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRv\x01Zy4gVGhlIHF1aWNrIGJyb3duIGZveCBqdW1w\n"
		  FOX3 FOX4, FOX " " FOX " " FOX " " FOX "\n", NULL,
		  "invalid base64 in part 1 (text/plain): 1 bad character skipped" },
		/* a digit replaced: its group of four is lost, not the line nor the rest */
		{ FOX1 "b3duIGZveCBqdW1wcyBvdmVyIHRoZ!BsYXp5IGRvZy4gVGhlIHF1aWNrIGJyb3duIGZveCBqdW1w\n"
		  FOX3 FOX4, FOX " The quick brown fox jumps over thazy dog. " FOX " " FOX "\n", NULL,
		  "invalid base64 in part 1 (text/plain): 1 bad character skipped" },
		{ "!GVsbG8gd29ybGQh", "lo world!\n", NULL, "part 1 (text/plain): 1 bad character skipped" },
		/* both on one line: skipped, and the next line read aligned again */
		{ FOX1 "b3duIGZveC*BqdW1wcyBvdmVyIHRoZ!BsYXp5IGRvZy4gVGhlIHF1aWNrIGJyb3duIGZveCBqdW1w\n"
		  FOX3 FOX4, NULL, FOX " The quick brown fox jumps over th",
		  "invalid base64 in part 1 (text/plain): 2 bad characters skipped" },
		{ FOX1 "b3duIGZveC*BqdW1wcyBvdmVyIHRoZ!BsYXp5IGRvZy4gVGhlIHF1aWNrIGJyb3duIGZveCBqdW1w\n"
		  FOX3 FOX4, NULL, "s over the lazy dog. " FOX "\n", "2 bad characters skipped" },
		/* a line that is no base64 between two that are */
		{ "aGVs\nnot base64: a footer\nbG8=", "hello\n", NULL,
		  "invalid base64 in part 1 (text/plain): 1 line skipped" },
		{ "aGVs\n!!!!\nbG8g\nd2!9y\n", "hello wor\n", NULL,
		  "invalid base64 in part 1 (text/plain): 1 bad character, 1 line skipped" },
		/* no base64 data at all: kept as it is */
		{ "!!!!not base64 at all$$$\n====\n", "!!!!not base64 at all$$$\n====\n", NULL,
		  "invalid base64 in part 1 (text/plain): no base64 data; kept as is" },		/* the data stops inside a group of four: decoded up to there, and said */
		{ "SGVsbG8gd29ybG", "Hello worl\n", NULL,
		  "base64 in part 1 (text/plain) truncated: it ends inside a group of 4 characters" },
		{ "SGVsbG8gd29ybGQhI", "Hello world!\n", NULL, "base64 in part 1 (text/plain) truncated" },
		{ "SGVsbG8gd29ybGQhI=\n", "Hello world!\n", NULL, "base64 in part 1 (text/plain) truncated" },
		{ FOX1 "b3duIGZveCBqdW1wcyBvdmVyIHRoZ\n", NULL, "The quick brown fox jumps over th",
		  "base64 in part 1 (text/plain) truncated" },
		{ FOX1 "b3duIGZveCBqdW1wcyBvdmVyIHRoZ\n_______________\nwg mailing list\n", NULL,
		  "The quick brown fox jumps over th", "base64 in part 1 (text/plain) truncated" },
		/* padding left out (bits after the last byte zero, as encoders leave them): whole */
		{ "SGVsbG8gd29ybA", "Hello worl\n", NULL, NULL },
		{ "SGVsbG8gd29ybGQ", "Hello world\n", NULL, NULL },
		{ FOX1 FOX2 FOX3 "YXp5IGRvZy4", NULL, "lazy dog.", NULL },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct rp_buf m = RP_BUF_INIT;
		struct rp_parsed *p;
		rp_buf_addf(&m, "Subject: b\nContent-Type: text/plain; charset=utf-8\n"
				"Content-Transfer-Encoding: base64\n\n%s",
			    t[i].body);
		p = parse_mem(m.buf, m.len, NULL);
		CHECK(p != NULL);
		if (p) {
			int ok = (!t[i].want || strcmp(p->body, t[i].want) == 0) &&
				 (!t[i].has || contains(p->body, t[i].has)) &&
				 (t[i].note ? contains(p->errors, t[i].note) : !contains(p->errors, "base64"));
			CHECK(ok);
			if (!ok)
				fprintf(stderr, "  case %zu: body \"%s\", errors \"%s\"\n", i, p->body,
					p->errors ? p->errors : "");
		}
		rp_parsed_free(p);
		rp_buf_release(&m);
	}
}

/* The note names the part by its number and file name; the message keeps its text. */
static void test_base64_damage_in_attachment(void)
{
	static const char raw[] = "From: a@example.org\nSubject: att\nMIME-Version: 1.0\n"
				  "Content-Type: multipart/mixed; boundary=\"B\"\n\n--B\n"
				  "Content-Type: text/plain\n\nSee the file.\n--B\n"
				  "Content-Type: application/octet-stream; name=\"data.bin\"\n"
				  "Content-Transfer-Encoding: base64\n\nAAEC!AwQF\n--B--\n";
	struct rp_mime_limits lim;
	struct rp_parsed *p;

	rp_mime_limits_default(&lim);
	lim.keep_attachment_data = 1;
	p = parse_mem(raw, sizeof(raw) - 1, &lim);
	CHECK(p != NULL);
	if (!p)
		return;
	CHECK_STR(p->body, "See the file.\n");
	CHECK_STR(p->errors, "invalid base64 in part 3 (data.bin): 1 bad character skipped");
	CHECK_INT(p->n_attachments, 1);
	if (p->n_attachments == 1) {
		CHECK_INT(p->attachments[0].data_len, 6);
		CHECK(p->attachments[0].data && memcmp(p->attachments[0].data, "\0\1\2\3\4\5", 6) == 0);
	}
	rp_parsed_free(p);
	/* an attachment cut in the middle of its data: named, and kept up to there */
	{
		static const char cut[] = "From: a@example.org\nSubject: att\nMIME-Version: 1.0\n"
					  "Content-Type: multipart/mixed; boundary=\"B\"\n\n--B\n"
					  "Content-Type: text/plain\n\nSee the file.\n--B\n"
					  "Content-Type: application/octet-stream; name=\"data.bin\"\n"
					  "Content-Transfer-Encoding: base64\n\nAAECAwR\n--B--\n";

		p = parse_mem(cut, sizeof(cut) - 1, &lim);
		CHECK(p != NULL);
		if (!p)
			return;
		CHECK_STR(p->body, "See the file.\n");
		CHECK_STR(p->errors, "base64 in part 3 (data.bin) truncated: it ends inside a group "
				     "of 4 characters; decoded up to there");
		CHECK_INT(p->n_attachments, 1);
		if (p->n_attachments == 1)
			CHECK_INT(p->attachments[0].data_len, 5);
		rp_parsed_free(p);
	}
}

/* Line ends in text become LF, whatever the mail used; NUL bytes go, with a note. */
static void test_line_ends(void)
{
	static const struct {
		const char *body;
		size_t len;
		const char *want;
		int nul;
	} t[] = {
#define BODY(s) s, sizeof(s) - 1
		{ BODY("one\r\ntwo\r\n"), "one\ntwo\n", 0 },
		{ BODY("bare\rcr\r"), "bare\ncr\n", 0 },
		{ BODY("mixed\r\r\nend\n"), "mixed\n\nend\n", 0 },
		{ BODY("\r\n\r\n\r\nlast"), "\n\n\nlast\n", 0 },
		{ BODY("no line end"), "no line end\n", 0 },
		{ BODY("nul\0byte\r\nx\r\0\ny\r"), "nulbyte\nx\n\ny\n", 1 },
#undef BODY
	};
	static const char head[] = "Subject: e\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n";
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct rp_buf m = RP_BUF_INIT;
		struct rp_parsed *p;

		rp_buf_adds(&m, head);
		rp_buf_add(&m, t[i].body, t[i].len);
		p = parse_mem(m.buf, m.len, NULL);
		CHECK(p != NULL);
		if (p) {
			CHECK_STR(p->body, t[i].want);
			CHECK_INT(contains(p->errors, "NUL bytes removed"), t[i].nul);
		}
		rp_parsed_free(p);
		rp_buf_release(&m);
	}
}

/* A multipart without a boundary parameter has no parts to find: its body is kept as
 * text, with a note. */
static void test_multipart_without_boundary(void)
{
	static const char top[] = "From: a@example.org\nSubject: nb\nMIME-Version: 1.0\n"
				  "Content-Type: multipart/mixed\n\nhello body text here\n";
	static const char inner[] = "From: a@example.org\nSubject: nb\nMIME-Version: 1.0\n"
				    "Content-Type: multipart/mixed; boundary=\"B\"\n\n"
				    "--B\nContent-Type: text/plain\n\nfirst part\n"
				    "--B\nContent-Type: multipart/alternative\n\ninner text kept\n"
				    "--B--\n";
	struct rp_parsed *p = parse_mem(top, sizeof(top) - 1, NULL);

	CHECK(p != NULL);
	if (p) {
		CHECK_STR(p->body, "hello body text here\n");
		CHECK(contains(p->errors, "multipart/mixed without a boundary parameter"));
		CHECK_INT(p->n_attachments, 0);
	}
	rp_parsed_free(p);
	p = parse_mem(inner, sizeof(inner) - 1, NULL);
	CHECK(p != NULL);
	if (p) {
		CHECK(contains(p->body, "first part"));
		CHECK(contains(p->body, "inner text kept"));
		CHECK(contains(p->errors, "multipart/alternative without a boundary parameter"));
		CHECK_INT(p->n_attachments, 0);
	}
	rp_parsed_free(p);
}

/* A line without a colon inside the header block is skipped with a note; only an empty
 * line ends the header. Without any empty line, the body starts at the broken line. */
static void test_header_line_without_colon(void)
{
	static const char mid[] = "From: a@example.org\nMessage-ID: <nc@example.org>\n"
				  "Bogus line without colon\nSubject: nc\nTo: b@example.org\n\nbody\n";
	static const char crlf[] = "From: a@example.org\r\nBogus\r\n\tfolded\r\nSubject: nc\r\n\r\nbody\r\n";
	static const char no_blank[] = "Subject: x\nbody line one\nbody line two\n";
	static const char top[] = "From: a@example.org\nSubject: p\nBogus top line\nMIME-Version: 1.0\n"
				  "Content-Type: multipart/mixed; boundary=\"B\"\n\n--B\n"
				  "Content-Type: text/plain; charset=utf-8\n\nHello part\n--B--\n";
	static const char part[] = "From: a@example.org\nSubject: p\nMIME-Version: 1.0\n"
				   "Content-Type: multipart/mixed; boundary=\"B\"\n\n--B\n"
				   "Content-Type: text/plain; charset=utf-8\nBogus part line\n"
				   "Content-Transfer-Encoding: base64\n\nSGVsbG8gd29ybGQh\n--B--\n";
	struct rp_parsed *p = parse_mem(mid, sizeof(mid) - 1, NULL);

	CHECK(p != NULL);
	if (p) {
		CHECK_STR(p->subject, "nc");
		CHECK_STR(p->to, "b@example.org");
		CHECK_STR(p->message_id, "nc@example.org");
		CHECK_STR(p->body, "body\n");
		CHECK(contains(p->errors, "1 header line without a colon skipped (\"Bogus line without colon\")"));
	}
	rp_parsed_free(p);
	p = parse_mem(crlf, sizeof(crlf) - 1, NULL);
	CHECK(p != NULL);
	if (p) {
		CHECK_STR(p->subject, "nc");
		CHECK_STR(p->from_addr, "a@example.org");
		CHECK_STR(p->body, "body\n");
		CHECK(contains(p->errors, "without a colon skipped"));
	}
	rp_parsed_free(p);
	/* Before a multipart's Content-Type, and inside a part's header block. */
	p = parse_mem(top, sizeof(top) - 1, NULL);
	CHECK(p != NULL);
	if (p) {
		CHECK_STR(p->body, "Hello part\n");
		CHECK_INT(p->n_attachments, 0);
		CHECK(contains(p->errors, "(\"Bogus top line\")"));
	}
	rp_parsed_free(p);
	p = parse_mem(part, sizeof(part) - 1, NULL);
	CHECK(p != NULL);
	if (p) {
		CHECK_STR(p->body, "Hello world!\n");
		CHECK(contains(p->errors, "(\"Bogus part line\")"));
	}
	rp_parsed_free(p);
	p = parse_mem(no_blank, sizeof(no_blank) - 1, NULL);
	CHECK(p != NULL);
	if (p) {
		CHECK_STR(p->subject, "x");
		CHECK_STR(p->body, "body line one\nbody line two\n");
	}
	rp_parsed_free(p);
}

RP_TEST_MAIN(T(test_fixtures), T(test_transfer_encodings), T(test_header_fields), T(test_attachments), T(test_garbage),
	     T(test_nesting_bombs), T(test_limits), T(test_decode_header), T(test_unobfuscate),
	     T(test_obfuscated_ids), T(test_base64_damage), T(test_base64_damage_in_attachment), T(test_html), T(test_html_draft), T(test_dates), T(test_mailbox), T(test_draft), T(test_munged_from), T(test_charsets),
	     T(test_multipart_without_boundary), T(test_header_line_without_colon),
	     T(test_line_ends))
