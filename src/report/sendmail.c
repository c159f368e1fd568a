/* sendmail: hand the email form of a report to the local mail submission program, the way
 * mail clients do (`sendmail -t -i`: recipients from the headers, a lone "." line is text).
 *
 * The command comes from the configuration and is split on blanks, then run with execvp,
 * without a shell: no quoting, no variables, no redirections, so nothing in the command line
 * is interpreted twice. The message goes to its standard input; its exit status is checked,
 * and a failure names the command and the status (sysexits.h codes such as 75, EX_TEMPFAIL,
 * are passed on in the message). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "report-private.h"

#define MAX_WORDS 64

/* Split command on blanks into argv (words point into copy); returns the word count, or
 * -1 when there are too many. */
static int split_words(char *copy, char **argv)
{
	int n = 0;
	char *p = copy;

	for (;;) {
		p += strspn(p, " \t");
		if (!*p)
			break;
		if (n == MAX_WORDS)
			return -1;
		argv[n++] = p;
		p += strcspn(p, " \t");
		if (*p)
			*p++ = '\0';
	}
	argv[n] = NULL;
	return n;
}

/* The child: message on standard input, then the program. An exec failure is reported to
 * the parent through the close-on-exec pipe fd (its errno), so the parent can tell "not
 * found" from a program that ran and failed. */
static void child(int in, int report, char **argv)
{
	int e;

	if (dup2(in, 0) < 0)
		_exit(127);
	if (in != 0)
		close(in);
	execvp(argv[0], argv);
	e = errno;
	if (write(report, &e, sizeof(e)) < 0)
		_exit(127);
	_exit(127);
}

int rp_report_sendmail(const char *command, const char *msg, size_t len, struct rp_error *err)
{
	char *copy = NULL, *argv[MAX_WORDS + 1];
	int in[2] = { -1, -1 }, rep[2] = { -1, -1 };
	int rc = 0, werr, exec_errno = 0, status = 0;
	struct sigaction ign, old;
	ssize_t n;
	pid_t pid;

	if (!command || !(copy = rp_strdup(command)))
		return rp_error_set(err, RP_ENOMEM, "sendmail", "out of memory");
	if (split_words(copy, argv) <= 0) {
		rc = rp_error_set(err, RP_ECONFIG, "sendmail",
				  "command '%.200s' is empty or has more than %d words", command,
				  MAX_WORDS);
		goto cleanup;
	}
	if (pipe2(in, O_CLOEXEC) || pipe2(rep, O_CLOEXEC)) {
		rc = rp_error_set(err, RP_EIO, "sendmail", "pipe: %s", strerror(errno));
		goto cleanup;
	}
	pid = fork();
	if (pid < 0) {
		rc = rp_error_set(err, RP_EIO, "sendmail", "fork: %s", strerror(errno));
		goto cleanup;
	}
	if (pid == 0)
		child(in[0], rep[1], argv);
	close(in[0]);
	close(rep[1]);
	in[0] = rep[1] = -1;
	/* A program that exits without reading must not kill us with SIGPIPE: its exit status
	 * says what went wrong. */
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old);
	werr = rp_write_all(in[1], msg, len);
	close(in[1]);
	in[1] = -1;
	sigaction(SIGPIPE, &old, NULL);
	do
		n = read(rep[0], &exec_errno, sizeof(exec_errno));
	while (n < 0 && errno == EINTR);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			rc = rp_error_set(err, RP_EIO, "sendmail", "waiting for '%.200s': %s", command,
					  strerror(errno));
			goto cleanup;
		}
	}
	if (n == (ssize_t)sizeof(exec_errno))
		rc = rp_error_set(err, RP_EIO, "sendmail", "cannot run '%.200s': %s", command,
				  strerror(exec_errno));
	else if (WIFSIGNALED(status))
		rc = rp_error_set(err, RP_EIO, "sendmail",
				  "'%.200s' was killed by signal %d; the message may not have been sent",
				  command, WTERMSIG(status));
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		rc = rp_error_set(err, RP_EIO, "sendmail",
				  "'%.200s' failed with exit status %d; the message was not sent", command,
				  WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	else if (werr)
		rc = rp_error_set(err, RP_EIO, "sendmail",
				  "'%.200s' did not read the whole message (%s)", command,
				  strerror(werr));
cleanup:
	if (in[0] >= 0)
		close(in[0]);
	if (in[1] >= 0)
		close(in[1]);
	if (rep[0] >= 0)
		close(rep[0]);
	if (rep[1] >= 0)
		close(rep[1]);
	free(copy);
	return rc;
}
