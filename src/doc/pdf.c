/* pdf: PDF drafts, read by running `pdftotext -layout` (poppler-utils) as a child process.
 *
 * Why a program and not poppler's C library (libpoppler-glib): the draft parser was built
 * and measured on pdftotext's -layout output, where every line keeps its place on the page,
 * so "3.9    Issue teams" stays one line, paragraphs stay apart and running headers and
 * page numbers stay at the top and bottom of each page. poppler-glib has no such mode:
 * poppler_page_get_text and _get_text_for_area give reading order (the physical layout is
 * only in poppler's C++ API). Measured on fixtures/drafts/wgs-feedback.pdf (a cover, then four
 * numbered pages; 17 numbered headings, 1 to 6, 3.1 to 3.10 and Annex A, two (a)/(b)
 * paragraphs and 4 recommendations): on pdftotext -layout output rp_draft_parse finds all 23
 * sections, each on the printed pages the typesetting script reports; on poppler_page_get_text
 * (pages joined by form feeds) it finds none of the 17 headings, since a heading's number and
 * words come out as two lines, and with the headings set as one run of text still misses 8
 * (1 to 6, 3.10, Annex A). Rebuilding the layout from poppler-glib's glyph boxes would be a
 * second pdftotext to maintain.
 *
 * A child process also keeps the parsing of a stranger's attachment out of our address space
 * and under a time limit: a crash or a hang in poppler becomes an error message, not a dead
 * or stuck rapporteur. The fuzzing surface is therefore pdftotext's, not ours, and there is
 * no fuzz target for this reader.
 *
 * The child is started with posix_spawnp (argv only, no shell) in a process group of its own,
 * so a timeout kills all of it; it inherits no descriptor but its standard input (the PDF,
 * written from memory), output (the text, capped at RP_DOC_MAX_TEXT) and error (kept for the
 * message). Its standard input is a socket written with MSG_NOSIGNAL, so a pdftotext that
 * exits without reading cannot kill us with SIGPIPE, and the process's signal dispositions are
 * left alone. The time limit is 60 s, or $RAPPORTEUR_PDF_TIMEOUT seconds; its address space
 * is capped at 1 GiB (set as soon as it starts, before it is given any byte of the PDF),
 * so a file built to make poppler allocate without end fails alone, not the machine. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "doc-private.h"

extern char **environ;

#define PDF_TIMEOUT 60.0 /* seconds, unless $RAPPORTEUR_PDF_TIMEOUT says otherwise */
#define ERR_TAIL 2048    /* the end of pdftotext's complaints, kept for the message */
#define EOF_WINDOW 1024  /* how near the end a PDF's "%%EOF" must be */
#define MIN_PAGE_TEXT 40 /* no page with this many visible characters: no text layer */
#define CHUNK 65536
/* pdftotext's address space at most: a 300-page report needs under 100 MB. */
#define PDF_MEMORY ((rlim_t)1 << 30)

/* What the child wrote, and how the run ended. */
struct capture {
	struct rp_buf text; /* its standard output, NUL bytes dropped, capped */
	char err[ERR_TAIL + 1];
	size_t err_len;
	int timed_out, too_long;
};

/* The three channels, [0] ours and [1] the child's; all close-on-exec. */
struct channels {
	int in[2], out[2], err[2];
};

static double pdf_timeout(void)
{
	const char *v = getenv("RAPPORTEUR_PDF_TIMEOUT");
	char *end = NULL;
	double t;

	if (!v || !*v)
		return PDF_TIMEOUT;
	t = strtod(v, &end);
	return *end || !(t > 0) || t > 86400 ? PDF_TIMEOUT : t;
}

/* A PDF ends with "%%EOF" (ISO 32000-1, 7.5.5), which readers look for in its last 1 KB.
 * A file without one was cut short (a partial download, a clipped attachment), and
 * pdftotext may still read its first pages: a draft without its end must not pass for all
 * of it. */
static int has_eof_marker(const char *bytes, size_t len)
{
	size_t from = len > EOF_WINDOW ? len - EOF_WINDOW : 0;

	return memmem(bytes + from, len - from, "%%EOF", 5) != NULL;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static void channels_close(struct channels *ch)
{
	close_fd(&ch->in[0]), close_fd(&ch->in[1]);
	close_fd(&ch->out[0]), close_fd(&ch->out[1]);
	close_fd(&ch->err[0]), close_fd(&ch->err[1]);
}

/* Keep fd off 0, 1 and 2 (free when our caller closed its own), so that the child's dup2
 * onto them cannot overwrite a channel not yet moved. */
static int above_std(int *fd)
{
	int moved;

	if (*fd > 2)
		return 0;
	if ((moved = fcntl(*fd, F_DUPFD_CLOEXEC, 3)) < 0)
		return -1;
	close(*fd);
	*fd = moved;
	return 0;
}

static int channels_open(struct channels *ch)
{
	int *fds[] = { &ch->in[0], &ch->in[1], &ch->out[0], &ch->out[1], &ch->err[0], &ch->err[1] };
	size_t i;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ch->in) || pipe2(ch->out, O_CLOEXEC) ||
	    pipe2(ch->err, O_CLOEXEC))
		return -1;
	for (i = 0; i < sizeof(fds) / sizeof(fds[0]); i++)
		if (above_std(fds[i]))
			return -1;
	return 0;
}

/* The child's standard descriptors are its ends of ch, and nothing else is open; it runs
 * in a process group of its own, with no signal blocked and SIGPIPE at its default even if
 * we ignore it. Returns 0 or an errno value. */
static int spawn_setup(posix_spawn_file_actions_t *fa, posix_spawnattr_t *at,
		       const struct channels *ch)
{
	short flags = POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
	sigset_t none, dflt;
	int rc;

	sigemptyset(&none);
	sigemptyset(&dflt);
	sigaddset(&dflt, SIGPIPE);
	if ((rc = posix_spawn_file_actions_adddup2(fa, ch->in[1], 0)) ||
	    (rc = posix_spawn_file_actions_adddup2(fa, ch->out[1], 1)) ||
	    (rc = posix_spawn_file_actions_adddup2(fa, ch->err[1], 2)) ||
	    (rc = posix_spawn_file_actions_addclosefrom_np(fa, 3)))
		return rc;
	if ((rc = posix_spawnattr_setsigmask(at, &none)) ||
	    (rc = posix_spawnattr_setsigdefault(at, &dflt)) ||
	    (rc = posix_spawnattr_setpgroup(at, 0)))
		return rc;
	return posix_spawnattr_setflags(at, flags);
}

/* Start pdftotext on the child's ends of ch, found on PATH; returns 0 or an errno value
 * (ENOENT: not installed). glibc reports a failed exec here, not as an exit status. */
static int spawn_pdftotext(pid_t *pid, const struct channels *ch)
{
	char *argv[] = { "pdftotext", "-layout", "-enc", "UTF-8", "-eol", "unix", "-", "-", NULL };
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	int rc;

	if ((rc = posix_spawn_file_actions_init(&fa)))
		return rc;
	if ((rc = posix_spawnattr_init(&at))) {
		posix_spawn_file_actions_destroy(&fa);
		return rc;
	}
	if (!(rc = spawn_setup(&fa, &at, ch)))
		rc = posix_spawnp(pid, argv[0], &fa, &at, argv, environ);
	if (!rc) {
		/* posix_spawn has no resource limits: the child's is set from here. It has
		 * read nothing yet (the PDF is fed after this); if this fails, the time limit
		 * still holds. */
		struct rlimit lim = { PDF_MEMORY, PDF_MEMORY };
		(void)prlimit(*pid, RLIMIT_AS, &lim, NULL);
	}
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	return rc;
}

/* Feed the PDF: as much as the socket takes now. When pdftotext stops reading (it exits on
 * a damaged file), the rest is dropped: its exit status tells what went wrong. */
static void feed(int *fd, const char *bytes, size_t len, size_t *sent)
{
	size_t n = len - *sent < CHUNK ? len - *sent : CHUNK;
	ssize_t k = send(*fd, bytes + *sent, n, MSG_NOSIGNAL | MSG_DONTWAIT);

	if (k > 0)
		*sent += (size_t)k;
	else if (k < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
		*sent = len;
	if (*sent == len)
		close_fd(fd); /* end of file for pdftotext */
}

/* Append what came on standard output, without NUL bytes (the draft is a C string). */
static int take_text(struct capture *cap, const char *data, size_t n)
{
	const char *end = data + n, *nul;
	int rc;

	while (data < end) {
		nul = memchr(data, '\0', (size_t)(end - data));
		if ((rc = rp_buf_add(&cap->text, data, (size_t)((nul ? nul : end) - data))))
			return rc;
		data = nul ? nul + 1 : end;
	}
	return 0;
}

/* Keep the last ERR_TAIL bytes of standard error: the closing complaint says most. */
static void take_err(struct capture *cap, const char *data, size_t n)
{
	if (n >= ERR_TAIL) {
		data += n - ERR_TAIL, n = ERR_TAIL;
		cap->err_len = 0;
	} else if (cap->err_len + n > ERR_TAIL) {
		size_t drop = cap->err_len + n - ERR_TAIL;
		memmove(cap->err, cap->err + drop, cap->err_len - drop);
		cap->err_len -= drop;
	}
	memcpy(cap->err + cap->err_len, data, n);
	cap->err_len += n;
	cap->err[cap->err_len] = '\0';
}

/* Read one output channel that poll found ready; 0 closes it at end of file. Returns 0, or
 * RP_ELIMIT / RP_ENOMEM from the text. */
static int drain(int *fd, int is_text, struct capture *cap)
{
	char buf[CHUNK];
	ssize_t k = read(*fd, buf, sizeof(buf));

	if (k < 0 && errno == EINTR)
		return 0;
	if (k <= 0) {
		close_fd(fd);
		return 0;
	}
	if (!is_text) {
		take_err(cap, buf, (size_t)k);
		return 0;
	}
	return take_text(cap, buf, (size_t)k);
}

/* Move bytes until pdftotext has closed its output and error, the text outgrows its cap or
 * the deadline passes. Returns 0 (see cap->timed_out), RP_ELIMIT, RP_ENOMEM or -1 (errno). */
static int pump(struct channels *ch, const char *bytes, size_t len, struct capture *cap,
		double deadline)
{
	size_t sent = 0;
	int rc = 0;

	while (!rc && (ch->out[0] >= 0 || ch->err[0] >= 0)) {
		struct pollfd p[3] = { { ch->in[0], POLLOUT, 0 }, { ch->out[0], POLLIN, 0 },
				       { ch->err[0], POLLIN, 0 } };
		double left = deadline - rp_now_seconds();

		if (left <= 0) {
			cap->timed_out = 1;
			return 0;
		}
		/* poll ignores negative descriptors: closed channels drop out by themselves */
		if (poll(p, 3, (int)(left * 1000) + 1) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (p[0].revents)
			feed(&ch->in[0], bytes, len, &sent);
		if (p[1].revents)
			rc = drain(&ch->out[0], 1, cap);
		if (!rc && p[2].revents)
			rc = drain(&ch->err[0], 0, cap);
	}
	return rc;
}

/* Reap the child, killing its process group first when kill_it; no zombie is left. */
static int reap(pid_t pid, int kill_it, int *status)
{
	if (kill_it)
		kill(-pid, SIGKILL);
	while (waitpid(pid, status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return 0;
}

/* After its output closed, give pdftotext until the deadline to exit, then kill it. */
static int wait_exit(pid_t pid, double deadline, int *status, int *timed_out)
{
	pid_t r;

	for (;;) {
		if ((r = waitpid(pid, status, WNOHANG)) == pid)
			return 0;
		if (r < 0 && errno != EINTR)
			return -1;
		if (rp_now_seconds() >= deadline) {
			*timed_out = 1;
			return reap(pid, 1, status);
		}
		poll(NULL, 0, 10);
	}
}

static int spawn_error(int e, const char *what, struct rp_error *err)
{
	if (e == ENOENT)
		return rp_error_set(err, RP_EIO, what,
				    "cannot read a PDF: pdftotext is not installed (not found on PATH); "
				    "install poppler-utils (apt-get install poppler-utils)");
	return rp_error_set(err, RP_EIO, what, "cannot run pdftotext: %s", strerror(e));
}

/* Run pdftotext on the PDF; *status is its wait status unless cap says it was stopped. */
static int run_pdftotext(const char *bytes, size_t len, struct capture *cap, int *status,
			 const char *what, struct rp_error *err)
{
	struct channels ch = { { -1, -1 }, { -1, -1 }, { -1, -1 } };
	double deadline = rp_now_seconds() + pdf_timeout();
	pid_t pid = -1;
	int rc = 0, e, stopped;

	if (channels_open(&ch)) {
		rc = rp_error_set(err, RP_EIO, what, "cannot run pdftotext: %s", strerror(errno));
		goto cleanup;
	}
	if ((e = spawn_pdftotext(&pid, &ch))) {
		rc = spawn_error(e, what, err);
		goto cleanup;
	}
	close_fd(&ch.in[1]), close_fd(&ch.out[1]), close_fd(&ch.err[1]);
	rc = pump(&ch, bytes, len, cap, deadline);
	e = errno;
	if (rc == RP_ELIMIT)
		cap->too_long = 1;
	channels_close(&ch); /* before waiting: a pdftotext still writing gets EPIPE */
	if (rc || cap->timed_out)
		stopped = reap(pid, 1, status);
	else
		stopped = wait_exit(pid, deadline, status, &cap->timed_out);
	if (stopped)
		rc = rp_error_set(err, RP_EIO, what, "waiting for pdftotext: %s", strerror(errno));
	else if (rc == -1)
		rc = rp_error_set(err, RP_EIO, what, "reading pdftotext's output: %s", strerror(e));
	else if (rc == RP_ENOMEM)
		rc = rp_error_set(err, RP_ENOMEM, what, "out of memory");
	else
		rc = 0;
cleanup:
	channels_close(&ch);
	return rc;
}

/* The last line pdftotext wrote on standard error, made printable, into out[n]. */
static const char *last_complaint(const struct capture *cap, char *out, size_t n)
{
	const char *s = cap->err, *end = s + cap->err_len, *line;
	size_t i = 0;

	while (end > s && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' '))
		end--;
	for (line = end; line > s && line[-1] != '\n';)
		line--;
	for (; line < end && i + 1 < n; line++)
		out[i++] = (unsigned char)*line < 0x20 || *line == 0x7f ? '?' : *line;
	out[i] = '\0';
	return i ? out : "no message";
}

/* 0 when pdftotext exited 0; else RP_EPARSE with what its end says about the PDF. */
static int check_exit(int status, const struct capture *cap, const char *what,
		      struct rp_error *err)
{
	char said[240];

	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	last_complaint(cap, said, sizeof(said));
	/* poppler says "Out of memory" and aborts; the C++ runtime names bad_alloc */
	if (rp_ascii_casestr(cap->err, "out of memory") || strstr(cap->err, "bad_alloc"))
		return rp_error_set(err, RP_EPARSE, what,
				    "pdftotext ran out of its %u MB of memory reading the PDF: a "
				    "damaged or hostile file? (%s)", (unsigned)(PDF_MEMORY >> 20), said);
	if (WIFSIGNALED(status))
		return rp_error_set(err, RP_EPARSE, what,
				    "pdftotext died of signal %d reading the PDF: a damaged or hostile "
				    "file? (%s)", WTERMSIG(status), said);
	if (rp_ascii_casestr(cap->err, "password"))
		return rp_error_set(err, RP_EPARSE, what,
				    "the PDF is encrypted with a password, so its text cannot be read; "
				    "ask for a copy without one (%s)", said);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 3)
		return rp_error_set(err, RP_EPARSE, what,
				    "the PDF forbids copying its text; ask for a copy without that "
				    "restriction (%s)", said);
	return rp_error_set(err, RP_EPARSE, what,
			    "a damaged PDF: pdftotext could not read it (exit status %d: %s)",
			    WIFEXITED(status) ? WEXITSTATUS(status) : -1, said);
}

/* pdftotext ends every page with a form feed. A scan gives little else: its pages are
 * pictures, with at most a scanner's stamp or a page number as text. */
static int no_text_layer(const char *s, size_t len, int *pages)
{
	size_t i, visible = 0, most = 0;

	*pages = 0;
	for (i = 0; i < len; i++) {
		if (s[i] == '\f') {
			++*pages;
			most = visible > most ? visible : most;
			visible = 0;
		} else if (!strchr(" \t\r\n\v", s[i])) {
			visible++;
		}
	}
	most = visible > most ? visible : most;
	return most < MIN_PAGE_TEXT;
}

/* Why a run that gave no usable text failed, or 0 when it did give text. */
static int check_run(int status, const struct capture *cap, const char *what,
		     struct rp_error *err)
{
	int pages = 0, rc;

	if (cap->too_long)
		return rp_error_set(err, RP_ELIMIT, what,
				    "the text of the PDF is larger than the %zu MB draft limit",
				    RP_DOC_MAX_TEXT >> 20);
	if (cap->timed_out)
		return rp_error_set(err, RP_ELIMIT, what,
				    "pdftotext did not finish reading the PDF within %g s (a damaged "
				    "or hostile file?); RAPPORTEUR_PDF_TIMEOUT sets the limit",
				    pdf_timeout());
	if ((rc = check_exit(status, cap, what, err)))
		return rc;
	if (no_text_layer(cap->text.buf, cap->text.len, &pages))
		return rp_error_set(err, RP_EPARSE, what,
				    "the PDF has no text layer (%d page%s of pictures only, as a "
				    "scanner makes them); run it through OCR first, e.g. `ocrmypdf "
				    "scan.pdf draft.pdf` (Debian package ocrmypdf), and add the result",
				    pages, pages == 1 ? "" : "s");
	return 0;
}

int rp_doc_pdf_text(const char *bytes, size_t len, const char *what, char **out,
		    size_t *out_len, struct rp_error *err)
{
	struct capture cap;
	int status = 0, rc;

	*out = NULL;
	*out_len = 0;
	if (!has_eof_marker(bytes, len))
		return rp_error_set(err, RP_EPARSE, what,
				    "the PDF is cut short (no %%%%EOF marker at its end): a partial "
				    "download or a clipped attachment?");
	memset(&cap, 0, sizeof(cap));
	rp_buf_init(&cap.text, RP_DOC_MAX_TEXT);
	if (!(rc = run_pdftotext(bytes, len, &cap, &status, what, err)) &&
	    !(rc = check_run(status, &cap, what, err)) && !(*out = rp_buf_detach(&cap.text, out_len)))
		rc = rp_error_set(err, RP_ENOMEM, what, "out of memory");
	rp_buf_release(&cap.text);
	return rc;
}
