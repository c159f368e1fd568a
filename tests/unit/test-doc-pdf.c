/* test-doc-pdf: the PDF reader (src/doc/pdf.c). Real PDFs from fixtures/drafts/make-pdfs.py
 * go through rp_doc_to_text and rp_draft_parse; damaged, scanned and encrypted ones are
 * refused with a message naming the file. A fake pdftotext put first on PATH shows how the
 * child is run: killed at the timeout with its process group, no descriptor inherited, no
 * SIGPIPE when it stops reading, its output capped, its complaints passed on. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "rapporteur/doc.h"
#include "rapporteur/draft.h"

#define FIX "fixtures/drafts/"

static char fake_dir[128];
static char *saved_path;

/* rp_doc_to_text on a file's bytes; *err filled, the text returned (NULL on failure). */
static char *pdf_text(const char *path, int *rc, struct rp_error *err)
{
	char *bytes = NULL, *text = NULL;
	size_t len = 0, text_len = 0;

	if ((*rc = rp_read_file(path, RP_DOC_MAX_BYTES, &bytes, &len, err)))
		return NULL;
	CHECK_INT(rp_doc_kind(bytes, len, path, NULL), RP_DOC_PDF);
	*rc = rp_doc_to_text(bytes, len, RP_DOC_PDF, path, &text, &text_len, err);
	if (!*rc)
		CHECK_INT(text_len, strlen(text));
	free(bytes);
	return text;
}

static int find(const struct rp_draft_doc *d, const char *number)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->sections[i].number && strcmp(d->sections[i].number, number) == 0)
			return (int)i;
	return -1;
}

/* Where make-pdfs.py put each section: printed page numbers, the cover being page 1. */
static const struct {
	const char *number, *heading;
	int from, to;
} report_pages[] = {
	{ "1", "Introduction", 2, 2 },
	{ "2", "A year-round IGF", 2, 2 },
	{ "3", "Outreach", 2, 2 },
	{ "3.1", "Outreach to industry", 2, 2 },
	{ "3.2", "Outreach to parliamentarians", 3, 3 },
	{ "3.8", "Best practice forums", 3, 3 },
	{ "3.9", "Issue teams", 3, 4 },
	{ "3.9(b)", NULL, 4, 4 },
	{ "3.10", "Selection of issue team members", 4, 4 },
	{ "4", "Approval by the Secretary-General", 4, 4 },
	{ "6", "Communications", 4, 4 },
	{ "A", "Recommendations", 4, 4 },
	{ "Recommendation 1", NULL, 5, 5 },
	{ "Recommendation 4", NULL, 5, 5 },
};

static void check_report_sections(const struct rp_draft_doc *d)
{
	size_t i;

	for (i = 0; i < sizeof(report_pages) / sizeof(report_pages[0]); i++) {
		int k = find(d, report_pages[i].number);

		CHECK(k >= 0);
		if (k < 0) {
			fprintf(stderr, "  no section %s\n", report_pages[i].number);
			continue;
		}
		if (report_pages[i].heading)
			CHECK_STR(d->sections[k].heading, report_pages[i].heading);
		CHECK_INT(d->sections[k].page_from, report_pages[i].from);
		CHECK_INT(d->sections[k].page_to, report_pages[i].to);
	}
}

static void test_report(void)
{
	struct rp_draft_doc *d = NULL;
	struct rp_error err = { 0 };
	char *text;
	size_t i;
	int rc;

	text = pdf_text(FIX "wgs-feedback.pdf", &rc, &err);
	CHECK_INT(rc, 0);
	if (rc) {
		fprintf(stderr, "  %s\n", rp_error_text(&err));
		return;
	}
	CHECK(strchr(text, '\f') != NULL); /* pages kept */
	CHECK_INT(rp_draft_parse(&d, text, strlen(text), &err), 0);
	CHECK(d && d->has_pages);
	if (d) {
		CHECK_INT(d->n, 24);
		check_report_sections(d);
		for (i = 0; i < d->n; i++) { /* the running header and footer are furniture */
			CHECK(strstr(d->sections[i].text, "Draft 2 - November 2026") == NULL);
			CHECK(strstr(d->sections[i].text, "Page ") == NULL);
		}
		/* 3.9 goes on over the page break */
		i = (size_t)find(d, "3.9");
		CHECK(strstr(d->sections[i].text, "Coalitions working on a theme") != NULL);
	}
	rp_draft_doc_free(d);
	free(text);
}

/* Fixtures that are refused: the code, and a message naming the file and saying why. */
static void test_refused_fixtures(void)
{
	static const struct {
		const char *file, *says;
		int code;
	} cases[] = {
		{ FIX "wgs-feedback-scan.pdf", "no text layer (2 pages of pictures only", RP_EPARSE },
		{ FIX "wgs-feedback-scan.pdf", "OCR", RP_EPARSE },
		{ FIX "wgs-feedback-truncated.pdf", "cut short", RP_EPARSE },
		{ FIX "wgs-feedback-encrypted.pdf", "encrypted with a password", RP_EPARSE },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rp_error err = { 0 };
		char *text;
		int rc;

		text = pdf_text(cases[i].file, &rc, &err);
		CHECK(text == NULL);
		CHECK_INT(rc, cases[i].code);
		CHECK_STR(err.where, cases[i].file);
		CHECK(strstr(err.msg, cases[i].says) != NULL);
		if (!strstr(err.msg, cases[i].says))
			fprintf(stderr, "  %s: %s\n", cases[i].file, rp_error_text(&err));
		free(text);
	}
}

/* ---- a fake pdftotext first on PATH ---------------------------------------------------- */

/* The directory of the fakes (made once), and the PATH to go back to. */
static void fake_dir_init(void)
{
	const char *tmp = getenv("TMPDIR");

	if (fake_dir[0])
		return;
	snprintf(fake_dir, sizeof(fake_dir), "%.80s/rp-pdf.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(fake_dir))
		abort();
	saved_path = strdup(getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
}

static void fake_pdftotext(const char *body)
{
	char path[192], *search;
	FILE *f;

	fake_dir_init();
	snprintf(path, sizeof(path), "%s/pdftotext", fake_dir);
	if (!(f = fopen(path, "w")))
		abort();
	fprintf(f, "#!/bin/sh\n%s\n", body);
	fclose(f);
	chmod(path, 0755);
	if (!(search = malloc(strlen(fake_dir) + strlen(saved_path) + 2)))
		abort();
	sprintf(search, "%s:%s", fake_dir, saved_path);
	setenv("PATH", search, 1);
	free(search);
}

static void real_path(void)
{
	if (saved_path)
		setenv("PATH", saved_path, 1);
	unsetenv("RAPPORTEUR_PDF_TIMEOUT");
}

static void cleanup_fakes(void)
{
	static const char *files[] = { "pdftotext", "pid", "grandchild" };
	char path[192];
	size_t i;

	if (!fake_dir[0])
		return;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", fake_dir, files[i]);
		unlink(path);
	}
	rmdir(fake_dir);
	free(saved_path);
}

/* A stand-in PDF: only its last bytes are looked at before pdftotext runs. */
static char *stand_in(size_t len)
{
	char *b = calloc(1, len);

	if (!b)
		abort();
	memcpy(b, "%PDF-1.4\n", 9);
	memcpy(b + len - 6, "%%EOF\n", 6);
	return b;
}

static int run_fake(size_t len, char **text, struct rp_error *err)
{
	char *pdf = stand_in(len);
	size_t text_len = 0;
	int rc = rp_doc_to_text(pdf, len, RP_DOC_PDF, "attachment 'x.pdf' of <m@example.org>", text,
				&text_len, err);

	free(pdf);
	return rc;
}

static void test_fake_failures(void)
{
	static const struct {
		const char *name, *script, *says;
		size_t pdf_len;
		int code;
	} cases[] = {
		/* stops reading at once but writes on: the rest of the 8 MB meets a closed
		 * socket, and no SIGPIPE may kill us */
		{ "stops reading", "exec 0<&-; sleep 0.3; echo 'Syntax Error: fake complaint' >&2; exit 1",
		  "exit status 1: Syntax Error: fake complaint", 8 << 20, RP_EPARSE },
		{ "dies of a signal", "cat >/dev/null; kill -SEGV $$", "died of signal 11", 4096,
		  RP_EPARSE },
		{ "out of memory", "cat >/dev/null; echo 'Out of memory' >&2; kill -ABRT $$",
		  "ran out of its 1024 MB of memory", 4096, RP_EPARSE },
		{ "copying forbidden", "cat >/dev/null; echo 'Permission Error' >&2; exit 3",
		  "forbids copying its text", 4096, RP_EPARSE },
		{ "a scanner's stamps only", "cat >/dev/null; printf 'Scanned 2026-11-20\\fPage 2\\f'",
		  "no text layer (2 pages", 4096, RP_EPARSE },
		{ "more text than a draft may have",
		  "cat >/dev/null; yes 'The working group welcomes the paper.' | head -c 20000000",
		  "larger than the 16 MB draft limit", 4096, RP_ELIMIT },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rp_error err = { 0 };
		char *text = NULL;
		int rc;

		fake_pdftotext(cases[i].script);
		rc = run_fake(cases[i].pdf_len, &text, &err);
		real_path();
		CHECK_INT(rc, cases[i].code);
		CHECK(text == NULL);
		CHECK_STR(err.where, "attachment 'x.pdf' of <m@example.org>");
		CHECK(strstr(err.msg, cases[i].says) != NULL);
		if (!strstr(err.msg, cases[i].says))
			fprintf(stderr, "  %s: %s\n", cases[i].name, rp_error_text(&err));
		free(text);
	}
}

/* pdftotext runs with its address space capped, from before it reads the PDF (the fake
 * reads all of it, then reports its limit as the shell sees it, in KiB). */
static void test_fake_memory_limit(void)
{
	struct rp_error err = { 0 };
	char *text = NULL;
	int rc;

	fake_pdftotext("cat >/dev/null\n"
		       "printf 'address space: %s KiB\\n\\n1. Introduction\\n\\nThe group "
		       "welcomes the paper and its proposals.\\n\\f' \"$(ulimit -v)\"");
	rc = run_fake(4096, &text, &err);
	real_path();
	CHECK_INT(rc, 0);
	if (rc) {
		fprintf(stderr, "  %s\n", rp_error_text(&err));
		return;
	}
	CHECK(strstr(text, "address space: 1048576 KiB\n") != NULL);
	if (!strstr(text, "address space: 1048576 KiB\n"))
		fprintf(stderr, "  got: %.60s\n", text);
	free(text);
}

/* The PDF arrives whole on standard input; the text comes back without NUL bytes; a
 * descriptor we hold without close-on-exec is not passed on. */
static void test_fake_channels(void)
{
	struct rp_error err = { 0 };
	char script[512], want[64], *text = NULL;
	int fd = open("/dev/null", O_RDONLY), rc;

	CHECK(fd > 2 && fd < 10); /* the shell keeps its script on 10 and up */
	snprintf(script, sizeof(script),
		 "n=$(wc -c)\n"
		 "[ -e /proc/$$/fd/%d ] && echo 'descriptor %d leaked'\n"
		 "printf 'read %%s bytes\\n\\n1. Introduction\\n\\nThe group\\000 welcomes the "
		 "paper and its proposals.\\n\\f' \"$n\"",
		 fd, fd);
	fake_pdftotext(script);
	rc = run_fake(300000, &text, &err);
	real_path();
	close(fd);
	CHECK_INT(rc, 0);
	if (rc) {
		fprintf(stderr, "  %s\n", rp_error_text(&err));
		return;
	}
	snprintf(want, sizeof(want), "read 300000 bytes\n");
	CHECK(strncmp(text, want, strlen(want)) == 0);
	CHECK(strstr(text, "leaked") == NULL);
	CHECK(strstr(text, "The group welcomes the paper") != NULL);
	free(text);
}

static pid_t read_pid(const char *name)
{
	char path[192], buf[32] = "";
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", fake_dir, name);
	if (!(f = fopen(path, "r")))
		return -1;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	return (pid_t)atoi(buf);
}

/* Running, or stopped but not dead: /proc shows it in a state other than zombie. */
static int alive(pid_t pid)
{
	char path[64], buf[256];
	const char *state;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (!(f = fopen(path, "r")))
		return 0;
	buf[0] = '\0';
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	state = strrchr(buf, ')');
	return state && state[1] == ' ' && state[2] != 'Z' && state[2] != 'X';
}

static int gone_within(pid_t pid, double seconds)
{
	double end = rp_now_seconds() + seconds;

	while (alive(pid) && rp_now_seconds() < end)
		usleep(20000);
	return !alive(pid);
}

/* A pdftotext that hangs (here a shell waiting on a child of its own) is killed with its
 * process group at RAPPORTEUR_PDF_TIMEOUT and reaped. */
static void test_fake_timeout(void)
{
	struct rp_error err = { 0 };
	char script[384], *text = NULL;
	double start;
	pid_t shell, sleeper;
	int rc;

	fake_dir_init();
	snprintf(script, sizeof(script), "echo $$ >%s/pid\nsleep 30 &\necho $! >%s/grandchild\nwait",
		 fake_dir, fake_dir);
	fake_pdftotext(script);
	setenv("RAPPORTEUR_PDF_TIMEOUT", "1", 1);
	start = rp_now_seconds();
	rc = run_fake(4096, &text, &err);
	real_path();
	CHECK(rp_now_seconds() - start < 10);
	CHECK_INT(rc, RP_ELIMIT);
	CHECK(text == NULL);
	CHECK(strstr(err.msg, "did not finish reading the PDF within 1 s") != NULL);
	CHECK(strstr(err.msg, "RAPPORTEUR_PDF_TIMEOUT") != NULL);
	shell = read_pid("pid"), sleeper = read_pid("grandchild");
	CHECK(shell > 0 && sleeper > 0);
	CHECK(shell > 0 && gone_within(shell, 0));
	CHECK(sleeper > 0 && gone_within(sleeper, 5));
	/* no child of ours is left, not even a zombie */
	CHECK(waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD);
}

/* A pdftotext that closes its output and then hangs: the output is read to its end at
 * once, and the wait for the exit is what times out, killing and reaping the child. */
static void test_fake_timeout_after_output(void)
{
	struct rp_error err = { 0 };
	char script[256], *text = NULL;
	double start;
	pid_t shell;
	int rc;

	fake_dir_init();
	snprintf(script, sizeof(script), "echo $$ >%s/pid\nexec >&- 2>&-\nsleep 30", fake_dir);
	fake_pdftotext(script);
	setenv("RAPPORTEUR_PDF_TIMEOUT", "1", 1);
	start = rp_now_seconds();
	rc = run_fake(4096, &text, &err);
	real_path();
	CHECK(rp_now_seconds() - start < 10);
	CHECK_INT(rc, RP_ELIMIT);
	CHECK(text == NULL);
	CHECK(strstr(err.msg, "did not finish reading the PDF within 1 s") != NULL);
	shell = read_pid("pid");
	CHECK(shell > 0 && gone_within(shell, 0));
	CHECK(waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD);
	free(text);
}

static void test_missing_pdftotext(void)
{
	struct rp_error err = { 0 };
	char *text = NULL;
	int rc;

	fake_pdftotext("exit 0");
	setenv("PATH", "/nonexistent", 1); /* no pdftotext anywhere */
	rc = run_fake(4096, &text, &err);
	real_path();
	CHECK_INT(rc, RP_EIO);
	CHECK(text == NULL);
	CHECK_STR(err.where, "attachment 'x.pdf' of <m@example.org>");
	CHECK(strstr(err.msg, "pdftotext is not installed") != NULL);
	CHECK(strstr(err.msg, "install poppler-utils") != NULL);
}

/* The damage found before pdftotext runs: no %%EOF near the end. */
static void test_cut_short(void)
{
	static const char cut[] = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n";
	struct rp_error err = { 0 };
	char *text = NULL;
	size_t len = 0;

	CHECK_INT(rp_doc_to_text(cut, sizeof(cut) - 1, RP_DOC_PDF, "cut.pdf", &text, &len, &err),
		  RP_EPARSE);
	CHECK(text == NULL);
	CHECK(strstr(rp_error_text(&err), "cut.pdf: the PDF is cut short") != NULL);
}

RP_TEST_MAIN(T(test_report), T(test_refused_fixtures), T(test_cut_short),
	     T(test_fake_failures), T(test_fake_memory_limit), T(test_fake_channels),
	     T(test_fake_timeout),
	     T(test_fake_timeout_after_output), T(test_missing_pdftotext), T(cleanup_fakes))
