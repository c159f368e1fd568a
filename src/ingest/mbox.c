/* mbox: a streaming splitter for mbox files (RFC 4155 "From_" lines, in the mboxo and
 * mboxrd forms) and Mailman 2's monthly .txt archives, which are mboxo with obfuscated
 * addresses. Input arrives in chunks of any size; only the current message is buffered.
 *
 * A line starts a new message when it begins with "From ", follows a blank line (or the
 * start of the stream), and looks like a From_ line: an envelope sender, then a date made
 * of date words only, with a weekday or month name and a year (see is_from_line). The
 * last rule keeps unquoted "From here on..." body lines of mboxo files inside their
 * message, and accepts the From_ lines of tools that write no time of day. Blank lines
 * (empty or white space) and a UTF-8 byte order mark before the first From_ line are
 * skipped.
 *
 * Concatenated mbox files whose last message lacks the trailing blank line put a From_ line
 * right after a body line. Such a line starts a message too when it is a full envelope (a
 * sender and an asctime date, "Mon Jan  1 00:00:00 2024", with or without a zone) AND the
 * next line is a header field ("Name: value"); the message is flagged RP_MBOX_NO_BLANK.
 * mboxo and mboxrd writers quote "From " in bodies as ">From ", so only a broken file has
 * such a pair inside a body; prose ("From what I hear, ...") never has the envelope. The
 * line waits for the next one to decide (one From_ line buffered at most). */
#include <stdlib.h>
#include <string.h>

#include "mime-private.h"
#include "rapporteur/ingest.h"

/* Longest line read as a From_ line. */
#define FROM_LINE_MAX 1024

struct rp_mbox_splitter {
	rp_mbox_fn fn;
	void *ctx;
	size_t max_message;
	struct rp_buf line; /* the current partial line */
	struct rp_buf msg;  /* the current message */
	uint64_t offset;    /* stream offset of the next byte fed */
	uint64_t line_start;
	uint64_t msg_start;
	int in_msg;
	int prev_blank;
	int truncated;
	int unterminated; /* the stream ended inside the message's last line */
	int no_blank;     /* the message's From_ line had no blank line before it */
	int stopped;
	/* A full envelope that followed a body line, until the next line says whether it
	 * starts a message (a header field) or stays in the body. */
	struct rp_buf pending;
	uint64_t pending_start;
	int has_pending;
	/* The From_ line of the message being read (empty for one without): its envelope
	 * date dates a message whose Date header is missing or unreadable. */
	struct rp_buf envelope;
};

int rp_mbox_new(struct rp_mbox_splitter **out, size_t max_message, rp_mbox_fn fn, void *ctx)
{
	struct rp_mbox_splitter *sp = calloc(1, sizeof(*sp));

	*out = NULL;
	if (!sp)
		return RP_ENOMEM;
	sp->fn = fn;
	sp->ctx = ctx;
	sp->max_message = max_message ? max_message : (size_t)64 << 20;
	rp_buf_init(&sp->line, 0);
	rp_buf_init(&sp->msg, 0);
	rp_buf_init(&sp->pending, 0);
	rp_buf_init(&sp->envelope, 0);
	sp->prev_blank = 1;
	*out = sp;
	return 0;
}

void rp_mbox_free(struct rp_mbox_splitter *sp)
{
	if (!sp)
		return;
	rp_buf_release(&sp->line);
	rp_buf_release(&sp->msg);
	rp_buf_release(&sp->pending);
	rp_buf_release(&sp->envelope);
	free(sp);
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Is the word w (n bytes) one of names, written out or as its first three letters, in any
 * case? */
static int is_name(const char *w, size_t n, const char *const *names)
{
	size_t i;

	for (i = 0; names[i]; i++)
		if ((n == 3 || n == strlen(names[i])) && rp_ascii_ncasecmp(w, names[i], n) == 0)
			return 1;
	return 0;
}

enum { DW_BAD, DW_NAME, DW_YEAR, DW_OTHER };

/* What one word of a From_ line's date is: a weekday or month name, a year, another date
 * word (day of the month, time of day, zone), or not a date word. */
static int date_word(const char *w, size_t n)
{
	static const char *const names[] = { "monday", "tuesday", "wednesday", "thursday",
					     "friday", "saturday", "sunday", "january",
					     "february", "march", "april", "may", "june", "july",
					     "august", "september", "october", "november",
					     "december", NULL };
	size_t i, digits = 0, colons = 0, upper = 0;

	if (n && w[n - 1] == ',')
		n--;
	if (!n)
		return DW_BAD;
	if (is_name(w, n, names))
		return DW_NAME;
	for (i = 0; i < n; i++) {
		if (is_digit(w[i]))
			digits++;
		else if (w[i] == ':' && i && is_digit(w[i - 1]) && i + 1 < n && is_digit(w[i + 1]))
			colons++;
		else if (w[i] >= 'A' && w[i] <= 'Z')
			upper++;
	}
	if (digits == 4 && n == 4)
		return DW_YEAR;
	if (digits == n && n <= 2)
		return DW_OTHER; /* day of the month */
	if (colons && colons <= 2 && digits + colons == n && digits <= 6)
		return DW_OTHER; /* 10:02 or 10:02:00 */
	if (n == 5 && (w[0] == '+' || w[0] == '-') && digits == 4)
		return DW_OTHER; /* +0200 */
	if (upper == n && n >= 2 && n <= 5)
		return DW_OTHER; /* UTC, CEST */
	if (n >= 3 && w[0] == '(' && w[n - 1] == ')' && upper == n - 2 && n <= 7)
		return DW_OTHER; /* (UTC) */
	return DW_BAD;
}

/* Does s (up to end) hold only date words, with a weekday or month name and a year? */
static int is_envelope_date(const char *s, const char *end)
{
	int name = 0, year = 0, words = 0;

	while (s < end) {
		const char *w;

		while (s < end && is_blank(*s))
			s++;
		if (s == end)
			break;
		for (w = s; s < end && !is_blank(*s); s++)
			;
		switch (date_word(w, (size_t)(s - w))) {
		case DW_BAD:
			return 0;
		case DW_NAME:
			name++;
			break;
		case DW_YEAR:
			year++;
			break;
		}
		if (++words > 8)
			return 0;
	}
	return name && year;
}

/* After "From ": an envelope sender, then a date. The sender is one word ("alice@example.org",
 * "MAILER-DAEMON", "-", a quoted local part with spaces), or Mailman's obfuscated
 * "alice at example.org"; the date has a weekday or month name and a year, and nothing but
 * date words: asctime "Tue Jun  8 10:02:00 2021", with a zone, with the zone before the
 * year, or without a time of day. Prose after a blank line ("From 10:00 UTC onwards we
 * meet", "From the chair's view") fails on its words. */
static int is_from_line(const char *s, size_t len)
{
	const char *p, *end = s + len, *w;

	if (len < 6 || len > FROM_LINE_MAX || memcmp(s, "From ", 5) != 0 || is_blank(s[5]))
		return 0;
	while (end > s && (end[-1] == '\n' || end[-1] == '\r'))
		end--;
	p = s + 5;
	if (*p == '"') {
		for (p++; p < end && *p != '"'; p++)
			;
		if (p == end)
			return 0;
	}
	while (p < end && !is_blank(*p))
		p++;
	if (p == s + 5 || p == end)
		return 0;
	if (is_envelope_date(p, end))
		return 1;
	/* Mailman: "From alice at example.org  Tue Jun  8 10:02:00 2021". */
	while (p < end && is_blank(*p))
		p++;
	if (end - p < 3 || memcmp(p, "at", 2) != 0 || !is_blank(p[2]))
		return 0;
	for (p += 3; p < end && is_blank(*p); p++)
		;
	for (w = p; p < end && !is_blank(*p); p++)
		;
	return p > w && is_envelope_date(p, end);
}

/* Where the date of a From_ line starts: after "From ", the sender word (a quoted local
 * part may hold spaces) and, in Mailman's form, " at domain". NULL when it is no From_
 * line. end is set to the end of the line without its newline. */
static const char *envelope_date_start(const char *s, size_t len, const char **endp)
{
	const char *p, *end = s + len;

	if (!is_from_line(s, len))
		return NULL;
	while (end > s && (end[-1] == '\n' || end[-1] == '\r'))
		end--;
	*endp = end;
	p = s + 5;
	if (*p == '"')
		for (p++; p < end && *p != '"'; p++)
			;
	while (p < end && !is_blank(*p))
		p++;
	if (is_envelope_date(p, end))
		return p;
	/* Mailman: "From alice at example.org  Tue Jun  8 10:02:00 2021" */
	while (p < end && is_blank(*p))
		p++;
	for (p += 3; p < end && is_blank(*p); p++)
		;
	while (p < end && !is_blank(*p))
		p++;
	return p;
}

int rp_mbox_from_line_date(const char *line, size_t len, int64_t *t)
{
	const char *p, *end = NULL;
	char date[FROM_LINE_MAX + 1];
	int zone;

	if (!line || !(p = envelope_date_start(line, len, &end)))
		return RP_EPARSE;
	while (p < end && is_blank(*p))
		p++;
	memcpy(date, p, (size_t)(end - p));
	date[end - p] = '\0';
	/* An asctime date without a zone is read as UTC: the delivering host's own zone is
	 * written nowhere. */
	return rp_mime_parse_date(date, t, &zone);
}

const char *rp_mbox_envelope(const struct rp_mbox_splitter *sp, size_t *len)
{
	*len = sp->envelope.len;
	return sp->envelope.len ? sp->envelope.buf : NULL;
}

/* Is w (n bytes) a three-letter name from names, in any case? */
static int is_abbrev(const char *w, size_t n, const char *names)
{
	size_t i;

	if (n != 3)
		return 0;
	for (i = 0; names[i]; i += 3)
		if (rp_ascii_ncasecmp(w, names + i, 3) == 0)
			return 1;
	return 0;
}

/* A time zone word of an envelope: +0200, -0500, UTC, CEST. */
static int is_zone(const char *w, size_t n)
{
	size_t i, upper = 0;

	if (n == 5 && (w[0] == '+' || w[0] == '-')) {
		for (i = 1; i < 5 && is_digit(w[i]); i++)
			;
		return i == 5;
	}
	for (i = 0; i < n; i++)
		upper += w[i] >= 'A' && w[i] <= 'Z';
	return n >= 2 && n <= 5 && upper == n;
}

/* Is s (up to end) an asctime date, "Mon Jan  1 00:00:00 2024", with an optional zone
 * before or after the year? */
static int is_asctime(const char *s, const char *end)
{
	const char *w[7];
	size_t n[7], k = 0;
	int year;

	while (s < end && k < 7) {
		while (s < end && is_blank(*s))
			s++;
		if (s == end)
			break;
		for (w[k] = s; s < end && !is_blank(*s); s++)
			;
		n[k] = (size_t)(s - w[k]);
		k++;
	}
	while (s < end && is_blank(*s))
		s++;
	if (s != end || k < 5 || k > 6)
		return 0;
	if (!is_abbrev(w[0], n[0], "montuewedthufrisatsun") ||
	    !is_abbrev(w[1], n[1], "janfebmaraprmayjunjulaugsepoctnovdec"))
		return 0;
	if (!(n[2] == 1 || n[2] == 2) || !is_digit(w[2][0]) || !is_digit(w[2][n[2] - 1]))
		return 0;
	if (n[3] != 8 || w[3][2] != ':' || w[3][5] != ':' || !is_digit(w[3][0]) ||
	    !is_digit(w[3][1]) || !is_digit(w[3][3]) || !is_digit(w[3][4]) ||
	    !is_digit(w[3][6]) || !is_digit(w[3][7]))
		return 0;
	year = k == 6 && is_zone(w[4], n[4]) ? 5 : 4;
	if (n[year] != 4 || !is_digit(w[year][0]) || !is_digit(w[year][1]) ||
	    !is_digit(w[year][2]) || !is_digit(w[year][3]))
		return 0;
	return k == 5 || (year == 5 ? 1 : is_zone(w[5], n[5]));
}

/* A From_ line with a full envelope: "From " then one sender word, then an asctime date. */
static int is_full_envelope(const char *s, size_t len)
{
	const char *p, *end = s + len;

	if (!is_from_line(s, len))
		return 0;
	while (end > s && (end[-1] == '\n' || end[-1] == '\r'))
		end--;
	p = s + 5;
	if (*p == '"')
		for (p++; p < end && *p != '"'; p++)
			;
	while (p < end && !is_blank(*p))
		p++;
	return is_asctime(p, end);
}

/* Does the line s (len bytes) open with a header field name and a colon ("Subject: x")? */
static int is_header_line(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == ':')
			return i > 0;
		if (c <= 32 || c >= 127)
			return 0;
	}
	return 0;
}

static int emit(struct rp_mbox_splitter *sp)
{
	int rc = 0;

	if (sp->in_msg && !sp->stopped) {
		/* The blank line before the next From_ line belongs to the mbox format. */
		if (sp->msg.len && sp->msg.buf[sp->msg.len - 1] == '\n') {
			size_t l = sp->msg.len - 1;
			if (l && sp->msg.buf[l - 1] == '\r')
				l--;
			if (l && sp->msg.buf[l - 1] == '\n')
				rp_buf_setlen(&sp->msg, l);
		}
		rc = sp->fn(sp->ctx, sp->msg.buf, sp->msg.len, sp->msg_start,
			    (sp->truncated ? RP_MBOX_TRUNCATED : 0) |
				    (sp->unterminated ? RP_MBOX_UNTERMINATED : 0) |
				    (sp->no_blank ? RP_MBOX_NO_BLANK : 0));
		if (rc)
			sp->stopped = 1;
	}
	rp_buf_clear(&sp->msg);
	rp_buf_clear(&sp->envelope);
	sp->truncated = 0;
	sp->no_blank = 0;
	sp->in_msg = 0;
	return rc;
}

static int add_body_line(struct rp_mbox_splitter *sp, const char *s, size_t len)
{
	size_t q = 0;

	/* mboxrd: ">From ", ">>From "... lose one '>'. */
	while (q < len && s[q] == '>')
		q++;
	if (q && len - q >= 5 && memcmp(s + q, "From ", 5) == 0) {
		s++;
		len--;
	}
	if (sp->truncated)
		return 0;
	if (sp->msg.len + len > sp->max_message) {
		sp->truncated = 1;
		return 0;
	}
	return rp_buf_add(&sp->msg, s, len);
}

/* Is the line s (len bytes) white space only? */
static int all_space(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

/* The line after a pending From_ line decides it: a header field starts a message at the
 * From_ line; anything else puts the From_ line back in the body it followed. */
static int settle_pending(struct rp_mbox_splitter *sp, const char *next, size_t len)
{
	int rc;

	if (!sp->has_pending)
		return 0;
	sp->has_pending = 0;
	if (next && is_header_line(next, len)) {
		if ((rc = emit(sp)))
			return rc;
		sp->in_msg = 1;
		sp->msg_start = sp->pending_start;
		sp->no_blank = 1;
		rp_buf_add(&sp->envelope, sp->pending.buf, sp->pending.len);
	} else {
		rc = add_body_line(sp, sp->pending.buf, sp->pending.len);
		if (rc && rc != RP_ELIMIT)
			return rc;
	}
	rp_buf_clear(&sp->pending);
	return 0;
}

static int process_line(struct rp_mbox_splitter *sp, const char *s, size_t len)
{
	uint64_t start = sp->line_start;
	int blank, rc;

	if ((rc = settle_pending(sp, s, len)))
		return rc;

	if (start == 0 && len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		/* A UTF-8 byte order mark an editor put at the start of the file. */
		s += 3;
		len -= 3;
		start = 3;
	}
	blank = (len == 1 && s[0] == '\n') || (len == 2 && s[0] == '\r' && s[1] == '\n');

	if (sp->prev_blank && is_from_line(s, len)) {
		if ((rc = emit(sp)))
			return rc;
		sp->in_msg = 1;
		sp->msg_start = start;
		sp->prev_blank = 0;
		rp_buf_add(&sp->envelope, s, len); /* at most FROM_LINE_MAX bytes */
		return 0;
	}
	if (sp->in_msg && !sp->prev_blank && is_full_envelope(s, len)) {
		/* Maybe the next message of a file appended without a blank line. */
		if ((rc = rp_buf_add(&sp->pending, s, len)))
			return rc;
		sp->has_pending = 1;
		sp->pending_start = start;
		return 0;
	}
	sp->prev_blank = blank;
	if (!sp->in_msg) {
		/* Text before the first From_ line: a message without an envelope (a lone .eml
		 * fed as mbox). Start a message at offset 0 rather than drop it. Lines of white
		 * space before anything else are skipped. */
		if (!sp->msg.len && all_space(s, len)) {
			sp->prev_blank = 1;
			return 0;
		}
		sp->in_msg = 1;
		sp->msg_start = start;
	}
	rc = add_body_line(sp, s, len);
	return rc == RP_ELIMIT ? 0 : rc;
}

int rp_mbox_feed(struct rp_mbox_splitter *sp, const char *data, size_t len)
{
	const char *nl;
	int rc;

	while (len && !sp->stopped) {
		nl = memchr(data, '\n', len);
		size_t take = nl ? (size_t)(nl - data) + 1 : len;

		if (!sp->line.len)
			sp->line_start = sp->offset;
		if (nl && !sp->line.len) {
			/* Whole line in the chunk: no copy. */
			rc = process_line(sp, data, take);
		} else {
			/* A line longer than the cap is kept only up to the cap, and never
			 * shorter than a From_ line can be (a tiny cap must not cut one). */
			size_t cap = sp->max_message > FROM_LINE_MAX ? sp->max_message : FROM_LINE_MAX;

			if (sp->line.len < cap)
				rp_buf_add(&sp->line, data,
					   take < cap - sp->line.len ? take : cap - sp->line.len);
			rc = 0;
			if (nl) {
				if (sp->line.buf[sp->line.len - 1] != '\n')
					rp_buf_addch(&sp->line, '\n');
				rc = process_line(sp, sp->line.buf, sp->line.len);
				rp_buf_clear(&sp->line);
			}
		}
		sp->offset += take;
		data += take;
		len -= take;
		if (rc < 0)
			return rc;
	}
	return sp->stopped ? 1 : 0;
}

int rp_mbox_end(struct rp_mbox_splitter *sp)
{
	int rc = 0;

	if (sp->line.len) {
		/* Every line of an mbox ends with a newline, its last one too: a stream that
		 * stops inside a line was cut short (a partial download or copy). */
		sp->unterminated = 1;
		rc = process_line(sp, sp->line.buf, sp->line.len);
		rp_buf_clear(&sp->line);
		if (rc < 0)
			return rc;
	}
	/* A From_ line last in the stream has no header after it: body. */
	if ((rc = settle_pending(sp, NULL, 0)))
		return rc;
	return emit(sp);
}
