/* imap: fetch a list's folder over IMAP into the store, incrementally, with verified TLS,
 * and resumable after any failure. Part of the ingest module (src/ingest/imap.c).
 *
 * State per list lives in the store's list table: uidvalidity, highest_uid (every UID up
 * to it has been looked at and its message committed), highestmodseq and last_sync, with
 * the folder it was read from; the account (user@host) and `since` it was read with are
 * in the meta table ("fetch_account:ID", "fetch_since:ID"), with how its fetches ended
 * ("fetch_ok:ID": the last completed, "fetch_failed:ID": the most recent failure). The
 * list row and each batch of messages commit in one transaction, so a kill at any moment
 * leaves a store the next fetch completes without loss or duplicate. */
#ifndef RAPPORTEUR_IMAP_H
#define RAPPORTEUR_IMAP_H

#include <signal.h>
#include <stdint.h>

#include "rapporteur/config.h"
#include "rapporteur/mime.h"
#include "rapporteur/store.h"
#include "rapporteur/util.h"

/* Progress: done messages of an estimated total (0 = unknown), bytes so far. */
typedef void (*rp_imap_progress_fn)(void *ctx, const char *list, uint64_t done, uint64_t total,
				    uint64_t bytes);
/* Something worth telling the user that does not stop the run: a retry, a message
 * stored with a parse error, new mail while watching. Never contains a secret. */
typedef void (*rp_imap_event_fn)(void *ctx, const char *list, const char *what);
/* --watch: n new messages of list were stored (committed, threads updated). */
typedef void (*rp_imap_arrived_fn)(void *ctx, const char *list, uint64_t n);

/* What the lists of one fetch run share per [server]: its secret, read once (password_cmd,
 * password_file or token_cmd) and wiped by rp_imap_run_free, and whether the server
 * refused it, after which the server's other lists are not tried. */
struct rp_imap_run;
int rp_imap_run_new(struct rp_imap_run **out); /* 0 or RP_ENOMEM */
void rp_imap_run_free(struct rp_imap_run *run); /* NULL-safe; wipes the secrets */

struct rp_imap_options {
	int batch_size;     /* messages per transaction (or 32 MB of them); default 4000 */
	int max_retries;    /* network faults retried in a row before giving up; default 5 */
	double retry_delay; /* first backoff in seconds, doubled each time, at most 60; default 1 */
	int watch;          /* after syncing, wait with IDLE and fetch new mail until *stop */
	volatile sig_atomic_t *stop; /* may be NULL; set by a signal handler to end --watch */
	/* May be NULL. During a TLS handshake, its socket, else -1. libetpan carries on with a
	 * handshake through signals until the timeout, so the handler that sets *stop should
	 * shutdown(2) this socket (async-signal-safe) for the stop to be prompt. */
	volatile sig_atomic_t *handshake_fd;
	/* --watch, once a first sync is done: a connection fault (refused, reset, closed, timed
	 * out, a TLS handshake broken off) no longer counts against max_retries; the wait
	 * between reconnections doubles from retry_delay up to watch_max_delay seconds (0:
	 * the default, 300). */
	double watch_max_delay;
	/* --watch: seconds between IDLE renewals (0: the default, 25 minutes). Each renewal
	 * is also the check that the connection is alive: DONE unanswered within the server's
	 * timeout is a connection fault. */
	int idle_renew;
	/* Caps on the messages fetched; NULL means the defaults (rp_mime_limits_default). */
	const struct rp_mime_limits *limits;
	rp_imap_progress_fn progress;
	rp_imap_event_fn event;
	rp_imap_arrived_fn arrived; /* may be NULL */
	void *ctx;
	/* May be NULL: then each login reads the secret again. With a run, the lists of one
	 * server share one secret, and after the server refused authentication its other
	 * lists fail at once with RP_EAUTH, without a connection. --watch reads the secret
	 * again at each reconnection (a token expires, a password changes). */
	struct rp_imap_run *run;
};
void rp_imap_options_default(struct rp_imap_options *o);

struct rp_imap_result {
	uint64_t new, duplicates, errors; /* as rp_ingest counts them */
	uint64_t added_to_list;           /* duplicates stored for another list before, now
					   * this list's too (rp_ingest_stats) */
	uint64_t fetched;                 /* messages received from the server */
	uint64_t bytes;
	uint32_t uidvalidity, highest_uid;
	uint64_t highestmodseq;           /* 0 when the server has no CONDSTORE */
	int resynced;                     /* UIDVALIDITY changed: the folder was read again */
	int retries;
	double seconds;
};

/* Fetch everything new in list's folder into store. Connects (TLS verified against the
 * server's ca_file or the system store, host name checked), logs in, selects the folder and
 * streams UID FETCH last+1:* into the store in batches. Network faults are retried with
 * backoff, each attempt resuming from the last committed UID. *res is filled even on
 * failure with what was committed.
 * With opt->watch it then stays connected until *opt->stop. Once the folder has been
 * synced, connection faults never end it: each is reported through opt->event, waited out
 * (see watch_max_delay) and followed by a reconnection that fetches what arrived meanwhile
 * (opt->arrived); a stop request while waiting or reconnecting returns 0 at once.
 * When the stored state was synced from another folder, account or host, or with a later
 * `since` than the list's now (or with one it no longer has), the folder is read from the
 * start (messages stored are recognised), said through opt->event.
 * Returns 0; RP_ETLS (certificate refused; nothing was sent), RP_EAUTH, RP_ECONFIG (no
 * secret, an unreadable ca_file or one without a certificate), RP_ENOTFOUND (no such folder), RP_ENET (network, after the retries), RP_EIO
 * (the server refused a command, or offers no IDLE for --watch; a host name that does not
 * resolve is RP_ENET, not retried), RP_EDB, RP_EINTR (a one-shot fetch stopped by *opt->stop:
 * at the next message, what came before committed). err names the
 * server, folder, IMAP command and the server's text, never the password. */
int rp_imap_fetch(struct rp_store *store, const struct rp_config_list *list,
		  const struct rp_imap_options *opt, struct rp_imap_result *res,
		  struct rp_error *err);

/* What the store says of a list's fetching over IMAP, for status. */
struct rp_imap_state {
	int fetched;          /* fetched, or tried: 0 for a list only imported */
	char server[256];     /* the [server] name and folder of the last sync ("" unknown) */
	char folder[512];
	char account[600];    /* user@host it was read with ("" unknown); never a secret */
	uint32_t uidvalidity; /* 0 when no sync recorded one */
	uint32_t highest_uid; /* every UID up to it was looked at and committed */
	int64_t last_ok;      /* when a fetch (or a --watch pass) last completed, 0 never */
	int64_t failed_at;    /* when the most recent fetch failed or was interrupted, else 0 */
	char error[1100];     /* what it said then (rp_error_text), without any secret */
};
/* Fill *out for the list list_id. Returns 0 or RP_EDB. */
int rp_imap_state_get(struct rp_imap_state *out, struct rp_store *store, int64_t list_id,
		      struct rp_error *err);

/* Verify a DER certificate chain (leaf first) for name (a DNS name or an IP address) against
 * the PEM trust anchors in ca_file, or the system store when ca_file is NULL. Returns 0 or
 * RP_ETLS with the reason in err. Exposed for tests. */
/* The mailbox name to send for folder, the name as the config gives it (UTF-8): encoded
 * to IMAP's modified UTF-7 (RFC 3501 5.1.3), unless it is ASCII and already a valid
 * modified UTF-7 name holding an "&...-" sequence (encoded by hand), which is sent as
 * it is. *out malloc'ed. RP_ECONFIG when folder is not valid UTF-8. Exposed for tests. */
int rp_imap_folder_encode(char **out, const char *folder, struct rp_error *err);

int rp_imap_verify_chain(const unsigned char *const *der, const size_t *der_len, size_t n,
			 const char *name, const char *ca_file, struct rp_error *err);

/* The server's bytes, rewritten in place where libetpan 1.9.4 would crash on them: a
 * PERMANENTFLAGS response code is renamed to the unknown code X-RAPPORTEUR-P and its list's
 * contents become one keyword atom, lengths unchanged (libetpan's parser dereferences NULL on
 * a list opening with a malformed flag, and on the code in a greeting). Literals (message
 * bodies) pass untouched. Feed every byte read from the server, in order, in any chunks:
 * the return value is how many bytes at the end of buf may begin the code; the caller holds
 * them back and passes them again at the start of the next call (with more bytes after them,
 * or alone at the end of the stream, when they are final as they are).
 * Exposed for tests; used by rp_imap_fetch. */
struct rp_imap_filter {
	uint64_t literal; /* bytes of a literal still to pass */
	uint64_t lit_len; /* the literal length being read in "{N}" */
	int lit_state;    /* 0 text, 1 in "{digits", 2 after '+', 3 after '}', 4 after CR */
	int lit_digits;   /* a digit was read since '{' */
	size_t match;     /* bytes of "[PERMANENTFLAGS (" matched */
	int in_flags;     /* inside that list: rewriting */
	char held[24];    /* for the caller: bytes held back from the last read (imap.c) */
	size_t n_held;
};
void rp_imap_filter_init(struct rp_imap_filter *f);
size_t rp_imap_filter_bytes(struct rp_imap_filter *f, char *buf, size_t len);

#endif
