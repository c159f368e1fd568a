/* segeval: score reply segmentation against labelled data.
 *
 *   segeval gmane FILE.jsonl     per-line class agreement on the Webis Gmane/Enron sets
 *                                (character-offset labels mapped to our block kinds)
 *   segeval ietf DIR             new text of DIR/NAME.eml vs DIR/expected/NAME.txt:
 *                                exact match and line F1 after white-space normalisation
 *   segeval show [FILE]          print each line of a body with its kind (debugging)
 *   segeval newtext [FILE]       print the new text of a body
 *
 * Bodies are segmented with the sender's name where the data gives it (the .eml's From,
 * the Webis meta.headers.from), as the analysis does. Output is a small table on stdout.
 * Exit 0 unless the input cannot be read. */
#include <jansson.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rapporteur/mime.h"
#include "rapporteur/text.h"

#define NK 9 /* block kinds */

/* Their classes to ours. Forwarded text is the forwarder's content in their labels
 * ("paragraph"), so our FORWARD is scored as new text; visual separators are left out. */
static int map_class(const char *c)
{
	static const struct {
		const char *name;
		int kind;
	} m[] = {
		{ "paragraph", RP_BLOCK_NEW },		{ "section_heading", RP_BLOCK_NEW },
		{ "tabular", RP_BLOCK_NEW },		{ "raw_code", RP_BLOCK_NEW },
		{ "code", RP_BLOCK_NEW },		{ "log_data", RP_BLOCK_NEW },
		{ "technical", RP_BLOCK_NEW },		{ "quotation", RP_BLOCK_QUOTE },
		{ "quotation_marker", RP_BLOCK_ATTRIBUTION }, { "inline_headers", RP_BLOCK_ATTRIBUTION },
		{ "salutation", RP_BLOCK_GREETING },	{ "closing", RP_BLOCK_CLOSING },
		{ "personal_signature", RP_BLOCK_SIGNATURE }, { "mua_signature", RP_BLOCK_FOOTER },
		{ "patch", RP_BLOCK_PATCH },
	};
	size_t i;

	for (i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (strcmp(c, m[i].name) == 0)
			return m[i].kind;
	return -1;
}

static int ours(enum rp_block_kind k)
{
	return k == RP_BLOCK_FORWARD ? RP_BLOCK_NEW : (int)k;
}

/* The sender's name as the analysis gives it to segmentation (analyse/blocks.c): the From
 * header's display name, decoded, or its address when it has none. The Webis sets carry
 * From for some messages only (meta.headers.from); NULL without it. malloc'ed. */
static char *sender_of(json_t *d)
{
	const char *from = json_string_value(
		json_object_get(json_object_get(json_object_get(d, "meta"), "headers"), "from"));
	char *v, *lt, *b, *e;

	if (!from || !(v = rp_mime_decode_header(from, strlen(from))))
		return NULL;
	if ((lt = strchr(v, '<')) && lt > v && lt[-1] != '"') {
		for (b = v; *b == ' ' || *b == '"'; b++)
			;
		for (e = lt; e > b && (e[-1] == ' ' || e[-1] == '"'); e--)
			;
		if (e > b) {
			memmove(v, b, (size_t)(e - b));
			v[e - b] = '\0';
			return v;
		}
	}
	if (lt) {
		memmove(v, lt + 1, strlen(lt + 1) + 1);
		v[strcspn(v, ">")] = '\0';
	}
	return v;
}

static int gmane(const char *path, int verbose)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	long tp[NK] = { 0 }, fp[NK] = { 0 }, fn[NK] = { 0 }, total = 0, agree = 0, msgs = 0;
	long unmarked_new = 0; /* gold new, ours an unmarked (Outlook-style) quote */
	int k;

	if (!f) {
		perror(path);
		return 2;
	}
	while (getline(&line, &cap, f) > 0) {
		json_error_t je;
		json_t *d = json_loads(line, 0, &je), *labels;
		const char *text;
		size_t tlen, nl = 0, li, b, cp = 0;
		struct rp_line_label *lab = NULL;
		char *sender;
		int rc;

		if (!d)
			continue;
		text = json_string_value(json_object_get(d, "text"));
		labels = json_object_get(d, "labels");
		if (!text || !json_is_array(labels)) {
			json_decref(d);
			continue;
		}
		tlen = strlen(text);
		msgs++;
		sender = sender_of(d);
		rc = rp_text_label_lines_from(&lab, &nl, text, tlen, sender, NULL);
		free(sender);
		if (rc) {
			json_decref(d);
			continue;
		}
		/* Walk lines with their code-point offsets; each line takes the class that
		 * covers most of its non-blank characters. */
		for (b = 0, li = 0; b <= tlen && li < nl; li++) {
			const char *e = memchr(text + b, '\n', tlen - b);
			size_t end = e ? (size_t)(e - text) : tlen, i, cover[NK] = { 0 }, best = 0;
			size_t start = b;
			int gold = -1;

			for (i = b; i < end; i++) {
				unsigned char c = (unsigned char)text[i];
				size_t j;
				if ((c & 0xC0) != 0x80) {
					if (c != ' ' && c != '\t' && c != '\r' && c != '>')
						for (j = 0; j < json_array_size(labels); j++) {
							json_t *L = json_array_get(labels, j);
							long lb = (long)json_integer_value(json_array_get(L, 0));
							long le = (long)json_integer_value(json_array_get(L, 1));
							int m = map_class(json_string_value(json_array_get(L, 2)) ?
										  json_string_value(json_array_get(L, 2)) : "");
							if ((long)cp >= lb && (long)cp < le && m >= 0)
								cover[m]++;
						}
					cp++;
				}
			}
			for (k = 0; k < NK; k++)
				if (cover[k] > best) {
					best = cover[k];
					gold = k;
				}
			if (e)
				cp++; /* the newline */
			b = end + 1;
			if (gold < 0 || lab[li].blank)
				continue;
			total++;
			k = ours(lab[li].kind);
			if (k == gold) {
				agree++;
				tp[k]++;
			} else {
				fp[k]++;
				fn[gold]++;
				unmarked_new += gold == RP_BLOCK_NEW && lab[li].unmarked;
				if (verbose)
					printf("%ld: gold %-11s got %-11s | %.*s\n",
					       (long)json_integer_value(json_object_get(d, "id")),
					       rp_block_kind_name((enum rp_block_kind)gold),
					       rp_block_kind_name((enum rp_block_kind)k),
					       (int)(end - start > 100 ? 100 : end - start), text + start);
			}
		}
		free(lab);
		json_decref(d);
	}
	free(line);
	fclose(f);
	printf("%-12s %6s %6s %6s %7s\n", "class", "lines", "prec", "recall", "F1");
	for (k = 0; k < NK; k++) {
		double p, r, f1;
		if (k == RP_BLOCK_FORWARD || tp[k] + fn[k] == 0)
			continue;
		p = tp[k] + fp[k] ? (double)tp[k] / (double)(tp[k] + fp[k]) : 0;
		r = (double)tp[k] / (double)(tp[k] + fn[k]);
		f1 = p + r > 0 ? 2 * p * r / (p + r) : 0;
		printf("%-12s %6ld %6.3f %6.3f %7.3f\n", rp_block_kind_name((enum rp_block_kind)k),
		       tp[k] + fn[k], p, r, f1);
	}
	printf("messages %ld, lines %ld, agreement %.3f\n", msgs, total,
	       total ? (double)agree / (double)total : 0.0);
	/* Webis labels text below an Outlook header block "paragraph"; by our rule it is a
	 * quote. Show what the scores are when only that convention is set aside. */
	if (unmarked_new) {
		double p, r;
		long t = tp[RP_BLOCK_NEW] + unmarked_new, q = tp[RP_BLOCK_QUOTE];
		p = (double)t / (double)(t + fp[RP_BLOCK_NEW]);
		r = (double)t / (double)(tp[RP_BLOCK_NEW] + fn[RP_BLOCK_NEW]);
		printf("%ld lines below Outlook-style headers are quotes for us, paragraphs for Webis;\n"
		       "  counted their way: new F1 %.3f, quote precision %.3f, agreement %.3f\n",
		       unmarked_new, 2 * p * r / (p + r),
		       (double)q / (double)(q + fp[RP_BLOCK_QUOTE] - unmarked_new),
		       (double)(agree + unmarked_new) / (double)total);
	}
	return 0;
}

/* White-space normalised, non-empty lines of s. */
struct lines {
	char **v;
	size_t n;
};

static void norm_lines(const char *s, struct lines *out)
{
	size_t cap = 0;

	out->v = NULL;
	out->n = 0;
	while (*s) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s), i;
		struct rp_buf b = RP_BUF_INIT;
		int sp = 0;

		for (i = 0; i < n; i++) {
			char c = s[i];
			if (c == ' ' || c == '\t' || c == '\r') {
				sp = b.len > 0;
				continue;
			}
			if (sp)
				rp_buf_addch(&b, ' ');
			sp = 0;
			rp_buf_addch(&b, c);
		}
		if (b.len) {
			if (out->n == cap) {
				cap = cap ? cap * 2 : 64;
				out->v = realloc(out->v, cap * sizeof(*out->v));
			}
			out->v[out->n++] = rp_buf_detach(&b, NULL);
		}
		rp_buf_release(&b);
		s += n + (e ? 1 : 0);
	}
}

static int cmp_sp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Matching lines as multisets (sorted merge). */
static size_t matched(struct lines *a, struct lines *b)
{
	size_t i = 0, j = 0, m = 0;

	qsort(a->v, a->n, sizeof(*a->v), cmp_sp);
	qsort(b->v, b->n, sizeof(*b->v), cmp_sp);
	while (i < a->n && j < b->n) {
		int c = strcmp(a->v[i], b->v[j]);
		if (c == 0) {
			m++;
			i++;
			j++;
		} else if (c < 0) {
			i++;
		} else {
			j++;
		}
	}
	return m;
}

static int same(const struct lines *a, const struct lines *b)
{
	size_t i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]) != 0)
			return 0;
	return 1;
}

static void free_lines(struct lines *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ietf(const char *dir, int verbose)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char *names[256];
	size_t nn = 0, i, tm = 0, tp = 0, te = 0, exact = 0;
	double f1sum = 0;
	struct rp_mime_limits lim;

	if (!d) {
		perror(dir);
		return 2;
	}
	while ((de = readdir(d)) && nn < 256) {
		size_t l = strlen(de->d_name);
		if (l > 4 && strcmp(de->d_name + l - 4, ".eml") == 0)
			names[nn++] = rp_strndup(de->d_name, l - 4);
	}
	closedir(d);
	qsort(names, nn, sizeof(names[0]), cmp_str);
	rp_mime_limits_default(&lim);
	printf("%-48s %5s %5s %5s %6s %s\n", "message", "got", "gold", "match", "F1", "exact");
	for (i = 0; i < nn; i++) {
		char path[4096], *raw = NULL, *gold = NULL, *nt = NULL;
		size_t rlen = 0, glen = 0, m;
		struct rp_parsed *p = NULL;
		struct rp_segments s = { 0 };
		struct lines a, b;
		double pr, rc, f1;
		int ex;

		snprintf(path, sizeof(path), "%s/%s.eml", dir, names[i]);
		if (rp_read_file(path, (size_t)64 << 20, &raw, &rlen, NULL))
			goto next;
		snprintf(path, sizeof(path), "%s/expected/%s.txt", dir, names[i]);
		if (rp_read_file(path, (size_t)64 << 20, &gold, &glen, NULL))
			goto next;
		if (rp_mime_parse(&p, raw, rlen, &lim, NULL))
			goto next;
		if (rp_text_segment_from(&s, p->body, strlen(p->body),
					 p->from_name && *p->from_name ? p->from_name : p->from_addr, NULL))
			goto next;
		nt = rp_text_new_text(&s);
		norm_lines(nt ? nt : "", &a);
		norm_lines(gold, &b);
		ex = same(&a, &b);
		m = matched(&a, &b);
		pr = a.n ? (double)m / (double)a.n : (b.n ? 0 : 1);
		rc = b.n ? (double)m / (double)b.n : 1;
		f1 = pr + rc > 0 ? 2 * pr * rc / (pr + rc) : 0;
		printf("%-48s %5zu %5zu %5zu %6.3f %s\n", names[i], a.n, b.n, m, f1, ex ? "yes" : "no");
		if (verbose && !ex)
			printf("---- got\n%s\n----\n", nt ? nt : "");
		tm += m;
		tp += a.n;
		te += b.n;
		exact += ex;
		f1sum += f1;
		free_lines(&a);
		free_lines(&b);
	next:
		free(nt);
		rp_segments_release(&s);
		rp_parsed_free(p);
		free(raw);
		free(gold);
		free(names[i]);
	}
	{
		double pr = tp ? (double)tm / (double)tp : 0, rc = te ? (double)tm / (double)te : 0;
		printf("messages %zu, exact %zu, line precision %.3f recall %.3f F1 %.3f (micro), "
		       "mean F1 %.3f\n",
		       nn, exact, pr, rc, pr + rc > 0 ? 2 * pr * rc / (pr + rc) : 0,
		       nn ? f1sum / (double)nn : 0);
	}
	return 0;
}

static int show(FILE *f, int new_only)
{
	struct rp_buf b = RP_BUF_INIT;
	struct rp_line_label *lab = NULL;
	char chunk[65536];
	size_t n, nl = 0, i, pos = 0;

	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (rp_buf_add(&b, chunk, n))
			return 2;
	if (new_only) {
		struct rp_segments s = { 0 };
		char *nt = NULL;
		if (rp_text_segment(&s, b.buf, b.len, NULL))
			return 2;
		nt = rp_text_new_text(&s);
		printf("%s\n", nt ? nt : "");
		free(nt);
		rp_segments_release(&s);
		rp_buf_release(&b);
		return 0;
	}
	if (rp_text_label_lines(&lab, &nl, b.buf, b.len, NULL))
		return 2;
	for (i = 0; i < nl && pos <= b.len; i++) {
		const char *e = memchr(b.buf + pos, '\n', b.len - pos);
		size_t end = e ? (size_t)(e - b.buf) : b.len;
		printf("%-11s %d | %.*s\n", lab[i].blank ? "" : rp_block_kind_name(lab[i].kind),
		       lab[i].depth, (int)(end - pos), b.buf + pos);
		pos = end + 1;
	}
	free(lab);
	rp_buf_release(&b);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && (strcmp(argv[1], "show") == 0 || strcmp(argv[1], "newtext") == 0)) {
		FILE *f = argc > 2 ? fopen(argv[2], "r") : stdin;
		int rc;
		if (!f)
			return 2;
		rc = show(f, argv[1][0] == 'n');
		if (f != stdin)
			fclose(f);
		return rc;
	}
	if (argc >= 3 && strcmp(argv[1], "ietf") == 0)
		return ietf(argv[2], argc > 3);
	if (argc >= 3 && strcmp(argv[1], "gmane") == 0)
		return gmane(argv[2], argc > 3);
	fprintf(stderr, "usage: segeval gmane FILE.jsonl | ietf DIR | show [FILE]\n");
	return 2;
}
