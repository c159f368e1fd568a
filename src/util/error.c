/* error: return codes, error values and logging. Library code reports through
 * struct rp_error; only the CLI decides what reaches the terminal. An error's or a log
 * line's text has its control characters shown escaped (\x1b, \n), whatever file name it
 * quotes. */
#include <stdio.h>
#include <string.h>

#include "rapporteur/util.h"

int rp_verbosity = 1;

const char *rp_strerror(int code)
{
	switch (code) {
	case RP_OK: return "success";
	case RP_ENOMEM: return "out of memory";
	case RP_ENOTFOUND: return "not found";
	case RP_EPARSE: return "parse error";
	case RP_EIO: return "input/output error";
	case RP_ETLS: return "TLS error";
	case RP_EAUTH: return "authentication failed";
	case RP_ELIMIT: return "size limit exceeded";
	case RP_EUSAGE: return "usage error";
	case RP_EDB: return "database error";
	case RP_ENET: return "network error";
	case RP_ECONFIG: return "configuration error";
	case RP_EBUSY: return "database is locked by another process";
	case RP_EINTR: return "interrupted";
	default: return "error";
	}
}

/* s into out (size bytes) with control characters shown escaped (rp_buf_add_escaped). */
static void set_escaped(char *out, size_t size, const char *s)
{
	struct rp_buf b = RP_BUF_INIT;

	if (rp_buf_add_escaped(&b, s))
		snprintf(out, size, "(out of memory)");
	else
		snprintf(out, size, "%s", b.buf ? b.buf : "");
	rp_buf_release(&b);
}

int rp_error_set(struct rp_error *err, int code, const char *where, const char *fmt, ...)
{
	char msg[sizeof(err->msg)];
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	/* Errors name files, lists and servers' answers, which may carry an ESC sequence or a
	 * newline: every error reaches the terminal or the log with those shown escaped. */
	set_escaped(err->where, sizeof(err->where), where ? where : "");
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	set_escaped(err->msg, sizeof(err->msg), msg);
	return code;
}

const char *rp_error_text(const struct rp_error *err)
{
	static __thread char text[sizeof(err->where) + sizeof(err->msg) + 4];

	if (!err)
		return "";
	if (err->where[0])
		snprintf(text, sizeof(text), "%s: %s", err->where,
			 err->msg[0] ? err->msg : rp_strerror(err->code));
	else
		snprintf(text, sizeof(text), "%s", err->msg[0] ? err->msg : rp_strerror(err->code));
	return text;
}

void rp_log(int level, const char *fmt, ...)
{
	struct rp_buf line = RP_BUF_INIT, shown = RP_BUF_INIT;
	va_list ap;
	int rc;

	if (level > rp_verbosity)
		return;
	va_start(ap, fmt);
	rc = rp_buf_vaddf(&line, fmt, ap);
	va_end(ap);
	/* One line, whatever file name it quotes: control characters shown escaped. */
	if (!rc)
		rc = rp_buf_add_escaped(&shown, line.buf);
	fprintf(stderr, "rapporteur: %s\n", rc ? "(out of memory)" : shown.buf ? shown.buf : "");
	rp_buf_release(&line);
	rp_buf_release(&shown);
}
