/* imap: incremental, verified, resumable fetch of one list's folder into the store, with
 * libetpan. RFCs: 3501 (IMAP4rev1: LOGIN, SELECT, UID FETCH, UID SEARCH), 2177 (IDLE),
 * 7162 (CONDSTORE: HIGHESTMODSEQ), 4616 (SASL PLAIN), 2195 (CRAM-MD5), 6125 (server
 * identity check), 3207 and 8314 (STARTTLS, implicit TLS).
 *
 * How it stays fast: one `UID FETCH last+1:* (UID BODY.PEEK[])`
 * whose responses are handed to the store one by one as libetpan parses them
 * (mailimap_set_msg_att_handler), committing every batch_size messages. Memory stays flat
 * whatever the folder size, and parsing and inserts overlap with the server's work.
 *
 * How it stays correct: after every batch commits, the list row records the highest UID
 * done; a resumed fetch starts after it (or after the highest UID stored, if the crash came
 * between the two commits). UIDVALIDITY is stored with it:
 * when the server changes it, the folder is read again from UID 1 and the store's
 * Message-ID + content identity turns every message already stored into a duplicate.
 *
 * CONDSTORE: when offered, SELECT asks for HIGHESTMODSEQ, stored per list. When neither
 * UIDNEXT nor HIGHESTMODSEQ moved since the last sync the fetch is a SELECT and nothing
 * else. QRESYNC is not used: it reports expunged UIDs (VANISHED), and a message removed
 * from the server deliberately stays in the store, the record of what was said.
 *
 * The sync state is tied to where it was read: the account (user and host), the folder
 * and the list's `since`, recorded in the meta table per list. A list pointed at another
 * folder or account, whose UIDs mean nothing here even when UIDVALIDITY happens to match,
 * or given an earlier `since`, which admits mail below the stored UIDs, is read from the
 * start; the store recognises what it holds already.
 *
 * Traps of libetpan 1.9.4 (Debian) handled here: it does not verify TLS certificates, so
 * the chain and the host name are checked with GnuTLS after the handshake and before any
 * credential is sent; it sends no SNI unless asked; the streaming handler is ignored
 * unless a progress callback is set; COMPRESS is broken and never used. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <iconv.h>
#include <libetpan/libetpan.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "ingest-private.h"
#include "rapporteur/imap.h"

#define MAX_BACKOFF 60.0
/* --watch, once synced: the longest wait between reconnections. Five minutes: an outage of a
 * day costs under 300 attempts, and mail is at most five minutes late once the server is
 * back. */
#define WATCH_MAX_BACKOFF 300.0
/* --watch: a connection that stayed up this long after its sync has healed, and the next
 * fault starts the backoff over; one that drops sooner (a server that accepts and hangs
 * up) keeps doubling it. */
#define WATCH_STABLE_SECONDS 60.0
/* Servers may end an IDLE after 30 minutes (RFC 2177); Dovecot does. */
#define IDLE_RENEW_SECONDS (25 * 60)
/* Messages a sync pass must bring for it to write out of WAL (rp_store_bulk_begin). */
#define FETCH_BULK_MIN 1000
/* Messages read ahead of the store at most, and their bytes (one message always fits). */
#define HANDOFF_MESSAGES 512
#define HANDOFF_BYTES ((size_t)8 << 20)

void rp_imap_options_default(struct rp_imap_options *o)
{
	memset(o, 0, sizeof(*o));
	/* As for imports: measured on 50,000 messages from a local Dovecot, a pass in batches
	 * of 500 took 4.0-4.6 s, of 2,000 3.1-3.4 s, of 5,000 2.7-3.2 s (each commit syncs
	 * and rewrites the index pages its batch touched). */
	o->batch_size = RP_INGEST_BATCH;
	o->max_retries = 5;
	o->retry_delay = 1.0;
}

/* One server's share of a run (struct rp_imap_run). */
struct run_server {
	const struct rp_config_server *srv;
	char *secret;            /* NULL until read, and after a failure to read it */
	int secret_rc;           /* that failure, repeated to the server's other lists */
	struct rp_error secret_err;
	char refused_list[128];  /* the list whose login the server refused, or "" */
};

struct rp_imap_run {
	struct run_server *v;
	size_t n;
};

int rp_imap_run_new(struct rp_imap_run **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : RP_ENOMEM;
}

static void wipe_secret(struct run_server *rs)
{
	if (rs->secret) {
		explicit_bzero(rs->secret, strlen(rs->secret));
		free(rs->secret);
	}
	rs->secret = NULL;
	rs->secret_rc = 0;
}

void rp_imap_run_free(struct rp_imap_run *run)
{
	size_t i;

	if (!run)
		return;
	for (i = 0; i < run->n; i++)
		wipe_secret(&run->v[i]);
	free(run->v);
	free(run);
}

/* srv's share of run, added when new; NULL when out of memory. */
static struct run_server *run_server(struct rp_imap_run *run, const struct rp_config_server *srv)
{
	struct run_server *v;
	size_t i;

	for (i = 0; i < run->n; i++)
		if (run->v[i].srv == srv)
			return &run->v[i];
	if (!(v = realloc(run->v, (run->n + 1) * sizeof(*v))))
		return NULL;
	run->v = v;
	memset(&v[run->n], 0, sizeof(v[run->n]));
	v[run->n].srv = srv;
	return &v[run->n++];
}

/* --watch, once synced: the connection faults in a row and what was said of them. */
struct outage {
	int lost;          /* the connection is down: a fault since the last good sync */
	int attempts;      /* reconnections failed since */
	double since;      /* when it was lost */
	double delay;      /* the next wait */
	char said[sizeof(((struct rp_error *)0)->where) + sizeof(((struct rp_error *)0)->msg) + 4];
};

/* State of one fetch of one list, across reconnections. */
struct fetch {
	struct rp_store *store;
	const struct rp_config_list *list;
	const struct rp_config_server *srv;
	const struct rp_imap_options *opt;
	struct rp_imap_result *res;
	mailimap *imap;
	char where[512];  /* "server NAME (host:port) folder F" for messages */
	char *folder;     /* the folder's name on the wire (modified UTF-7) */
	struct run_server *rs; /* the server's shared state in opt->run, or NULL */
	int64_t list_id;
	int origin_checked; /* the stored state's origin was compared with the config */
	int unresolvable;   /* the host name does not resolve: retrying cannot help */

	/* the stored state, re-read at each connection */
	uint32_t uidvalidity, highest_uid;
	uint64_t highestmodseq;

	/* the fetch in progress */
	struct rp_ingest *in;
	uint32_t from;        /* first UID asked for */
	uint32_t max_seen;    /* highest UID received */
	uint32_t committed;   /* highest_uid in the store */
	/* The UIDs the server said it has (UID SEARCH before the FETCH), ascending, and which
	 * of them arrived: the list's highest_uid never passes one that did not, so a FETCH
	 * answered in part (a tagged NO after some messages, which libetpan reports as
	 * success) or out of order loses nothing. */
	uint32_t *expected;
	unsigned char *arrived;
	size_t n_expected, next_missing;
	int pending;
	uint64_t pending_bytes;
	uint64_t total;       /* progress estimate */
	int fatal;            /* a store failure inside the handler */
	int halted;           /* a stop request was seen at a message boundary: what came
			       * before it is committed, the rest of the FETCH is dropped */
	int threaded;         /* the FETCH is read on a thread of its own (uid_fetch_streamed) */
	struct rp_handoff handoff;
	struct rp_error handler_err;
	int progressed;       /* this attempt committed something */

	/* --watch */
	int synced;           /* a sync completed: from now on connection faults are waited out */
	double synced_at;     /* when the last connection completed its sync */
	uint64_t notified;    /* res->new already announced (event, arrived) */
	uint64_t notified_listed; /* res->added_to_list already announced */
	int tls_broke;        /* this attempt failed in the TLS handshake, not on a certificate */
	int no_idle;          /* the server offers no IDLE: waiting cannot help */
	struct outage out;
};

static int is_ip_literal(const char *h)
{
	if (strchr(h, ':'))
		return 1;
	for (; *h; h++)
		if ((*h < '0' || *h > '9') && *h != '.')
			return 0;
	return 1;
}

/* The server's last response text, trimmed, for messages ("" when none). */
static const char *server_text(mailimap *imap)
{
	static char buf[300];
	size_t n;

	if (!imap || !imap->imap_response)
		return "";
	snprintf(buf, sizeof(buf), "%s", imap->imap_response);
	n = strlen(buf);
	while (n && (buf[n - 1] == '\r' || buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return buf;
}

/* Whether the server's answer carries an RFC 5530 code saying the refusal is temporary:
 * a subsystem down (UNAVAILABLE: Dovecot's "Temporary authentication failure" while its
 * password database is unreachable) or a resource another session holds (INUSE). Such a
 * refusal is retried like a lost connection, and --watch waits it out. The code read is
 * the failed command's own: libetpan frees and rebuilds imap_response_info for every
 * response it parses (response_store in mailimap.c), and a failure that parsed no response
 * (stream, parse) is a network fault, for which this is not asked. */
static int temporary_refusal(mailimap *imap)
{
	const char *code = imap && imap->imap_response_info ? imap->imap_response_info->rsp_atom
							     : NULL;

	return code && (rp_ascii_casecmp(code, "UNAVAILABLE") == 0 ||
			rp_ascii_casecmp(code, "INUSE") == 0);
}

/* Classify a libetpan error of command cmd into an RP_E* code and a message. */
static int imap_fail(struct fetch *f, int r, const char *cmd, struct rp_error *err)
{
	const char *text = server_text(f->imap);
	const char *why;
	int code;

	switch (r) {
	case MAILIMAP_ERROR_STREAM:
		code = RP_ENET, why = "connection lost";
		break;
	case MAILIMAP_ERROR_PARSE:
		code = RP_ENET, why = "unreadable or truncated response";
		break;
	case MAILIMAP_ERROR_CONNECTION_REFUSED:
		code = RP_ENET, why = "connection refused or host unreachable";
		break;
	case MAILIMAP_ERROR_MEMORY:
		code = RP_ENOMEM, why = "out of memory";
		break;
	case MAILIMAP_ERROR_SSL:
		code = RP_ETLS, why = "TLS handshake failed";
		break;
	case MAILIMAP_ERROR_STARTTLS:
		code = RP_ETLS, why = "STARTTLS refused by the server (no fallback to plain text)";
		break;
	case MAILIMAP_ERROR_LOGIN:
	case MAILIMAP_ERROR_SASL:
		code = RP_EAUTH, why = "authentication refused";
		break;
	case MAILIMAP_ERROR_SELECT:
	case MAILIMAP_ERROR_EXAMINE:
		code = RP_ENOTFOUND, why = "cannot open the folder";
		break;
	default:
		code = RP_EIO, why = "command refused";
		break;
	}
	if (code != RP_ENET && code != RP_ENOMEM && temporary_refusal(f->imap)) {
		code = RP_ENET, why = "temporarily unavailable";
		return rp_error_set(err, code, f->where, "%s: %s; server said: %s", cmd, why,
				    *text ? text : "nothing");
	}
	if (*text && code != RP_ENET)
		return rp_error_set(err, code, f->where, "%s: %s; server said: %s", cmd, why, text);
	return rp_error_set(err, code, f->where, "%s: %s", cmd, why);
}

/* text converted from one charset to another with iconv, into *out (malloc'ed); -1 when
 * text is not valid in from (or iconv lacks the pair), RP_ENOMEM. */
static int convert(char **out, const char *text, const char *from, const char *to)
{
	iconv_t cd = iconv_open(to, from);
	size_t cap = strlen(text) * 3 + 16, inleft = strlen(text), outleft;
	char *in = (char *)text, *buf = NULL, *o;
	int rc = 0;

	*out = NULL;
	if (cd == (iconv_t)-1)
		return -1;
	for (;;) {
		if (!(buf = malloc(cap))) {
			rc = RP_ENOMEM;
			break;
		}
		in = (char *)text, inleft = strlen(text), o = buf, outleft = cap - 1;
		if (iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1 &&
		    iconv(cd, NULL, NULL, &o, &outleft) != (size_t)-1) {
			*o = '\0';
			*out = buf;
			break;
		}
		free(buf);
		buf = NULL;
		if (errno != E2BIG) {
			rc = -1;
			break;
		}
		cap *= 2;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	iconv_close(cd);
	return rc;
}

/* Whether name is already in modified UTF-7: printable ASCII holding an "&" that decodes
 * (glibc's UTF-7-IMAP) to text without control characters which encodes back to name
 * itself. "R&D" is not ("&D" ends no base64 run), "R&-D" and "&ANw-ber" are. */
static int is_mutf7(const char *name)
{
	char *text = NULL, *back = NULL;
	const char *p;
	int yes = 0;

	if (!strchr(name, '&'))
		return 0;
	for (p = name; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			return 0;
	if (convert(&text, name, "UTF-7-IMAP", "UTF-8") == 0) {
		for (p = text; *p && (unsigned char)*p >= 0x20 && *p != 0x7f; p++)
			;
		yes = !*p && convert(&back, text, "UTF-8", "UTF-7-IMAP") == 0 &&
		      strcmp(back, name) == 0;
	}
	free(text);
	free(back);
	return yes;
}

int rp_imap_folder_encode(char **out, const char *folder, struct rp_error *err)
{
	const char *p;
	int rc;

	/* Printable ASCII but '&' is the same in modified UTF-7: no iconv needed. */
	for (p = folder; *p >= 0x20 && *p <= 0x7e && *p != '&'; p++)
		;
	if (!*p || is_mutf7(folder))
		return (*out = rp_strdup(folder)) ? 0 : rp_error_set(err, RP_ENOMEM, folder,
								     "out of memory");
	rc = convert(out, folder, "UTF-8", "UTF-7-IMAP");
	if (rc == RP_ENOMEM)
		return rp_error_set(err, RP_ENOMEM, folder, "out of memory");
	if (rc)
		return rp_error_set(err, RP_ECONFIG, folder,
				    "the folder name is not valid UTF-8 (or this system's iconv "
				    "lacks UTF-7-IMAP)");
	return 0;
}

/* A ca_file that cannot be read, or holds no certificate, is a mistake in the config, said
 * as such before anything is sent (GnuTLS would only report "no trust anchors"). */
static int check_ca_file(struct fetch *f, struct rp_error *err)
{
	const char *path = f->srv->ca_file;
	gnutls_x509_trust_list_t tl = NULL;
	FILE *fp;
	char c;
	int n;

	if (!path)
		return 0;
	errno = 0;
	if (!(fp = fopen(path, "r")) || (fread(&c, 1, 1, fp) == 0 && ferror(fp))) {
		int e = errno;
		if (fp)
			fclose(fp);
		return rp_error_set(err, RP_ECONFIG, f->where, "cannot read ca_file %s: %s", path,
				    strerror(e ? e : EIO));
	}
	fclose(fp);
	if (gnutls_x509_trust_list_init(&tl, 0) < 0)
		return rp_error_set(err, RP_ENOMEM, f->where, "out of memory");
	n = gnutls_x509_trust_list_add_trust_file(tl, path, NULL, GNUTLS_X509_FMT_PEM, 0, 0);
	gnutls_x509_trust_list_deinit(tl, 1);
	if (n <= 0)
		return rp_error_set(err, RP_ECONFIG, f->where,
				    "ca_file %s holds no certificate (PEM expected)", path);
	return 0;
}

int rp_imap_verify_chain(const unsigned char *const *der, const size_t *der_len, size_t n,
			 const char *name, const char *ca_file, struct rp_error *err)
{
	gnutls_x509_trust_list_t tl = NULL;
	gnutls_x509_crt_t *crts = NULL;
	gnutls_datum_t out = { NULL, 0 };
	unsigned int status = 0;
	size_t i, ncrt = 0;
	int r, rc = RP_ETLS;
	gnutls_typed_vdata_st vd[2];

	if (n == 0)
		return rp_error_set(err, RP_ETLS, name, "certificate refused: the server sent none");
	crts = calloc(n, sizeof(*crts));
	if (!crts)
		return rp_error_set(err, RP_ENOMEM, name, "out of memory");
	for (i = 0; i < n; i++) {
		gnutls_datum_t d = { (unsigned char *)der[i], (unsigned int)der_len[i] };
		if (gnutls_x509_crt_init(&crts[i]) < 0)
			goto cleanup;
		ncrt++;
		if (gnutls_x509_crt_import(crts[i], &d, GNUTLS_X509_FMT_DER) < 0) {
			rp_error_set(err, RP_ETLS, name, "certificate refused: cannot parse it");
			goto cleanup;
		}
	}
	if (gnutls_x509_trust_list_init(&tl, 0) < 0)
		goto cleanup;
	r = ca_file ? gnutls_x509_trust_list_add_trust_file(tl, ca_file, NULL, GNUTLS_X509_FMT_PEM, 0, 0)
		    : gnutls_x509_trust_list_add_system_trust(tl, 0, 0);
	if (r <= 0) {
		rp_error_set(err, RP_ETLS, name, "certificate refused: no trust anchors in %s",
			     ca_file ? ca_file : "the system store");
		goto cleanup;
	}
	memset(vd, 0, sizeof(vd));
	vd[0].type = GNUTLS_DT_DNS_HOSTNAME; /* matches IP address SANs too */
	vd[0].data = (unsigned char *)name;
	vd[1].type = GNUTLS_DT_KEY_PURPOSE_OID;
	vd[1].data = (unsigned char *)GNUTLS_KP_TLS_WWW_SERVER;
	r = gnutls_x509_trust_list_verify_crt2(tl, crts, (unsigned int)n, vd, 2, 0, &status, NULL);
	if (r < 0 || status != 0) {
		if (r >= 0 &&
		    gnutls_certificate_verification_status_print(status, GNUTLS_CRT_X509, &out, 0) == 0)
			rp_error_set(err, RP_ETLS, name, "certificate refused: %s", (char *)out.data);
		else
			rp_error_set(err, RP_ETLS, name, "certificate refused: %s", gnutls_strerror(r));
		goto cleanup;
	}
	rc = 0;
cleanup:
	gnutls_free(out.data);
	if (tl)
		gnutls_x509_trust_list_deinit(tl, 1); /* 1: the CAs it loaded too */
	for (i = 0; i < ncrt; i++)
		gnutls_x509_crt_deinit(crts[i]);
	free(crts);
	return rc;
}

static int verify_peer(struct fetch *f, struct rp_error *err)
{
	carray *chain = mailstream_get_certificate_chain(f->imap->imap_stream);
	const unsigned char **der = NULL;
	size_t *len = NULL, i, n = chain ? carray_count(chain) : 0;
	struct rp_error e = { 0 };
	int rc = RP_ENOMEM;

	der = calloc(n ? n : 1, sizeof(*der));
	len = calloc(n ? n : 1, sizeof(*len));
	if (!der || !len)
		goto cleanup;
	for (i = 0; i < n; i++) {
		MMAPString *s = carray_get(chain, (unsigned int)i);
		der[i] = (const unsigned char *)s->str;
		len[i] = s->len;
	}
	rc = rp_imap_verify_chain(der, len, n, f->srv->host, f->srv->ca_file, &e);
	if (rc)
		rp_error_set(err, rc, f->where, "%s (checked against %s; nothing was sent)", e.msg,
			     f->srv->ca_file ? f->srv->ca_file : "the system CA store");
cleanup:
	free(der);
	free(len);
	if (chain)
		mailstream_certificate_chain_free(chain);
	return rc == RP_ENOMEM ? rp_error_set(err, rc, f->where, "out of memory") : rc;
}

/* Called by libetpan just before the TLS handshake. */
static void tls_setup(struct mailstream_ssl_context *ctx, void *data)
{
	struct fetch *f = data;
	const char *host = f->srv->host;

	if (!is_ip_literal(host))
		mailstream_ssl_set_server_name(ctx, (char *)host); /* SNI */
	/* libetpan goes on with a handshake through the signals that interrupt it, up to the
	 * timeout: its socket is published for the caller's signal handler to shut down. */
	if (f->opt->handshake_fd) {
		int fd = mailstream_ssl_get_fd(ctx);

		*f->opt->handshake_fd = fd;
		/* a stop that came before the socket was published has nobody to cut it */
		if (f->opt->stop && *f->opt->stop && fd >= 0)
			shutdown(fd, SHUT_RDWR);
	}
}

static void tls_done(struct fetch *f)
{
	if (f->opt->handshake_fd)
		*f->opt->handshake_fd = -1;
}

/* libetpan only streams FETCH responses to the handler when a progress callback exists. */
static void items_progress(size_t current, size_t maximum, void *ctx)
{
	(void)current, (void)maximum, (void)ctx;
}

/* libetpan 1.9.4 reads a literal (a message body) in a loop that treats a 0-byte read, the
 * end of the connection, as "nothing yet" and spins forever when the server goes away in
 * the middle of a FETCH. The stream's low-level driver is therefore wrapped so that end of
 * file is an error, which libetpan reports as MAILIMAP_ERROR_STREAM. */
struct eof_driver {
	const mailstream_low_driver *orig;
	mailstream_low_driver wrapped;
};
static struct eof_driver eof_drivers[4]; /* socket, TLS, and room to spare */

/* The same wrapper passes what the server sends through rp_imap_filter_bytes (see
 * imap-filter.c), which defuses a response that crashes libetpan's parser. A process reads
 * one connection at a time (the FETCH reader thread takes turns with the main thread), so
 * the filter's state is one, reset by wrap_eof for each new connection. */
static struct rp_imap_filter server_filter;

static ssize_t orig_read(mailstream_low *s, void *buf, size_t count)
{
	size_t i;

	for (i = 0; i < sizeof(eof_drivers) / sizeof(eof_drivers[0]); i++)
		if (s->driver == &eof_drivers[i].wrapped)
			return eof_drivers[i].orig->mailstream_read(s, buf, count);
	return -1;
}

static ssize_t eof_read(mailstream_low *s, void *buf, size_t count)
{
	struct rp_imap_filter *f = &server_filter;
	char *b = buf;
	size_t have, keep;
	ssize_t n;

	/* libetpan reads kilobytes at a time. A read too small to put the held bytes first
	 * gets them alone, in order, as they are: the stream's order comes before the rename,
	 * which the code they begin may then miss. */
	if (count <= sizeof(f->held)) {
		if (!f->n_held)
			return orig_read(s, buf, count);
		have = count < f->n_held ? count : f->n_held;
		memcpy(b, f->held, have);
		memmove(f->held, f->held + have, f->n_held - have);
		f->n_held -= have;
		return (ssize_t)have;
	}
	do {
		/* the bytes held back last time come first, then what the server sent */
		memcpy(b, f->held, f->n_held);
		have = f->n_held;
		f->n_held = 0;
		n = orig_read(s, b + have, count - have);
		if (n <= 0)
			/* the end: what was held is final as it is; an error loses it */
			return n < 0 ? -1 : have ? (ssize_t)have : -1;
		have += (size_t)n;
		keep = rp_imap_filter_bytes(f, b, have);
		memcpy(f->held, b + have - keep, keep);
		f->n_held = keep;
	} while (keep == have); /* all of it may begin the code: wait for more */
	return (ssize_t)(have - keep);
}

static void wrap_stream(mailstream *stream)
{
	mailstream_low *low = stream ? mailstream_get_low(stream) : NULL;
	size_t i;

	if (!low || !low->driver || low->driver->mailstream_read == eof_read)
		return;
	rp_imap_filter_init(&server_filter);
	for (i = 0; i < sizeof(eof_drivers) / sizeof(eof_drivers[0]); i++) {
		struct eof_driver *d = &eof_drivers[i];
		if (!d->orig) {
			d->orig = low->driver;
			d->wrapped = *low->driver;
			d->wrapped.mailstream_read = eof_read;
		}
		if (d->orig == low->driver) {
			low->driver = &d->wrapped;
			return;
		}
	}
}

static void wrap_eof(mailimap *imap)
{
	wrap_stream(imap->imap_stream);
}

/* TCP keepalive: a server gone without a word (a NAT or firewall that forgot the
 * connection, a host powered off, a suspended laptop) is noticed after about two minutes
 * of silence (60 s, then 4 probes 15 s apart) instead of at the next IDLE renewal, 25
 * minutes later, and --watch reconnects. Best effort: where the socket refuses, the
 * renewal remains the check. */
#define KEEPALIVE_IDLE 60
#define KEEPALIVE_INTERVAL 15
#define KEEPALIVE_PROBES 4

static void keepalive(mailimap *imap)
{
	mailstream_low *low = imap->imap_stream ? mailstream_get_low(imap->imap_stream) : NULL;
	int fd = low ? mailstream_low_get_fd(low) : -1;
	int on = 1, idle = KEEPALIVE_IDLE, interval = KEEPALIVE_INTERVAL, probes = KEEPALIVE_PROBES;

	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on)) != 0)
		return;
	(void)setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof(idle));
	(void)setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &interval, sizeof(interval));
	(void)setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &probes, sizeof(probes));
}

/* STARTTLS (RFC 3207). Any failure but a lost connection or a broken handshake is the
 * server refusing it, and there is no fallback to plain text. */
static int do_starttls(struct fetch *f, struct rp_error *err)
{
	int r = mailimap_socket_starttls_with_callback(f->imap, tls_setup, f);

	tls_done(f);
	f->tls_broke = r == MAILIMAP_ERROR_SSL;
	if (r == MAILIMAP_NO_ERROR)
		return 0;
	if (r != MAILIMAP_ERROR_STREAM && r != MAILIMAP_ERROR_SSL)
		r = MAILIMAP_ERROR_STARTTLS;
	return imap_fail(f, r, "STARTTLS", err);
}

/* libetpan says "connection refused" for a host name that does not resolve, so the name is
 * looked up first: a name the DNS says does not exist (or has no address) is a mistake in
 * the config that retrying cannot mend; a lookup that failed for the moment (EAI_AGAIN, a
 * resolver out of reach) is a network fault like any other. */
static int resolve_host(struct fetch *f, struct rp_error *err)
{
	struct addrinfo hints, *ai = NULL;
	int g;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	g = getaddrinfo(f->srv->host, NULL, &hints, &ai);
	if (ai)
		freeaddrinfo(ai);
	if (g == 0)
		return 0;
	if (g == EAI_NONAME || g == EAI_NODATA || g == EAI_FAIL) {
		f->unresolvable = 1;
		return rp_error_set(err, RP_ENET, f->where, "host name not found: %s (%s)",
				    f->srv->host, gai_strerror(g));
	}
	if (g == EAI_MEMORY)
		return rp_error_set(err, RP_ENOMEM, f->where, "out of memory");
	return rp_error_set(err, RP_ENET, f->where, "cannot look up the host name %s: %s",
			    f->srv->host, g == EAI_SYSTEM ? strerror(errno) : gai_strerror(g));
}

/* Wait until the non-blocking connect on fd is done, for at most timeout seconds.
 * 0 when connected; -1 (errno set) otherwise. A signal (the user stopping) ends the wait. */
static int connected(int fd, int timeout)
{
	struct pollfd p = { fd, POLLOUT, 0 };
	int e = 0, n;
	socklen_t len = sizeof(e);

	n = poll(&p, 1, timeout > 0 ? timeout * 1000 : -1);
	if (n == 0)
		errno = ETIMEDOUT;
	if (n <= 0)
		return -1;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len) || e) {
		errno = e ? e : errno;
		return -1;
	}
	return 0;
}

/* A TCP connection to host:port, each address in turn, within timeout seconds each; the
 * socket, blocking, or -1. rapporteur opens it itself rather than through libetpan's
 * connect calls, which read the server's greeting before the stream can be wrapped (see
 * wrap_stream): the greeting is filtered like every other response. */
static int tcp_connect(const char *host, int port, int timeout)
{
	struct addrinfo hints, *ai = NULL, *a;
	char service[16];
	int fd = -1;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	snprintf(service, sizeof(service), "%d", port);
	if (getaddrinfo(host, service, &hints, &ai))
		return -1;
	for (a = ai; a && fd < 0; a = a->ai_next) {
		fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
		if (fd < 0)
			continue;
		if ((connect(fd, a->ai_addr, a->ai_addrlen) == 0 ||
		     (errno == EINPROGRESS && connected(fd, timeout) == 0)) &&
		    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) == 0)
			break;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	return fd;
}

/* The stream to the server (TLS from the first byte for IMAPS), wrapped, then the greeting
 * read: libetpan's mailimap_socket_connect and mailimap_ssl_connect_with_callback, with the
 * wrapping in between. A MAILIMAP_ code. */
static int open_stream(struct fetch *f)
{
	const struct rp_config_server *s = f->srv;
	mailstream *stream;
	int fd;

	if ((fd = tcp_connect(s->host, s->port, s->timeout)) < 0)
		return MAILIMAP_ERROR_CONNECTION_REFUSED;
	if (s->tls == RP_TLS_IMAPS)
		stream = mailstream_ssl_open_with_callback_timeout(fd, (time_t)s->timeout, tls_setup, f);
	else
		stream = mailstream_socket_open_timeout(fd, (time_t)s->timeout);
	if (!stream) {
		close(fd);
		return s->tls == RP_TLS_IMAPS ? MAILIMAP_ERROR_SSL : MAILIMAP_ERROR_MEMORY;
	}
	wrap_stream(stream);
	return mailimap_connect(f->imap, stream); /* the session owns the stream now */
}

static int do_connect(struct fetch *f, struct rp_error *err)
{
	const struct rp_config_server *s = f->srv;
	int r;

	if ((r = resolve_host(f, err)))
		return r;
	f->imap = mailimap_new(0, NULL);
	if (!f->imap)
		return rp_error_set(err, RP_ENOMEM, f->where, "out of memory");
	mailimap_set_timeout(f->imap, (time_t)s->timeout);
	if (s->tls == RP_TLS_IMAPS) {
		r = open_stream(f);
		tls_done(f);
		/* A handshake that broke off (a server restarting) is a fault of the connection,
		 * unlike a certificate refused below: --watch waits it out. */
		f->tls_broke = r == MAILIMAP_ERROR_SSL;
		if (r != MAILIMAP_NO_ERROR_AUTHENTICATED && r != MAILIMAP_NO_ERROR_NON_AUTHENTICATED) {
			r = imap_fail(f, r, "connect (IMAPS)", err);
			if (f->tls_broke && err)
				snprintf(err->msg + strlen(err->msg), sizeof(err->msg) - strlen(err->msg),
					 " (if port %d starts in plain text, as 143 does, set tls = "
					 "starttls)", s->port);
			return r;
		}
	} else {
		double t0 = rp_now_seconds();

		r = open_stream(f);
		/* A port that waits for a TLS handshake (993) says nothing to a client that waits
		 * for its greeting: the wait ends at the timeout, which is said as such. */
		if (r == MAILIMAP_ERROR_STREAM && rp_now_seconds() - t0 >= s->timeout - 0.5)
			return rp_error_set(err, RP_ENET, f->where,
					    "connect: no greeting from the server within %d s (if port "
					    "%d expects TLS from the first byte, as 993 does, set tls = "
					    "imaps)",
					    s->timeout, s->port);
		if (r != MAILIMAP_NO_ERROR_AUTHENTICATED && r != MAILIMAP_NO_ERROR_NON_AUTHENTICATED)
			return imap_fail(f, r, "connect", err);
		if (s->tls == RP_TLS_STARTTLS && (r = do_starttls(f, err)))
			return r;
	}
	if (s->tls != RP_TLS_NONE && (r = verify_peer(f, err)))
		return r;
	keepalive(f->imap);
	wrap_eof(f->imap);
	return 0;
}

/* An empty capability list where libetpan has none yet (see do_login). 0 or -1. */
static int ensure_capability(mailimap *imap)
{
	clist *l;

	if (!imap->imap_connection_info &&
	    !(imap->imap_connection_info = mailimap_connection_info_new()))
		return -1;
	if (imap->imap_connection_info->imap_capability)
		return 0;
	if (!(l = clist_new()))
		return -1;
	if (!(imap->imap_connection_info->imap_capability = mailimap_capability_data_new(l))) {
		clist_free(l);
		return -1;
	}
	return 0;
}

/* Read srv's secret (rp_config_secret), warning once when its password_file is readable by
 * others. */
static int read_secret(struct fetch *f, char **out, struct rp_error *err)
{
	int rc = rp_config_secret(out, f->srv, err), mode;
	char buf[600];

	if (!rc && f->opt->event && (mode = rp_config_secret_file_mode(f->srv))) {
		snprintf(buf, sizeof(buf), "warning: [server %s] password_file %s can be read by "
			 "others (mode %03o): chmod 600 it", f->srv->name, f->srv->password_file, mode);
		f->opt->event(f->opt->ctx, f->list->name, buf);
	}
	return rc;
}

/* The secret to log in with: from the run, where the server's lists share it (read by the
 * first that needs it; a failure to read it is the failure of each), else read now. *owned
 * says the caller wipes and frees it. */
static int get_secret(struct fetch *f, char **out, int *owned, struct rp_error *err)
{
	struct run_server *rs = f->rs;

	*owned = !rs;
	if (!rs)
		return read_secret(f, out, err);
	if (!rs->secret && !rs->secret_rc) {
		memset(&rs->secret_err, 0, sizeof(rs->secret_err));
		rs->secret_rc = read_secret(f, &rs->secret, &rs->secret_err);
	}
	if (rs->secret_rc) {
		if (err)
			*err = rs->secret_err;
		return rs->secret_rc;
	}
	*out = rs->secret;
	return 0;
}

static int do_login(struct fetch *f, struct rp_error *err)
{
	const struct rp_config_server *s = f->srv;
	struct mailimap_capability_data *cap = NULL;
	char *secret = NULL;
	const char *user = s->user ? s->user : "";
	const char *cmd = "LOGIN";
	int r, rc, owned = 0;

	if ((rc = get_secret(f, &secret, &owned, err)))
		return rc;
	/* Capabilities of the (now protected) connection: after STARTTLS the old list is void.
	 * libetpan 1.9.4 copies imap_connection_info->imap_capability unchecked when CAPABILITY
	 * ends in OK, and only creates it when a capability list arrived: a server that never
	 * sent one would crash us, so give it an empty list, replaced by any the server sends. */
	if (ensure_capability(f->imap)) {
		rc = rp_error_set(err, RP_ENOMEM, f->where, "out of memory");
		goto cleanup;
	}
	r = mailimap_capability(f->imap, &cap);
	if (cap)
		mailimap_capability_data_free(cap);
	if (r != MAILIMAP_NO_ERROR) {
		rc = imap_fail(f, r, "CAPABILITY", err);
		goto cleanup;
	}
	switch (s->auth) {
	case RP_AUTH_LOGIN:
		r = mailimap_login(f->imap, user, secret);
		break;
	case RP_AUTH_PLAIN:
		cmd = "AUTHENTICATE PLAIN";
		r = mailimap_authenticate(f->imap, "PLAIN", s->host, NULL, NULL, user, user, secret,
					  NULL);
		break;
	case RP_AUTH_CRAM_MD5:
		cmd = "AUTHENTICATE CRAM-MD5";
		r = mailimap_authenticate(f->imap, "CRAM-MD5", s->host, NULL, NULL, user, user, secret,
					  NULL);
		break;
	default:
		cmd = "AUTHENTICATE XOAUTH2";
		r = mailimap_oauth2_authenticate(f->imap, user, secret);
		break;
	}
	if (r != MAILIMAP_NO_ERROR) {
		/* Network faults stay retryable; anything else is the server saying no. */
		if (r != MAILIMAP_ERROR_STREAM && r != MAILIMAP_ERROR_PARSE)
			r = MAILIMAP_ERROR_LOGIN;
		rc = imap_fail(f, r, cmd, err);
		if (rc == RP_EAUTH && err)
			snprintf(err->msg + strlen(err->msg), sizeof(err->msg) - strlen(err->msg),
				 " (user '%s')", user);
	}
cleanup:
	if (owned) {
		memset(secret, 0, strlen(secret));
		free(secret);
	}
	return rc;
}

/* "2024-05-15" for a `since` (UTC), for messages. */
static const char *day_text(int64_t t, char *buf, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(buf, n, "%Y-%m-%d", &tm);
	return buf;
}

/* What the meta table holds of the list's sync origin WHAT ("account", "since") into *old
 * (NULL when never recorded), and its key, "fetch_WHAT:LIST_ID", into key. */
static int origin_meta(struct fetch *f, const char *what, char *key, size_t keylen, char **old,
		       struct rp_error *err)
{
	snprintf(key, keylen, "fetch_%s:%lld", what, (long long)f->list_id);
	return rp_store_meta_get(f->store, key, old, err);
}

/* Why the stored sync state cannot be trusted for the list as configured now, into why
 * ("" when it can): another folder or account (its UIDs are another folder's), an
 * earlier `since` or none, or another `address` or `list_id` than a filter read before
 * (mail below the stored UIDs is now wanted: a typo in the address, fixed, must bring
 * the list's mail). A filter added where there was none only narrows what was read.
 * Stores written before the account, `since` and filters were recorded are compared by
 * folder and [server] name; their `since` and filters are taken as unchanged. */
static void origin_changed(struct fetch *f, const char *old_server, const char *old_folder,
			   const char *old_account, const char *account, const char *old_since,
			   const char *old_filter, const char *filter, char *why, size_t n)
{
	const struct rp_config_list *l = f->list;
	int64_t before = 0, now = l->since;
	char d1[32], d2[32];

	*why = '\0';
	if (old_folder && strcmp(old_folder, l->folder) != 0)
		snprintf(why, n, "folder changed: reading it from the start (it was %s)", old_folder);
	else if (old_account ? strcmp(old_account, account) != 0
			     : old_server && strcmp(old_server, f->srv->name) != 0)
		snprintf(why, n, "server or account changed: reading the folder from the start (it "
			 "was %s)", old_account ? old_account : old_server);
	else if (old_since && strcmp(old_since, "none") != 0 &&
		 sscanf(old_since, "%" SCNd64, &before) == 1 && (!l->has_since || now < before)) {
		if (l->has_since)
			snprintf(why, n, "since moved earlier (%s, was %s): reading the folder from "
				 "the start", day_text(now, d1, sizeof(d1)),
				 day_text(before, d2, sizeof(d2)));
		else
			snprintf(why, n, "since removed (was %s): reading the folder from the start",
				 day_text(before, d2, sizeof(d2)));
	} else if (old_filter && strcmp(old_filter, "none") != 0 && strcmp(old_filter, filter) != 0)
		/* The mail the old address or list_id left out is below the stored UIDs. */
		snprintf(why, n, "address or list_id changed: reading the folder from the start");
}

/* The list's address and list_id filters as recorded in the meta table ("none" without
 * either), into buf. */
static const char *filter_text(const struct rp_config_list *l, char *buf, size_t n)
{
	if (!l->address && !l->list_id)
		snprintf(buf, n, "none");
	else
		snprintf(buf, n, "address=%s\nlist_id=%s", l->address ? l->address : "",
			 l->list_id ? l->list_id : "");
	return buf;
}

/* Once per fetch, before the stored state is used: when it was read from elsewhere or
 * with a later `since` (origin_changed), start the list over, said through opt->event;
 * then record where and how it is read now. The state is reset before the origin is
 * recorded: a crash in between only resets it again. */
static int check_origin(struct fetch *f, struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	char k_acct[64], k_since[64], k_filter[64], account[600], since[32], why[900];
	char filter[1024];
	char *old_acct = NULL, *old_since = NULL, *old_filter = NULL, *old_server = NULL;
	char *old_folder = NULL, *p;
	int rc, has_state = 0;

	/* user@host, the host in lower case as DNS reads it */
	snprintf(account, sizeof(account), "%s@%s", f->srv->user ? f->srv->user : "",
		 f->srv->host);
	for (p = strrchr(account, '@'); *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	snprintf(since, sizeof(since), f->list->has_since ? "%" PRId64 : "none", f->list->since);
	filter_text(f->list, filter, sizeof(filter));
	if ((rc = origin_meta(f, "account", k_acct, sizeof(k_acct), &old_acct, err)) ||
	    (rc = origin_meta(f, "since", k_since, sizeof(k_since), &old_since, err)) ||
	    (rc = origin_meta(f, "filter", k_filter, sizeof(k_filter), &old_filter, err)) ||
	    (rc = rp_store_prepare(f->store, &st,
				   "SELECT server, folder, uidvalidity, highest_uid FROM list "
				   "WHERE id = ?1",
				   err)))
		goto cleanup;
	sqlite3_bind_int64(st, 1, f->list_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		has_state = sqlite3_column_int64(st, 2) != 0 || sqlite3_column_int64(st, 3) != 0;
		if (sqlite3_column_text(st, 0))
			old_server = rp_strdup((const char *)sqlite3_column_text(st, 0));
		if (sqlite3_column_text(st, 1))
			old_folder = rp_strdup((const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	st = NULL;
	if (has_state) {
		origin_changed(f, old_server, old_folder, old_acct, account, old_since, old_filter,
			       filter, why, sizeof(why));
		if (*why) {
			rc = rp_store_prepare(f->store, &st,
					      "UPDATE list SET server = ?1, folder = ?2, uidvalidity = NULL,"
					      " highest_uid = 0, highestmodseq = NULL WHERE id = ?3",
					      err);
			if (rc)
				goto cleanup;
			rp_bind_text(st, 1, f->srv->name);
			rp_bind_text(st, 2, f->list->folder);
			sqlite3_bind_int64(st, 3, f->list_id);
			if (sqlite3_step(st) != SQLITE_DONE) {
				rc = rp_store_error(f->store, err, "resetting list state");
				goto cleanup;
			}
			f->res->resynced = 1;
			if (f->opt->event)
				f->opt->event(f->opt->ctx, f->list->name, why);
		}
	}
	if ((!old_acct || strcmp(old_acct, account) != 0) &&
	    (rc = rp_store_meta_set(f->store, k_acct, account, err)))
		goto cleanup;
	if ((!old_since || strcmp(old_since, since) != 0) &&
	    (rc = rp_store_meta_set(f->store, k_since, since, err)))
		goto cleanup;
	if ((!old_filter || strcmp(old_filter, filter) != 0) &&
	    (rc = rp_store_meta_set(f->store, k_filter, filter, err)))
		goto cleanup;
	f->origin_checked = 1;
cleanup:
	sqlite3_finalize(st);
	free(old_acct);
	free(old_since);
	free(old_filter);
	free(old_server);
	free(old_folder);
	return rc;
}

static int load_state(struct fetch *f, struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = rp_store_list_id(f->store, f->list->name, 1, &f->list_id, err)))
		return rc;
	if (!f->origin_checked && (rc = check_origin(f, err)))
		return rc;
	/* Only the recorded highest UID counts, never MAX(uid) of the stored messages: a
	 * message below it may be missing (a FETCH answered in part), and the recorded value
	 * never passes one (watermark). */
	rc = rp_store_prepare(f->store, &st,
			      "SELECT l.uidvalidity, l.highest_uid, l.highestmodseq"
			      " FROM list l WHERE l.id = ?1",
			      err);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, f->list_id);
	f->uidvalidity = 0, f->highest_uid = 0, f->highestmodseq = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		f->uidvalidity = (uint32_t)sqlite3_column_int64(st, 0);
		f->highest_uid = (uint32_t)sqlite3_column_int64(st, 1);
		f->highestmodseq = (uint64_t)sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	return 0;
}

/* Record the list's sync state, in its own small transaction after the batch's messages
 * committed: a crash in between leaves highest_uid behind the messages, and the next fetch
 * merely looks at them again (they are recognised as duplicates). The other order could
 * record UIDs whose messages were never committed. */
static int save_state(struct fetch *f, uint32_t uidvalidity, uint32_t highest, uint64_t modseq,
		      struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = rp_store_prepare(f->store, &st,
			      "UPDATE list SET server = ?1, folder = ?2, uidvalidity = ?3,"
			      " highest_uid = ?4, highestmodseq = ?5, last_sync = ?6 WHERE id = ?7",
			      err);
	if (rc)
		return rc;
	rp_bind_text(st, 1, f->srv->name);
	rp_bind_text(st, 2, f->list->folder);
	sqlite3_bind_int64(st, 3, uidvalidity);
	sqlite3_bind_int64(st, 4, highest);
	if (modseq)
		sqlite3_bind_int64(st, 5, (sqlite3_int64)modseq);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)time(NULL));
	sqlite3_bind_int64(st, 7, f->list_id);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : rp_store_error(f->store, err, "saving list state");
	sqlite3_finalize(st);
	return rc;
}

static int stopped(const struct rp_imap_options *o)
{
	return o->stop && *o->stop;
}

/* How the list's fetches ended, for status (rp_imap_state_get), in the meta table:
 * "fetch_ok:ID" the time of the last complete sync, "fetch_failed:ID" "TIME TEXT" when the
 * most recent one failed or was interrupted (removed by the next success). Best effort: a
 * store that cannot record it has said so already, or will at the next write. */
static void outcome_key(char *key, size_t n, const char *what, int64_t list_id)
{
	snprintf(key, n, "fetch_%s:%lld", what, (long long)list_id);
}

static void record_success(struct fetch *f)
{
	char key[64], now[32];

	snprintf(now, sizeof(now), "%lld", (long long)time(NULL));
	outcome_key(key, sizeof(key), "ok", f->list_id);
	if (rp_store_meta_set(f->store, key, now, NULL) == 0) {
		outcome_key(key, sizeof(key), "failed", f->list_id);
		(void)rp_store_meta_set(f->store, key, NULL, NULL);
	}
}

/* The failure e of the list's fetch; the list's row is made when the first fetch failed
 * before reaching the store, so that status can say why the list has nothing. */
static void record_failure(struct rp_store *store, const struct rp_config_list *list,
			   int64_t list_id, const struct rp_error *e)
{
	char key[64], value[sizeof(e->where) + sizeof(e->msg) + 32];

	if (e->code == RP_EDB || e->code == RP_EBUSY || e->code == RP_ENOMEM)
		return; /* the store itself failed: writing to it will not help */
	if (!list_id && rp_store_list_id(store, list->name, 1, &list_id, NULL))
		return;
	snprintf(value, sizeof(value), "%lld %s", (long long)time(NULL), rp_error_text(e));
	outcome_key(key, sizeof(key), "failed", list_id);
	(void)rp_store_meta_set(store, key, value, NULL);
}

/* An epoch time in a meta value ("TIME" or "TIME TEXT"), 0 when missing; *rest after it. */
static int64_t meta_time(const char *v, const char **rest)
{
	char *end = NULL;
	long long t = v ? strtoll(v, &end, 10) : 0;

	if (rest)
		*rest = end && *end == ' ' ? end + 1 : "";
	return t > 0 ? (int64_t)t : 0;
}

int rp_imap_state_get(struct rp_imap_state *out, struct rp_store *store, int64_t list_id,
		      struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	char key[64], *ok = NULL, *failed = NULL, *account = NULL;
	const char *text = "";
	int rc;

	memset(out, 0, sizeof(*out));
	outcome_key(key, sizeof(key), "ok", list_id);
	if ((rc = rp_store_meta_get(store, key, &ok, err)))
		goto cleanup;
	outcome_key(key, sizeof(key), "failed", list_id);
	if ((rc = rp_store_meta_get(store, key, &failed, err)))
		goto cleanup;
	outcome_key(key, sizeof(key), "account", list_id);
	if ((rc = rp_store_meta_get(store, key, &account, err)))
		goto cleanup;
	if ((rc = rp_store_prepare(store, &st,
				   "SELECT server, folder, uidvalidity, highest_uid FROM list"
				   " WHERE id = ?1",
				   err)))
		goto cleanup;
	sqlite3_bind_int64(st, 1, list_id);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		out->fetched = 1;
		snprintf(out->server, sizeof(out->server), "%s", sqlite3_column_text(st, 0));
		if (sqlite3_column_type(st, 1) != SQLITE_NULL)
			snprintf(out->folder, sizeof(out->folder), "%s", sqlite3_column_text(st, 1));
		out->uidvalidity = (uint32_t)sqlite3_column_int64(st, 2);
		out->highest_uid = (uint32_t)sqlite3_column_int64(st, 3);
	}
	if (account)
		snprintf(out->account, sizeof(out->account), "%s", account);
	out->last_ok = meta_time(ok, NULL);
	out->failed_at = meta_time(failed, &text);
	snprintf(out->error, sizeof(out->error), "%s", text);
	if (out->last_ok || out->failed_at)
		out->fetched = 1;
cleanup:
	sqlite3_finalize(st);
	free(ok);
	free(failed);
	free(account);
	return rc;
}

/* The highest UID below which every expected message has arrived. */
static uint32_t watermark(const struct fetch *f)
{
	if (f->next_missing < f->n_expected)
		return f->expected[f->next_missing] - 1;
	return f->max_seen;
}

/* Mark uid as arrived; 0 when the server sent a UID it had not listed (new since). */
static void mark_arrived(struct fetch *f, uint32_t uid)
{
	size_t lo = 0, hi = f->n_expected;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->expected[mid] < uid)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < f->n_expected && f->expected[lo] == uid)
		f->arrived[lo] = 1;
	while (f->next_missing < f->n_expected && f->arrived[f->next_missing])
		f->next_missing++;
}

/* Commit the pending messages with highest as the list's highest_uid. The server's
 * HIGHESTMODSEQ is recorded only once the whole range has been answered (done): before
 * that, an unchanged HIGHESTMODSEQ must not make a resumed fetch skip the rest. */
static int commit_batch(struct fetch *f, uint32_t highest, int done, struct rp_error *err)
{
	uint64_t modseq = done ? f->res->highestmodseq : f->highestmodseq;
	int rc;

	if (highest < f->committed)
		highest = f->committed;
	if ((rc = rp_ingest_flush(f->in, err)) ||
	    (rc = save_state(f, f->res->uidvalidity, highest, modseq, err))) {
		rp_store_rollback(f->store);
		return rc;
	}
	if (highest > f->committed)
		f->progressed = 1;
	f->committed = highest;
	f->res->highest_uid = highest;
	f->pending = 0;
	f->pending_bytes = 0;
	return 0;
}

/* A stop request seen after a message was stored: commit what came so far and cut the
 * connection, so that the FETCH in progress (on whichever thread reads it) ends at once
 * instead of after the whole folder; the messages still in flight are dropped. */
static void halt(struct fetch *f)
{
	mailstream_low *low = f->imap && f->imap->imap_stream
				      ? mailstream_get_low(f->imap->imap_stream)
				      : NULL;
	int fd = low ? mailstream_low_get_fd(low) : -1;

	f->halted = 1;
	if (commit_batch(f, watermark(f), 0, &f->handler_err))
		f->fatal = 1;
	if (fd >= 0)
		shutdown(fd, SHUT_RDWR);
}

static void on_report(void *ctx, const char *source, const char *what)
{
	struct fetch *f = ctx;
	char buf[600];

	if (f->opt->event) {
		snprintf(buf, sizeof(buf), "%s: %s", source, what);
		f->opt->event(f->opt->ctx, f->list->name, buf);
	}
}

/* Store one message of the FETCH, on the thread that stores, in arrival order: body
 * is copied, or taken over when owned (rp_ingest_add_owned, with its hash). */
static void deliver(struct fetch *f, uint32_t uid, const char *body, char *owned, size_t len,
		    const char *hash, const int64_t *arrival)
{
	enum rp_ingest_result res;
	char source[300];
	int rc;

	if (f->fatal || f->halted) {
		free(owned);
		return;
	}
	f->res->fetched++;
	f->res->bytes += len;
	snprintf(source, sizeof(source), "imap:%s/%u/%u", f->list->name, f->res->uidvalidity, uid);
	if (owned)
		rc = rp_ingest_add_owned(f->in, owned, len, hash, source, f->res->uidvalidity, uid,
					 arrival, &res, &f->handler_err);
	else
		rc = rp_ingest_add_noted(f->in, body, len, source, f->res->uidvalidity, uid, NULL,
					 arrival, &res, &f->handler_err);
	if (rc) {
		f->fatal = 1;
		return;
	}
	if (uid > f->max_seen)
		f->max_seen = uid;
	mark_arrived(f, uid);
	f->pending_bytes += len;
	if ((++f->pending >= f->opt->batch_size || f->pending_bytes >= RP_INGEST_BATCH_BYTES) &&
	    commit_batch(f, watermark(f), 0, &f->handler_err))
		f->fatal = 1;
	if (f->opt->progress)
		f->opt->progress(f->opt->ctx, f->list->name, f->res->fetched, f->total, f->res->bytes);
	if (!f->fatal && stopped(f->opt))
		halt(f);
}

/* An INTERNALDATE in UTC seconds: the server's local time and its zone ("-0500" is read as
 * -500, hours and minutes). 0 when the fields are out of range: no date rather than a
 * wrong one. */
static int internaldate(const struct mailimap_date_time *dt, int64_t *out)
{
	int zone = dt->dt_zone, sign = zone < 0 ? -1 : 1;
	struct tm tm;

	zone *= sign;
	if (dt->dt_year < 1970 || dt->dt_year > 9999 || dt->dt_month < 1 || dt->dt_month > 12 ||
	    dt->dt_day < 1 || dt->dt_day > 31 || dt->dt_hour > 23 || dt->dt_min > 59 ||
	    dt->dt_sec > 60 || zone % 100 > 59 || zone > 2359)
		return 0;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = dt->dt_year - 1900;
	tm.tm_mon = dt->dt_month - 1;
	tm.tm_mday = dt->dt_day;
	tm.tm_hour = dt->dt_hour;
	tm.tm_min = dt->dt_min;
	tm.tm_sec = dt->dt_sec;
	*out = (int64_t)timegm(&tm) - sign * ((zone / 100) * 3600 + (zone % 100) * 60);
	return 1;
}

/* libetpan's handler, on the thread that reads the connection: each message as soon as
 * it is parsed, handed over (or stored here when there is no second thread), with the
 * server's INTERNALDATE: its date when it has no Date header that reads, as an import
 * dates a message by its arrival. */
static void on_message(struct mailimap_msg_att *att, void *ctx)
{
	struct fetch *f = ctx;
	const char *body = NULL;
	size_t len = 0;
	uint32_t uid = 0;
	int64_t arrival = 0;
	int dated = 0;
	clistiter *it;

	for (it = clist_begin(att->att_list); it; it = clist_next(it)) {
		struct mailimap_msg_att_item *item = clist_content(it);
		if (item->att_type != MAILIMAP_MSG_ATT_ITEM_STATIC)
			continue;
		switch (item->att_data.att_static->att_type) {
		case MAILIMAP_MSG_ATT_UID:
			uid = item->att_data.att_static->att_data.att_uid;
			break;
		case MAILIMAP_MSG_ATT_BODY_SECTION:
			body = item->att_data.att_static->att_data.att_body_section->sec_body_part;
			len = item->att_data.att_static->att_data.att_body_section->sec_length;
			break;
		case MAILIMAP_MSG_ATT_INTERNALDATE:
			if (item->att_data.att_static->att_data.att_internal_date)
				dated = internaldate(
					item->att_data.att_static->att_data.att_internal_date,
					&arrival);
			break;
		default:
			break;
		}
	}
	/* "UID n:*" always matches the last message, even below n; unsolicited FETCH
	 * responses (flag changes) carry no body. Neither is a message to store. */
	if (uid < f->from || !body)
		return;
	if (f->threaded)
		(void)rp_handoff_put(&f->handoff, uid, body, len, dated ? &arrival : NULL);
	else
		deliver(f, uid, body, NULL, len, NULL, dated ? &arrival : NULL);
}

/* The UID FETCH on a thread of its own, while this one stores what it hands over. */
struct reader {
	struct fetch *f;
	struct mailimap_set *set;
	struct mailimap_fetch_type *ft;
	clist *result;
	int r;
};

static void *reader_main(void *arg)
{
	struct reader *rd = arg;

	rd->r = mailimap_uid_fetch(rd->f->imap, rd->set, rd->ft, &rd->result);
	rp_handoff_end(&rd->f->handoff);
	return NULL;
}

/* Store what the reader hands over until it is done. After a store failure the rest of
 * the response is still read (the connection stays usable) but dropped. */
static void store_handed_over(struct fetch *f)
{
	struct rp_handoff_item it;

	while (rp_handoff_get(&f->handoff, &it)) {
		deliver(f, it.uid, it.raw, it.raw, it.len, it.hash,
			it.has_arrival ? &it.arrival : NULL);
		if (f->fatal)
			rp_handoff_close(&f->handoff);
	}
	if (!f->fatal && rp_handoff_failed(&f->handoff)) {
		f->fatal = 1;
		rp_error_set(&f->handler_err, RP_ENOMEM, f->where, "out of memory");
	}
}

/* UID FETCH set, each message stored as it arrives. The storing thread (SQLite) is the
 * bottleneck of a fetch: reading the connection (TLS, libetpan's parsing, the copy out of
 * its buffers, the SHA-256 of each message) moves to a thread of its own, and goes on
 * while a batch commits. The storing thread of a 10,000-message fetch from a local
 * Dovecot then ran 0.35 s instead of 0.46 s (CPU, medians). On one core, or when no
 * thread can be started, the handler stores each message itself. */
static int uid_fetch_streamed(struct fetch *f, struct mailimap_set *set,
			      struct mailimap_fetch_type *ft, clist **result)
{
	struct reader rd = { f, set, ft, NULL, 0 };
	sigset_t stop_signals, old;
	pthread_t th;

	mailimap_set_progress_callback(f->imap, NULL, items_progress, NULL);
	mailimap_set_msg_att_handler(f->imap, on_message, f);
	f->threaded = rp_ingest_threads() &&
		      rp_handoff_init(&f->handoff, HANDOFF_MESSAGES, HANDOFF_BYTES) == 0;
	/* SIGINT and SIGTERM go to this thread, which sees the stop request between two
	 * messages (halt); on the reader they would break off the message being read. */
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGINT);
	sigaddset(&stop_signals, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop_signals, &old);
	if (f->threaded && pthread_create(&th, NULL, reader_main, &rd) != 0) {
		rp_handoff_release(&f->handoff);
		f->threaded = 0;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (f->threaded) {
		store_handed_over(f);
		pthread_join(th, NULL);
		rp_handoff_release(&f->handoff);
		f->threaded = 0;
	} else {
		rd.r = mailimap_uid_fetch(f->imap, set, ft, &rd.result);
	}
	mailimap_set_msg_att_handler(f->imap, NULL, NULL);
	*result = rd.result;
	return rd.r;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* The UIDs >= from on the server that pass the list's filters (List-Id, address, since;
 * with none, every UID), into f->expected, and as a set for UID FETCH (filters only: the
 * server does the selection and only the list's messages cross the network; without
 * filters *out is "from:*"). *n receives how many. */
static int search_uids(struct fetch *f, int filtered, struct mailimap_set **out, uint64_t *n,
		       struct rp_error *err)
{
	const struct rp_config_list *l = f->list;
	struct mailimap_search_key *key = NULL, *who = NULL;
	clist *result = NULL;
	clistiter *it;
	int r, rc = 0;

	*out = NULL;
	*n = 0;
	key = mailimap_search_key_new_multiple_empty();
	if (!key)
		return rp_error_set(err, RP_ENOMEM, f->where, "out of memory");
	mailimap_search_key_multiple_add(key,
					 mailimap_search_key_new_uid(mailimap_set_new_interval(f->from, 0)));
	if (l->has_since) {
		time_t t = (time_t)l->since;
		struct tm tm;
		gmtime_r(&t, &tm);
		mailimap_search_key_multiple_add(
			key, mailimap_search_key_new_since(
				     mailimap_date_new(tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900)));
	}
	if (l->list_id)
		who = mailimap_search_key_new_header(strdup("List-Id"), strdup(l->list_id));
	if (l->address) {
		struct mailimap_search_key *a = mailimap_search_key_new_or(
			mailimap_search_key_new_header(strdup("To"), strdup(l->address)),
			mailimap_search_key_new_header(strdup("Cc"), strdup(l->address)));
		who = who ? mailimap_search_key_new_or(who, a) : a;
	}
	if (who)
		mailimap_search_key_multiple_add(key, who);
	r = mailimap_uid_search(f->imap, who || l->has_since ? "UTF-8" : NULL, key, &result);
	mailimap_search_key_free(key);
	if (r != MAILIMAP_NO_ERROR)
		return imap_fail(f, r, "UID SEARCH", err);
	*out = filtered ? mailimap_set_new_empty() : mailimap_set_new_interval(f->from, 0);
	f->expected = malloc((clist_count(result) + 1) * sizeof(*f->expected));
	f->arrived = calloc(clist_count(result) + 1, 1);
	if (!*out || !f->expected || !f->arrived) {
		rc = rp_error_set(err, RP_ENOMEM, f->where, "out of memory");
		goto cleanup;
	}
	for (it = clist_begin(result); it; it = clist_next(it)) {
		uint32_t uid = *(uint32_t *)clist_content(it);
		if (uid < f->from)
			continue; /* "from:*" matches the last message even below from */
		if (filtered && mailimap_set_add_single(*out, uid) != MAILIMAP_NO_ERROR)
			continue;
		f->expected[f->n_expected++] = uid;
	}
	qsort(f->expected, f->n_expected, sizeof(*f->expected), cmp_u32);
	*n = f->n_expected;
cleanup:
	mailimap_search_result_free(result);
	return rc;
}

static struct mailimap_fetch_type *fetch_type(void)
{
	struct mailimap_fetch_type *ft = mailimap_fetch_type_new_fetch_att_list_empty();

	if (!ft)
		return NULL;
	mailimap_fetch_type_new_fetch_att_list_add(ft, mailimap_fetch_att_new_uid());
	mailimap_fetch_type_new_fetch_att_list_add(ft, mailimap_fetch_att_new_internaldate());
	mailimap_fetch_type_new_fetch_att_list_add(
		ft, mailimap_fetch_att_new_body_peek_section(mailimap_section_new(NULL)));
	return ft;
}

/* A folder read from the start in which the list's filters found nothing: most often a
 * typo in address or list_id, said with what was looked for (a fetch that brings
 * nothing is otherwise silent). */
static void say_nothing_matched(struct fetch *f)
{
	const struct rp_config_list *l = f->list;
	uint32_t exists = f->imap->imap_selection_info ? f->imap->imap_selection_info->sel_exists
							: 0;
	char buf[900], d[32], day[48] = "", who[600];

	if (!f->opt->event || !exists || (!l->address && !l->list_id))
		return;
	/* The search asked for both: the folder's count is of all its mail, and the since
	 * may be what excluded it. */
	if (l->has_since)
		snprintf(day, sizeof(day), " received since %s", day_text(l->since, d, sizeof(d)));
	if (l->address && l->list_id)
		snprintf(who, sizeof(who), "address %s in To or Cc, nor list_id %s in List-Id",
			 l->address, l->list_id);
	else if (l->address)
		snprintf(who, sizeof(who), "address %s in To or Cc", l->address);
	else
		snprintf(who, sizeof(who), "list_id %s in List-Id", l->list_id);
	if (l->has_since)
		snprintf(buf, sizeof(buf),
			 "warning: no message%s in folder %s (%u in all) has %s; check the [list %s] "
			 "settings: since, and the others against the headers of a message of the list",
			 day, l->folder, exists, who, l->name);
	else
		snprintf(buf, sizeof(buf),
			 "warning: none of the %u messages in folder %s has %s; check the [list %s] "
			 "settings against the headers of a message of the list",
			 exists, l->folder, who, l->name);
	f->opt->event(f->opt->ctx, l->name, buf);
}

/* One pass over the selected folder: everything from the stored highest UID on.
 * fresh says the selection info (UIDNEXT) comes from a SELECT just made. */
static int sync_folder(struct fetch *f, int fresh, uint64_t modseq, struct rp_error *err)
{
	struct mailimap_selection_info *sel = f->imap->imap_selection_info;
	struct rp_ingest_options io;
	struct rp_ingest_stats stats = { 0 };
	struct mailimap_set *set = NULL;
	struct mailimap_fetch_type *ft = NULL;
	clist *result = NULL;
	uint32_t uidnext = fresh && sel ? sel->sel_uidnext : 0;
	int filtered = f->list->address || f->list->list_id || f->list->has_since;
	int r, rc = 0, bulk = 0;
	double t0 = rp_now_seconds();

	if ((rc = load_state(f, err)))
		return rc;
	f->res->uidvalidity = sel ? sel->sel_uidvalidity : 0;
	if (f->uidvalidity && f->uidvalidity != f->res->uidvalidity) {
		/* Every UID the store knows is void: read the folder again. */
		f->res->resynced = 1;
		f->highest_uid = 0;
		f->highestmodseq = 0;
	}
	if (fresh)
		f->res->highestmodseq = modseq;
	f->committed = f->highest_uid;
	f->res->highest_uid = f->highest_uid;
	f->from = f->highest_uid + 1;
	f->max_seen = f->highest_uid;
	free(f->expected);
	free(f->arrived);
	f->expected = NULL;
	f->arrived = NULL;
	f->n_expected = f->next_missing = 0;
	f->pending = 0;
	f->pending_bytes = 0;
	f->halted = 0;
	if (fresh && ((uidnext && uidnext <= f->from) ||
		      (modseq && modseq == f->highestmodseq && !f->res->resynced))) {
		/* Nothing new: no FETCH at all. */
		if (!(rc = save_state(f, f->res->uidvalidity, f->committed, modseq, err)))
			record_success(f);
		return rc;
	}
	rp_ingest_options_default(&io);
	if (f->opt->limits)
		io.limits = *f->opt->limits;
	io.list = f->list->name;
	/* Batches are committed here, with the list state. */
	io.batch_size = INT_MAX;
	io.batch_bytes = SIZE_MAX;
	io.report = on_report;
	io.ctx = f;
	if ((rc = rp_ingest_begin(&f->in, f->store, &io, err)))
		return rc;
	if ((rc = search_uids(f, filtered, &set, &f->total, err)))
		goto cleanup;
	if (fresh && f->from == 1 && !f->n_expected) /* not at each wake-up of --watch */
		say_nothing_matched(f);
	/* A large pass (a first sync, a long absence) writes out of WAL, its raw bytes once:
	 * 10,000 messages from a local Dovecot took 0.57 s against 0.68 s in WAL. A small
	 * pass, the usual --watch wake-up, stays in WAL, where readers never wait. */
	if (f->total >= FETCH_BULK_MIN)
		bulk = rp_store_bulk_begin(f->store);
	if (!set) {
		rc = rp_error_set(err, RP_ENOMEM, f->where, "out of memory");
		goto cleanup;
	}
	if (stopped(f->opt)) {
		rc = rp_error_set(err, RP_EINTR, f->where, "interrupted before UID FETCH %u:*",
				  f->from);
		goto cleanup;
	}
	/* Nothing listed, nothing to ask for: "UID FETCH from:*" would still bring the
	 * folder's last message (below from) back, at every wake-up of --watch. */
	if (clist_begin(set->set_list) && f->n_expected) {
		if (!(ft = fetch_type())) {
			rc = rp_error_set(err, RP_ENOMEM, f->where, "out of memory");
			goto cleanup;
		}
		r = uid_fetch_streamed(f, set, ft, &result);
		rp_log(3, "%s: UID FETCH answered at %.3f s", f->list->name, rp_now_seconds() - t0);
		/* On a tagged NO with every message streamed to the handler, libetpan 1.9.4 frees
		 * the (empty) result list and still leaves it in result: free it only on success. */
		if (result && r == MAILIMAP_NO_ERROR)
			mailimap_fetch_list_free(result);
		if (f->fatal) {
			rc = f->handler_err.code ? f->handler_err.code : RP_EDB;
			if (err)
				*err = f->handler_err;
			rp_store_rollback(f->store);
			goto cleanup;
		}
		if (f->halted) {
			/* halt() committed up to the message the stop request followed */
			rc = rp_error_set(err, RP_EINTR, f->where,
					  "UID FETCH %u:* interrupted after %zu of %zu messages (kept up "
					  "to UID %u)",
					  f->from, f->next_missing, f->n_expected, f->committed);
			goto cleanup;
		}
		if (r != MAILIMAP_NO_ERROR) {
			char cmd[160];
			size_t got = 0, k;

			for (k = 0; k < f->n_expected; k++)
				got += f->arrived[k];
			snprintf(cmd, sizeof(cmd), "UID FETCH %u:* (%zu of %zu messages arrived)", f->from,
				 got, f->n_expected);
			rc = imap_fail(f, r, cmd, err);
			/* Whole messages received before the fault are kept. */
			(void)commit_batch(f, watermark(f), 0, NULL);
			goto cleanup;
		}
		if (f->next_missing < f->n_expected) {
			size_t missing = 0, k;

			for (k = f->next_missing; k < f->n_expected; k++)
				missing += !f->arrived[k];
			(void)commit_batch(f, watermark(f), 0, NULL);
			rc = rp_error_set(err, RP_ENET, f->where,
					  "UID FETCH %u:*: %zu of %zu messages did not arrive, from UID %u "
					  "on (kept up to UID %u; the next fetch asks again); server said: %s",
					  f->from, missing, f->n_expected, f->expected[f->next_missing],
					  f->committed, *server_text(f->imap) ? server_text(f->imap) : "nothing");
			goto cleanup;
		}
	}
	/* The whole range was answered: with filters, the UIDs left out are done too. */
	rc = commit_batch(f, filtered && uidnext ? uidnext - 1 : f->max_seen, 1, err);
	rp_log(3, "%s: last batch committed at %.3f s", f->list->name, rp_now_seconds() - t0);
cleanup:
	if (ft)
		mailimap_fetch_type_free(ft);
	if (set)
		mailimap_set_free(set);
	{
		struct rp_error e2 = { 0 };
		int frc = rp_ingest_finish(f->in, &stats, rc ? &e2 : err);
		if (!rc)
			rc = frc;
		f->res->new += stats.added;
		f->res->duplicates += stats.duplicates;
		f->res->added_to_list += stats.added_to_list;
		f->res->errors += stats.errors;
	}
	f->in = NULL;
	rp_log(3, "%s: derived data (threads) done at %.3f s", f->list->name, rp_now_seconds() - t0);
	if (bulk)
		rp_store_bulk_end(f->store);
	if (!rc)
		record_success(f);
	rp_log(3, "%s: sync pass done at %.3f s", f->list->name, rp_now_seconds() - t0);
	return rc;
}

/* Announce the messages stored since the last announcement: an event and the arrived
 * callback, which analyses the drafts again. Messages that a pass broken by a fault
 * committed are announced with those of the pass that completes after it. */
static void announce_new(struct fetch *f)
{
	uint64_t n = f->res->new - f->notified;
	uint64_t listed = f->res->added_to_list - f->notified_listed;
	char buf[128];

	if (!n && !listed)
		return;
	f->notified = f->res->new;
	f->notified_listed = f->res->added_to_list;
	if (f->opt->event && n) {
		snprintf(buf, sizeof(buf), "%llu new message(s)", (unsigned long long)n);
		f->opt->event(f->opt->ctx, f->list->name, buf);
	}
	/* Mail cross-posted to a list stored before: new to this list's drafts. */
	if (f->opt->event && listed) {
		snprintf(buf, sizeof(buf), "%llu message(s) stored before for another list, now "
			 "this list's too", (unsigned long long)listed);
		f->opt->event(f->opt->ctx, f->list->name, buf);
	}
	if (f->opt->arrived)
		f->opt->arrived(f->opt->ctx, f->list->name, n + listed);
}

/* Messages the server last said the folder holds (its EXISTS), 0 when unknown. */
static uint32_t folder_exists(mailimap *imap)
{
	return imap->imap_selection_info ? imap->imap_selection_info->sel_exists : 0;
}

/* One IDLE (RFC 2177): wait until the server has something to say, the renewal is due or
 * *stop. The renewal's DONE doubles as the check that the connection is alive: libetpan
 * reads its answer with the server's timeout, so a connection dropped without a word (a
 * NAT that forgot it) fails here at the latest. Every IDLE that ends without a stop is
 * followed by a sync: mail the server announces in its answer to DONE, or with the next
 * "+ idling", is read by libetpan along with that answer, where polling the socket cannot
 * see it; a renewal's sync costs one UID SEARCH that finds nothing. On a stop the IDLE is
 * left as it is and the connection closed: waiting for the answer of a dead one would take
 * the whole timeout. */
static int idle_once(struct fetch *f, struct rp_error *err)
{
	mailstream *s = f->imap->imap_stream;
	time_t started = time(NULL);
	int renew = f->opt->idle_renew > 0 ? f->opt->idle_renew : IDLE_RENEW_SECONDS;
	uint32_t exists = folder_exists(f->imap);
	int r, announced;

	if (mailstream_setup_idle(s) < 0)
		return rp_error_set(err, RP_ENET, f->where, "IDLE: cannot wait on the connection");
	r = mailimap_idle(f->imap);
	if (r != MAILIMAP_NO_ERROR) {
		mailstream_unsetup_idle(s);
		return imap_fail(f, r, "IDLE", err);
	}
	/* already said with the "+ idling": parsed, or waiting in libetpan's buffer */
	announced = s->read_buffer_len > 0 || folder_exists(f->imap) != exists;
	while (!announced && !stopped(f->opt) && time(NULL) - started < renew) {
		r = mailstream_wait_idle(s, 1);
		if (r == MAILSTREAM_IDLE_HASDATA || r == MAILSTREAM_IDLE_ERROR ||
		    r == MAILSTREAM_IDLE_CANCELLED)
			break;
	}
	mailstream_unsetup_idle(s);
	if (stopped(f->opt))
		return 0;
	r = mailimap_idle_done(f->imap);
	if (r != MAILIMAP_NO_ERROR)
		return imap_fail(f, r, "DONE (end of IDLE)", err);
	return 0;
}

/* Mail that arrives while a pass runs is announced in the answers to its UID SEARCH or
 * UID FETCH (EXISTS), after the UIDs asked for were chosen; the next IDLE does not announce
 * it again (idle_once compares with the count already raised), so it would wait for the
 * renewal, 25 minutes by default. A pass that began when the folder held before messages
 * and after which it holds more is followed by another, until one ends where it began:
 * one UID SEARCH more when the mail was read already. */
static int sync_while_grown(struct fetch *f, uint32_t before, struct rp_error *err)
{
	int rc;

	while (!stopped(f->opt) && folder_exists(f->imap) > before) {
		before = folder_exists(f->imap);
		rp_log(3, "%s: the folder grew to %u messages during the pass: reading it again",
		       f->list->name, before);
		if ((rc = sync_folder(f, 0, 0, err)))
			return rc;
		announce_new(f);
	}
	return 0;
}

/* Wait for new mail with IDLE and sync each time some arrives, until *stop. before: the
 * messages the folder held when the pass just made began. */
static int watch_folder(struct fetch *f, uint32_t before, struct rp_error *err)
{
	int rc;

	if (!mailimap_has_idle(f->imap)) {
		f->no_idle = 1;
		return rp_error_set(err, RP_EIO, f->where,
				    "the server does not offer IDLE (--watch)");
	}
	if ((rc = sync_while_grown(f, before, err)))
		return rc;
	while (!stopped(f->opt)) {
		if ((rc = idle_once(f, err)))
			return rc;
		if (!stopped(f->opt)) {
			before = folder_exists(f->imap);
			if ((rc = sync_folder(f, 0, 0, err)))
				return rc;
			announce_new(f);
			if ((rc = sync_while_grown(f, before, err)))
				return rc;
		}
	}
	return 0;
}

/* "0.3 s", "42 s", "12 min", "3.5 h": how long an outage has lasted, for messages. */
static const char *duration(double s, char *buf, size_t n)
{
	if (s < 10)
		snprintf(buf, n, "%.1f s", s);
	else if (s < 90)
		snprintf(buf, n, "%.0f s", s);
	else if (s < 90 * 60)
		snprintf(buf, n, "%.0f min", s / 60);
	else
		snprintf(buf, n, "%.1f h", s / 3600);
	return buf;
}

/* --watch: a connection completed its sync. The first one sets the starting point (what it
 * fetched is no news); after a fault, the reconnection is reported and what arrived
 * meanwhile announced. */
static void watch_synced(struct fetch *f)
{
	struct outage *o = &f->out;
	char buf[160], d[32], tries[48] = "";

	f->synced_at = rp_now_seconds();
	if (!f->synced) {
		f->synced = 1;
		f->notified = f->res->new;
		f->notified_listed = f->res->added_to_list;
		return;
	}
	if (o->lost && f->opt->event) {
		if (o->attempts)
			snprintf(tries, sizeof(tries), " (%d attempt%s failed)", o->attempts,
				 o->attempts == 1 ? "" : "s");
		snprintf(buf, sizeof(buf), "reconnected after %s without a connection%s",
			 duration(f->synced_at - o->since, d, sizeof(d)), tries);
		f->opt->event(f->opt->ctx, f->list->name, buf);
	}
	o->lost = 0;
	o->said[0] = '\0';
	announce_new(f);
}

/* A folder name from LIST, for a message: decoded from modified UTF-7 when it is, then
 * escaped as every error's text is (rp_buf_add_escaped: controls, C1 controls such as a
 * CSI, directional overrides and bytes that are not UTF-8 shown as \xNN), since the
 * message is put together here, not through rp_error_set; into buf. */
static const char *folder_shown(const char *name, char *buf, size_t n)
{
	struct rp_buf b = RP_BUF_INIT;
	char *text = NULL;

	if (rp_buf_add_escaped(&b, strchr(name, '&') && convert(&text, name, "UTF-7-IMAP", "UTF-8") == 0
					   ? text
					   : name))
		snprintf(buf, n, "?");
	else
		snprintf(buf, n, "%s", b.buf ? b.buf : "");
	free(text);
	rp_buf_release(&b);
	return buf;
}

/* Whether a folder of LIST can be selected: neither \Noselect nor \NonExistent (RFC 5258,
 * a parent that only holds other folders). */
static int selectable(const struct mailimap_mailbox_list *mb)
{
	clistiter *it;

	if (!mb->mb_flag)
		return 1;
	if (mb->mb_flag->mbf_type == MAILIMAP_MBX_LIST_FLAGS_SFLAG &&
	    mb->mb_flag->mbf_sflag == MAILIMAP_MBX_LIST_SFLAG_NOSELECT)
		return 0;
	for (it = clist_begin(mb->mb_flag->mbf_oflags); it; it = clist_next(it)) {
		const struct mailimap_mbx_list_oflag *o = clist_content(it);

		if (o->of_type == MAILIMAP_MBX_LIST_OFLAG_FLAG_EXT && o->of_flag_ext &&
		    rp_ascii_casecmp(o->of_flag_ext, "NonExistent") == 0)
			return 0;
	}
	return 1;
}

/* s at the end of err's message, as much as fits. */
static void msg_append(struct rp_error *err, const char *s)
{
	size_t len = strlen(err->msg), n = strlen(s);

	if (n > sizeof(err->msg) - 1 - len)
		n = sizeof(err->msg) - 1 - len;
	memcpy(err->msg + len, s, n);
	err->msg[len + n] = '\0';
}

/* A folder the server would not open: err goes on with the folders it has (LIST "" "*",
 * those that can be selected, as far as the message has room) and its hierarchy
 * separator, so that "Lists/wg" for "Lists.wg", or a name misspelt, is seen at once.
 * Nothing is added when the LIST fails. */
static void say_folders(struct fetch *f, struct rp_error *err)
{
	clist *list = NULL;
	clistiter *it;
	char names[sizeof(err->msg)] = "", one[200];
	size_t len, room, more = 0;
	char sep = 0;

	if (!err || mailimap_list(f->imap, "", "*", &list) != MAILIMAP_NO_ERROR || !list)
		return;
	len = strlen(err->msg);
	room = sizeof(err->msg) - len > 80 ? sizeof(err->msg) - len - 80 : 0;
	for (it = clist_begin(list); it; it = clist_next(it)) {
		struct mailimap_mailbox_list *mb = clist_content(it);

		if (!selectable(mb))
			continue;
		if (mb->mb_delimiter > ' ' && mb->mb_delimiter < 0x7f)
			sep = mb->mb_delimiter;
		folder_shown(mb->mb_name, one, sizeof(one));
		if (strlen(names) + strlen(one) + 2 < room)
			snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
				 *names ? ", " : "", one);
		else
			more++;
	}
	mailimap_list_result_free(list);
	if (!*names)
		return;
	/* after the server's text, which often ends a sentence */
	msg_append(err, len && err->msg[len - 1] == '.' ? " The folders there are "
							: "; the folders there are ");
	msg_append(err, names);
	len = strlen(err->msg);
	if (more)
		snprintf(err->msg + len, sizeof(err->msg) - len, " and %zu more", more);
	len = strlen(err->msg);
	if (sep)
		snprintf(err->msg + len, sizeof(err->msg) - len, " (hierarchy separator '%c')", sep);
}

/* One connection: connect, verify, log in, select, sync (and watch). */
static int session(struct fetch *f, struct rp_error *err)
{
	uint64_t modseq = 0;
	uint32_t exists;
	int r, rc;

	f->progressed = 0;
	f->tls_broke = 0;
	if ((rc = do_connect(f, err)) || (rc = do_login(f, err)))
		goto cleanup;
	if (mailimap_has_condstore(f->imap))
		r = mailimap_select_condstore(f->imap, f->folder, &modseq);
	else
		r = mailimap_select(f->imap, f->folder);
	if (r != MAILIMAP_NO_ERROR) {
		char cmd[300];
		snprintf(cmd, sizeof(cmd), "SELECT %s", f->list->folder);
		rc = imap_fail(f, r == MAILIMAP_ERROR_STREAM || r == MAILIMAP_ERROR_PARSE
					  ? r
					  : MAILIMAP_ERROR_SELECT,
			       cmd, err);
		if (rc == RP_ENOTFOUND)
			say_folders(f, err);
		goto cleanup;
	}
	exists = folder_exists(f->imap);
	if ((rc = sync_folder(f, 1, modseq, err)))
		goto cleanup;
	if (f->opt->watch) {
		watch_synced(f);
		rc = watch_folder(f, exists, err);
	}
	if (!rc && !stopped(f->opt))
		mailimap_logout(f->imap);
cleanup:
	if (f->imap) {
		/* mailimap_free sends LOGOUT to a connection still open and reads the answer
		 * through the unwrapped driver when connecting failed; after an error the server
		 * is not owed a LOGOUT, so the connection is simply closed. */
		if (f->imap->imap_stream) {
			mailstream_close(f->imap->imap_stream);
			f->imap->imap_stream = NULL;
		}
		mailimap_free(f->imap);
	}
	f->imap = NULL;
	return rc;
}

static void sleep_seconds(double s, volatile sig_atomic_t *stop)
{
	struct timespec ts;

	while (s > 0 && !(stop && *stop)) {
		double step = s > 0.2 ? 0.2 : s;
		ts.tv_sec = (time_t)step;
		ts.tv_nsec = (long)((step - (double)ts.tv_sec) * 1e9);
		nanosleep(&ts, NULL);
		s -= step;
	}
}

static double first_delay(const struct rp_imap_options *o)
{
	return o->retry_delay >= 0 ? o->retry_delay : 1.0;
}

/* --watch: whether a session's failure is a fault of the connection, which waiting may
 * heal: refused, reset, closed, timed out, unreadable, a TLS handshake broken off, or a
 * command refused (retried by the one-shot fetch too). Authentication or a certificate
 * refused, a folder gone, a configuration or store error, a server without IDLE: these
 * will not heal. */
static int watch_heals(const struct fetch *f, int rc)
{
	if (rc == RP_ENET)
		return 1;
	if (rc == RP_EIO)
		return !f->no_idle;
	return rc == RP_ETLS && f->tls_broke;
}

/* --watch, once synced: report a connection fault and wait before reconnecting, however
 * long the outage lasts. The fault that ends a connection is always reported; failed
 * reconnections when the failure changes and at attempts 1, 2, 4, 8..., so that a day
 * without a server writes about ten lines. */
static void watch_wait(struct fetch *f, const struct rp_error *e)
{
	struct outage *o = &f->out;
	double now = rp_now_seconds();
	double cap = f->opt->watch_max_delay > 0 ? f->opt->watch_max_delay : WATCH_MAX_BACKOFF;
	const char *text = rp_error_text(e);
	char buf[sizeof(o->said) + 200], d[32];
	int say = 1;

	if (!o->lost) {
		if (!o->delay || now - f->synced_at >= WATCH_STABLE_SECONDS)
			o->delay = first_delay(f->opt) < cap ? first_delay(f->opt) : cap;
		o->lost = 1, o->attempts = 0, o->since = now;
		snprintf(buf, sizeof(buf), "%s; still watching: reconnecting in %.1f s", text,
			 o->delay);
	} else {
		o->attempts++;
		say = strcmp(text, o->said) != 0 || (o->attempts & (o->attempts - 1)) == 0;
		snprintf(buf, sizeof(buf),
			 "%s; still watching: reconnection attempt %d failed, %s without a "
			 "connection, next in %.1f s",
			 text, o->attempts, duration(now - o->since, d, sizeof(d)), o->delay);
	}
	if (say && f->opt->event) {
		snprintf(o->said, sizeof(o->said), "%s", text);
		f->opt->event(f->opt->ctx, f->list->name, buf);
	}
	if (say)
		record_failure(f->store, f->list, f->list_id, e);
	f->res->retries++;
	sleep_seconds(o->delay, f->opt->stop);
	o->delay = o->delay * 2 > cap ? cap : o->delay * 2;
}

/* A fetch a stop request ended before its end: what it committed is kept, said in e. */
static int interrupted(struct fetch *f, struct rp_error *e)
{
	if (e->code == RP_EINTR)
		return RP_EINTR; /* said where it happened */
	if (f->res->highest_uid)
		return rp_error_set(e, RP_EINTR, f->where, "interrupted (kept up to UID %u)",
				    f->res->highest_uid);
	return rp_error_set(e, RP_EINTR, f->where, "interrupted before any message was fetched");
}

static int fetch_list(struct rp_store *store, const struct rp_config_list *list,
		      const struct rp_imap_options *opt, struct rp_imap_result *res,
		      int64_t *list_id, struct rp_error *err)
{
	struct rp_imap_options defaults;
	struct rp_error e = { 0 };
	struct fetch f;
	double start = rp_now_seconds(), delay;
	int rc, attempt = 0, max_retries;

	memset(res, 0, sizeof(*res));
	if (!opt) {
		rp_imap_options_default(&defaults);
		opt = &defaults;
	}
	memset(&f, 0, sizeof(f));
	f.store = store;
	f.list = list;
	f.srv = list->server;
	f.opt = opt;
	f.res = res;
	snprintf(f.where, sizeof(f.where), "server %s (%s:%d) folder %s", f.srv->name, f.srv->host,
		 f.srv->port, list->folder);
	if (opt->batch_size <= 0) {
		rp_imap_options_default(&defaults);
		defaults.progress = opt->progress, defaults.event = opt->event;
		defaults.ctx = opt->ctx, defaults.watch = opt->watch, defaults.stop = opt->stop;
		defaults.arrived = opt->arrived;
		defaults.watch_max_delay = opt->watch_max_delay;
		defaults.idle_renew = opt->idle_renew;
		defaults.handshake_fd = opt->handshake_fd;
		f.opt = opt = &defaults;
	}
	if (f.srv->tls == RP_TLS_NONE && !f.srv->allow_plaintext &&
	    !rp_config_host_is_loopback(f.srv->host))
		return rp_error_set(err, RP_ECONFIG, f.where,
				    "refusing tls = none to a non-loopback host (allow_plaintext)");
	/* Not required by the config, whose other readers (compile) need no account; a login
	 * without a name would only be one more failure counted against the address. */
	if (!f.srv->user)
		return rp_error_set(err, RP_ECONFIG, f.where,
				    "[server %s]: key 'user' is required to log in (the account name)",
				    f.srv->name);
	if (opt->run && !(f.rs = run_server(opt->run, f.srv)))
		return rp_error_set(err, RP_ENOMEM, f.where, "out of memory");
	/* One refusal per server and run: each further login with the same secret would be
	 * another failure counted against the account (fail2ban, lockouts). */
	if (f.rs && f.rs->refused_list[0])
		return rp_error_set(err, RP_EAUTH, f.where,
				    "not tried: the server refused authentication for list %s in "
				    "this run (user '%s')",
				    f.rs->refused_list, f.srv->user ? f.srv->user : "");
	if ((rc = check_ca_file(&f, err)))
		return rc;
	if ((rc = rp_imap_folder_encode(&f.folder, list->folder, &e)))
		return rp_error_set(err, rc, f.where, "%s", e.msg);
	/* The server's own "retries" (config) over the caller's default. */
	max_retries = f.srv->retries >= 0 ? f.srv->retries : opt->max_retries;
	delay = first_delay(opt);
	for (;;) {
		memset(&e, 0, sizeof(e));
		rc = session(&f, &e);
		if (opt->watch && f.synced) {
			if (stopped(opt) || !watch_heals(&f, rc))
				break;
			watch_wait(&f, &e);
			if (stopped(opt))
				break;
			/* Hours may pass between connections: a token expires, a password is
			 * changed. Each reconnection reads the secret again. */
			if (f.rs)
				wipe_secret(f.rs);
			continue;
		}
		/* Until a first sync, --watch gives up as the one-shot fetch does: a wrong host or
		 * port is better said at once than waited on. */
		if ((rc != RP_ENET && rc != RP_EIO) || f.unresolvable)
			break;
		if (f.progressed) {
			/* A fault after progress starts the count and the backoff again. */
			attempt = 0;
			delay = first_delay(opt);
		}
		if (attempt >= max_retries || stopped(opt))
			break;
		attempt++;
		res->retries++;
		if (opt->event) {
			char buf[900];
			/* The UID to resume from is known once a session has read the store's
			 * state; a fault before that (no connection) says no UID. */
			int n = snprintf(buf, sizeof(buf), "%s; retry %d of %d in %.1f s",
					 rp_error_text(&e), attempt, max_retries, delay);

			if (res->highest_uid && n > 0 && (size_t)n < sizeof(buf))
				snprintf(buf + n, sizeof(buf) - (size_t)n, " from UID %u",
					 res->highest_uid + 1);
			opt->event(opt->ctx, list->name, buf);
		}
		sleep_seconds(delay, opt->stop);
		if (stopped(opt))
			break;
		delay = delay * 2 > MAX_BACKOFF ? MAX_BACKOFF : delay * 2;
	}
	/* A stop request interrupts whatever the connection was doing; the fault that causes
	 * is no failure of the watch, and for a one-shot fetch it is an interruption. */
	if (rc && stopped(opt) && (rc == RP_EINTR || watch_heals(&f, rc)))
		rc = opt->watch ? 0 : interrupted(&f, &e);
	if (rc == RP_EAUTH && f.rs)
		snprintf(f.rs->refused_list, sizeof(f.rs->refused_list), "%s", list->name);
	res->seconds = rp_now_seconds() - start;
	free(f.expected);
	free(f.arrived);
	free(f.folder);
	*list_id = f.list_id;
	if (rc && err)
		*err = e;
	return rc;
}

int rp_imap_fetch(struct rp_store *store, const struct rp_config_list *list,
		  const struct rp_imap_options *opt, struct rp_imap_result *res,
		  struct rp_error *err)
{
	struct rp_error e = { 0 };
	int64_t list_id = 0;
	int rc = fetch_list(store, list, opt, res, &list_id, &e);

	if (rc)
		record_failure(store, list, list_id, &e);
	if (rc && err)
		*err = e;
	return rc;
}
