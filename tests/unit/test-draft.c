/* test-draft: the draft parser on each fixture format, the reference grammar (positive and
 * negative cases, table-driven), and storing/loading drafts. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "temp-store.h"
#include "rapporteur/draft.h"

static struct rp_draft_doc *load_fixture(const char *path)
{
	struct rp_draft_doc *d = NULL;
	struct rp_error err = { 0 };
	char *text = NULL;
	size_t len = 0;

	if (rp_read_file(path, 1 << 24, &text, &len, &err) != 0) {
		fprintf(stderr, "cannot read %s: %s\n", path, rp_error_text(&err));
		return NULL;
	}
	if (rp_draft_parse(&d, text, len, &err) != 0)
		fprintf(stderr, "cannot parse %s: %s\n", path, rp_error_text(&err));
	free(text);
	return d;
}

static int find(const struct rp_draft_doc *d, const char *number)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->sections[i].number && strcmp(d->sections[i].number, number) == 0)
			return (int)i;
	return -1;
}

/* Expected outline shared by the four renderings of the same draft. */
static const struct {
	const char *number, *heading, *parent;
	int level;
} outline[] = {
	{ "1", "Introduction", NULL, 1 },
	{ "2", "A year-round IGF", NULL, 1 },
	{ "3", "Outreach", NULL, 1 },
	{ "3.1", "Outreach to industry", "3", 2 },
	{ "3.2", "Outreach to parliamentarians", "3", 2 },
	{ "3.9", "Issue teams", "3", 2 },
	{ "3.10", "Selection of issue team members", "3", 2 },
	{ "4", "Approval by the Secretary-General", NULL, 1 },
	{ "5", "Resources", NULL, 1 },
	{ "6", "Communications", NULL, 1 },
	{ "A", NULL, NULL, 1 },
	{ "Recommendation 4", NULL, "A", 2 },
};

static void check_outline(const char *path, size_t expect_n)
{
	struct rp_draft_doc *d = load_fixture(path);
	size_t i;

	CHECK(d != NULL);
	if (!d)
		return;
	CHECK_INT(d->n, expect_n);
	CHECK(d->title && rp_ascii_casecmp(d->title,
					   "DC feedback on the Working Group on Strategy paper") == 0);
	for (i = 0; i < sizeof(outline) / sizeof(outline[0]); i++) {
		int k = find(d, outline[i].number);
		CHECK(k >= 0);
		if (k < 0) {
			fprintf(stderr, "  %s: no section %s\n", path, outline[i].number);
			continue;
		}
		if (outline[i].heading)
			CHECK_STR(d->sections[k].heading, outline[i].heading);
		CHECK_INT(d->sections[k].level, outline[i].level);
		if (outline[i].parent)
			CHECK_INT(d->sections[k].parent, find(d, outline[i].parent));
		else
			CHECK_INT(d->sections[k].parent, -1);
	}
	/* the section's own text, without its subsections or the next heading */
	i = (size_t)find(d, "3.9");
	CHECK(strstr(d->sections[i].text, "issue teams that would prepare") != NULL);
	CHECK(strstr(d->sections[i].text, "Selection") == NULL);
	i = (size_t)find(d, "Recommendation 4");
	CHECK(strstr(d->sections[i].text, "Trust Fund") != NULL);
	rp_draft_doc_free(d);
}

static void test_markdown(void)
{
	check_outline("fixtures/drafts/wgs-feedback.md", 22);
}

static void test_rst(void)
{
	check_outline("fixtures/drafts/wgs-feedback.rst", 22);
}

static void test_plain(void)
{
	struct rp_draft_doc *d = load_fixture("fixtures/drafts/wgs-feedback.txt");

	check_outline("fixtures/drafts/wgs-feedback.txt", 24);
	CHECK(d != NULL);
	if (!d)
		return;
	/* "(a)" items are numbered under their section */
	CHECK(find(d, "3.9(a)") >= 0);
	CHECK(find(d, "3.9(b)") >= 0);
	if (find(d, "3.9(b)") >= 0) {
		CHECK_INT(d->sections[find(d, "3.9(b)")].parent, find(d, "3.9"));
		CHECK(strstr(d->sections[find(d, "3.9(b)")].text, "stakeholder group") != NULL);
	}
	/* a numbered paragraph's text is its words once, without the number */
	if (find(d, "3.9(a)") >= 0)
		CHECK_STR(d->sections[find(d, "3.9(a)")].text,
			  "Issue teams should be small, with no more than twelve members.");
	if (find(d, "Recommendation 1") >= 0)
		CHECK_STR(d->sections[find(d, "Recommendation 1")].text,
			  "Recognise intersessional work of Dynamic Coalitions as\n"
			  "part of the IGF programme.");
	CHECK_INT(d->has_pages, 0);
	rp_draft_doc_free(d);
}

static void test_layout_pages(void)
{
	struct rp_draft_doc *d = load_fixture("fixtures/drafts/wgs-feedback-layout.txt");
	static const struct {
		const char *number;
		int from, to;
	} pages[] = {
		{ "1", 1, 1 }, { "3", 1, 2 }, { "3.2", 2, 2 }, { "3.4", 2, 3 },
		{ "3.9", 4, 4 }, { "5", 4, 5 }, { "Recommendation 4", 5, 6 },
	};
	size_t i;

	check_outline("fixtures/drafts/wgs-feedback-layout.txt", 22);
	CHECK(d != NULL);
	if (!d)
		return;
	CHECK_INT(d->has_pages, 1);
	for (i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		int k = find(d, pages[i].number);
		CHECK(k >= 0);
		if (k < 0)
			continue;
		CHECK_INT(d->sections[k].page_from, pages[i].from);
		CHECK_INT(d->sections[k].page_to, pages[i].to);
	}
	/* running header and footer are gone from every section's text */
	for (i = 0; i < d->n; i++) {
		CHECK(strstr(d->sections[i].text, "Draft 2 - November 2026") == NULL);
		CHECK(strstr(d->sections[i].text, "Page ") == NULL);
	}
	/* a paragraph broken by a page break is joined across it */
	i = (size_t)find(d, "3");
	CHECK(strstr(d->sections[i].text, "rarely\nattend.") != NULL);
	rp_draft_doc_free(d);
}

/* Small drafts written inline for the odd formats. */
static void test_inline_formats(void)
{
	static const struct {
		const char *text;
		size_t n;
		const char *numbers; /* comma-separated numbers in order, "-" for none */
	} cases[] = {
		/* Roman sections with numbered paragraphs continuing across them */
		{ "Report of the review\n\nI. Introduction\n\n1. The review began in May.\n\n"
		  "2. It ended in June.\n\nII. Findings\n\n3. Participation rose.\n",
		  5, "I,1,2,II,3" },
		/* numbered headings with paragraphs numbered across them, as in UN papers: each
		 * sequence goes on by itself; a paragraph whose number a heading has stays text */
		{ "Strategy paper\n\n1 Introduction\n\n1. The group was asked to report.\n\n"
		  "2. It consulted widely.\n\n2 Vision\n\n2.1 A year-round forum\n\n"
		  "3. The forum should run all year.\n\n2.2 Clear objectives\n\n"
		  "4. Each track shall have an objective.\n\n5. The MAG decides it.\n",
		  7, "1,2,2.1,3,2.2,4,5" },
		/* Appendix numbers, and a list of ordinary numbers that are no sections */
		{ "1. Scope\n\nWe count 3 things.\n\n2. Method\n\nAppendix 2: Data\n\nRaw data.\n",
		  3, "1,2,Appendix 2" },
		/* annex parts: "A.1" under "Annex A" */
		{ "1. Scope\n\nText.\n\nAnnex A: Suggestions\n\nA.1 Workshops\n\nMore.\n\n"
		  "A.2 Youth\n\nYet more.\n",
		  4, "1,A,A.1,A.2" },
		/* numbers that break the sequence are paragraphs, not sections */
		{ "1. Scope\n\nText.\n\n2026. A year to remember.\n\n45. Not a section either.\n",
		  1, "1" },
		/* Markdown setext headings */
		{ "Draft\n=====\n\n1 Scope\n-------\n\nText.\n\n2 Method\n--------\n\nMore.\n", 2,
		  "1,2" },
		/* empty and blank drafts */
		{ "", 0, "" },
		{ "\n\n   \n\f\f\n", 0, "" },
	};
	size_t c;

	for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct rp_draft_doc *d = NULL;
		struct rp_buf got = RP_BUF_INIT;
		size_t i;

		CHECK_INT(rp_draft_parse(&d, cases[c].text, strlen(cases[c].text), NULL), 0);
		if (!d)
			continue;
		for (i = 0; i < d->n; i++) {
			if (!d->sections[i].number)
				continue;
			if (got.len)
				rp_buf_addch(&got, ',');
			rp_buf_adds(&got, d->sections[i].number);
		}
		CHECK_STR(got.buf, cases[c].numbers);
		for (i = 0; i < d->n && !d->sections[i].number; i++)
			;
		CHECK_INT(d->n - i, cases[c].n);
		rp_buf_release(&got);
		rp_draft_doc_free(d);
	}
}

/* Unnumbered headings: title, headings joined with "|", and the preamble's start. */
static void test_inline_headings(void)
{
	static const struct {
		const char *text, *title, *headings, *preamble;
	} cases[] = {
		/* an archive that doubled every line break, with a list footer */
		{ "Here is the text:\n\n\n\n======\n\nReview\n\n======\n\n\n\n"
		  "Short guide\n\n-----------\n\n\n\nReport each issue\n\nseparately.\n\n"
		  "Check the list\n\nfirst.\n\n\n\nLong guide\n\n----------\n\n\n\n"
		  "Read everything.\n\nAsk the subsystem's mailing list.\n\n"
		  "________________________________\n\nDiscuss mailing list\n\n"
		  "https://lists.example.org/listinfo/discuss\n",
		  "Review", "Short guide|Long guide", "Here is the text:" },
		/* Markdown: the only top-level heading is the title; a sentence over a rule
		 * is no heading */
		{ "# Strategy paper\n\nIntro text.\n\n## Scope\n\nWe cover it all.\n---\n\n"
		  "## Budget\n\nMoney.\n",
		  "Strategy paper", "Scope|Budget", "Intro text." },
		/* emphasis inside a heading stays whole; emphasis around it or its number goes */
		{ "# Strategy paper\n\nIntro.\n\n## 1. Scope *(draft)*\n\nText.\n\n"
		  "## **2. Budget**\n\nMoney.\n\n## 3. Issue teams **(new)**\n\nMore.\n\n"
		  "## **4. Method** *(revised)*\n\nHow.\n\n## 5. The __init__ file_\n\nX.\n",
		  "Strategy paper",
		  "Scope *(draft)*|Budget|Issue teams **(new)**|Method *(revised)*|"
		  "The __init__ file",
		  "Intro." },
		/* ALL-CAPS headings in plain text */
		{ "Feedback\n\nSUMMARY\n\nWe agree.\n\nDETAILS\n\nMostly.\n", "Feedback",
		  "SUMMARY|DETAILS", NULL },
		/* a paragraph typed in capitals is no heading: a sentence, or too many words */
		{ "Feedback\n\nSUMMARY\n\nWe agree.\n\n"
		  "WE ASK THAT THE TEAMS BE OPEN TO ALL WHO WISH TO JOIN\n\nIn writing.\n\n"
		  "THE CONSULTATION RAN LATE.\n\nAgain.\n\nDETAILS\n\nMostly.\n",
		  "Feedback", "SUMMARY|DETAILS", NULL },
	};
	size_t c, i;

	for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct rp_draft_doc *d = NULL;
		struct rp_buf got = RP_BUF_INIT;

		CHECK_INT(rp_draft_parse(&d, cases[c].text, strlen(cases[c].text), NULL), 0);
		if (!d)
			continue;
		CHECK_STR(d->title, cases[c].title);
		for (i = 0; i < d->n; i++) {
			if (!d->sections[i].heading)
				continue;
			if (got.len)
				rp_buf_addch(&got, '|');
			rp_buf_adds(&got, d->sections[i].heading);
		}
		CHECK_STR(got.buf, cases[c].headings);
		if (cases[c].preamble) {
			CHECK(d->n > 0 && !d->sections[0].heading);
			if (d->n)
				CHECK(rp_starts_with(d->sections[0].text, cases[c].preamble));
		}
		rp_buf_release(&got);
		rp_draft_doc_free(d);
	}
}

/* A section as a test expects it: number and heading (NULL for none) and its text. */
struct expect_section {
	const char *number, *heading, *text;
};

/* Parse text and compare title and every section with the expected ones, in order. */
static void check_sections(const char *what, const char *text, size_t len, const char *title,
			   const struct expect_section *e, size_t n)
{
	struct rp_draft_doc *d = NULL;
	size_t i;

	CHECK_INT(rp_draft_parse(&d, text, len, NULL), 0);
	if (!d)
		return;
	if (title)
		CHECK_STR(d->title, title);
	CHECK_INT(d->n, n);
	for (i = 0; i < d->n && i < n; i++) {
		const struct rp_section *s = &d->sections[i];
		if (!!s->number != !!e[i].number || !!s->heading != !!e[i].heading ||
		    (s->number && strcmp(s->number, e[i].number)) ||
		    (s->heading && strcmp(s->heading, e[i].heading)) || strcmp(s->text, e[i].text))
			fprintf(stderr, "  %s: section %zu is %s \"%s\"\n", what, i,
				s->number ? s->number : "-", s->heading ? s->heading : "-");
		CHECK((s->number == NULL) == (e[i].number == NULL));
		if (s->number && e[i].number)
			CHECK_STR(s->number, e[i].number);
		CHECK((s->heading == NULL) == (e[i].heading == NULL));
		if (s->heading && e[i].heading)
			CHECK_STR(s->heading, e[i].heading);
		CHECK_STR(s->text, e[i].text);
	}
	rp_draft_doc_free(d);
}

#define P1 "The coordination group welcomes the paper of the Working Group on Strategy and " \
	   "the chance to comment on it before the meeting in December."
#define P2 "We focus on the parts of the paper that concern the coalitions, and leave the " \
	   "rest to those who know it better than we do."
#define P3 "The coalitions have met every year since 2006, and most of them hold monthly " \
	   "calls between the annual meetings of the forum."
#define P4 "Comments were collected on the list for four weeks and merged by the " \
	   "coordinators into this single text for a last review."
#define P5 "The paper proposes that the forum become a year-round process rather than a " \
	   "single annual event, which we support without reservation."
#define P6 "None of the proposals can be carried out without resources, so the trust fund " \
	   "should set aside a dedicated line for intersessional work."
#define P7 "The annex lists the coalitions that took part in the consultation, in the order " \
	   "in which they sent their comments to the list."

/* A draft written one line per paragraph (a word processor's text export): every line is
 * followed by one blank line, yet nothing is doubled, so every blank line is kept. */
static void test_one_line_paragraphs(void)
{
	static const char numbered[] =
		"Feedback on the strategy paper\n\n1. Introduction\n\n" P1 "\n\n" P2 "\n\n"
		"1.1 Background\n\n" P3 "\n\n1.2 Method\n\n" P4 "\n\n2. A year-round forum\n\n" P5
		"\n\n3. Resources\n\n" P6 "\n\nAnnex A: Members\n\n" P7 "\n";
	static const struct expect_section numbered_sections[] = {
		{ "1", "Introduction", P1 "\n\n" P2 },
		{ "1.1", "Background", P3 },
		{ "1.2", "Method", P4 },
		{ "2", "A year-round forum", P5 },
		{ "3", "Resources", P6 },
		{ "A", "Members", P7 },
	};
	static const char roman[] =
		"Report of the review\n\nI. Introduction\n\n" P1 "\n\nII. Findings\n\n" P2 "\n\n" P3
		"\n\nIII. Recommendations\n\n" P4 "\n\nIV. Next steps\n\n" P5 "\n\nAnnex A\n\n" P6
		"\n";
	static const struct expect_section roman_sections[] = {
		{ "I", "Introduction", P1 },
		{ "II", "Findings", P2 "\n\n" P3 },
		{ "III", "Recommendations", P4 },
		{ "IV", "Next steps", P5 },
		{ "A", NULL, P6 },
	};
	/* short paragraphs, none of them wrapped */
	static const char short_lines[] =
		"Comments on the agenda\n\n1. Scope\n\nThe agenda is too long.\n\n"
		"We suggest fewer sessions.\n\n2. Speakers\n\nMore women should speak.\n\n"
		"Youth should have a slot.\n\n3. Timing\n\nThe meeting starts too early.\n\n"
		"Breaks are too short.\n\n4. Venue\n\nThe venue is fine.\n";
	static const struct expect_section short_sections[] = {
		{ "1", "Scope", "The agenda is too long.\n\nWe suggest fewer sessions." },
		{ "2", "Speakers", "More women should speak.\n\nYouth should have a slot." },
		{ "3", "Timing", "The meeting starts too early.\n\nBreaks are too short." },
		{ "4", "Venue", "The venue is fine." },
	};

	/* Markdown converted without wrapping (pandoc --wrap=none) */
	static const char markdown[] =
		"# Feedback on the strategy paper\n\n## 1. Introduction\n\n" P1 "\n\n" P2 "\n\n"
		"### Background\n\n" P3 "\n\n## 2. Method\n\n" P4 "\n\n" P5 "\n\n"
		"- first point\n- second point\n";
	static const struct expect_section markdown_sections[] = {
		{ "1", "Introduction", P1 "\n\n" P2 },
		{ NULL, "Background", P3 },
		{ "2", "Method", P4 "\n\n" P5 "\n\n- first point\n- second point" },
	};

	check_sections("numbered", numbered, strlen(numbered), "Feedback on the strategy paper",
		       numbered_sections, sizeof(numbered_sections) / sizeof(numbered_sections[0]));
	check_sections("roman", roman, strlen(roman), "Report of the review", roman_sections,
		       sizeof(roman_sections) / sizeof(roman_sections[0]));
	check_sections("short lines", short_lines, strlen(short_lines), "Comments on the agenda",
		       short_sections, sizeof(short_sections) / sizeof(short_sections[0]));
	check_sections("markdown", markdown, strlen(markdown), "Feedback on the strategy paper",
		       markdown_sections, sizeof(markdown_sections) / sizeof(markdown_sections[0]));
}

/* A draft with every line break doubled parses as the draft itself. */
static void check_doubled(const char *what, const char *text, size_t len)
{
	struct rp_draft_doc *d = NULL, *dd = NULL;
	struct rp_buf doubled = RP_BUF_INIT;
	size_t i;

	for (i = 0; i < len; i++) {
		if (text[i] == '\n')
			rp_buf_addch(&doubled, '\n');
		rp_buf_addch(&doubled, text[i]);
	}
	CHECK_INT(rp_draft_parse(&d, text, len, NULL), 0);
	CHECK_INT(rp_draft_parse(&dd, doubled.buf, doubled.len, NULL), 0);
	CHECK(d && dd);
	if (d && dd) {
		CHECK_STR(dd->title, d->title);
		CHECK_INT(dd->n, d->n);
		for (i = 0; i < d->n && i < dd->n; i++) {
			const struct rp_section *a = &d->sections[i], *b = &dd->sections[i];
			if (strcmp(a->text, b->text))
				fprintf(stderr, "  %s: section %zu differs when doubled\n", what, i);
			CHECK((a->number == NULL) == (b->number == NULL));
			if (a->number && b->number)
				CHECK_STR(b->number, a->number);
			CHECK((a->heading == NULL) == (b->heading == NULL));
			if (a->heading && b->heading)
				CHECK_STR(b->heading, a->heading);
			CHECK_STR(b->text, a->text);
		}
	}
	rp_buf_release(&doubled);
	rp_draft_doc_free(d);
	rp_draft_doc_free(dd);
}

/* Doubled drafts: the fixtures, and a draft whose wrapped lines go on in Cyrillic. */
static void test_doubled(void)
{
	static const char *const paths[] = { "fixtures/drafts/wgs-feedback.txt",
					     "fixtures/drafts/wgs-feedback.md",
					     "fixtures/drafts/wgs-feedback.rst" };
	static const char cyrillic[] =
		"\xd0\x9e\xd1\x82\xd0\xb7\xd1\x8b\xd0\xb2 \xd0\xbe \xd0\xbf\xd1\x80\xd0\xbe\xd0\xb5"
		"\xd0\xba\xd1\x82\xd0\xb5\n\n"
		"1. \xd0\x92\xd0\xb2\xd0\xb5\xd0\xb4\xd0\xb5\xd0\xbd\xd0\xb8\xd0\xb5\n\n"
		"\xd0\x93\xd1\x80\xd1\x83\xd0\xbf\xd0\xbf\xd0\xb0 \xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2"
		"\xd0\xb5\xd1\x82\xd1\x81\xd1\x82\xd0\xb2\xd1\x83\xd0\xb5\xd1\x82\n"
		"\xd0\xb4\xd0\xbe\xd0\xba\xd0\xbb\xd0\xb0\xd0\xb4 \xd1\x80\xd0\xb0\xd0\xb1\xd0\xbe"
		"\xd1\x87\xd0\xb5\xd0\xb9\n"
		"\xd0\xb3\xd1\x80\xd1\x83\xd0\xbf\xd0\xbf\xd1\x8b.\n\n"
		"2. \xd0\xa0\xd0\xb5\xd1\x81\xd1\x83\xd1\x80\xd1\x81\xd1\x8b\n\n"
		"\xd0\x9d\xd1\x83\xd0\xb6\xd0\xbd\xd1\x8b\n"
		"\xd1\x80\xd0\xb5\xd1\x81\xd1\x83\xd1\x80\xd1\x81\xd1\x8b\n"
		"\xd0\xb8\n"
		"\xd0\xb2\xd1\x80\xd0\xb5\xd0\xbc\xd1\x8f.\n\n"
		"3. \xd0\xa1\xd0\xb2\xd1\x8f\xd0\xb7\xd1\x8c\n\n"
		"\xd0\xa1\xd0\xb0\xd0\xb9\xd1\x82\n"
		"\xd0\xbd\xd1\x83\xd0\xb6\xd0\xb5\xd0\xbd\n"
		"\xd0\xb2\xd1\x81\xd0\xb5\xd0\xbc.\n";
	size_t f;

	for (f = 0; f < sizeof(paths) / sizeof(paths[0]); f++) {
		char *text = NULL;
		size_t len = 0;
		CHECK_INT(rp_read_file(paths[f], 1 << 24, &text, &len, NULL), 0);
		if (text)
			check_doubled(paths[f], text, len);
		free(text);
	}
	check_doubled("cyrillic", cyrillic, strlen(cyrillic));
}

/* Numbered paragraphs: the words after the number open the text, and only once. */
static void test_numbered_paragraphs(void)
{
	static const char roman[] = "Report of the review\n\nI. Introduction\n\n"
				    "1. The review began in May and\nended in June.\n\n"
				    "2. It met eleven times.\n\nII. Findings\n\n"
				    "3. Participation rose.\n\nRecommendation 1: Keep the hybrid\n"
				    "format.\n";
	static const struct expect_section roman_sections[] = {
		{ "I", "Introduction", "" },
		{ "1", NULL, "The review began in May and\nended in June." },
		{ "2", NULL, "It met eleven times." },
		{ "II", "Findings", "" },
		{ "3", NULL, "Participation rose." },
		{ "Recommendation 1", NULL, "Keep the hybrid\nformat." },
	};

	check_sections("roman", roman, strlen(roman), "Report of the review", roman_sections,
		       sizeof(roman_sections) / sizeof(roman_sections[0]));

	/* an extract: 3, then 3.9 and 3.10, which go on from each other */
	static const char extract[] = "Strategy extract\n\n3 Intersessional work\n\n"
				      "The forum works all year.\n\n3.9 Policy questions\n\n"
				      "Coalitions address the questions.\n\n3.10 Issue teams\n\n"
				      "Coalitions join the teams.\n\n4 Outreach\n\nWe reach out.\n";
	static const struct expect_section extract_sections[] = {
		{ "3", "Intersessional work", "The forum works all year." },
		{ "3.9", "Policy questions", "Coalitions address the questions." },
		{ "3.10", "Issue teams", "Coalitions join the teams." },
		{ "4", "Outreach", "We reach out." },
	};
	check_sections("extract", extract, strlen(extract), "Strategy extract", extract_sections,
		       sizeof(extract_sections) / sizeof(extract_sections[0]));

	/* a paragraph opening with a figure that nothing continues is text */
	static const char figure[] = "Budget note\n\n1 Costs\n\nThe costs are known.\n\n"
				     "1.5 million people joined online, and more by phone.\n\n"
				     "2 Income\n\nDonors pay.\n";
	static const struct expect_section figure_sections[] = {
		{ "1", "Costs",
		  "The costs are known.\n\n1.5 million people joined online, and more by phone." },
		{ "2", "Income", "Donors pay." },
	};
	check_sections("figure", figure, strlen(figure), "Budget note", figure_sections,
		       sizeof(figure_sections) / sizeof(figure_sections[0]));
}

/* A byte order mark before the first line hides neither the title nor the first heading. */
static void test_bom(void)
{
	static const char md[] = "\xef\xbb\xbf# Strategy paper\r\n\r\nIntro.\r\n\r\n"
				 "## 1. Scope\r\n\r\nText.\r\n\r\n## 2. Method\r\n\r\nMore.\r\n";
	static const struct expect_section md_sections[] = {
		{ NULL, NULL, "Intro." },
		{ "1", "Scope", "Text." },
		{ "2", "Method", "More." },
	};
	static const char plain[] = "\xef\xbb\xbf" "1. Scope\n\nText.\n\n2. Method\n\nMore.\n";
	static const struct expect_section plain_sections[] = {
		{ "1", "Scope", "Text." },
		{ "2", "Method", "More." },
	};
	static const char titled[] = "\xef\xbb\xbf" "Feedback paper\n\n1. Scope\n\nText.\n";

	check_sections("Markdown", md, strlen(md), "Strategy paper", md_sections,
		       sizeof(md_sections) / sizeof(md_sections[0]));
	check_sections("plain", plain, strlen(plain), NULL, plain_sections,
		       sizeof(plain_sections) / sizeof(plain_sections[0]));
	check_sections("titled", titled, strlen(titled), "Feedback paper", plain_sections, 1);
}

/* Control characters (a terminal escape, C0 and C1 controls, DEL) never reach a title, a
 * heading or a section's text: they become spaces; tabs, line and page breaks stay. */
static void test_controls(void)
{
	static const char text[] = "Strategy\x1b]0;pwned\x07 paper\x02\n\n"
				   "## 1. Sco\x1cpe \xC2\x9B" "2J\x7f\n\nText\x01 here,\tthere.\n";
	static const struct expect_section sections[] = {
		{ "1", "Sco pe  2J", "Text  here,\tthere." },
	};

	check_sections("controls", text, strlen(text), "Strategy ]0;pwned  paper", sections, 1);
}

/* A printed cover wraps a long title over adjacent lines: in a paged draft they are one
 * title, and a subtitle set apart by white space is not part of it; in plain text a line
 * right under the title stays where it was. */
static void test_wrapped_title(void)
{
	static const char paged[] = "\n\nDC feedback on the Working\n Group on Strategy paper\n\n\n"
				    "      Draft 2\n\f\nIntro.\n\n1      Introduction\n\nWe welcome it.\n\n"
				    "2      Scope\n\nText.\n\f";
	static const struct expect_section paged_sections[] = {
		{ NULL, NULL, "Draft 2\n\nIntro." },
		{ "1", "Introduction", "We welcome it." },
		{ "2", "Scope", "Text." },
	};
	static const char subtitle[] = "Feedback paper\n\nDraft 2\n\f1      Scope\n\nText.\n\f";
	static const struct expect_section subtitle_sections[] = {
		{ NULL, NULL, "Draft 2" },
		{ "1", "Scope", "Text." },
	};
	static const char plain[] = "Feedback paper\nDraft for comments\n\n1. Scope\n\nText.\n";
	static const struct expect_section plain_sections[] = {
		{ NULL, NULL, "Draft for comments" },
		{ "1", "Scope", "Text." },
	};

	/* a subtitle or a date typed right under the title, in a paged draft */
	static const char dated[] = "Community Connectivity Strategy 2027-2030\n"
				    "Draft for comment, version 1, 1 March 2027\n\n1. Purpose\n\nText.\n\f"
				    "2. Scope\n\nMore.\n\f";
	static const struct expect_section dated_sections[] = {
		{ NULL, NULL, "Draft for comment, version 1, 1 March 2027" },
		{ "1", "Purpose", "Text." },
		{ "2", "Scope", "More." },
	};
	static const char dateline[] = "Guidelines for Remote\nParticipation\n12 March 2024\n\n"
				       "1. Purpose\n\nText.\n\f2. Scope\n\nMore.\n\f";
	static const struct expect_section dateline_sections[] = {
		{ NULL, NULL, "12 March 2024" },
		{ "1", "Purpose", "Text." },
		{ "2", "Scope", "More." },
	};

	check_sections("dated", dated, strlen(dated), "Community Connectivity Strategy 2027-2030",
		       dated_sections, sizeof(dated_sections) / sizeof(dated_sections[0]));
	check_sections("dateline", dateline, strlen(dateline), "Guidelines for Remote Participation",
		       dateline_sections, sizeof(dateline_sections) / sizeof(dateline_sections[0]));
	check_sections("paged", paged, strlen(paged), "DC feedback on the Working Group on Strategy paper",
		       paged_sections, sizeof(paged_sections) / sizeof(paged_sections[0]));
	check_sections("subtitle", subtitle, strlen(subtitle), "Feedback paper", subtitle_sections,
		       sizeof(subtitle_sections) / sizeof(subtitle_sections[0]));
	check_sections("plain", plain, strlen(plain), "Feedback paper", plain_sections,
		       sizeof(plain_sections) / sizeof(plain_sections[0]));
}

/* The reference grammar against the layout draft (it has pages). expect lists the
 * section numbers found, in order ("" for none); "pre" is the unnumbered preamble. */
static const struct {
	const char *text;
	const char *expect;
} ref_cases[] = {
	/* positives */
	{ "I support section 3.9 as drafted.", "3.9" },
	{ "On \xc2\xa7" "3.9: agreed.", "3.9" },
	{ "\xc2\xa7 3.10 needs work", "3.10" },
	{ "3.9 and 3.10 should be merged", "3.9,3.10" },
	{ "Sections 3.9 and 3.10 overlap.", "3.9,3.10" },
	{ "see 3.8-3.10", "3.8,3.9,3.10" },
	{ "paragraphs 3.1 to 3.3 are fine", "3.1,3.2,3.3" },
	{ "section 3.9(a) is too strict", "3.9" },
	{ "Para 4 is unclear", "4" },
	{ "the text on page 4 is fine", "3.9,3.10,4,5" },
	{ "pp. 5-6 repeat", "5,6,A,Recommendation 1,Recommendation 2,Recommendation 3,Recommendation 4" },
	{ "p1 has a typo", "1,2,3" },
	{ "Annex A is too long", "A" },
	{ "annex a is too long", "A" },
	{ "Appendix A, too", "A" },
	{ "I like Recommendation 4.", "Recommendation 4" },
	{ "Recommendations 1 and 3 go together", "Recommendation 1,Recommendation 3" },
	{ "the introduction is fine", "1" },
	{ "As for the part on Parliamentarians, I agree.", "3.2" },
	{ "The section about remote participation is key", "3.6" },
	{ "I support the issue teams idea", "3.9" },
	{ "the resources section should mention the Trust Fund", "5" },
	{ "Section III", "" }, /* no roman sections in this draft */
	/* item and section words in French, German and Spanish, case and accents aside,
	 * against a draft whose items are written in English */
	{ "Sur la recommandation 4, d'accord.", "Recommendation 4" },
	{ "Concernant la Recommandation 3 : non.", "Recommendation 3" },
	{ "Zu Empfehlung 4: Wir lehnen diese Empfehlung ab.", "Recommendation 4" },
	{ "Die Handlungsempfehlung 2 geht zu weit.", "Recommendation 2" },
	{ "Sobre la recomendaci\xc3\xb3n 4, no estamos de acuerdo.", "Recommendation 4" },
	{ "Sobre la recomendacion 4", "Recommendation 4" },
	{ "RECOMENDACI\xc3\x93N 1", "Recommendation 1" },
	{ "Empfehlungen 1 und 3 geh\xc3\xb6ren zusammen", "Recommendation 1,Recommendation 3" },
	{ "les recommandations 1 et 3", "Recommendation 1,Recommendation 3" },
	{ "las recomendaciones 1 y 3", "Recommendation 1,Recommendation 3" },
	{ "Le paragraphe 4 est clair.", "4" },
	{ "La recommandation 4 est trop vague.", "Recommendation 4" },
	{ "Para 4 EST is the slot", "" },
	{ "Absatz 4 ist unklar.", "4" },
	{ "En el p\xc3\xa1rrafo 4 falta algo.", "4" },
	{ "L'annexe A est trop longue.", "A" },
	{ "Anhang A ist zu lang.", "A" },
	{ "Auf Seite 4 fehlt etwas.", "3.9,3.10,4,5" },
	/* a number spelled out after a section, page or item word */
	{ "On section five, I'd add a fourth gap.", "5" },
	{ "First, on section four, the finding is important.", "4" },
	{ "Sections four and five overlap.", "4,5" },
	{ "Chapter Three is fine", "3" },
	{ "the text on page four is fine", "3.9,3.10,4,5" },
	{ "I like Recommendation four.", "Recommendation 4" },
	{ "La section cinq est trop longue.", "5" },
	/* ... but not a member's own numbering, another count, or a word that only begins
	 * like a number */
	{ "Point one: I support the draft.", "" },
	{ "+1 to Ingrid's point 4.", "" },
	{ "I agree with her point 4 and with section 5.", "5" },
	{ "My point 4 still stands.", "" },
	{ "Point 4 of the draft is unclear.", "4" },
	{ "Section 3.9 and two others need work", "3.9" },
	{ "section fourteen does not exist", "" },
	{ "the section fiver", "" },
	{ "section four members asked for it", "" },
	/* "one" and "un" after a determiner are pronoun and article, and a number word is
	 * one of the keyword's language: "tres" after "section" is French "très" */
	{ "The outcome text is vague: in that section one finds no measurable target.", "" },
	{ "cette section un peu courte", "" },
	{ "la section tres courte", "" },
	{ "Section one is fine, section two too long.", "1,2" },
	{ "En la secci\xc3\xb3n tres falta algo.", "3" },
	{ "Im Abschnitt drei fehlt etwas.", "3" },
	{ "Abschnitt tres", "" },
	/* near misses: no number, a number the draft lacks, the word inside another */
	{ "Die Empfehlung der Arbeitsgruppe ist gut.", "" },
	{ "la recommandation 9 n'existe pas", "" },
	{ "Empfehlungsschreiben 4 liegen vor.", "" },
	{ "Anlagenbau 4 ist ein Thema.", "" },
	{ "Seitenweise 4 Beispiele", "" },
	/* a reference split by the mail's line wrapping */
	{ "could you clarify who approves the issue\nteams and their membership?", "3.9" },
	{ "As for the part on\nParliamentarians, I agree.", "3.2" },
	{ "see sections 3.9\nand 3.10", "3.9,3.10" },
	/* a paragraph break or a list item is not a wrap */
	{ "We need more on the issue\n\nteams of other fora are different", "" },
	{ "Points to add on the issue\n- teams of other fora are different", "" },
	/* negatives: dates, times, versions, money, quantities, numbers not in the draft */
	{ "We met on 3.9.2024 in Geneva.", "" },
	{ "The call is at 3.30pm UTC", "" },
	{ "The call is at 3.9 UTC", "" },
	{ "Upgrade to v2.3 or version 3.9 first", "" },
	{ "Growth was 3.9% last year", "" },
	{ "It costs USD 3.9 or $3.10 or \xe2\x82\xac" "3.9", "" },
	{ "about 1.5 million users", "" },
	{ "3.9 million people use it", "" },
	{ "In 2026 we had 12 sessions and 4 panels", "" },
	{ "section 7.2 does not exist", "" },
	{ "our 5.3 release", "" },
	{ "IP 192.168.3.9 is down", "" },
	{ "the page is blank", "" },
	/* pages of another document */
	{ "page 5 of the Working Group's paper says otherwise", "" },
	{ "p. 4 in the WGS report is wrong", "" },
	{ "the wording is on page 5 of the Working\nGroup's paper, not in ours", "" },
	{ "page 4 of the draft is wrong", "3.9,3.10,4,5" },
	{ "page 1 of the DC feedback is fine", "1,2,3" },
	{ "", "" },
};

static void test_refs(void)
{
	struct rp_draft_doc *d = load_fixture("fixtures/drafts/wgs-feedback-layout.txt");
	size_t c;

	CHECK(d != NULL);
	if (!d)
		return;
	for (c = 0; c < sizeof(ref_cases) / sizeof(ref_cases[0]); c++) {
		struct rp_draft_ref *r = NULL;
		struct rp_buf got = RP_BUF_INIT;
		size_t n = 0, i;

		CHECK_INT(rp_draft_find_refs(d, ref_cases[c].text, &r, &n), 0);
		for (i = 0; i < n; i++) {
			const struct rp_section *s = &d->sections[r[i].section];
			if (got.len)
				rp_buf_addch(&got, ',');
			rp_buf_adds(&got, s->number ? s->number : "pre");
			CHECK(r[i].confidence > 0 && r[i].confidence <= 1);
			CHECK(r[i].evidence && *r[i].evidence);
		}
		if (strcmp(got.buf, ref_cases[c].expect) != 0)
			fprintf(stderr, "  refs in \"%s\"\n", ref_cases[c].text);
		CHECK_STR(got.buf, ref_cases[c].expect);
		rp_buf_release(&got);
		rp_draft_refs_free(r, n);
	}
	rp_draft_doc_free(d);
}

/* "a,b" of the sections refs name whose confidence is at least min. */
static void refs_text(const struct rp_draft_doc *d, const struct rp_draft_ref *r, size_t n, double min,
		      struct rp_buf *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct rp_section *s = &d->sections[r[i].section];
		if (r[i].confidence < min)
			continue;
		rp_buf_addf(out, "%s%s %.2f %s", out->len ? "," : "", s->number ? s->number : "pre",
			    r[i].confidence, r[i].evidence);
	}
}

/* One index of the draft read with every text, in order and then backwards, finds what
 * rp_draft_find_refs finds afresh for each; by numbers only, the same references of 0.85
 * or more and none by words ("the part on Parliamentarians"). */
static void test_refs_index(void)
{
	struct rp_draft_doc *d = load_fixture("fixtures/drafts/wgs-feedback-layout.txt");
	struct rp_draft_refidx *x = NULL;
	size_t k, nc = sizeof(ref_cases) / sizeof(ref_cases[0]);

	CHECK(d != NULL);
	if (!d)
		return;
	CHECK_INT(rp_draft_refidx_new(&x, d), 0);
	for (k = 0; x && k < 2 * nc; k++) {
		size_t c = k < nc ? k : 2 * nc - 1 - k, n0 = 0, n1 = 0, n2 = 0;
		struct rp_draft_ref *r0 = NULL, *r1 = NULL, *r2 = NULL;
		struct rp_buf want = RP_BUF_INIT, got = RP_BUF_INIT, want_num = RP_BUF_INIT,
			      got_num = RP_BUF_INIT;

		CHECK_INT(rp_draft_find_refs(d, ref_cases[c].text, &r0, &n0), 0);
		CHECK_INT(rp_draft_find_refs_in(x, ref_cases[c].text, 0, &r1, &n1), 0);
		CHECK_INT(rp_draft_find_refs_in(x, ref_cases[c].text, RP_REFS_NUMBERS_ONLY, &r2, &n2), 0);
		refs_text(d, r0, n0, 0.0, &want);
		refs_text(d, r1, n1, 0.0, &got);
		CHECK_STR(got.buf, want.buf);
		refs_text(d, r0, n0, 0.85, &want_num);
		refs_text(d, r2, n2, 0.85, &got_num);
		CHECK_STR(got_num.buf, want_num.buf);
		rp_buf_release(&want);
		rp_buf_release(&got);
		rp_buf_release(&want_num);
		rp_buf_release(&got_num);
		rp_draft_refs_free(r0, n0);
		rp_draft_refs_free(r1, n1);
		rp_draft_refs_free(r2, n2);
	}
	{
		static const struct {
			const char *text, *expect;
		} cases[] = {
			{ "As for the part on\nParliamentarians, I agree.", "" },
			{ "could you clarify who approves the issue\nteams?", "" },
			{ "I like the introduction", "" },
			{ "see sections 3.9\nand 3.10", "3.9,3.10" },
			{ "On 3.9 and the issue teams", "3.9" },
		};
		size_t c, i, n = 0;
		for (c = 0; x && c < sizeof(cases) / sizeof(cases[0]); c++) {
			struct rp_draft_ref *r = NULL;
			struct rp_buf got = RP_BUF_INIT;
			CHECK_INT(rp_draft_find_refs_in(x, cases[c].text, RP_REFS_NUMBERS_ONLY, &r, &n), 0);
			for (i = 0; i < n; i++)
				rp_buf_addf(&got, "%s%s", got.len ? "," : "",
					    d->sections[r[i].section].number ? d->sections[r[i].section].number : "pre");
			CHECK_STR(got.buf, cases[c].expect);
			rp_buf_release(&got);
			rp_draft_refs_free(r, n);
		}
	}
	rp_draft_refidx_free(x);
	rp_draft_doc_free(d);
}

/* Evidence names the words that made the reference. */
static void test_ref_evidence(void)
{
	struct rp_draft_doc *d = load_fixture("fixtures/drafts/wgs-feedback.md");
	struct rp_draft_ref *r = NULL;
	size_t n = 0;

	CHECK(d != NULL);
	if (!d)
		return;
	CHECK_INT(rp_draft_find_refs(d, "Frankly, 3.9 and 3.10 should go.", &r, &n), 0);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(r[0].evidence, "3.9 and 3.10");
		CHECK_STR(r[1].evidence, "3.9 and 3.10");
	}
	rp_draft_refs_free(r, n);
	/* a draft without pages resolves no page references */
	CHECK_INT(rp_draft_find_refs(d, "see page 4", &r, &n), 0);
	CHECK_INT(n, 0);
	rp_draft_refs_free(r, n);
	rp_draft_doc_free(d);
	d = NULL;
	/* parts of a lettered annex */
	{
		static const char annexed[] = "1. Scope\n\nText.\n\nAnnex A: Suggestions\n\n"
					      "A.1 Workshops\n\nMore.\n\nA.2 Youth\n\nYet more.\n";
		static const struct {
			const char *text, *expect;
		} cases[] = {
			{ "A.1 is good", "A.1" },
			{ "see annex A.2 and A.1", "A.2,A.1" },
			{ "Annex A as a whole", "A" },
			{ "Plan B.1 is not ours", "" },
		};
		/* items written in the draft's own language: numbered with their word, and
		 * named by members in any of the languages */
		static const char german[] = "1. Einleitung\n\nText.\n\nEmpfehlung 1: Mehr Geld\n\nText.\n\n"
					     "Empfehlung 2: Weniger Papier\n\nText.\n";
		static const struct {
			const char *text, *expect;
		} gcases[] = {
			{ "Zu Empfehlung 2: ja.", "Empfehlung 2" },
			{ "On Recommendation 2, yes.", "Empfehlung 2" },
			{ "Sobre la recomendaci\xc3\xb3n 1", "Empfehlung 1" },
			{ "Recommandations 1 et 2", "Empfehlung 1,Empfehlung 2" },
			{ "Empfehlung 3 fehlt", "" },
		};
		size_t c, i;
		CHECK_INT(rp_draft_parse(&d, annexed, strlen(annexed), NULL), 0);
		for (c = 0; d && c < sizeof(cases) / sizeof(cases[0]); c++) {
			struct rp_buf got = RP_BUF_INIT;
			CHECK_INT(rp_draft_find_refs(d, cases[c].text, &r, &n), 0);
			for (i = 0; i < n; i++) {
				if (got.len)
					rp_buf_addch(&got, ',');
				rp_buf_adds(&got, d->sections[r[i].section].number);
			}
			CHECK_STR(got.buf, cases[c].expect);
			rp_buf_release(&got);
			rp_draft_refs_free(r, n);
		}
		rp_draft_doc_free(d);
		d = NULL;
		CHECK_INT(rp_draft_parse(&d, german, strlen(german), NULL), 0);
		for (c = 0; d && c < sizeof(gcases) / sizeof(gcases[0]); c++) {
			struct rp_buf got = RP_BUF_INIT;
			CHECK_INT(rp_draft_find_refs(d, gcases[c].text, &r, &n), 0);
			for (i = 0; i < n; i++) {
				if (got.len)
					rp_buf_addch(&got, ',');
				rp_buf_adds(&got, d->sections[r[i].section].number);
			}
			if (strcmp(got.buf, gcases[c].expect) != 0)
				fprintf(stderr, "  refs in \"%s\" (German draft)\n", gcases[c].text);
			CHECK_STR(got.buf, gcases[c].expect);
			rp_buf_release(&got);
			rp_draft_refs_free(r, n);
		}
		rp_draft_doc_free(d);
	}
}

static void test_store_roundtrip(void)
{
	struct rp_draft_doc *d = load_fixture("fixtures/drafts/wgs-feedback-layout.txt"), *back = NULL;
	struct rp_draft_meta meta = { 0 };
	struct rp_error err = { 0 };
	char path[64];
	struct rp_store *s = temp_store(path);
	sqlite3_stmt *st = NULL;
	int64_t id = 0, id2 = 0;
	size_t i;

	CHECK(d != NULL);
	CHECK(s != NULL);
	if (!d || !s)
		goto out;
	meta.source = "wgs-feedback-layout.txt";
	meta.list = "dc-list";
	meta.circulated = "draft2@example.org";
	meta.deadline = 1797206400;
	CHECK_INT(rp_draft_store(s, d, "raw text", &meta, &id, &err), 0);
	CHECK(id > 0);
	CHECK_INT(rp_draft_load(s, id, &back, &err), 0);
	if (back) {
		CHECK_STR(back->title, d->title);
		CHECK_INT(back->n, d->n);
		CHECK_INT(back->has_pages, 1);
		for (i = 0; i < d->n && i < back->n; i++) {
			CHECK_STR(back->sections[i].text, d->sections[i].text);
			CHECK_INT(back->sections[i].parent, d->sections[i].parent);
			CHECK_INT(back->sections[i].level, d->sections[i].level);
			CHECK_INT(back->sections[i].page_from, d->sections[i].page_from);
			CHECK_INT(back->sections[i].page_to, d->sections[i].page_to);
			CHECK((back->sections[i].number == NULL) == (d->sections[i].number == NULL));
			if (d->sections[i].number)
				CHECK_STR(back->sections[i].number, d->sections[i].number);
		}
	}
	/* a revision gets the next version; the meta title wins over the parsed one */
	meta.revises = id;
	meta.title = "Second version";
	CHECK_INT(rp_draft_store(s, d, "raw text 2", &meta, &id2, &err), 0);
	CHECK(id2 > id);
	CHECK_INT(rp_store_prepare(s, &st, "SELECT d.version, d.title, d.circulated, l.name, d.deadline "
				   "FROM draft d JOIN list l ON l.id = d.list_id WHERE d.id = ?1", &err), 0);
	if (st) {
		sqlite3_bind_int64(st, 1, id2);
		CHECK_INT(sqlite3_step(st), SQLITE_ROW);
		CHECK_INT(sqlite3_column_int(st, 0), 2);
		CHECK_STR((const char *)sqlite3_column_text(st, 1), "Second version");
		CHECK_STR((const char *)sqlite3_column_text(st, 2), "draft2@example.org");
		CHECK_STR((const char *)sqlite3_column_text(st, 3), "dc-list");
		CHECK_INT(sqlite3_column_int64(st, 4), 1797206400);
		sqlite3_finalize(st);
	}
	/* revising a draft that does not exist fails and writes nothing */
	meta.revises = 999;
	CHECK_INT(rp_draft_store(s, d, "x", &meta, &id2, &err), RP_ENOTFOUND);
	rp_draft_doc_free(back);
	back = NULL;
	CHECK_INT(rp_draft_load(s, 3, &back, &err), RP_ENOTFOUND);
	CHECK(back == NULL);
out:
	rp_draft_doc_free(back);
	rp_draft_doc_free(d);
	if (s)
		drop_store(s, path);
}

/* A draft sent in a mail's body: the bytes of cover note above its title heading. */
static void test_cover_length(void)
{
	static const struct {
		const char *text;
		const char *from; /* where the draft starts; NULL: no cover */
	} rows[] = {
		{ "Dear all,\n\nBelow is our draft.\n\n# Charter of the WG\n\n## 1 Scope\n\nText.\n",
		  "# Charter of the WG" },
		/* setext and RST titles; an RST overline belongs to the title */
		{ "Hi all,\nhere it is.\n\nCharter of the WG\n=================\n\n1 Scope\n-------\n\nText.\n",
		  "Charter of the WG\n====" },
		{ "Hello,\n\n=================\nCharter of the WG\n=================\n\n1 Scope\n-------\n\nText.\n",
		  "=================\nCharter" },
		/* the title first: nothing to cut */
		{ "# Charter of the WG\n\nIntro.\n\n## 1 Scope\n\nText.\n", NULL },
		{ "\n\n# Charter of the WG\n\n## 1 Scope\n\nText.\n", NULL },
		/* no title heading: the first line of a plain text is no title to cut at */
		{ "Dear all,\n\n1. Scope\n\nText.\n\n2. Method\n\nMore.\n", NULL },
		/* the title's words in the cover note are not its heading */
		{ "Please read the Charter of the WG below.\n\n# Charter of the WG\n\n## 1 Scope\n\nText.\n",
		  "# Charter of the WG\n" },
	};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct rp_draft_doc *d = NULL;
		struct rp_error err = { 0 };
		size_t n;

		CHECK_INT(rp_draft_parse(&d, rows[i].text, strlen(rows[i].text), &err), 0);
		n = rp_draft_cover_length(rows[i].text, d);
		if (rows[i].from)
			CHECK_STR(rows[i].text + n, strstr(rows[i].text, rows[i].from));
		else
			CHECK_INT(n, 0);
		rp_draft_doc_free(d);
	}
	CHECK_INT(rp_draft_cover_length("text", NULL), 0);
}

/* "recommendation (c)" names item (c) of the section headed Recommendations, in any of
 * the languages of the keywords; a draft without that heading or item has nothing to name. */
static void test_rec_items(void)
{
	static const char draft[] = "Guidelines for Testing\n\n"
				    "1 Tools\n\nParticipants use the chat for questions.\n\n"
				    "2 Recommendations\n\nThe group recommends:\n\n"
				    "(a) that meetings start on time;\n"
				    "(b) that the chat is archived;\n"
				    "(c) that summaries name the speakers.\n";
	static const char plain[] = "Guidelines\n\n1 Tools\n\nUse the chat.\n\n"
				    "2 Reporting\n\nThe group asks:\n\n(a) one thing;\n(b) another.\n";
	static const struct {
		const char *text, *expect;
	} cases[] = {
		{ "Recommendation (c) goes too far.", "2(c)" },
		{ "I support recommendation (b).", "2(b)" },
		{ "Recommendations (a) and (c) overlap.", "2(a),2(c)" },
		{ "La recommandation (b) me semble utile.", "2(b)" },
		{ "Recommendation (d) is missing.", "" },
	};
	struct rp_draft_doc *d = NULL, *p = NULL;
	size_t c, i;

	CHECK_INT(rp_draft_parse(&d, draft, strlen(draft), NULL), 0);
	CHECK_INT(rp_draft_parse(&p, plain, strlen(plain), NULL), 0);
	for (c = 0; d && p && c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct rp_draft_ref *r = NULL;
		struct rp_buf got = RP_BUF_INIT;
		size_t n = 0;

		CHECK_INT(rp_draft_find_refs(d, cases[c].text, &r, &n), 0);
		for (i = 0; i < n; i++) {
			if (got.len)
				rp_buf_addch(&got, ',');
			rp_buf_adds(&got, d->sections[r[i].section].number ? d->sections[r[i].section].number : "pre");
		}
		if (strcmp(got.buf, cases[c].expect) != 0)
			fprintf(stderr, "  refs in \"%s\"\n", cases[c].text);
		CHECK_STR(got.buf, cases[c].expect);
		rp_buf_release(&got);
		rp_draft_refs_free(r, n);
		/* no heading Recommendations: the lettered items of Reporting are not meant */
		CHECK_INT(rp_draft_find_refs(p, cases[c].text, &r, &n), 0);
		CHECK_INT(n, 0);
		rp_draft_refs_free(r, n);
	}
	rp_draft_doc_free(d);
	rp_draft_doc_free(p);
}

RP_TEST_MAIN(T(test_markdown), T(test_cover_length), T(test_rst), T(test_plain), T(test_layout_pages), T(test_wrapped_title),
	     T(test_inline_formats), T(test_inline_headings), T(test_one_line_paragraphs),
	     T(test_doubled), T(test_bom), T(test_controls), T(test_numbered_paragraphs),
	     T(test_refs), T(test_rec_items), T(test_refs_index), T(test_ref_evidence),
	     T(test_store_roundtrip))
