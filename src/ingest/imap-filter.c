/* imap-filter: the server's bytes, rewritten where libetpan 1.9.4 would crash on them.
 *
 * libetpan's response parser dereferences NULL on a PERMANENTFLAGS response code whose list
 * opens with a malformed flag (`* OK [PERMANENTFLAGS (\])] ok`), and on any PERMANENTFLAGS
 * code in the server's greeting: any server could stop a fetch with a SIGSEGV. rapporteur
 * never reads the permanent flags (it stores mail, it does not set flags), so the code is
 * renamed, byte for byte, to an atom libetpan keeps as an unknown code ("X-RAPPORTEUR-P"),
 * and its list's contents become one keyword atom of the same length ("aaaa"). Lengths do not
 * change, so nothing else in the stream moves.
 *
 * Message bodies arrive as literals ({N} CRLF, then N bytes) and must stay byte for byte:
 * the filter follows the literal syntax and passes a literal's bytes through untouched.
 * It works byte by byte with its state kept between reads, since a read may end anywhere; a
 * read that ends inside a possible "[PERMANENTFLAGS (" is held back until the next one
 * decides (see rp_imap_filter_bytes). Hand-written: no library filters an IMAP stream, and
 * libetpan has no hook in its parser. */
#include <string.h>

#include "rapporteur/imap.h"

static const char code[] = "[PERMANENTFLAGS (";
static const char renamed[] = "X-RAPPORTEUR-P"; /* as long as "PERMANENTFLAGS" */

void rp_imap_filter_init(struct rp_imap_filter *f)
{
	memset(f, 0, sizeof(*f));
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* A byte of line text: follows the "{N}" CRLF that opens a literal (a bare LF is taken
 * too: better to leave a few bytes unfiltered than to rewrite a message), and the
 * response code. */
static void line_byte(struct rp_imap_filter *f, char c)
{
	if (c == '{') {
		f->lit_state = 1;
		f->lit_len = 0;
		f->lit_digits = 0;
	} else {
		switch (f->lit_state) {
		case 1: /* digits */
			if (c >= '0' && c <= '9') {
				if (f->lit_len < UINT64_MAX / 10 - 9)
					f->lit_len = f->lit_len * 10 + (uint64_t)(c - '0');
				f->lit_digits = 1;
			} else {
				f->lit_state = !f->lit_digits ? 0 : c == '+' ? 2 : c == '}' ? 3 : 0;
			}
			break;
		case 2: /* "{N+" */
			f->lit_state = c == '}' ? 3 : 0;
			break;
		case 3: /* "{N}" */
			f->lit_state = c == '\r' ? 4 : c == '\n' ? 5 : 0;
			break;
		case 4: /* "{N}" CR */
			f->lit_state = c == '\n' ? 5 : 0;
			break;
		}
	}
	if (f->lit_state == 5) { /* the literal's bytes follow */
		f->lit_state = 0;
		f->literal = f->lit_len;
		f->match = 0;
		return;
	}
	if (lower(c) == lower(code[f->match]))
		f->match++;
	else
		f->match = lower(c) == lower(code[0]) ? 1 : 0;
	if (f->match == sizeof(code) - 1) {
		f->match = 0;
		f->in_flags = 1;
	}
}

size_t rp_imap_filter_bytes(struct rp_imap_filter *f, char *buf, size_t len)
{
	size_t i = 0, held;

	while (i < len) {
		if (f->literal) {
			uint64_t n = len - i < f->literal ? len - i : f->literal;

			f->literal -= n;
			i += (size_t)n;
			continue;
		}
		if (f->in_flags) {
			/* the list ends at ')'; a line that ends first is left to the parser */
			if (buf[i] == ')' || buf[i] == '\r' || buf[i] == '\n') {
				f->in_flags = 0;
				line_byte(f, buf[i]);
			} else {
				buf[i] = 'a';
			}
			i++;
			continue;
		}
		line_byte(f, buf[i]);
		i++;
		if (f->in_flags) /* "[PERMANENTFLAGS (" ends at i, all of it in buf */
			memcpy(buf + i - (sizeof(code) - 1) + 1, renamed, sizeof(renamed) - 1);
	}
	/* The end of buf may begin the code: those bytes are the caller's to hold back and
	 * give again at the start of the next call, which then sees the code whole. */
	held = f->match;
	f->match = 0;
	return held;
}
