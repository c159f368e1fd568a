/* eval-mime: measure rp_mime_parse on real broken mail.
 *
 *   eval-mime dump FILE          print the decoded fields, body and attachments of one message
 *   eval-mime robust FILE...     parse each file (mbox files are split on "From " lines),
 *                                count messages, messages with errors, time
 *   eval-mime payloads FILE...   the mime-is-broken "hide-filename" set: each mail carries one
 *                                attachment named file.zip whose bytes are the generator's
 *                                fixed text "This could be a file named 'test.zip'" (see
 *                                tools/gen_variants_hide_filename.pl in that project), hidden
 *                                behind broken Content-Type/Content-Disposition parameters.
 *                                Counts mails where that payload is recovered, where it is
 *                                recovered under a name with the real extension, and where an
 *                                attachment's md5 equals the X-Payload-Id md5 (the generator's
 *                                mail_chksum: an md5 over the Content-* header lines and the
 *                                body of the whole mail, so this last count is checked against
 *                                that definition too).
 */
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rapporteur/mime.h"
#include "rapporteur/util.h"

static const char zip_payload[] = "This could be a file named 'test.zip'";

static void b64(const unsigned char *d, size_t n, char *out)
{
	static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i, o = 0;

	for (i = 0; i + 2 < n; i += 3) {
		out[o++] = t[d[i] >> 2];
		out[o++] = t[((d[i] & 3) << 4) | (d[i + 1] >> 4)];
		out[o++] = t[((d[i + 1] & 15) << 2) | (d[i + 2] >> 6)];
		out[o++] = t[d[i + 2] & 63];
	}
	if (n - i == 1) {
		out[o++] = t[d[i] >> 2];
		out[o++] = t[(d[i] & 3) << 4];
	} else if (n - i == 2) {
		out[o++] = t[d[i] >> 2];
		out[o++] = t[((d[i] & 3) << 4) | (d[i + 1] >> 4)];
		out[o++] = t[(d[i + 1] & 15) << 2];
	}
	out[o] = '\0'; /* unpadded, like Digest::MD5's b64digest */
}

static void md5_b64(const void *d, size_t n, char out[32])
{
	unsigned char dig[16];

	gnutls_hash_fast(GNUTLS_DIG_MD5, d, n, dig);
	b64(dig, 16, out);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The generator's mail_chksum over the mail without its X-Payload-Id line. */
static void mail_chksum(const char *m, size_t n, char out[32])
{
	struct rp_buf hdr = RP_BUF_INIT, body = RP_BUF_INIT, all = RP_BUF_INIT;
	char *lines[64];
	size_t nl = 0, i = 0, k;
	const char *sep = NULL;

	for (k = 0; k + 1 < n; k++)
		if (m[k] == '\n' && (m[k + 1] == '\n' || (m[k + 1] == '\r' && k + 2 < n && m[k + 2] == '\n'))) {
			sep = m + k + (m[k + 1] == '\n' ? 2 : 3);
			break;
		}
	if (!sep) {
		out[0] = '\0';
		return;
	}
	/* s{[ \t]*\r?\n}{\n}g on both halves */
	for (i = 0; i < n; i++) {
		struct rp_buf *b = (m + i < sep) ? &hdr : &body;
		if (m[i] == '\r' && i + 1 < n && m[i + 1] == '\n')
			continue;
		if (m[i] == '\n')
			while (b->len && (b->buf[b->len - 1] == ' ' || b->buf[b->len - 1] == '\t'))
				rp_buf_setlen(b, b->len - 1);
		rp_buf_addch(b, m[i]);
	}
	/* Content-Type / Content-Transfer-Encoding fields, white space squeezed, sorted. */
	for (i = 0; i < hdr.len && nl < 64;) {
		const char *line = hdr.buf + i;
		size_t e = i;
		while (e < hdr.len && hdr.buf[e] != '\n')
			e++;
		if (rp_istarts_with(line, "content-type:") || rp_istarts_with(line, "content-transfer-encoding:")) {
			struct rp_buf f = RP_BUF_INIT;
			size_t c = (size_t)(strchr(line, ':') - hdr.buf), j, end = e;
			int sp = 0;
			while (end + 1 < hdr.len && (hdr.buf[end + 1] == ' ' || hdr.buf[end + 1] == '\t')) {
				end++;
				while (end < hdr.len && hdr.buf[end] != '\n')
					end++;
			}
			for (j = i; j < c; j++)
				rp_buf_addch(&f, (char)(hdr.buf[j] >= 'A' && hdr.buf[j] <= 'Z' ? hdr.buf[j] + 32 : hdr.buf[j]));
			rp_buf_addch(&f, ':');
			j = c + 1;
			while (j < end && (hdr.buf[j] == ' ' || hdr.buf[j] == '\t'))
				j++;
			for (; j <= end && j < hdr.len; j++) {
				char ch = hdr.buf[j];
				if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
					sp = 1;
					continue;
				}
				if (sp)
					rp_buf_addch(&f, ' ');
				sp = 0;
				rp_buf_addch(&f, ch);
			}
			rp_buf_addch(&f, ' ');
			lines[nl++] = rp_buf_detach(&f, NULL);
			e = end;
		}
		i = e + 1;
	}
	qsort(lines, nl, sizeof(lines[0]), cmp_str);
	for (k = 0; k < nl; k++) {
		rp_buf_adds(&all, lines[k]);
		free(lines[k]);
	}
	while (body.len && strchr(" \t\r\n\f", body.buf[body.len - 1]))
		rp_buf_setlen(&body, body.len - 1);
	rp_buf_add(&all, body.buf, body.len);
	md5_b64(all.buf, all.len, out);
	rp_buf_release(&hdr);
	rp_buf_release(&body);
	rp_buf_release(&all);
}

static int dump(const char *path)
{
	char *raw = NULL;
	size_t len = 0, i;
	struct rp_parsed *p = NULL;
	struct rp_mime_limits lim;
	struct rp_error err;
	char iso[21];

	if (rp_read_file(path, 200u << 20, &raw, &len, &err))
		return fprintf(stderr, "%s\n", rp_error_text(&err)), 1;
	rp_mime_limits_default(&lim);
	if (rp_mime_parse(&p, raw, len, &lim, &err))
		return fprintf(stderr, "%s\n", rp_error_text(&err)), 1;
	rp_time_iso(p->date, iso);
	printf("message-id: %s\nfrom: %s <%s>\nto: %s\ncc: %s\ndate: %s (zone %d, has %d)\n"
	       "subject: %s\nin-reply-to: %s\nreferences: %s\nlist-id: %s\nerrors: %s\n",
	       p->message_id ? p->message_id : "-", p->from_name ? p->from_name : "-",
	       p->from_addr ? p->from_addr : "-", p->to ? p->to : "-", p->cc ? p->cc : "-", iso,
	       p->date_zone, p->has_date, p->subject ? p->subject : "-",
	       p->in_reply_to ? p->in_reply_to : "-", p->references ? p->references : "-",
	       p->list_id ? p->list_id : "-", p->errors ? p->errors : "-");
	for (i = 0; i < p->n_attachments; i++)
		printf("attachment: %s %s %zu%s\n", p->attachments[i].name ? p->attachments[i].name : "-",
		       p->attachments[i].type, p->attachments[i].size,
		       p->attachments[i].text ? " (text)" : "");
	printf("--- body\n%s", p->body);
	rp_parsed_free(p);
	free(raw);
	return 0;
}

static int parse_one(const char *m, size_t n, const struct rp_mime_limits *lim, long *msgs, long *errs,
		     long *fails)
{
	struct rp_parsed *p = NULL;

	(*msgs)++;
	if (rp_mime_parse(&p, m, n, lim, NULL)) {
		(*fails)++;
		return 0;
	}
	if (p->errors) {
		(*errs)++;
		if (getenv("EVAL_VERBOSE"))
			printf("  %s: %s\n", p->message_id ? p->message_id : "(no id)", p->errors);
	}
	rp_parsed_free(p);
	return 0;
}

static int robust(int argc, char **argv)
{
	long msgs = 0, errs = 0, fails = 0;
	struct rp_mime_limits lim;
	double t0 = rp_now_seconds();
	int i;

	rp_mime_limits_default(&lim);
	for (i = 0; i < argc; i++) {
		char *raw = NULL;
		size_t len = 0, s = 0, k;
		if (rp_read_file(argv[i], 200u << 20, &raw, &len, NULL))
			continue;
		if (len >= 5 && memcmp(raw, "From ", 5) == 0) {
			/* mbox: split on "\nFrom " */
			for (k = 0; k <= len; k++) {
				if (k == len || (k + 6 <= len && raw[k] == '\n' && memcmp(raw + k + 1, "From ", 5) == 0)) {
					parse_one(raw + s, (k == len ? len : k + 1) - s, &lim, &msgs, &errs, &fails);
					s = k + 1;
				}
			}
		} else {
			parse_one(raw, len, &lim, &msgs, &errs, &fails);
		}
		free(raw);
	}
	printf("%ld messages, %ld with decoding notes, %ld failures, %.3f s\n", msgs, errs, fails,
	       rp_now_seconds() - t0);
	return fails ? 1 : 0;
}

static int ends_with(const char *s, const char *suf)
{
	size_t a = s ? strlen(s) : 0, b = strlen(suf);
	return s && a >= b && rp_ascii_casecmp(s + a - b, suf) == 0;
}

static int payloads(int argc, char **argv)
{
	int i, total = 0, got = 0, named = 0, md5_att = 0, md5_mail = 0, fails = 0;
	struct rp_mime_limits lim;

	rp_mime_limits_default(&lim);
	lim.keep_attachment_data = 1;
	for (i = 0; i < argc; i++) {
		char *raw = NULL, want[64] = "", chk[32];
		const char *id, *mail;
		size_t len = 0, k;
		struct rp_parsed *p = NULL;
		int found = 0, fname = 0, att_md5 = 0, png;

		if (rp_read_file(argv[i], 1u << 20, &raw, &len, NULL))
			continue;
		id = strstr(raw, "X-Payload-Id:");
		if (!id) {
			free(raw);
			continue;
		}
		{
			const char *m = strstr(id, "md5("), *e = m ? strchr(m, ')') : NULL;
			if (m && e && (size_t)(e - m - 4) < sizeof(want)) {
				memcpy(want, m + 4, (size_t)(e - m - 4));
				want[e - m - 4] = '\0';
			}
			while (strlen(want) && want[strlen(want) - 1] == '=')
				want[strlen(want) - 1] = '\0';
		}
		png = (strncmp(id, "X-Payload-Id: fname-ctype.png ", 30) == 0 ||
		       strncmp(id, "X-Payload-Id: fname-cdisp.png ", 30) == 0);
		mail = strchr(id, '\n');
		mail = mail ? mail + 1 : raw + len;
		total++;
		mail_chksum(mail, len - (size_t)(mail - raw), chk);
		if (strcmp(chk, want) == 0)
			md5_mail++;
		if (rp_mime_parse(&p, raw, len, &lim, NULL)) {
			fails++;
			free(raw);
			continue;
		}
		for (k = 0; k < p->n_attachments; k++) {
			const struct rp_attachment *a = &p->attachments[k];
			char m5[32];
			if (!a->data)
				continue;
			md5_b64(a->data, a->data_len, m5);
			if (strcmp(m5, want) == 0)
				att_md5 = 1;
			if (a->data_len == sizeof(zip_payload) - 1 && memcmp(a->data, zip_payload, a->data_len) == 0) {
				found = 1;
				if (ends_with(a->name, png ? ".png" : ".zip"))
					fname = 1;
			}
		}
		got += found;
		named += fname;
		md5_att += att_md5;
		if (getenv("EVAL_VERBOSE") && (!found || !fname)) {
			const char *e = strchr(id, '\n');
			printf("  missed %s: %.*s\n", found ? "name" : "payload", (int)(e ? e - id : 40), id);
		}
		rp_parsed_free(p);
		free(raw);
	}
	printf("mime-is-broken: %d/%d payloads recovered, %d/%d under the real file name extension, "
	       "%d failures\n",
	       got, total, named, total, fails);
	printf("mime-is-broken: X-Payload-Id md5 = md5 of an extracted attachment: %d/%d; "
	       "= the generator's whole-mail checksum: %d/%d\n",
	       md5_att, total, md5_mail, total);
	return fails ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "dump") == 0)
		return dump(argv[2]);
	if (argc >= 2 && strcmp(argv[1], "robust") == 0)
		return robust(argc - 2, argv + 2);
	if (argc >= 2 && strcmp(argv[1], "payloads") == 0)
		return payloads(argc - 2, argv + 2);
	fprintf(stderr, "usage: eval-mime dump FILE | robust FILE... | payloads FILE...\n");
	return 2;
}
