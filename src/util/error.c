/* error: return codes, error values and logging. Library code reports through
 * struct rp_error; only the CLI decides what reaches the terminal. */
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
	default: return "error";
	}
}

int rp_error_set(struct rp_error *err, int code, const char *where, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	snprintf(err->where, sizeof(err->where), "%s", where ? where : "");
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
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
	va_list ap;

	if (level > rp_verbosity)
		return;
	fputs("rapporteur: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
