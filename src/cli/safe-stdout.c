/* safe-stdout: the commands' standard output with terminal control characters made
 * harmless. Subjects, names and bodies are hostile input: an ESC sequence in a Subject
 * printed by `threads` or `show` would be run by the user's terminal (retitle it, rewrite
 * lines already shown, on some terminals answer back as typed input). Every byte written to
 * stdout passes here; C0 controls other than tab and newline, DEL, and the C1 controls
 * (U+0080..U+009F, two bytes in UTF-8) become U+FFFD. A carriage return is kept only before
 * a newline (the CRLF line ends of CSV). Directional overrides and isolates (U+202A..U+202E,
 * U+2066..U+2069), which would show a name or a line reversed, are dropped, as the
 * documents drop them. JSON output is unaffected by the controls: jansson already writes
 * them as \uXXXX escapes.
 *
 * Written by hand: stdio has no output filter; glibc's fopencookie gives a FILE whose
 * writes come here, which then replaces stdout for the rest of the run. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static FILE *real_stdout;
/* Bytes held back across writes until the byte that follows says what they are: 0xC2 (a C1
 * control may follow), '\r' (a newline may), 0xE2 or 0xE2 0x80/0x81 (a directional
 * override or isolate may: rp_utf8_bidi_control). */
static unsigned char held[2];
static size_t nheld;

static const char replacement[] = "\xEF\xBF\xBD";

static int is_c0(unsigned char c)
{
	return (c < 0x20 && c != '\t' && c != '\n') || c == 0x7F;
}

/* The held bytes were harmless after all (or the output ends): write them out. A lone
 * carriage return not before a newline is replaced. */
static void release_held(void)
{
	if (nheld == 1 && held[0] == '\r')
		fputs(replacement, real_stdout);
	else
		fwrite(held, 1, nheld, real_stdout);
	nheld = 0;
}

/* Whether byte c, following the held bytes, completes a sequence: 1 when it does (and has
 * been dealt with), 0 when the held bytes were harmless and c is still to be looked at. */
static int complete_held(unsigned char c)
{
	if (held[0] == 0xC2 && c >= 0x80 && c <= 0x9F) {
		fputs(replacement, real_stdout); /* a C1 control */
		nheld = 0;
		return 1;
	}
	if (held[0] == '\r' && c == '\n') {
		fputc('\r', real_stdout); /* CRLF: kept; the newline follows as usual */
		nheld = 0;
		return 0;
	}
	if (held[0] == 0xE2 && nheld == 1 && (c == 0x80 || c == 0x81)) {
		held[nheld++] = c;
		return 1;
	}
	if (held[0] == 0xE2 && nheld == 2) {
		char seq[3] = { (char)held[0], (char)held[1], (char)c };

		if (rp_utf8_bidi_control(seq, 3)) {
			nheld = 0; /* dropped, as the documents drop it */
			return 1;
		}
	}
	release_held();
	return 0;
}

static ssize_t filter_write(void *cookie, const char *buf, size_t len)
{
	size_t i, start = 0;

	(void)cookie;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (nheld) {
			/* while bytes are held, nothing of buf is pending: start == i */
			if (complete_held(c)) {
				start = i + 1;
				continue;
			}
		}
		if (c == 0xC2 || c == 0xE2 || c == '\r' || is_c0(c)) {
			if (i > start)
				fwrite(buf + start, 1, i - start, real_stdout);
			start = i + 1;
			if (is_c0(c) && c != '\r')
				fputs(replacement, real_stdout);
			else
				held[nheld++] = c;
		}
	}
	if (len > start)
		fwrite(buf + start, 1, len - start, real_stdout);
	return ferror(real_stdout) ? -1 : (ssize_t)len;
}

static int filter_close(void *cookie)
{
	(void)cookie;
	if (nheld)
		release_held();
	return fflush(real_stdout);
}

int rp_cli_guard_stdout(void)
{
	cookie_io_functions_t io = { .write = filter_write, .close = filter_close };
	FILE *f;

	if (real_stdout)
		return 0;
	f = fopencookie(NULL, "w", io);
	if (!f)
		return -1;
	/* as stdio does for a terminal: lines appear when written, in order with stderr */
	if (isatty(STDOUT_FILENO))
		setvbuf(f, NULL, _IOLBF, 0);
	real_stdout = stdout;
	stdout = f;
	return 0;
}

int rp_cli_unguard_stdout(void)
{
	int rc;

	if (!real_stdout)
		return 0;
	rc = fclose(stdout);
	stdout = real_stdout;
	real_stdout = NULL;
	return rc == 0 && fflush(stdout) == 0 ? 0 : -1;
}
