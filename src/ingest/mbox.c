/* mbox: a streaming splitter for mbox files (RFC 4155 "From_" lines, in the mboxo and
 * mboxrd forms) and Mailman 2's monthly .txt archives, which are mboxo with obfuscated
 * addresses. Input arrives in chunks of any size; only the current message is buffered.
 *
 * A line starts a new message when it begins with "From ", follows a blank line (or the
 * start of the stream), and looks like a From_ line (an envelope sender then a date with a
 * time of day). The last rule keeps unquoted "From here on..." body lines of mboxo files
 * inside their message. */
#include <stdlib.h>
#include <string.h>

#include "rapporteur/ingest.h"

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
	int stopped;
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
	free(sp);
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* "From sender Tue Jun  8 10:02:00 2021" (asctime) or Mailman's "From a at b  Tue ...":
 * after "From " there is a sender, and later an hh:mm time. */
static int is_from_line(const char *s, size_t len)
{
	size_t i;

	if (len < 6 || memcmp(s, "From ", 5) != 0 || s[5] == ' ' || s[5] == '\n')
		return 0;
	for (i = 5; i + 4 < len && i < 200; i++)
		if (is_digit(s[i]) && s[i + 1] == ':' && is_digit(s[i + 2]) && is_digit(s[i + 3]))
			return 1;
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
			    sp->truncated ? RP_MBOX_TRUNCATED : 0);
		if (rc)
			sp->stopped = 1;
	}
	rp_buf_clear(&sp->msg);
	sp->truncated = 0;
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

static int process_line(struct rp_mbox_splitter *sp, const char *s, size_t len)
{
	int blank = (len == 1 && s[0] == '\n') || (len == 2 && s[0] == '\r' && s[1] == '\n');
	int rc;

	if (sp->prev_blank && is_from_line(s, len)) {
		if ((rc = emit(sp)))
			return rc;
		sp->in_msg = 1;
		sp->msg_start = sp->line_start;
		sp->prev_blank = 0;
		return 0;
	}
	sp->prev_blank = blank;
	if (!sp->in_msg) {
		/* Text before the first From_ line: a message without an envelope (a lone .eml
		 * fed as mbox). Start a message at offset 0 rather than drop it. */
		if (blank && !sp->msg.len)
			return 0;
		sp->in_msg = 1;
		sp->msg_start = sp->line_start;
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
			/* A line longer than the cap is kept only up to the cap. */
			if (sp->line.len < sp->max_message)
				rp_buf_add(&sp->line, data,
					   take < sp->max_message - sp->line.len ? take
										 : sp->max_message - sp->line.len);
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
		rc = process_line(sp, sp->line.buf, sp->line.len);
		rp_buf_clear(&sp->line);
		if (rc < 0)
			return rc;
	}
	return emit(sp);
}
