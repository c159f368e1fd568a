/* test-align: aligning a draft's revision with the version it revises (renumbered, new,
 * removed, rewritten and untouched sections) on the demo draft and its second version, the
 * test for a proposed wording appearing in a text, and the document a patch circulates. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "rapporteur/draft.h"

static struct rp_draft_doc *parse_file(const char *path)
{
	struct rp_draft_doc *d = NULL;
	struct rp_error err = { 0 };
	char *text = NULL;
	size_t len = 0;

	if (rp_read_file(path, 1 << 24, &text, &len, &err) || rp_draft_parse(&d, text, len, &err))
		fprintf(stderr, "%s: %s\n", path, rp_error_text(&err));
	free(text);
	return d;
}

static struct rp_draft_doc *parse_text(const char *text)
{
	struct rp_draft_doc *d = NULL;
	struct rp_error err = { 0 };

	if (rp_draft_parse(&d, text, strlen(text), &err))
		fprintf(stderr, "parse: %s\n", rp_error_text(&err));
	return d;
}

static long index_of(const struct rp_draft_doc *d, const char *number)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->sections[i].number && strcmp(d->sections[i].number, number) == 0)
			return (long)i;
	return -2;
}

/* The old section number the new section numbered `number` continues, "new" or "?" */
static const char *was(const struct rp_draft_doc *o, const struct rp_draft_doc *n,
		       const struct rp_section_match *m, const char *number)
{
	long j = index_of(n, number);

	if (j < 0)
		return "?";
	if (m[j].prev < 0)
		return "new";
	return o->sections[m[j].prev].number ? o->sections[m[j].prev].number : "(unnumbered)";
}

static void test_demo_revision(void)
{
	struct rp_draft_doc *o = parse_file("fixtures/demo/draft.txt");
	struct rp_draft_doc *n = parse_file("fixtures/demo/draft-v2.txt");
	struct rp_section_match *m = NULL;
	struct rp_error err = { 0 };
	size_t j, matched_a2 = 0;
	long a2;

	CHECK(o && n);
	if (!o || !n)
		goto out;
	CHECK_INT(rp_draft_align(o, n, &m, &err), 0);
	if (!m)
		goto out;
	/* A section inserted as 3.9 renumbers the two after it. */
	CHECK_STR(was(o, n, m, "3.9"), "new");
	CHECK_STR(was(o, n, m, "3.10"), "3.9");
	CHECK_STR(was(o, n, m, "3.11"), "3.10");
	CHECK_INT(m[index_of(n, "3.10")].renumbered, 1);
	CHECK_INT(m[index_of(n, "3.10")].text_changed, 0);
	/* Rewritten sections keep their place; untouched ones are unchanged. */
	CHECK_STR(was(o, n, m, "3.1"), "3.1");
	CHECK_INT(m[index_of(n, "3.1")].text_changed, 1);
	CHECK_INT(m[index_of(n, "3.1")].renumbered, 0);
	CHECK_STR(was(o, n, m, "4.2"), "4.2");
	CHECK_INT(m[index_of(n, "4.2")].text_changed, 1);
	CHECK_STR(was(o, n, m, "3.2"), "3.2");
	CHECK_INT(m[index_of(n, "3.2")].text_changed, 0);
	CHECK(m[index_of(n, "3.2")].similarity > 0.99);
	CHECK_STR(was(o, n, m, "A.1"), "A.1");
	/* The removed annex part continues in nothing. */
	a2 = index_of(o, "A.2");
	CHECK(a2 >= 0);
	for (j = 0; j < n->n; j++)
		matched_a2 += m[j].prev == a2;
	CHECK_INT(matched_a2, 0);
out:
	free(m);
	rp_draft_doc_free(o);
	rp_draft_doc_free(n);
}

/* Every section renumbered and reordered: the headings and texts find their ancestors. */
static void test_reordered(void)
{
	struct rp_draft_doc *o = parse_text("# 1 Scope\n\nThe scope covers remote participation in meetings.\n\n"
					    "# 2 Hubs\n\nLocal hubs gather participants in one room.\n\n"
					    "# 3 Captioning\n\nLive captioning in English for every session.\n");
	struct rp_draft_doc *n = parse_text("# 1 Captioning\n\nLive captioning in English for every session.\n\n"
					    "# 2 Scope\n\nThe scope covers remote participation in all meetings.\n\n"
					    "# 3 Hubs\n\nLocal hubs gather participants in one room.\n");
	struct rp_section_match *m = NULL;
	struct rp_error err = { 0 };

	CHECK(o && n);
	if (!o || !n)
		goto out;
	CHECK_INT(rp_draft_align(o, n, &m, &err), 0);
	if (!m)
		goto out;
	CHECK_STR(was(o, n, m, "1"), "3");
	CHECK_STR(was(o, n, m, "2"), "1");
	CHECK_STR(was(o, n, m, "3"), "2");
	CHECK_INT(m[index_of(n, "2")].text_changed, 1);
	CHECK_INT(m[index_of(n, "3")].text_changed, 0);
	CHECK_INT(m[index_of(n, "3")].renumbered, 1);
out:
	free(m);
	rp_draft_doc_free(o);
	rp_draft_doc_free(n);
}

/* Unrelated drafts: nothing is matched on its number alone. */
static void test_unrelated(void)
{
	struct rp_draft_doc *o = parse_text("# 1 Budget\n\nThe budget for next year grows by five percent.\n");
	struct rp_draft_doc *n = parse_text("# 1 Travel\n\nDelegates book their own flights and hotels.\n");
	struct rp_section_match *m = NULL;
	struct rp_error err = { 0 };

	CHECK(o && n);
	if (o && n && rp_draft_align(o, n, &m, &err) == 0 && m)
		CHECK_INT(m[index_of(n, "1")].prev, -1);
	free(m);
	rp_draft_doc_free(o);
	rp_draft_doc_free(n);
}

static void test_wording(void)
{
	const char *text = "We recommend that the strategy state the year-round forum as an explicit\n"
			   "objective, and set out a timetable for that transition, with the role of\n"
			   "intersessional activities at each stage.";

	CHECK(rp_draft_wording_appears("and set out a timetable for that transition", text));
	/* Case, punctuation and line breaks do not matter. */
	CHECK(rp_draft_wording_appears("\"And set out a TIMETABLE for that\ntransition\"", text));
	/* 80% of the trigrams: a small edit of a long proposal still counts. */
	CHECK(rp_draft_wording_appears("set out a timetable for that transition, with the role of the "
				       "intersessional activities at each stage",
				       text));
	CHECK(!rp_draft_wording_appears("set out a budget for that transition", text));
	CHECK(!rp_draft_wording_appears("timetable stage transition role", text));
	CHECK(!rp_draft_wording_appears("", text));
	CHECK(!rp_draft_wording_appears(NULL, text));
	CHECK(!rp_draft_wording_appears("a timetable", NULL));
	CHECK(rp_draft_wording_appears("Réunion annuelle", "la réunion annuelle"));
}

static void test_from_patch(void)
{
	static const char patch[] =
		"Add a profile for the subsystem.\n\n"
		"Signed-off-by: A Developer <a@example.org>\n---\n"
		" Documentation/index.rst | 1 +\n\n"
		"diff --git a/Documentation/index.rst b/Documentation/index.rst\n"
		"--- a/Documentation/index.rst\n+++ b/Documentation/index.rst\n"
		"@@ -1,2 +1,3 @@\n old line\n+profile\n\n"
		"diff --git a/Documentation/profile.rst b/Documentation/profile.rst\n"
		"new file mode 100644\n--- /dev/null\n+++ b/Documentation/profile.rst\n"
		"@@ -0,0 +1,7 @@\n+Overview\n+--------\n+\n+Patches go to the list.\n+\n"
		"+Review Cadence\n+--------------\n"
		"diff --git a/src/x.c b/src/x.c\n--- a/src/x.c\n+++ b/src/x.c\n@@ -1 +1 @@\n-int a;\n+int b;\n"
		"-- \n2.21.0\n";
	static const char changed[] =
		"diff --git a/README.md b/README.md\n--- a/README.md\n+++ b/README.md\n"
		"@@ -3,3 +3,3 @@\n ## Scope\n-It covers remote hubs.\n+It covers remote hubs and captioning.\n \n";
	char *doc = NULL;

	CHECK_INT(rp_draft_from_patch(patch, &doc), 0);
	/* The added document wins over the changed one and the code. */
	CHECK_STR(doc, "Overview\n--------\n\nPatches go to the list.\n\nReview Cadence\n--------------\n");
	free(doc);
	doc = NULL;
	CHECK_INT(rp_draft_from_patch(changed, &doc), 0);
	CHECK_STR(doc, "## Scope\nIt covers remote hubs and captioning.\n\n");
	free(doc);
	doc = NULL;
	CHECK_INT(rp_draft_from_patch("1 Introduction\n\n--- not a diff\n+ not either\n", &doc), 0);
	CHECK(doc == NULL);
	CHECK_INT(rp_draft_from_patch(NULL, &doc), 0);
	CHECK(doc == NULL);
}

/* The text before the first heading is the preamble of each version, however rewritten;
 * between unrelated drafts it continues nothing. */
static void test_preamble(void)
{
	struct rp_draft_doc *o = parse_text("This paper sets out how the coalition works.\n\n"
					    "# 1 Scope\n\nThe scope covers remote participation in meetings.\n");
	struct rp_draft_doc *n = parse_text("Comments received by March are reflected below.\n\n"
					    "# 1 Scope\n\nThe scope covers remote participation in meetings.\n");
	struct rp_draft_doc *u = parse_text("Delegates book their own flights and hotels.\n\n"
					    "# 1 Travel\n\nTickets are refunded within a month.\n");
	struct rp_section_match *m = NULL;
	struct rp_error err = { 0 };

	CHECK(o && n && u);
	if (!o || !n || !u)
		goto out;
	CHECK(!o->sections[0].heading && !n->sections[0].heading);
	CHECK_INT(rp_draft_align(o, n, &m, &err), 0);
	if (m) {
		CHECK_INT(m[0].prev, 0);
		CHECK_INT(m[0].text_changed, 1);
		CHECK_INT(m[0].renumbered, 0);
		CHECK_STR(was(o, n, m, "1"), "1");
	}
	free(m);
	m = NULL;
	CHECK_INT(rp_draft_align(o, u, &m, &err), 0);
	if (m)
		CHECK_INT(m[0].prev, -1);
out:
	free(m);
	rp_draft_doc_free(o);
	rp_draft_doc_free(n);
	rp_draft_doc_free(u);
}

RP_TEST_MAIN(T(test_demo_revision), T(test_reordered), T(test_unrelated), T(test_preamble), T(test_wording),
	     T(test_from_patch))
