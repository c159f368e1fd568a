/* safe-stdout: the commands' standard output with terminal control characters made
 * harmless. Subjects, names and bodies are hostile input: an ESC sequence in a Subject
 * printed by `threads` or `show` would be run by the user's terminal (retitle it, rewrite
 * lines already shown, on some terminals answer back as typed input). Every byte written to
 * stdout passes here; C0 controls other than tab and newline, DEL, and the C1 controls
 * (U+0080..U+009F, two bytes in UTF-8) become U+FFFD. A carriage return is kept only before
 * a newline (the CRLF line ends of CSV). JSON output is unaffected: jansson already writes
 * controls as \uXXXX escapes.
 *
 * Written by hand: stdio has no output filter; glibc's fopencookie gives a FILE whose
 * writes come here, which then replaces stdout for the rest of the run. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static FILE *real_stdout;
/* A byte held back across writes: 0xC2 (a C1 control may follow) or '\r' (a newline may). */
static int held = -1;

static const char replacement[] = "\xEF\xBF\xBD";

static int is_c0(unsigned char c)
{
	return (c < 0x20 && c != '\t' && c != '\n') || c == 0x7F;
}

/* Write out the held byte, given the byte that follows it (-1: none, end of output). */
static void release_held(int next)
{
	if (held == 0xC2) {
		if (next >= 0x80 && next <= 0x9F)
			return; /* the pair is a C1 control: the caller replaces both */
		fputc(0xC2, real_stdout);
	} else if (held == '\r') {
		if (next == '\n')
			fputc('\r', real_stdout);
		else
			fputs(replacement, real_stdout);
	}
	held = -1;
}

static ssize_t filter_write(void *cookie, const char *buf, size_t len)
{
	size_t i, start = 0;

	(void)cookie;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (held >= 0) {
			int c1 = held == 0xC2 && c >= 0x80 && c <= 0x9F;
			release_held(c);
			held = -1;
			if (c1) {
				fputs(replacement, real_stdout);
				start = i + 1;
				continue;
			}
		}
		if (c == 0xC2 || c == '\r' || is_c0(c)) {
			if (i > start)
				fwrite(buf + start, 1, i - start, real_stdout);
			start = i + 1;
			if (c == 0xC2 || c == '\r')
				held = c;
			else
				fputs(replacement, real_stdout);
		}
	}
	if (len > start)
		fwrite(buf + start, 1, len - start, real_stdout);
	return ferror(real_stdout) ? -1 : (ssize_t)len;
}

static int filter_close(void *cookie)
{
	(void)cookie;
	if (held >= 0)
		release_held(-1);
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
