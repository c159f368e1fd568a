/* segeval: score reply segmentation against labelled data.
 *
 *   segeval gmane FILE.jsonl     per-line class agreement on the Webis Gmane/Enron sets
 *                                (character-offset labels mapped to our block kinds)
 *   segeval ietf DIR             new text of DIR/NAME.eml vs DIR/expected/NAME.txt:
 *                                exact match and line F1 after white-space normalisation
 *   segeval show [FILE]          print each line of a body with its kind (debugging)
 *
 * Output is a small table on stdout. Exit 0 unless the input cannot be read. */
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

static int gmane(const char *path, int verbose)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	long tp[NK] = { 0 }, fp[NK] = { 0 }, fn[NK] = { 0 }, total = 0, agree = 0, msgs = 0;
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
		if (rp_text_label_lines(&lab, &nl, text, tlen, NULL)) {
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
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "gmane") == 0)
		return gmane(argv[2], argc > 3);
	fprintf(stderr, "usage: segeval gmane FILE.jsonl | ietf DIR | show [FILE]\n");
	return 2;
}
