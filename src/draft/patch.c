/* patch: a draft circulated as a patch (kernel-style document reviews: "[PATCH v2] docs: add
 * a profile"). The document is what the patch writes: the text of the file it adds, or, when
 * it only changes an existing document, the new side of its hunks (context and added
 * lines). Written by hand because no Debian library reads unified diffs into text: the
 * format needed is small (file headers, hunk headers, ' ', '+', '-' and '\' lines). */
#include <stdlib.h>
#include <string.h>

#include "rapporteur/draft.h"

/* A document, by its path: prose formats and anything under a documentation folder. */
static int is_document(const char *path, size_t n)
{
	static const char *const ext[] = { ".rst", ".md", ".markdown", ".txt", ".adoc", ".org" };
	size_t k;

	for (k = 0; k < sizeof(ext) / sizeof(ext[0]); k++) {
		size_t e = strlen(ext[k]);
		if (n > e && memcmp(path + n - e, ext[k], e) == 0)
			return 1;
	}
	return (n > 14 && memcmp(path, "Documentation/", 14) == 0) ||
	       (n > 5 && memcmp(path, "docs/", 5) == 0) || (n > 4 && memcmp(path, "doc/", 4) == 0);
}

static const char *line_end(const char *p)
{
	const char *e = strchr(p, '\n');
	return e ? e : p + strlen(p);
}

int rp_draft_from_patch(const char *text, char **out)
{
	const char *p = text;
	struct rp_buf cur = RP_BUF_INIT, best = RP_BUF_INIT;
	int in_file = 0, in_hunk = 0, cur_new = 0, best_new = 0, rc = 0;

	*out = NULL;
	if (!text)
		return 0;
	for (; *p; p = *line_end(p) ? line_end(p) + 1 : line_end(p)) {
		const char *e = line_end(p);
		size_t n = (size_t)(e - p);

		if (n && p[n - 1] == '\r')
			n--;
		if (n >= 4 && memcmp(p, "--- ", 4) == 0 && *e == '\n' && strncmp(e + 1, "+++ ", 4) == 0) {
			/* A file header pair: keep the best file so far, start the next. */
			const char *q = e + 1, *qe = line_end(q), *path = q + 4;
			size_t pn = (size_t)(qe - path);

			if (cur.len && (cur_new > best_new || (cur_new == best_new && cur.len > best.len))) {
				rp_buf_release(&best);
				best = cur;
				best_new = cur_new;
				memset(&cur, 0, sizeof(cur));
			}
			rp_buf_clear(&cur);
			while (pn && (path[pn - 1] == '\r' || path[pn - 1] == ' ' || path[pn - 1] == '\t'))
				pn--;
			if (pn > 2 && path[0] == 'b' && path[1] == '/')
				path += 2, pn -= 2;
			in_file = is_document(path, pn);
			cur_new = n >= 13 && memcmp(p + 4, "/dev/null", 9) == 0;
			in_hunk = 0;
			p = q; /* the +++ line is consumed by the loop step */
			continue;
		}
		if (n >= 3 && memcmp(p, "@@ ", 3) == 0) {
			in_hunk = in_file;
			continue;
		}
		if (!in_hunk)
			continue;
		if (n && (p[0] == '+' || p[0] == ' ')) {
			if (rp_buf_add(&cur, p + 1, n - 1) || rp_buf_addch(&cur, '\n')) {
				rc = RP_ENOMEM;
				break;
			}
		} else if (n == 0) {
			/* Some mailers strip the space of an empty context line. */
			if (rp_buf_addch(&cur, '\n')) {
				rc = RP_ENOMEM;
				break;
			}
		} else if (p[0] != '-' && p[0] != '\\') {
			in_hunk = 0; /* the end of the diff: a signature, the next file header */
		}
	}
	if (!rc && cur.len && (cur_new > best_new || (cur_new == best_new && cur.len > best.len))) {
		rp_buf_release(&best);
		best = cur;
		memset(&cur, 0, sizeof(cur));
	}
	rp_buf_release(&cur);
	if (rc || !best.len) {
		rp_buf_release(&best);
		return rc;
	}
	*out = rp_buf_detach(&best, NULL);
	return 0;
}
