/* fuzz-imap: libFuzzer target for the IMAP responses rapporteur reads (RFC 3501, with the
 * CONDSTORE responses of RFC 7162), parsed by libetpan exactly as rp_imap_fetch drives it:
 * greeting, CAPABILITY, LOGIN or AUTHENTICATE PLAIN, SELECT, UID FETCH of whole messages into
 * the store, LOGOUT.
 *
 * The input is a server script: segments separated by NUL bytes. The first segment is the
 * greeting; each further segment answers the next command line the client sends (or is
 * sent after 5 ms of client silence, so a response without its tagged completion does
 * not wait for the timeout). "$T" in a segment becomes the tag of the client's last
 * command. When the script ends the server closes the connection. The server runs in a
 * thread of this process on 127.0.0.1; the store is a fresh database in a temporary
 * directory for each input. Besides crashes and sanitizer reports, it checks that every
 * stored message was one the script sent whole: rp_imap_fetch never stores a partial
 * literal. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rapporteur/config.h"
#include "rapporteur/imap.h"
#include "rapporteur/store.h"
#include "rapporteur/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int listen_fd = -1;
static int port;
static char dir[64];

struct script {
	const uint8_t *data;
	size_t size;
};

static int setup(void)
{
	struct sockaddr_in a;
	socklen_t al = sizeof(a);

	if (listen_fd >= 0)
		return 0;
	/* As `rapporteur fetch` does: a server that hangs up is an error, not a signal. */
	signal(SIGPIPE, SIG_IGN);
	/* Memory-backed when possible: a database is created for every input. */
	snprintf(dir, sizeof(dir), "%s", access("/dev/shm", W_OK) == 0 ? "/dev/shm/fuzz-imap.XXXXXX" : "/tmp/fuzz-imap.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	listen_fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (listen_fd < 0 || bind(listen_fd, (struct sockaddr *)&a, sizeof(a)) ||
	    listen(listen_fd, 8) || getsockname(listen_fd, (struct sockaddr *)&a, &al))
		return -1;
	port = ntohs(a.sin_port);
	return 0;
}

/* Send seg (len bytes) with "$T" replaced by tag. */
static void send_segment(int fd, const uint8_t *seg, size_t len, const char *tag)
{
	size_t i, start = 0;

	for (i = 0; i + 1 < len; i++) {
		if (seg[i] == '$' && seg[i + 1] == 'T') {
			if (i > start && send(fd, seg + start, i - start, MSG_NOSIGNAL) < 0)
				return;
			if (send(fd, tag, strlen(tag), MSG_NOSIGNAL) < 0)
				return;
			start = i + 2;
			i++;
		}
	}
	if (len > start)
		(void)send(fd, seg + start, len - start, MSG_NOSIGNAL);
}

/* Read what the client sent within 5 ms; remember the tag of the last line. */
static int read_client(int fd, char *tag, size_t tagsz)
{
	struct pollfd p = { fd, POLLIN, 0 };
	char buf[4096];
	ssize_t n;
	size_t i, t;

	if (poll(&p, 1, 5) <= 0)
		return 0;
	n = recv(fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	/* The tag is the first word of the last complete line that has one. */
	for (i = 0; i < (size_t)n; i++) {
		if (i == 0 || buf[i - 1] == '\n') {
			for (t = 0; i + t < (size_t)n && buf[i + t] != ' ' && buf[i + t] != '\r' &&
				    t + 1 < tagsz;
			     t++)
				;
			if (t && i + t < (size_t)n && buf[i + t] == ' ') {
				memcpy(tag, buf + i, t);
				tag[t] = '\0';
			}
		}
	}
	return 1;
}

static void *serve(void *arg)
{
	const struct script *s = arg;
	struct pollfd p = { listen_fd, POLLIN, 0 };
	char tag[32] = "*";
	size_t pos = 0, end;
	int fd;

	if (poll(&p, 1, 2000) <= 0)
		return NULL;
	fd = accept(listen_fd, NULL, NULL);
	if (fd < 0)
		return NULL;
	while (pos < s->size || pos == 0) {
		const uint8_t *nul = memchr(s->data + pos, '\0', s->size - pos);
		end = nul ? (size_t)(nul - s->data) : s->size;
		send_segment(fd, s->data + pos, end - pos, tag);
		pos = end + 1;
		if (pos > s->size || read_client(fd, tag, sizeof(tag)) < 0)
			break;
	}
	shutdown(fd, SHUT_RDWR);
	close(fd);
	return NULL;
}

/* Every stored raw message must be a byte-for-byte substring of the script. */
static void check_whole(struct rp_store *st, const uint8_t *data, size_t size)
{
	sqlite3_stmt *q = NULL;

	if (sqlite3_prepare_v2(rp_store_db(st), "select bytes from raw", -1, &q, NULL) != SQLITE_OK)
		return;
	while (sqlite3_step(q) == SQLITE_ROW) {
		const void *b = sqlite3_column_blob(q, 0);
		int n = sqlite3_column_bytes(q, 0);
		if (b && n > 0 && !memmem(data, size, b, (size_t)n))
			abort();
	}
	sqlite3_finalize(q);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rp_config_server srv;
	struct rp_config_list list;
	struct rp_imap_options opt;
	struct rp_imap_result res;
	struct rp_store *st = NULL;
	struct script s = { data, size };
	pthread_t th;
	char path[128], wal[140];

	if (setup())
		abort();
	memset(&srv, 0, sizeof(srv));
	memset(&list, 0, sizeof(list));
	srv.name = "fuzz";
	srv.host = "127.0.0.1";
	srv.port = port;
	srv.tls = RP_TLS_NONE;
	srv.user = "user";
	srv.password = "secret";
	srv.auth = size && (data[0] & 1) ? RP_AUTH_PLAIN : RP_AUTH_LOGIN;
	srv.timeout = 1;
	list.name = "fuzz";
	list.server_name = "fuzz";
	list.server = &srv;
	list.folder = "INBOX";
	rp_imap_options_default(&opt);
	opt.max_retries = 0;
	opt.batch_size = 2;
	snprintf(path, sizeof(path), "%s/db", dir);
	if (rp_store_open(&st, path, 0, NULL))
		abort();
	if (pthread_create(&th, NULL, serve, &s))
		abort();
	(void)rp_imap_fetch(st, &list, &opt, &res, NULL);
	pthread_join(th, NULL);
	check_whole(st, data, size);
	rp_store_close(st);
	unlink(path);
	snprintf(wal, sizeof(wal), "%s-wal", path);
	unlink(wal);
	snprintf(wal, sizeof(wal), "%s-shm", path);
	unlink(wal);
	return 0;
}
