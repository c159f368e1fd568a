/* names: a sender's display name as mail clients of directory services write it ("Whitaker,
 * John") put in reading order ("John Whitaker"), so that every output names a person the same
 * way. Hand-written: no Debian library knows this convention of the From header's phrase. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "rapporteur/text.h"

/* Lower-case words that stand inside a family name ("de Souza", "van der Berg"). */
static const char *const name_particles[] = { "de", "da", "das", "do", "dos", "du", "del", "della",
					      "di", "van", "von", "der", "den", "ter", "ten", "la",
					      "le", "bin", "al", "el", NULL };
/* Words after a comma that make the name an organisation's ("Acme, Inc."). */
static const char *const org_suffixes[] = { "inc", "ltd", "llc", "llp", "gmbh", "ag", "sa", "sas",
					    "bv", "nv", "co", "corp", "plc", "srl", "spa", "pty",
					    "kg", "ab", "as", "oy", "ev", "limited", "et", "and",
					    NULL };

static int word_in(const char *w, size_t n, const char *const *v)
{
	for (; *v; v++)
		if (strlen(*v) == n && rp_ascii_ncasecmp(w, *v, n) == 0)
			return 1;
	return 0;
}

/* Does [p, e) hold one to three words of a person's name (capitalised, or a particle such
 * as "de"; after the comma no organisation suffix)? */
static int name_words(const char *p, const char *e, int check_suffix)
{
	size_t words = 0;

	while (p < e) {
		const char *w;
		size_t n, letters = 0;
		unsigned char c;

		while (p < e && *p == ' ')
			p++;
		if (p == e)
			break;
		for (w = p; p < e && *p != ' '; p++) {
			c = (unsigned char)*p;
			if (c < 0x80 && !isalpha(c) && c != '.' && c != '-' && c != '\'')
				return 0; /* a digit, '@', '&', brackets, quotes: no person's name */
			letters += c >= 0x80 || isalpha(c);
		}
		n = (size_t)(p - w);
		c = (unsigned char)w[0];
		if (!letters || words >= 3)
			return 0;
		{
			/* "Inc." and "Co." end with a dot the suffix list leaves out */
			size_t m = w[n - 1] == '.' ? n - 1 : n, k, j = 0;
			char bare[16];
			for (k = 0; k < m && j + 1 < sizeof(bare); k++)
				if (w[k] != '.')
					bare[j++] = w[k];
			bare[j] = '\0';
			if (check_suffix && word_in(bare, j, org_suffixes))
				return 0;
		}
		if (!(isupper(c) || c >= 0x80 || word_in(w, n, name_particles)))
			return 0;
		words++;
	}
	return words > 0;
}

int rp_text_natural_name(const char *name, char **out)
{
	const char *comma, *e, *ln, *le, *fn;
	struct rp_buf b = RP_BUF_INIT;

	*out = NULL;
	if (!name || !(comma = strchr(name, ',')) || strchr(comma + 1, ','))
		return 0;
	e = name + strlen(name);
	if (!name_words(name, comma, 0) || !name_words(comma + 1, e, 1))
		return 0;
	ln = name, le = comma, fn = comma + 1;
	{
		while (*ln == ' ')
			ln++;
		while (le > ln && le[-1] == ' ')
			le--;
		while (*fn == ' ')
			fn++;
		while (e > fn && e[-1] == ' ')
			e--;
		if (rp_buf_add(&b, fn, (size_t)(e - fn)) || rp_buf_addch(&b, ' ') ||
		    rp_buf_add(&b, ln, (size_t)(le - ln))) {
			rp_buf_release(&b);
			return RP_ENOMEM;
		}
	}
	*out = rp_buf_detach(&b, NULL);
	return *out ? 0 : RP_ENOMEM;
}

int rp_text_shown_name(const char *roster_name, const char *from_name, char **out)
{
	*out = NULL;
	if (roster_name && *roster_name)
		return (*out = rp_strdup(roster_name)) ? 0 : RP_ENOMEM;
	if (!from_name || !*from_name)
		return 0;
	if (rp_text_natural_name(from_name, out))
		return RP_ENOMEM;
	if (!*out && !(*out = rp_strdup(from_name)))
		return RP_ENOMEM;
	return 0;
}
