/* mime-minimal: header extraction with libetpan's RFC 5322 parser and the body taken as
 * is. Replaced by the full MIME decoder; kept only while that lands. */
#include <libetpan/libetpan.h>
#include <stdlib.h>
#include <string.h>

#include "rapporteur/ingest.h"
#include "rapporteur/mime.h"

void rp_mime_limits_default(struct rp_mime_limits *l)
{
	l->max_message_bytes = (size_t)50 << 20;
	l->max_depth = 32;
	l->max_parts = 1000;
	l->max_headers = 5000;
	l->max_text_bytes = (size_t)8 << 20;
}

static char *clean(const char *s, size_t n)
{
	return rp_utf8_sanitize(s, n, NULL);
}

int rp_mime_parse(struct rp_parsed **out, const char *raw, size_t len,
		  const struct rp_mime_limits *limits, struct rp_error *err)
{
	struct rp_parsed *p = calloc(1, sizeof(*p));
	struct mailimf_fields *f = NULL;
	size_t idx = 0;
	clistiter *it;

	(void)limits;
	if (!p)
		return rp_error_set(err, RP_ENOMEM, NULL, "out of memory");
	if (mailimf_fields_parse(raw, len, &idx, &f) == MAILIMF_NO_ERROR && f) {
		for (it = clist_begin(f->fld_list); it; it = clist_next(it)) {
			struct mailimf_field *fl = clist_content(it);
			switch (fl->fld_type) {
			case MAILIMF_FIELD_MESSAGE_ID:
				p->message_id = clean(fl->fld_data.fld_message_id->mid_value,
						      strlen(fl->fld_data.fld_message_id->mid_value));
				break;
			case MAILIMF_FIELD_SUBJECT:
				p->subject = clean(fl->fld_data.fld_subject->sbj_value,
						   strlen(fl->fld_data.fld_subject->sbj_value));
				break;
			default:
				break;
			}
		}
		mailimf_fields_free(f);
	}
	while (idx < len && (raw[idx] == '\r' || raw[idx] == '\n'))
		idx++;
	p->body = clean(raw + idx, len - idx);
	*out = p;
	return 0;
}

void rp_parsed_free(struct rp_parsed *p)
{
	if (!p)
		return;
	free(p->message_id);
	free(p->subject);
	free(p->body);
	free(p);
}
