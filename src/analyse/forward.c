/* forward: comments a member passes on from someone who is not on the list ("Forwarding
 * on behalf of Dr. X, who is not subscribed"), inline under a forward marker or as an
 * attached message, which segmentation keeps apart as forwarded text. Each forwarded
 * message of a reply is returned with the writer its header block names; the same
 * message forwarded twice (inline and attached) once. Whether its words are read as
 * comments (a writer with no mail of their own in the store, a text that is no copy of
 * the draft) is decided by the analysis. */
#include <stdlib.h>
#include <string.h>

#include "analyse-private.h"
#include "rapporteur/ingest.h"

/* The header names that introduce a forwarded message's sender. */
static const char *const from_names[] = { "from", "de", "von", "da", "van", "от", NULL };

/* Name and address of the "From:" line of an attribution block, each malloc'ed or NULL
 * (read as the From header is: rp_mime_parse_mailbox). */
static int sender_of(const char *block, char **name, char **addr)
{
	const char *s, *e;

	*name = *addr = NULL;
	for (s = block; *s; s = *e ? e + 1 : e) {
		const char *v;
		size_t i, k;

		e = strchr(s, '\n');
		if (!e)
			e = s + strlen(s);
		for (i = 0; from_names[i]; i++) {
			k = strlen(from_names[i]);
			if ((size_t)(e - s) > k && rp_ascii_ncasecmp(s, from_names[i], k) == 0) {
				v = s + k;
				while (v < e && *v == ' ')
					v++;
				if (v < e && *v == ':')
					break;
			}
		}
		if (!from_names[i])
			continue;
		for (v++; v < e && (*v == ' ' || *v == '\t'); v++)
			;
		if (!memchr(v, '@', (size_t)(e - v)))
			return 0; /* a name alone: no writer to look up */
		if (rp_mime_parse_mailbox(v, (size_t)(e - v), name, addr))
			return RP_ENOMEM;
		return 0;
	}
	return 0;
}

static int same_words(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ' || *a == '\n' || *a == '\t' || *a == '\r')
			a++;
		while (*b == ' ' || *b == '\n' || *b == '\t' || *b == '\r')
			b++;
		if (!*a || !*b)
			return !*a && !*b;
		if (*a++ != *b++)
			return 0;
	}
}

void an_forwarded_free(struct an_forwarded *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(f[i].name);
		free(f[i].addr);
		free(f[i].text);
	}
	free(f);
}

int an_forwarded_read(const struct rp_segments *seg, struct an_forwarded **out, size_t *n)
{
	size_t b, k;
	const char *header = NULL;

	*out = NULL;
	*n = 0;
	for (b = 0; b < seg->n; b++) {
		struct rp_buf text = RP_BUF_INIT;
		struct an_forwarded *f;
		int dup = 0;

		if (seg->blocks[b].kind == RP_BLOCK_ATTRIBUTION) {
			header = seg->blocks[b].text;
			continue;
		}
		if (seg->blocks[b].kind != RP_BLOCK_FORWARD)
			continue;
		/* the forwarded message's words: its forward blocks up to the next header */
		for (; b < seg->n && seg->blocks[b].kind != RP_BLOCK_ATTRIBUTION &&
		       seg->blocks[b].kind != RP_BLOCK_FOOTER;
		     b++)
			if (seg->blocks[b].kind == RP_BLOCK_FORWARD &&
			    ((text.len && rp_buf_adds(&text, "\n\n")) ||
			     rp_buf_adds(&text, seg->blocks[b].text)))
				goto oom;
		b--;
		for (k = 0; k < *n && !dup; k++)
			dup = same_words((*out)[k].text, text.buf ? text.buf : "");
		if (dup || !text.len) {
			rp_buf_release(&text);
			continue;
		}
		f = realloc(*out, (*n + 1) * sizeof(*f));
		if (!f)
			goto oom;
		*out = f;
		f += (*n)++;
		memset(f, 0, sizeof(*f));
		f->text = rp_buf_detach(&text, NULL);
		if (!f->text || (header && sender_of(header, &f->name, &f->addr)))
			goto oom_nobuf;
		header = NULL;
		continue;
	oom:
		rp_buf_release(&text);
	oom_nobuf:
		an_forwarded_free(*out, *n);
		*out = NULL;
		*n = 0;
		return RP_ENOMEM;
	}
	return 0;
}
