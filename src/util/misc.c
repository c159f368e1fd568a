/* misc: locale-free ASCII helpers, time, hashing (GnuTLS, already linked through
 * libetpan), default paths, whole-file reads and the TTY progress line. */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/crypto.h>

#include "rapporteur/util.h"

static int lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

int rp_ascii_ncasecmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		int d = lower((unsigned char)*a) - lower((unsigned char)*b);
		if (d || !*a)
			return d;
	}
	return 0;
}

int rp_ascii_casecmp(const char *a, const char *b)
{
	return rp_ascii_ncasecmp(a, b, (size_t)-1);
}

const char *rp_ascii_casestr(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	if (!n)
		return hay;
	for (; *hay; hay++)
		if (lower((unsigned char)*hay) == lower((unsigned char)*needle) &&
		    rp_ascii_ncasecmp(hay, needle, n) == 0)
			return hay;
	return NULL;
}

int rp_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

int rp_istarts_with(const char *s, const char *prefix)
{
	return rp_ascii_ncasecmp(s, prefix, strlen(prefix)) == 0;
}

int rp_iends_with(const char *s, const char *suffix)
{
	size_t n, k;

	if (!s)
		return 0;
	n = strlen(s), k = strlen(suffix);
	return n >= k && rp_ascii_casecmp(s + n - k, suffix) == 0;
}

void rp_sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char d[32];
	static const char hex[] = "0123456789abcdef";
	int i;

	gnutls_hash_fast(GNUTLS_DIG_SHA256, data, len, d);
	for (i = 0; i < 32; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[64] = '\0';
}

void rp_time_iso(int64_t t, char out[21])
{
	struct tm tm;
	time_t tt = (time_t)t;

	if (!gmtime_r(&tt, &tm) || tm.tm_year > 8099 || tm.tm_year < -1899) {
		snprintf(out, 21, "0000-00-00T00:00:00Z");
		return;
	}
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

/* The n digits at s into *v; 0 when there are fewer (a NUL stops the reading). */
static int fixed_digits(const char *s, int n, int *v)
{
	int i;

	for (*v = 0, i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		*v = *v * 10 + (s[i] - '0');
	}
	return 1;
}

/* "THH:MM[:SS][Z]" (or a blank for the T) after a date into *h, *m, *sec; s at its end. */
static const char *parse_clock(const char *s, int *h, int *m, int *sec)
{
	if ((*s != 'T' && *s != ' ') || !fixed_digits(s + 1, 2, h) || s[3] != ':' ||
	    !fixed_digits(s + 4, 2, m))
		return NULL;
	s += 6;
	if (*s == ':') {
		if (!fixed_digits(s + 1, 2, sec))
			return NULL;
		s += 3;
	}
	if (*h > 23 || *m > 59 || *sec > 60)
		return NULL;
	return *s == 'Z' ? s + 1 : s;
}

/* Strict: a day that does not exist (2024-02-30, 2024-04-31) or anything after the date
 * other than a time of day is refused, where timegm would roll it over into the next
 * month; so is a year before the epoch (0000-01-01 would be stored as a negative time
 * and shown as 0000-00-00). */
int rp_time_parse_date(const char *s, int64_t *out)
{
	struct tm tm;
	int y, m, d, H = 0, M = 0, S = 0;
	const char *rest;

	if (!fixed_digits(s, 4, &y) || s[4] != '-' || !fixed_digits(s + 5, 2, &m) ||
	    s[7] != '-' || !fixed_digits(s + 8, 2, &d))
		return RP_EPARSE;
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return RP_EPARSE;
	rest = s[10] ? parse_clock(s + 10, &H, &M, &S) : s + 10;
	if (!rest || *rest)
		return RP_EPARSE;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = H;
	tm.tm_min = M;
	tm.tm_sec = S;
	*out = (int64_t)timegm(&tm);
	return 0;
}

double rp_now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *xdg_path(const char *var, const char *fallback, const char *leaf)
{
	const char *base = getenv(var);
	const char *home = getenv("HOME");
	struct rp_buf b = RP_BUF_INIT;

	/* HOME unset or relative (a cron job, a service): the account's home directory from
	 * the password database, as the shell would use, not the current directory, which
	 * would give each working directory a store of its own. */
	if (!home || home[0] != '/') {
		struct passwd *pw = getpwuid(getuid());

		home = pw && pw->pw_dir && pw->pw_dir[0] == '/' ? pw->pw_dir : "/";
	}

	if (base && base[0] == '/')
		rp_buf_addf(&b, "%s/rapporteur/%s", base, leaf);
	else
		rp_buf_addf(&b, "%s/%s/rapporteur/%s", strcmp(home, "/") ? home : "", fallback, leaf);
	return rp_buf_detach(&b, NULL);
}

char *rp_default_db_path(void)
{
	return xdg_path("XDG_DATA_HOME", ".local/share", "rapporteur.db");
}

char *rp_default_config_path(void)
{
	return xdg_path("XDG_CONFIG_HOME", ".config", "config");
}

int rp_mkdir_p(const char *dir, int mode)
{
	char *p = rp_strdup(dir), *s;
	int rc = 0;

	if (!p)
		return RP_ENOMEM;
	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, (mode_t)mode) && errno != EEXIST)
			rc = RP_EIO;
		*s = '/';
	}
	if (!rc && mkdir(p, (mode_t)mode) && errno != EEXIST)
		rc = RP_EIO;
	free(p);
	return rc;
}

int rp_read_file(const char *path, size_t max, char **out, size_t *len_out, struct rp_error *err)
{
	struct rp_buf b = RP_BUF_INIT;
	char chunk[65536];
	int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return rp_error_set(err, errno == ENOENT ? RP_ENOTFOUND : RP_EIO, path, "cannot open: %s",
				    strerror(errno));
	b.cap = max;
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rp_error_set(err, RP_EIO, path, "read failed: %s", strerror(errno));
			goto fail;
		}
		if (rp_buf_add(&b, chunk, (size_t)n)) {
			rp_error_set(err, RP_ELIMIT, path, "file larger than %zu bytes", max);
			goto fail;
		}
	}
	if (fd)
		close(fd);
	*out = rp_buf_detach(&b, len_out);
	return *out ? 0 : RP_ENOMEM;
fail:
	if (fd)
		close(fd);
	rp_buf_release(&b);
	return err ? err->code : RP_EIO;
}

void rp_progress_init(struct rp_progress *p, const char *label, uint64_t total)
{
	p->enabled = isatty(2) && rp_verbosity >= 1 && !getenv("RAPPORTEUR_NO_PROGRESS");
	p->start = p->last = rp_now_seconds();
	p->total = total;
	p->label = label;
}

void rp_progress_update(struct rp_progress *p, uint64_t done, uint64_t bytes)
{
	double now, rate;

	if (!p->enabled)
		return;
	now = rp_now_seconds();
	if (now - p->last < 0.1)
		return;
	p->last = now;
	rate = done / (now - p->start > 1e-6 ? now - p->start : 1e-6);
	if (p->total && done <= p->total)
		fprintf(stderr, "\r%s %llu/%llu messages, %.1f MB, %.0f msg/s, ETA %.0f s   ", p->label,
			(unsigned long long)done, (unsigned long long)p->total, bytes / 1e6, rate,
			rate > 0 ? (p->total - done) / rate : 0.0);
	else
		fprintf(stderr, "\r%s %llu messages, %.1f MB, %.0f msg/s   ", p->label,
			(unsigned long long)done, bytes / 1e6, rate);
}

void rp_progress_done(struct rp_progress *p)
{
	if (p->enabled)
		fputs("\r\033[K", stderr);
}

uint64_t rp_hash64(uint64_t seed, const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 14695981039346656037ULL ^ seed;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ p[i]) * 1099511628211ULL;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

int rp_write_all(int fd, const char *data, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = write(fd, data + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? errno : EIO;
		done += (size_t)n;
	}
	return 0;
}
