/* test-text: reply segmentation (one table per block kind), sentences, tokens, stems. */
#include <stdint.h>

#include "harness.h"
#include "rapporteur/text.h"
#include "rapporteur/util.h"

/* A case: a body and the expected blocks as "kind[depth]:text" joined by " | ", where
 * depth is written for quotes only and newlines inside a block as "/". */
struct seg_case {
	const char *name;
	const char *body;
	const char *expected;
};

/* The same with the sender's display name (NULL: unknown). */
struct from_case {
	const char *name;
	const char *from;
	const char *body;
	const char *expected;
};

static char *describe(const struct rp_segments *s)
{
	struct rp_buf b = RP_BUF_INIT;
	size_t i;
	const char *p;

	for (i = 0; i < s->n; i++) {
		if (i)
			rp_buf_adds(&b, " | ");
		rp_buf_adds(&b, rp_block_kind_name(s->blocks[i].kind));
		if (s->blocks[i].kind == RP_BLOCK_QUOTE)
			rp_buf_addf(&b, "%d", s->blocks[i].depth);
		rp_buf_addch(&b, ':');
		for (p = s->blocks[i].text; *p; p++)
			rp_buf_addch(&b, *p == '\n' ? '/' : *p);
	}
	return rp_buf_detach(&b, NULL);
}

static void run_case(const char *name, const char *from, const char *body, const char *expected)
{
	struct rp_segments s = { 0 };
	char *got = NULL;

	rp_t_name = name;
	CHECK_INT(rp_text_segment_from(&s, body, strlen(body), from, NULL), 0);
	got = describe(&s);
	CHECK_STR(got, expected);
	free(got);
	rp_segments_release(&s);
}

static void run_cases(const struct seg_case *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		run_case(c[i].name, NULL, c[i].body, c[i].expected);
}

static void run_from_cases(const struct from_case *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		run_case(c[i].name, c[i].from, c[i].body, c[i].expected);
}

#define RUN(t) run_cases(t, sizeof(t) / sizeof(t[0]))

static void test_quotes(void)
{
	static const struct seg_case t[] = {
		{ "quote: bottom-posted", "> Section 3 is unclear.\n> Please fix.\n\nAgreed, it needs work.\n",
		  "quote1:Section 3 is unclear./Please fix. | new:Agreed, it needs work." },
		{ "quote: '> >' and '>>' are depth 2", "> > deep one\n>> deep two\n> shallow\nanswer\n",
		  "quote2:deep one/deep two | quote1:shallow | new:answer" },
		{ "quote: markers after leading spaces",
		  "    > It does not appear as though my review was considered.\n\nCorrect.\n",
		  "quote1:It does not appear as though my review was considered. | new:Correct." },
		{ "quote: interleaved pairs keep their order",
		  "> point one\nanswer one\n> point two\nanswer two\n",
		  "quote1:point one | new:answer one | quote1:point two | new:answer two" },
		{ "quote: empty quoted lines stay inside", "> a\n>\n> b\n\nreply\n",
		  "quote1:a//b | new:reply" },
		{ "quote: CRLF line ends", "> quoted\r\nreply\r\n", "quote1:quoted | new:reply" },
		{ "quote: Supercite initials", "ME> Let's go through this.\nME> \nYes, let's.\n",
		  "quote1:Let's go through this. | new:Yes, let's." },
		{ "quote: end of a long quoted line wrapped without its marker",
		  "> we could send it over the bridge and let the resolver handle the whole IP\npacket?\n> Thanks\n\nNo.\n",
		  "quote1:we could send it over the bridge and let the resolver handle the whole IP/packet?/Thanks | new:No." },
		{ "quote: '|' markers on consecutive lines",
		  "| Section 3 is unclear.\n| Please fix.\n\nAgreed, it needs work.\n",
		  "quote1:Section 3 is unclear./Please fix. | new:Agreed, it needs work." },
		{ "quote: '| |' and '| >' are depth 2, a bare '|' a quoted blank line",
		  "| | deep one\n| > deep two\n|\n| shallow\nanswer\n",
		  "quote2:deep one/deep two | quote1:shallow | new:answer" },
		{ "quote: '|' answered line by line",
		  "| point one\n| still point one\n\nanswer one\n\n| point two\n| more\n\nanswer two\n",
		  "quote1:point one/still point one | new:answer one | quote1:point two/more | new:answer two" },
		{ "quote: one '|' line after an attribution",
		  "On Tue, 8 Jun 2021 at 10:02, Ana <ana@example.org> wrote:\n| The draft is late.\n\nIt is.\n",
		  "attribution:On Tue, 8 Jun 2021 at 10:02, Ana <ana@example.org> wrote: | quote1:The draft is late. | new:It is." },
		{ "new: one '|' line alone is text", "Two options:\n| keep the text as it is\n",
		  "new:Two options:/| keep the text as it is" },
		{ "new: output pasted in a box stays text",
		  "The listing:\n,----[ ls ~/test ]\n| doc\n| man\n`----\n",
		  "new:The listing:/,----[ ls ~/test ]/| doc/| man/`----" },
		{ "new: a Markdown table stays text",
		  "Proposed table:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n",
		  "new:Proposed table: | new:| a | b |/|---|---|/| 1 | 2 |/| 3 | 4 |" },
		{ "new: Markdown table rows after an attribution stay text",
		  "On Tue, 8 Jun 2021 at 10:02, Ana <ana@example.org> wrote:\n> Old text.\n\nAs a table:\n| x | y |\n| 1 | 2 |\n",
		  "attribution:On Tue, 8 Jun 2021 at 10:02, Ana <ana@example.org> wrote: | quote1:Old text. | new:As a table:/| x | y |/| 1 | 2 |" },
		{ "new: blank line splits paragraphs", "First paragraph.\n\nSecond one.\n",
		  "new:First paragraph. | new:Second one." },
	};
	RUN(t);
}

static void test_attributions(void)
{
	static const struct seg_case t[] = {
		{ "attribution: English, Gmail",
		  "Yes.\n\nOn Tue, 8 Jun 2021 at 10:02, Mark Carvell <mark@example.org> wrote:\n> Draft text\n",
		  "new:Yes. | attribution:On Tue, 8 Jun 2021 at 10:02, Mark Carvell <mark@example.org> wrote: | quote1:Draft text" },
		{ "attribution: wrapped over two lines",
		  "Fine.\n\nOn Fri, Jul 17, 2026 at 3:55 AM Job Snijders <job@example.net>\nwrote:\n\n> Hi,\n",
		  "new:Fine. | attribution:On Fri, Jul 17, 2026 at 3:55 AM Job Snijders <job@example.net>/wrote: | quote1:Hi," },
		{ "attribution: French",
		  "D'accord.\n\nLe mar. 8 juin 2021 à 10:02, Marc Dupont <marc@example.fr> a écrit :\n> Texte\n",
		  "new:D'accord. | attribution:Le mar. 8 juin 2021 à 10:02, Marc Dupont <marc@example.fr> a écrit : | quote1:Texte" },
		{ "attribution: German",
		  "Einverstanden.\n\nAm Di., 8. Juni 2021 um 10:02 Uhr schrieb Max Muster <max@example.de>:\n> Text\n",
		  "new:Einverstanden. | attribution:Am Di., 8. Juni 2021 um 10:02 Uhr schrieb Max Muster <max@example.de>: | quote1:Text" },
		{ "attribution: Spanish",
		  "De acuerdo.\n\nEl mar, 8 jun 2021 a las 10:02, Ana Ruiz (<ana@example.es>) escribió:\n> Texto\n",
		  "new:De acuerdo. | attribution:El mar, 8 jun 2021 a las 10:02, Ana Ruiz (<ana@example.es>) escribió: | quote1:Texto" },
		{ "attribution: Portuguese",
		  "Concordo.\n\nEm ter., 8 de jun. de 2021 às 10:02, João Silva <joao@example.pt> escreveu:\n> Texto\n",
		  "new:Concordo. | attribution:Em ter., 8 de jun. de 2021 às 10:02, João Silva <joao@example.pt> escreveu: | quote1:Texto" },
		{ "attribution: without '>' after it, the rest is quoted",
		  "Sounds good.\n\nOn Tue, 14 Jul 2026 18:45:07 +0000, Thi <thi@example.com> wrote:\n\nRow 1 is the binding.\n",
		  "new:Sounds good. | attribution:On Tue, 14 Jul 2026 18:45:07 +0000, Thi <thi@example.com> wrote: | quote1:Row 1 is the binding." },
		{ "attribution: prose ending in 'wrote:' is not one",
		  "On the other hand, Bob wrote:\nwe should wait.\n",
		  "new:On the other hand, Bob wrote:/we should wait." },
		{ "attribution: Outlook Original Message",
		  "Agreed.\n\n-----Original Message-----\nFrom: Mark <mark@example.org>\nSent: Tuesday, June 8, 2021 10:02 AM\nTo: wg@example.org\nSubject: Draft\n\nPlease comment.\n> older\n",
		  "new:Agreed. | attribution:-----Original Message-----/From: Mark <mark@example.org>/Sent: Tuesday, June 8, 2021 10:02 AM/To: wg@example.org/Subject: Draft | quote1:Please comment. | quote2:older" },
		{ "attribution: new Outlook's rule of underscores above the header block",
		  "Agreed.\n\n________________________________\nFrom: Mark <mark@example.org>\nSent: Tuesday, June 8, 2021 10:02 AM\nTo: wg@example.org\nSubject: Draft\n\nPlease comment.\n",
		  "new:Agreed. | attribution:________________________________/From: Mark <mark@example.org>/Sent: Tuesday, June 8, 2021 10:02 AM/To: wg@example.org/Subject: Draft | quote1:Please comment." },
		{ "attribution: a rule of underscores above text stays the author's",
		  "Agreed.\n\n________________________________\nOne more thing on section 4.\n",
		  "new:Agreed. | new:________________________________/One more thing on section 4." },
		{ "attribution: nested Outlook chain adds a level per header block",
		  "Fine.\n\n-----Original Message-----\nFrom: B <b@example.org>\nSent: Monday\nTo: wg\nSubject: RE: X\n\nOK?\n\n-----Original Message-----\nFrom: A <a@example.org>\nSent: Sunday\nTo: wg\nSubject: X\n\nFirst.\n",
		  "new:Fine. | attribution:-----Original Message-----/From: B <b@example.org>/Sent: Monday/To: wg/Subject: RE: X | quote1:OK? | attribution:-----Original Message-----/From: A <a@example.org>/Sent: Sunday/To: wg/Subject: X | quote2:First." },
		{ "attribution: Lotus Notes block starts with To:",
		  "See below.\n\n\tTo: wg@example.org\n\tcc: b@example.org\n\tSubject: Draft\n\nOld text.\n",
		  "new:See below. | attribution:\tTo: wg@example.org/\tcc: b@example.org/\tSubject: Draft | quote1:Old text." },
		{ "attribution: bug tracker comment header",
		  "--- Comment #4 from Ana <ana@example.org> ---\nFixed in 2.1.\n",
		  "attribution:--- Comment #4 from Ana <ana@example.org> --- | new:Fixed in 2.1." },
		{ "attribution: Outlook header block without marker",
		  "OK for me.\n\nFrom: Mark <mark@example.org>\nSent: Tuesday, June 8, 2021 10:02 AM\nTo: wg@example.org\nSubject: Draft\n\nPlease comment.\n",
		  "new:OK for me. | attribution:From: Mark <mark@example.org>/Sent: Tuesday, June 8, 2021 10:02 AM/To: wg@example.org/Subject: Draft | quote1:Please comment." },
	};
	RUN(t);
}

static void test_forwards(void)
{
	static const struct seg_case t[] = {
		{ "forward: Gmail marker, its own quotes kept",
		  "FYI\n\n---------- Forwarded message ---------\nFrom: Ana <ana@example.org>\nDate: Mon, 7 Jun 2021 at 09:00\nSubject: Draft\nTo: Bo <bo@example.org>\n\nThe draft is out.\n> older text\n",
		  "new:FYI | attribution:---------- Forwarded message ---------/From: Ana <ana@example.org>/Date: Mon, 7 Jun 2021 at 09:00/Subject: Draft/To: Bo <bo@example.org> | forward:The draft is out. | quote1:older text" },
		{ "forward: Apple Mail",
		  "See below.\n\nBegin forwarded message:\n\nFrom: Ana <ana@example.org>\nSubject: Draft\nDate: 7 June 2021 at 09:00:00 CEST\nTo: Bo <bo@example.org>\n\nText.\n",
		  "new:See below. | attribution:Begin forwarded message://From: Ana <ana@example.org>/Subject: Draft/Date: 7 June 2021 at 09:00:00 CEST/To: Bo <bo@example.org> | forward:Text." },
		{ "forward: Thunderbird, the subject first and tabs",
		  "See below.\n\n-------- Forwarded Message --------\nSubject: \tDraft\nDate: \tMon, 7 Jun 2021 09:00:00 +0200\nFrom: \tAna <ana@example.org>\nTo: \tBo <bo@example.org>\n\nText.\n",
		  "new:See below. | attribution:-------- Forwarded Message --------/Subject: \tDraft/Date: \tMon, 7 Jun 2021 09:00:00 +0200/From: \tAna <ana@example.org>/To: \tBo <bo@example.org> | forward:Text." },
		{ "forward: lines that only look like headers, without From, stay forwarded text",
		  "See below.\n\n-------- Forwarded Message --------\nSubject: the budget\nDate: to be agreed\nTo: everyone\n\nWe should discuss the budget first.\n",
		  "new:See below. | attribution:-------- Forwarded Message -------- | forward:Subject: the budget/Date: to be agreed/To: everyone//We should discuss the budget first." },
	};
	RUN(t);
}

static void test_signatures(void)
{
	static const struct seg_case t[] = {
		{ "signature: '-- ' delimiter", "I support this.\n\n-- \nAna Lima\nExample Institute\n",
		  "new:I support this. | signature:--/Ana Lima/Example Institute" },
		{ "signature: undelimited after a closing",
		  "I support this.\n\nRegards,\nKunal Ghosh\nORCID: 0009-0007-4602-5624\nkghosh.example.io\n",
		  "new:I support this. | closing:Regards,/Kunal Ghosh | signature:ORCID: 0009-0007-4602-5624/kghosh.example.io" },
		{ "signature: name, title, organisation",
		  "The annex needs a table of contents.\n\nJohn Smith\nSenior Engineer\nExample Networks Inc.\n",
		  "new:The annex needs a table of contents. | signature:John Smith/Senior Engineer/Example Networks Inc." },
		{ "signature: '--' without its space before sentences is no delimiter",
		  "Build information:\n--\nWhen decoding NTP the reference clock is shown as Rugby, which is wrong now.\n",
		  "new:Build information:/--/When decoding NTP the reference clock is shown as Rugby, which is wrong now." },
		{ "signature: name block with a blank line inside",
		  "We agree with the change.\n\nMike Tribby\nSenior Cataloger\nQuality Books Inc.\n\nmailto:mike@example.com\n",
		  "new:We agree with the change. | signature:Mike Tribby/Senior Cataloger/Quality Books Inc.//mailto:mike@example.com" },
		{ "signature: OpenPGP armour",
		  "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nAgreed.\n-----BEGIN PGP SIGNATURE-----\n\niQIcBAEBCAAGBQJQ\n=334e\n-----END PGP SIGNATURE-----\n",
		  "signature:-----BEGIN PGP SIGNED MESSAGE-----/Hash: SHA256 | new:Agreed. | signature:-----BEGIN PGP SIGNATURE-----//iQIcBAEBCAAGBQJQ/=334e/-----END PGP SIGNATURE-----" },
		{ "signature: before a quote in a top-post",
		  "Looks fine.\n\n-- \nBo\n\nOn Tue, 8 Jun 2021 at 10:02, Ana <ana@example.org> wrote:\n> Draft\n",
		  "new:Looks fine. | signature:--/Bo | attribution:On Tue, 8 Jun 2021 at 10:02, Ana <ana@example.org> wrote: | quote1:Draft" },
	};
	RUN(t);
}

/* A sign-off without "-- " that opens with the sender's name (the From display name) ends
 * the author's text as a signature, whatever follows the name; the same lines from someone
 * else, or a sentence that names its author, stay text. */
static void test_sender_signoffs(void)
{
	static const char tomas[] = "Tom\xc3\xa1\xc5\xa1 Nov\xc3\xa1k";
	static const struct from_case t[] = {
		{ "sign-off: name and organisation lines", "Priya Raman",
		  "10 per cent is far too low.\n\nPriya Raman\nDigital Empowerment (example)\n",
		  "new:10 per cent is far too low. | signature:Priya Raman/Digital Empowerment (example)" },
		{ "sign-off: an organisation with no title word", "Kwame Mensah",
		  "Recommendation 7 is welcome.\n\nKwame Mensah\nGhanaCN\n",
		  "new:Recommendation 7 is welcome. | signature:Kwame Mensah/GhanaCN" },
		{ "sign-off: first name and an aside in brackets", "Mark Ndlovu",
		  "I can live with \"should\".\n\nMark (from my personal account)\n",
		  "new:I can live with \"should\". | signature:Mark (from my personal account)" },
		{ "sign-off: name / organisation on one line", "Kwame Mensah",
		  "+1 to Anja.\n\nKwame Mensah / GhanaCN\n",
		  "new:+1 to Anja. | signature:Kwame Mensah / GhanaCN" },
		{ "sign-off: organisation after a comma, accents folded", "Pierre Dub\xc3\xb6is",
		  "Je soutiens la section 3.\n\nPierre Dubois, R\xc3\xa9seaux Ruraux de France\n",
		  "new:Je soutiens la section 3. | signature:Pierre Dubois, R\xc3\xa9seaux Ruraux de France" },
		{ "sign-off: last name and a telephone line after a closing", tomas,
		  "Agreed.\n\nBest,\nNOVAK\n+420 555 0100\n",
		  "new:Agreed. | closing:Best,/NOVAK | signature:+420 555 0100" },
		{ "sign-off: an aside after a closing and a blank line", "Mark Ndlovu",
		  "Agreed.\n\nRegards,\n\nMark (from my phone)\n",
		  "new:Agreed. | closing:Regards,//Mark (from my phone)" },
		{ "sign-off: below the last answer of an interleaved reply", "Priya Raman",
		  "> Section 3\nAgreed.\n> Section 4\nNo.\n\nPriya Raman / DE\n",
		  "quote1:Section 3 | new:Agreed. | quote1:Section 4 | new:No. | signature:Priya Raman / DE" },
		{ "sign-off: right under the last sentence", "Kwame Mensah",
		  "Recommendation 7 is welcome.\nKwame Mensah\nGhanaCN\n",
		  "new:Recommendation 7 is welcome. | signature:Kwame Mensah/GhanaCN" },
		{ "sign-off: a sender rewritten by the list", "'Kwame Mensah' via pncc",
		  "Agreed.\n\nKwame Mensah\nGhanaCN\n", "new:Agreed. | signature:Kwame Mensah/GhanaCN" },
		{ "sign-off: a closing and first name above the name block", "Samuel Mwangi",
		  "On section 10, 15 March is too tight.\n\nWarm regards,\nSamuel\n\nSamuel Mwangi\nTunapanda Institute, Nairobi\n",
		  "new:On section 10, 15 March is too tight. | closing:Warm regards,/Samuel | signature:Samuel Mwangi/Tunapanda Institute, Nairobi" },
		{ "sign-off: a last comment above the name block stays text", "Samuel Mwangi",
		  "Agreed on section 2.\n\nSection 3 is fine too.\n\nSamuel Mwangi\nTunapanda Institute\n",
		  "new:Agreed on section 2. | new:Section 3 is fine too. | signature:Samuel Mwangi/Tunapanda Institute" },
		{ "sign-off: Outlook's inline image placeholders around the text and the sign-off", "Hana Kim",
		  "[cid:image001.png@01D7A1B2.3C4D5E60]\n\nI object to section 6.\n\nHana Kim\nSenior Policy Advisor | Ministry of ICT\nTel: +82 2 000 0000\n[cid:image002.png@01D7A1B2.3C4D5E60]\n",
		  "footer:[cid:image001.png@01D7A1B2.3C4D5E60] | new:I object to section 6. | signature:Hana Kim/Senior Policy Advisor | Ministry of ICT/Tel: +82 2 000 0000 | footer:[cid:image002.png@01D7A1B2.3C4D5E60]" },
		{ "sign-off: a placeholder inside a sentence is the author's text", "Hana Kim",
		  "See the chart [cid:image001.png@01D7] for the figures in section 6.\n",
		  "new:See the chart [cid:image001.png@01D7] for the figures in section 6." },
		{ "sign-off: a lone first name stays a closing", tomas,
		  "I would keep the sentence.\n\nTom\xc3\xa1\xc5\xa1\n",
		  "new:I would keep the sentence. | closing:Tom\xc3\xa1\xc5\xa1" },
		{ "sign-off: lone initials stay a closing", tomas, "I would keep the sentence.\n\nTN\n",
		  "new:I would keep the sentence. | closing:TN" },
		{ "sign-off: a full name of three words alone is a closing", "Mark Ndlovu",
		  "I would keep the sentence.\n\nMark T. Ndlovu\n",
		  "new:I would keep the sentence. | closing:Mark T. Ndlovu" },
		/* Near misses. */
		{ "sign-off: a sentence naming its author stays text", "Mark Carvell",
		  "Agreed on section 2.\n\nMark Carvell will circulate a revised text\n",
		  "new:Agreed on section 2. | new:Mark Carvell will circulate a revised text" },
		{ "sign-off: a sentence after the name and a comma stays text", "Mark Ndlovu",
		  "Agreed on section 2.\n\nMark, I agree with the rest too\n",
		  "new:Agreed on section 2. | new:Mark, I agree with the rest too" },
		{ "sign-off: someone else's name and organisation stay text", "Kwame Mensah",
		  "Agreed.\n\nPriya Raman\nDigital Empowerment (example)\n",
		  "new:Agreed. | new:Priya Raman/Digital Empowerment (example)" },
		{ "Japanese: the writer naming themself after the greeting is no comment",
		  "\xe7\x94\xb0\xe4\xb8\xad \xe5\x81\xa5",
		  "\xe7\x9a\x86\xe3\x81\x95\xe3\x81\xbe\n\n\xe7\x94\xb0\xe4\xb8\xad\xe3\x81\xa7\xe3\x81\x99\xe3\x80\x82\n\n"
		  "On section 4, I support the proposal.\n",
		  "greeting:\xe7\x9a\x86\xe3\x81\x95\xe3\x81\xbe | greeting:\xe7\x94\xb0\xe4\xb8\xad\xe3\x81\xa7\xe3\x81\x99\xe3\x80\x82 | new:On section 4, I support the proposal." },
		{ "Japanese: \"JPNIC no Tanaka desu\" opening the mail",
		  "\xe7\x94\xb0\xe4\xb8\xad \xe5\x81\xa5",
		  "JPNIC\xe3\x81\xae\xe7\x94\xb0\xe4\xb8\xad\xe3\x81\xa7\xe3\x81\x99\n\nOn section 4, I support the proposal.\n",
		  "greeting:JPNIC\xe3\x81\xae\xe7\x94\xb0\xe4\xb8\xad\xe3\x81\xa7\xe3\x81\x99 | new:On section 4, I support the proposal." },
		{ "Japanese: \"I agree\" (sansei desu) is no self-introduction",
		  "\xe7\x94\xb0\xe4\xb8\xad \xe5\x81\xa5",
		  "\xe8\xb3\x9b\xe6\x88\x90\xe3\x81\xa7\xe3\x81\x99\xe3\x80\x82\n\nOn section 4, I support the proposal.\n",
		  "new:\xe8\xb3\x9b\xe6\x88\x90\xe3\x81\xa7\xe3\x81\x99\xe3\x80\x82 | new:On section 4, I support the proposal." },
		{ "sign-off: unknown sender and no title word: text", NULL,
		  "Agreed.\n\nKwame Mensah\nGhanaCN\n", "new:Agreed. | new:Kwame Mensah/GhanaCN" },
		{ "sign-off: the only text of a short reply stays text", "Kwame Mensah",
		  "> Section 4\n\nKwame Mensah / GhanaCN\n",
		  "quote1:Section 4 | new:Kwame Mensah / GhanaCN" },
		{ "sign-off: a sentence under the name stays text", "Kwame Mensah",
		  "Agreed.\n\nKwame Mensah\nwill send the revised annex on Monday.\n",
		  "new:Agreed. | new:Kwame Mensah/will send the revised annex on Monday." },
		{ "sign-off: four lines are no short sign-off", "Kwame Mensah",
		  "Agreed.\n\nKwame Mensah\nGhanaCN\nAccra\nGhana\n",
		  "new:Agreed. | new:Kwame Mensah/GhanaCN/Accra/Ghana" },
		{ "sign-off: not at the end of the author's text", "Kwame Mensah",
		  "Kwame Mensah / GhanaCN\n\n> Section 4\nAgreed.\n",
		  "new:Kwame Mensah / GhanaCN | quote1:Section 4 | new:Agreed." },
		{ "sign-off: a name ending a paragraph is part of it", "Kwame Mensah",
		  "We asked around in Ghana and the answer was the same from\nKwame Mensah / GhanaCN\n",
		  "new:We asked around in Ghana and the answer was the same from/Kwame Mensah / GhanaCN" },
	};

	run_from_cases(t, sizeof(t) / sizeof(t[0]));
}

static void test_footers(void)
{
	static const struct seg_case t[] = {
		{ "footer: Mailman",
		  "Yes.\n\n_______________________________________________\nTLS mailing list -- tls@example.org\nTo unsubscribe send an email to tls-leave@example.org\n",
		  "new:Yes. | footer:_______________________________________________/TLS mailing list -- tls@example.org/To unsubscribe send an email to tls-leave@example.org" },
		{ "footer: Google Groups",
		  "Yes.\n\n-- \nYou received this message because you are subscribed to the Google Groups \"wg\" group.\nTo unsubscribe from this group and stop receiving emails from it, send an email to wg+unsubscribe@example.org.\n",
		  "new:Yes. | footer:--/You received this message because you are subscribed to the Google Groups \"wg\" group./To unsubscribe from this group and stop receiving emails from it, send an email to wg+unsubscribe@example.org." },
		{ "footer: Groups.io",
		  "Yes.\n\n-=-=-=-=-=-=-=-=-=-=-=-\nGroups.io Links: You receive all messages sent to this group.\nView/Reply Online (#42): https://groups.example.io/g/wg/message/42\n",
		  "new:Yes. | footer:-=-=-=-=-=-=-=-=-=-=-=-/Groups.io Links: You receive all messages sent to this group./View/Reply Online (#42): https://groups.example.io/g/wg/message/42" },
		{ "footer: Sent from my iPhone", "Fine by me.\n\nSent from my iPhone\n",
		  "new:Fine by me. | footer:Sent from my iPhone" },
		{ "footer: 'Sent from my phone' with an excuse after a colon",
		  "Fine by me.\n\nSent from my phone: please excuse the brevity.\n",
		  "new:Fine by me. | footer:Sent from my phone: please excuse the brevity." },
		{ "footer: 'Sent from my ...:' followed by a sentence is the reply",
		  "Sent from my work account: I also support the proposal in 3.2.\n",
		  "new:Sent from my work account: I also support the proposal in 3.2." },
		{ "footer: a one-line reply opened by 'Sent from my ...:' above a quote",
		  "Sent from my phone: I agree with Ana.\n\nOn Tue, 8 Jun 2021 at 10:02, Ana <ana@example.org> wrote:\n> Draft\n",
		  "new:Sent from my phone: I agree with Ana. | attribution:On Tue, 8 Jun 2021 at 10:02, Ana <ana@example.org> wrote: | quote1:Draft" },
		{ "footer: 'Envoy\xc3\xa9 de mon ...' followed by a sentence is the reply",
		  "Envoy\xc3\xa9 de mon t\xc3\xa9l\xc3\xa9phone : je soutiens la section 2.\n",
		  "new:Envoy\xc3\xa9 de mon t\xc3\xa9l\xc3\xa9phone : je soutiens la section 2." },
		{ "footer: a heading underline is not a separator",
		  "New text below.\n\nThe short guide\n===============\n\nAsk on the mailing list first.\n",
		  "new:New text below. | new:The short guide/=============== | new:Ask on the mailing list first." },
		{ "footer: a dash underline of a quoted heading",
		  "> Scope\n> -----\n>\n> Post to the mailing list.\n\nFine.\n",
		  "quote1:Scope/-----//Post to the mailing list. | new:Fine." },
		{ "footer: a name over a shorter rule is no heading",
		  "Fine.\n\nmatt\n---\nYou are currently subscribed to wg as: m@example.org.\nTo unsubscribe, send request to lists@example.org\n",
		  "new:Fine. | closing:matt | footer:---/You are currently subscribed to wg as: m@example.org./To unsubscribe, send request to lists@example.org" },
		{ "footer: a rule wider than the line above is still a separator",
		  "I agree with the change.\n----------------------------------------\nwg mailing list\nhttps://lists.example.org/wg\n",
		  "new:I agree with the change. | footer:----------------------------------------/wg mailing list/https://lists.example.org/wg" },
		{ "footer: list footer after an Outlook quote stays a footer",
		  "Yes.\n\n-----Original Message-----\nFrom: A <a@example.org>\nSent: Monday\nTo: wg\nSubject: X\n\nOld text.\n\n_______________________________________________\nwg mailing list\nhttps://lists.example.org/mailman/listinfo/wg\n",
		  "new:Yes. | attribution:-----Original Message-----/From: A <a@example.org>/Sent: Monday/To: wg/Subject: X | quote1:Old text. | footer:_______________________________________________/wg mailing list/https://lists.example.org/mailman/listinfo/wg" },
		/* A confidentiality notice above a quoted original, far from the end: a footer,
		 * and the closing and signature before it are found again. */
		{ "footer: a disclaimer above an Outlook quote",
		  "I support 4.2.\n\nWarm regards,\n\nDr. Ann Example\nChair, Some Coalition\n\n"
		  "DISCLAIMER: This e-mail and any attachments are confidential and intended\nsolely for the addressee.\n\n"
		  "-----Original Message-----\nFrom: B <b@example.org>\nSent: Monday\nTo: wg\nSubject: X\n\nOld text.\n",
		  "new:I support 4.2. | closing:Warm regards,//Dr. Ann Example | signature:Chair, Some Coalition | footer:DISCLAIMER: This e-mail and any attachments are confidential and intended/solely for the addressee. | attribution:-----Original Message-----/From: B <b@example.org>/Sent: Monday/To: wg/Subject: X | quote1:Old text." },
		{ "footer: a French confidentiality notice",
		  "D'accord.\n\nCe message et toutes les pi\xc3\xa8" "ces jointes sont confidentiels et \xc3\xa9tablis \xc3\xa0 l'intention exclusive de ses destinataires.\n",
		  "new:D'accord. | footer:Ce message et toutes les pi\xc3\xa8" "ces jointes sont confidentiels et \xc3\xa9tablis \xc3\xa0 l'intention exclusive de ses destinataires." },
		/* A notice the client sent unwrapped, one line longer than any the keyword tests
		 * read, under a "--" without its space: the signature and the notice are no
		 * comments of the member's. */
		{ "footer: an unwrapped disclaimer under a '--' signature",
		  "I would add a recommendation (d).\n\nJohn\n\n--\nJohn Example\nPartner | Example LLP\n\n"
		  "CONFIDENTIALITY NOTICE: This e-mail message, including any attachments, is for the sole use of the intended recipient(s) and may contain confidential and privileged information. Any unauthorized review, use, disclosure or distribution is prohibited. If you are not the intended recipient, please contact the sender by reply e-mail and destroy all copies of the original message. Nothing in this message should be construed as legal advice.\n",
		  "new:I would add a recommendation (d). | closing:John | signature:--/John Example/Partner | Example LLP | footer:CONFIDENTIALITY NOTICE: This e-mail message, including any attachments, is for the sole use of the intended recipient(s) and may contain confidential and privileged information. Any unauthorized review, use, disclosure or distribution is prohibited. If you are not the intended recipient, please contact the sender by reply e-mail and destroy all copies of the original message. Nothing in this message should be construed as legal advice." },
		{ "footer: 'This message may contain confidential information' above a quote",
		  "I support (b).\n\nThanks,\nBen\n\nBen Example\nDirector, Example Corp\n\n"
		  "This message may contain confidential information. If you received it in error, please notify the sender and delete it.\n\n"
		  "On Tue, Sep 1, 2026 at 5:00 AM Ana <ana@example.org> wrote:\n> Draft\n",
		  "new:I support (b). | closing:Thanks,/Ben | signature:Ben Example/Director, Example Corp | footer:This message may contain confidential information. If you received it in error, please notify the sender and delete it. | attribution:On Tue, Sep 1, 2026 at 5:00 AM Ana <ana@example.org> wrote: | quote1:Draft" },
		/* A member's own unwrapped paragraph opening as notices do, with one of their
		 * words: a comment, not a notice (a notice's one line holds two). */
		{ "footer: an unwrapped paragraph of the member's that opens like a notice",
		  "The information contained in this draft about privileged access management is outdated, and section 2 should be rewritten to cover the controls that most organisations have adopted since the last version, such as just-in-time access and session recording.\n\nAnn\n",
		  "new:The information contained in this draft about privileged access management is outdated, and section 2 should be rewritten to cover the controls that most organisations have adopted since the last version, such as just-in-time access and session recording. | closing:Ann" },
		/* The opening alone is not enough: a member discussing a disclaimer. */
		{ "footer: 'Disclaimer' opening the author's own text",
		  "Disclaimer: I chaired the session, so take this with a pinch of salt.\n\nI support 3.1.\n",
		  "new:Disclaimer: I chaired the session, so take this with a pinch of salt. | new:I support 3.1." },
	};
	RUN(t);
}

static void test_patches(void)
{
	static const struct seg_case t[] = {
		{ "patch: git diff",
		  "Fix below.\n\ndiff --git a/x.c b/x.c\nindex 1..2 100644\n--- a/x.c\n+++ b/x.c\n@@ -1,2 +1,2 @@\n int a;\n-int b;\n+long b;\n\nThoughts?\n",
		  "new:Fix below. | patch:diff --git a/x.c b/x.c/index 1..2 100644/--- a/x.c/+++ b/x.c/@@ -1,2 +1,2 @@/ int a;/-int b;/+long b; | new:Thoughts?" },
		{ "patch: plain unified diff",
		  "--- old.txt\n+++ new.txt\n@@ -3 +3 @@\n-yearly\n+every two years\n",
		  "patch:--- old.txt/+++ new.txt/@@ -3 +3 @@/-yearly/+every two years" },
		{ "patch: git format-patch diffstat and version trailer",
		  "Fix attached.\n---\n x.c | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)\n\ndiff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n+b\n-- \n2.39.0\n",
		  "new:Fix attached. | patch:---/ x.c | 2 +-/ 1 file changed, 1 insertion(+), 1 deletion(-)//diff --git a/x.c b/x.c/--- a/x.c/+++ b/x.c/@@ -1 +1 @@/-a/+b/--/2.39.0" },
		{ "patch: git send-email's in-body From, trailers and new-file summary",
		  "From: Ann Author <ann@example.org>\n\nAdd the design document.\n\nSigned-off-by: Ann Author <ann@example.org>\nAcked-by: Bo <bo@example.org>\n---\n d.rst | 1 +\n 1 file changed, 1 insertion(+)\n create mode 100644 d.rst\n\ndiff --git a/d.rst b/d.rst\nnew file mode 100644\n--- /dev/null\n+++ b/d.rst\n@@ -0,0 +1 @@\n+Title\n",
		  "attribution:From: Ann Author <ann@example.org> | new:Add the design document. | patch:Signed-off-by: Ann Author <ann@example.org>/Acked-by: Bo <bo@example.org>/---/ d.rst | 1 +/ 1 file changed, 1 insertion(+)/ create mode 100644 d.rst//diff --git a/d.rst b/d.rst/new file mode 100644/--- /dev/null/+++ b/d.rst/@@ -0,0 +1 @@/+Title" },
		/* a review's trailer stays the reviewer's: no "---" ties it to a patch */
		{ "patch: a reviewer's trailer above a quoted hunk stays text",
		  "Reviewed-by: Cy <cy@example.org>\n\ndiff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n+b\n",
		  "new:Reviewed-by: Cy <cy@example.org> | patch:diff --git a/x.c b/x.c/--- a/x.c/+++ b/x.c/@@ -1 +1 @@/-a/+b" },
		{ "patch: context diff",
		  "*** a.c\t1.16\n--- a.c\t1.17\n***************\n*** 1,2 ****\n! int a;\n--- 1,2 ----\n! long a;\n",
		  "patch:*** a.c\t1.16/--- a.c\t1.17/***************/*** 1,2 ****/! int a;/--- 1,2 ----/! long a;" },
		{ "patch: a '- ' list item is not a patch", "Changes:\n- one\n- two\n",
		  "new:Changes:/- one/- two" },
	};
	RUN(t);
}

static void test_greetings_closings(void)
{
	static const struct seg_case t[] = {
		{ "greeting and closing", "Hi all,\n\nI support the draft.\n\nBest regards,\nAna\n",
		  "greeting:Hi all, | new:I support the draft. | closing:Best regards,/Ana" },
		{ "greeting: by name", "Stefano,\n\nThe best approach is an extension.\n",
		  "greeting:Stefano, | new:The best approach is an extension." },
		{ "greeting: after the quote in a bottom-post", "> Question?\n\nHello Michael,\n\nNo.\n",
		  "quote1:Question? | greeting:Hello Michael, | new:No." },
		{ "greeting: German and French", "Liebe Kolleginnen,\n\nText.\n",
		  "greeting:Liebe Kolleginnen, | new:Text." },
		{ "greeting: a comment on the greeting's line is text",
		  "Hi all, I agree with section 5.\n\nEva\n",
		  "new:Hi all, I agree with section 5. | closing:Eva" },
		{ "greeting: the same after \"Dear\", before a cover note",
		  "Dear Sofia, our comments are in the attached file.\nEva\n",
		  "new:Dear Sofia, our comments are in the attached file. | closing:Eva" },
		{ "greeting: courtesy after the address stays the greeting",
		  "Hi all, hope you are well.\n\nI support 3.2.\n",
		  "greeting:Hi all, hope you are well. | new:I support 3.2." },
		{ "greeting: a second address stays the greeting",
		  "Dear colleagues, dear friends,\n\nI support 3.2.\n",
		  "greeting:Dear colleagues, dear friends, | new:I support 3.2." },
		{ "closing: lone sign-off name", "We should merge 3.9 and 3.10.\n\nOlivier\n",
		  "new:We should merge 3.9 and 3.10. | closing:Olivier" },
		{ "closing: dash sign-off", "Agreed.\n\nCheers,\n-markku\n",
		  "new:Agreed. | closing:Cheers,/-markku" },
		{ "closing: 'Thanks for' is a sentence", "Thanks for the review of section 2.\n",
		  "new:Thanks for the review of section 2." },
		{ "closing: a lone name after a thank-you that opened the text",
		  "Thanks Wout.\n\nI agree with Wout on quoting the paper.\n\nMarkus\n",
		  "new:Thanks Wout. | new:I agree with Wout on quoting the paper. | closing:Markus" },
		{ "closing: keeps references after it",
		  "See the report.\n\nCheers,\nJohn\n\n[1] https://example.org/a-very-long-reference-address/that-goes-on-and-on/report.pdf\n",
		  "new:See the report. | closing:Cheers,/John | new:[1] https://example.org/a-very-long-reference-address/that-goes-on-and-on/report.pdf" },
		{ "closing: a thank-you opening the text is not a closing",
		  "Thanks,\n\nI will review section 3 tomorrow\n",
		  "new:Thanks, | new:I will review section 3 tomorrow" },
		{ "closing: short text after a closing without name stays text",
		  "Looks good.\n\nThanks,\nwill merge after the call\n",
		  "new:Looks good. | closing:Thanks, | new:will merge after the call" },
		{ "closing: German", "Passt.\n\nViele Grüße\nMax\n", "new:Passt. | closing:Viele Grüße/Max" },
		{ "closing: ending in a non-ASCII letter", "Ja.\n\nGruß\nFlo\n", "new:Ja. | closing:Gruß/Flo" },
		{ "closing: a postscript after it stays text",
		  "Check the encoding.\n\nhth,\nAD\nPS: If the book had problems with this, it would not work in any language.\n",
		  "new:Check the encoding. | closing:hth,/AD | new:PS: If the book had problems with this, it would not work in any language." },
		{ "closing: Spanish \"Un abrazo\"", "Apoyo la sección 6.\n\nUn abrazo,\nCamila\n",
		  "new:Apoyo la sección 6. | closing:Un abrazo,/Camila" },
		{ "greeting and closing: Japanese",
		  "皆さま\n\nOn section 4, I support the proposal.\n\nよろしくお願いします。\n田中\n",
		  "greeting:皆さま | new:On section 4, I support the proposal. | closing:よろしくお願いします。/田中" },
		{ "greeting: Spanish \"Queridos\"", "Queridos colegas:\n\nApoyo la sección 6.\n",
		  "greeting:Queridos colegas: | new:Apoyo la sección 6." },
		{ "closing: a thanks line followed by prose is text",
		  "Thanks!\nI think we should go with option B instead.\n",
		  "new:Thanks!/I think we should go with option B instead." },
	};
	RUN(t);
}

static void test_new_text_and_names(void)
{
	struct rp_segments s = { 0 };
	const char *body = "Hi,\n\n> q\nOne.\n\nTwo.\n\nBest,\nBo\n";
	char *nt = NULL;
	int k;

	CHECK_INT(rp_text_segment(&s, body, strlen(body), NULL), 0);
	nt = rp_text_new_text(&s);
	CHECK_STR(nt, "One.\n\nTwo.");
	free(nt);
	rp_segments_release(&s);
	CHECK_INT(s.n, 0);
	for (k = RP_BLOCK_NEW; k <= RP_BLOCK_CLOSING; k++)
		CHECK_INT(rp_block_kind_parse(rp_block_kind_name((enum rp_block_kind)k)), k);
	CHECK_INT(rp_block_kind_parse("paragraph"), RP_ERROR);
	CHECK_INT(rp_text_segment(&s, "", 0, NULL), 0);
	CHECK_INT(s.n, 0);
	nt = rp_text_new_text(&s);
	CHECK_STR(nt, "");
	free(nt);
	rp_segments_release(&s);
}

/* Hostile shapes finish quickly with a sane answer (the cost is linear). */
static void test_hostile(void)
{
	struct rp_segments s = { 0 };
	struct rp_line_label *lab = NULL;
	size_t n = 0, i, big = (size_t)1 << 20;
	char *b = malloc(big + 1);
	double t0;

	if (!b)
		return;
	memset(b, 'a', big);
	b[big] = 0;
	t0 = rp_now_seconds();
	CHECK_INT(rp_text_segment(&s, b, big, NULL), 0);
	CHECK_INT(s.n, 1);
	CHECK_INT(s.n ? strlen(s.blocks[0].text) : 0, big);
	rp_segments_release(&s);
	/* Quote depth 500: "> > > ... x". */
	for (i = 0; i < 500; i++) {
		b[2 * i] = '>';
		b[2 * i + 1] = ' ';
	}
	strcpy(b + 1000, "deep\nanswer\n");
	CHECK_INT(rp_text_segment(&s, b, strlen(b), NULL), 0);
	CHECK_INT(s.n, 2);
	CHECK_INT(s.n ? s.blocks[0].depth : 0, 500);
	CHECK_STR(s.n ? s.blocks[0].text : "", "deep");
	rp_segments_release(&s);
	/* 100,000 short lines mixing every trigger. */
	{
		struct rp_buf m = RP_BUF_INIT;
		for (i = 0; i < 20000; i++)
			rp_buf_adds(&m, "> q\n-- \nOn 1 Jan 2020, A wrote:\n_____\nFrom: x\n");
		CHECK_INT(rp_text_label_lines(&lab, &n, m.buf, m.len, NULL), 0);
		CHECK_INT(n, 100000);
		free(lab);
		rp_buf_release(&m);
	}
	CHECK(rp_now_seconds() - t0 < 5.0);
	free(b);
}

static void test_label_lines(void)
{
	struct rp_line_label *lab = NULL;
	size_t n = 0;
	const char *body = "Hi,\n\n> q\nanswer\n-- \nBo";

	CHECK_INT(rp_text_label_lines(&lab, &n, body, strlen(body), NULL), 0);
	CHECK_INT(n, 6);
	if (n == 6) {
		CHECK_INT(lab[0].kind, RP_BLOCK_GREETING);
		CHECK_INT(lab[1].blank, 1);
		CHECK_INT(lab[2].kind, RP_BLOCK_QUOTE);
		CHECK_INT(lab[2].depth, 1);
		CHECK_INT(lab[3].kind, RP_BLOCK_NEW);
		CHECK_INT(lab[4].kind, RP_BLOCK_SIGNATURE);
		CHECK_INT(lab[5].kind, RP_BLOCK_SIGNATURE);
	}
	free(lab);
}

static void test_sentences(void)
{
	static const struct {
		const char *text;
		const char *expected; /* sentences joined by " | " */
	} t[] = {
		{ "Section 3.9 is wrong. It should say 3.10.", "Section 3.9 is wrong. | It should say 3.10." },
		{ "See e.g. the annex. Then decide!", "See e.g. the annex. | Then decide!" },
		{ "Ask Dr. Smith and J. Doe about it? Yes.", "Ask Dr. Smith and J. Doe about it? | Yes." },
		{ "The URL https://example.org/a.b is fine. Next one.",
		  "The URL https://example.org/a.b is fine. | Next one." },
		{ "A sentence that\nwraps over lines.\n\nNew paragraph", "A sentence that wraps over lines. | New paragraph" },
		{ "Points:\n- first point\n- second point", "Points: | - first point | - second point" },
		{ "He said \"no.\" Then left.", "He said \"no.\" | Then left." },
		{ "Wait... what?", "Wait... what?" },
		{ "", "" },
	};
	size_t i, j;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char **v = NULL;
		size_t n = 0;
		struct rp_buf b = RP_BUF_INIT;
		CHECK_INT(rp_text_sentences(t[i].text, &v, &n), 0);
		for (j = 0; j < n; j++) {
			if (j)
				rp_buf_adds(&b, " | ");
			rp_buf_adds(&b, v[j]);
		}
		CHECK_STR(b.buf, t[i].expected);
		rp_buf_release(&b);
		rp_strv_free(v, n);
	}
}

static void test_tokens(void)
{
	static const struct {
		const char *text;
		const char *expected;
	} t[] = {
		{ "The reviews are running every two years", "review run everi two year" },
		{ "We don't support section 3.9's wording", "support section 3.9 word" },
		{ "Connections, connected, connecting!", "connect connect connect" },
		{ "Grüße aus Köln", "grüße aus köln" },
		{ "a I x", "" },
	};
	size_t i, j;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char **v = NULL;
		size_t n = 0;
		struct rp_buf b = RP_BUF_INIT;
		CHECK_INT(rp_text_tokens(t[i].text, &v, &n), 0);
		for (j = 0; j < n; j++) {
			if (j)
				rp_buf_addch(&b, ' ');
			rp_buf_adds(&b, v[j]);
		}
		CHECK_STR(b.buf, t[i].expected);
		rp_buf_release(&b);
		rp_strv_free(v, n);
	}
}

static void test_stem_stopwords(void)
{
	static const char *const stop[] = { "the", "and", "don't", "you've", "yourselves", "a", "i" };
	static const char *const notstop[] = { "draft", "section", "consensus", "", "zzz" };
	char *st;
	size_t i;

	for (i = 0; i < sizeof(stop) / sizeof(stop[0]); i++)
		CHECK(rp_text_is_stopword(stop[i]));
	for (i = 0; i < sizeof(notstop) / sizeof(notstop[0]); i++)
		CHECK(!rp_text_is_stopword(notstop[i]));
	st = rp_text_stem("generalizations");
	CHECK_STR(st, "general");
	free(st);
	st = rp_text_stem("consensus");
	CHECK_STR(st, "consensus");
	free(st);
}

/* Folding: fixed cases, then the two in-place answers against their definitions (fold,
 * then split or strstr) on random texts of letters of both cases, digits, punctuation runs,
 * line breaks, quote marks, UTF-8 bytes and an occasional NUL. */
static unsigned next_rand(unsigned *state)
{
	*state = *state * 1103515245u + 12345u;
	return (*state >> 16) & 0x7fff;
}

static void test_fold(void)
{
	static const char alphabet[] = "aAbBcC dD0 1\n>--,.\t\xc3\xa9xX";
	char *f, key[24], text[64], needle[24];
	unsigned r = 12345;
	int round;

	f = rp_text_fold("  On 3.9,\n> the  WG's \xc3\xa9t\xc3\xa9 PAPER!! ", 34);
	CHECK_STR(f, "on 3 9 the wg s \xc3\xa9t\xc3\xa9 paper");
	free(f);
	f = rp_text_fold("abc\0def", 7);
	CHECK_STR(f, "abc");
	free(f);
	CHECK(rp_text_fold_first_words("> The  strategy, paper: 3.9", 27, key, sizeof(key)) == 1);
	CHECK_STR(key, "the strategy paper");
	CHECK(rp_text_fold_first_words("two words", 9, key, sizeof(key)) == 0);
	CHECK(rp_text_fold_first_words("unbelievably-extraordinarily-long words", 39, key, sizeof(key)) == 0);
	/* Accents and case dropped as people type names; invalid UTF-8 folded plainly. */
	{
		static const char *const cases[][2] = {
			{ "Olivier Cr\xc3\xa9pin-Leblond", "olivier crepin leblond" },
			{ "M\xc3\xbcLLER \xc3\x85sa", "muller asa" },
			{ "\xc5\x81ukasz \xc3\x98ystein Stra\xc3\x9f" "e", "lukasz oystein strasse" },
			{ "\xc3\x89MILE Zola", "emile zola" },
			{ "\xd0\x94\xd0\xbc\xd0\xb8\xd1\x82\xd1\x80\xd0\xb8\xd0\xb9", "\xd0\xb4\xd0\xbc\xd0\xb8\xd1\x82\xd1\x80\xd0\xb8\xd0\xb8" }, /* й is и with a breve */
			/* invalid bytes become U+FFFD; the rest is still folded */
			{ "bad \xff\xfe Caf\xc3\xa9", "bad \xef\xbf\xbd\xef\xbf\xbd cafe" },
			{ "", "" },
		};
		size_t k;

		for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
			f = rp_text_fold_unaccented(cases[k][0], strlen(cases[k][0]));
			CHECK_STR(f, cases[k][1]);
			free(f);
		}
	}
	CHECK(rp_text_fold_contains("Re: the\n> Strategy -- PAPER", 27, "the strategy paper"));
	CHECK(!rp_text_fold_contains("the strategy papers", 15, "the strategy paper"));
	for (round = 0; round < 5000; round++) {
		size_t len = (size_t)(next_rand(&r) % sizeof(text)), i, n;
		char *folded, *want, *sp;
		int words;

		for (i = 0; i < len; i++)
			text[i] = next_rand(&r) % 97 == 0 ? '\0'
							  : alphabet[next_rand(&r) % (sizeof(alphabet) - 1)];
		folded = rp_text_fold(text, len);
		/* the first three words, by definition: split the folded text at its blanks */
		want = rp_strdup(folded);
		for (words = 0, sp = want; words < 3 && *sp; words++) {
			sp += strcspn(sp, " ");
			if (words < 2 && *sp)
				sp++;
		}
		*sp = '\0';
		n = strlen(want);
		CHECK(rp_text_fold_first_words(text, len, key, sizeof(key)) ==
		      (words == 3 && n < sizeof(key)));
		if (words == 3 && n < sizeof(key))
			CHECK_STR(key, want);
		free(want);
		/* a phrase: a piece of the folded text (found) or a random one (mostly not) */
		if (next_rand(&r) % 2 && folded[0]) {
			size_t a = next_rand(&r) % strlen(folded), b = a + 1 + next_rand(&r) % 12;
			if (b > strlen(folded))
				b = strlen(folded);
			while (a < b && folded[a] == ' ') /* a folded phrase has no leading blank */
				a++;
			snprintf(needle, sizeof(needle), "%.*s", (int)(b - a), folded + a);
		} else {
			snprintf(needle, sizeof(needle), "%c%c", "abc0"[next_rand(&r) % 4],
				 "abc0 "[next_rand(&r) % 5]);
		}
		CHECK(rp_text_fold_contains(text, len, needle) == (strstr(folded, needle) != NULL));
		free(folded);
	}
}

/* rp_utf8_valid skips ASCII eight bytes at a time: it must agree with a byte-by-byte
 * check wherever the first non-ASCII byte falls. */
static int utf8_valid_bytewise(const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		n = rp_utf8_decode(s + i, len - i, &cp);
		if (cp == 0xFFFD && !(n == 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0))
			return 0;
		i += n;
	}
	return 1;
}

static void test_utf8_valid(void)
{
	static const char *const pieces[] = { "a", "bcdefgh", " ", "\xc3\xa9", "\xe2\x80\x94",
					      "\xf0\x9f\x98\x80", "\xef\xbf\xbd", "\xff", "\xc3",
					      "\xe2\x80", "\x80", "\xed\xa0\x80", "\xc0\xaf" };
	static const struct {
		const char *s;
		int valid;
	} cases[] = {
		{ "", 1 },
		{ "abcdefgh", 1 },
		{ "abcdefgh\xff", 0 },
		{ "abcdefg\xc3\xa9", 1 },
		{ "abcdefghijklmno\xc3", 0 },
		{ "abcdefghijklmnop\xe2\x80\x94qrstuvwxyz0123456789", 1 },
		{ "abcdefghijklmnopqrstuvwxyz01234\x80", 0 },
		{ "\xef\xbf\xbd and more than eight bytes", 1 },
	};
	char text[256];
	unsigned r = 7;
	size_t i;
	int round;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CHECK_INT(rp_utf8_valid(cases[i].s, strlen(cases[i].s)), cases[i].valid);
	for (round = 0; round < 3000; round++) {
		size_t len = 0;
		int k = (int)(next_rand(&r) % 12);
		while (k-- > 0) {
			/* mostly ASCII, as mail is */
			const char *p = next_rand(&r) % 4 ? pieces[next_rand(&r) % 3]
							  : pieces[next_rand(&r) % (sizeof(pieces) / sizeof(pieces[0]))];
			size_t n = strlen(p);
			if (len + n >= sizeof(text))
				break;
			memcpy(text + len, p, n);
			len += n;
		}
		CHECK_INT(rp_utf8_valid(text, len), utf8_valid_bytewise(text, len));
	}
}

/* File and list names on a terminal: what it would act on is shown escaped, the rest (accents,
 * right-to-left letters) as it is; a name with any of it is not a plain name. */
static void test_escaped_names(void)
{
	static const struct {
		const char *in, *shown;
		int plain;
	} cases[] = {
		{ "list.mbox", "list.mbox", 1 },
		{ "bin\033[31mred.mbox", "bin\\x1b[31mred.mbox", 0 },
		{ "new\nline\t\r", "new\\nline\\t\\r", 0 },
		{ "bad\xff\xfe.mbox", "bad\\xff\\xfe.mbox", 0 },
		{ "c1\xc2\x9b" "31m", "c1\\xc2\\x9b31m", 0 },
		{ "Dan \xe2\x80\xae" "gnp.exe", "Dan \\xe2\\x80\\xaegnp.exe", 0 },
		{ "caf\xc3\xa9 \xd7\x9b\xd7\xa8\xe2\x80\x8f", "caf\xc3\xa9 \xd7\x9b\xd7\xa8\xe2\x80\x8f", 1 },
		{ "del\x7f", "del\\x7f", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rp_buf b = RP_BUF_INIT;

		CHECK_INT(rp_buf_add_escaped(&b, cases[i].in), 0);
		CHECK_STR(b.buf ? b.buf : "", cases[i].shown);
		CHECK_INT(rp_utf8_plain_name(cases[i].in), cases[i].plain);
		rp_buf_release(&b);
	}
}

/* A document circulated in a body: what is left once its trailer (sign-off, signature,
 * list footer) is cut; a body without one, or nothing but one, is kept whole. */
static void test_trailer(void)
{
	static const struct {
		const char *name, *body, *sender, *want;
	} rows[] = {
		{ "sign-off, signature and Mailman footer",
		  "Dear all,\n\n## 1 Scope\n\nThe group covers keys.\n\n- a bullet\n\nBest regards,\nHannah\n"
		  "-- \nHannah Berger, chair\n\n_______________________________________________\n"
		  "wg mailing list\nwg@example.org\nhttps://lists.example.org/mailman/listinfo/wg\n",
		  "Hannah Berger",
		  "Dear all,\n\n## 1 Scope\n\nThe group covers keys.\n\n- a bullet\n\n" },
		{ "the sender's bare first name, then the footer",
		  "## 1 Scope\n\nThe group covers keys.\n\nHannah\n\n"
		  "_______________________________________________\nwg mailing list\nwg@example.org\n",
		  "Hannah Berger", "## 1 Scope\n\nThe group covers keys.\n\n" },
		{ "no trailer", "## 1 Scope\n\nThe group covers keys.\n", "Hannah Berger",
		  "## 1 Scope\n\nThe group covers keys.\n" },
		{ "a signature alone is kept", "-- \nHannah Berger, chair\n", "Hannah Berger",
		  "-- \nHannah Berger, chair\n" },
		{ "a quoted signature is not the body's trailer",
		  "## 1 Scope\n\nText.\n\n> -- \n> Ann\n", "Hannah Berger",
		  "## 1 Scope\n\nText.\n\n> -- \n> Ann\n" },
	};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		size_t len = strlen(rows[i].body);
		size_t cut = rp_text_trailer_start(rows[i].body, len, rows[i].sender);
		char got[1024];

		rp_t_name = rows[i].name;
		snprintf(got, sizeof(got), "%.*s", (int)cut, rows[i].body);
		CHECK(cut <= len);
		CHECK_STR(got, rows[i].want);
	}
}

/* The name outputs give a person: the roster's as typed, else the From name in reading
 * order when it is written "Last, First", else the From name as written. */
static void test_shown_names(void)
{
	static const struct {
		const char *roster, *from, *want; /* want NULL: no name */
	} rows[] = {
		{ NULL, "Wei, Li", "Li Wei" },
		{ "", "Wei, Li", "Li Wei" },
		{ NULL, "de Souza, Ana Maria", "Ana Maria de Souza" },
		{ "Martin, Alice", "Alice Martin", "Martin, Alice" },
		{ "Robert Stone", "Stone, Bob", "Robert Stone" },
		{ NULL, "Acme, Inc.", "Acme, Inc." },
		{ NULL, "Carol Diaz, PhD, MBA", "Carol Diaz, PhD, MBA" },
		{ NULL, "Working Group 3, Chair", "Working Group 3, Chair" },
		{ NULL, "Priya Raman", "Priya Raman" },
		{ NULL, "", NULL },
		{ NULL, NULL, NULL },
	};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char *got = (char *)"unset";
		CHECK(rp_text_shown_name(rows[i].roster, rows[i].from, &got) == 0);
		if (rows[i].want)
			CHECK_STR(got, rows[i].want);
		else
			CHECK(got == NULL);
		free(got);
	}
}

RP_TEST_MAIN(T(test_trailer), T(test_quotes), T(test_attributions), T(test_forwards), T(test_signatures),
	     T(test_sender_signoffs),
	     T(test_footers), T(test_patches), T(test_greetings_closings),
	     T(test_new_text_and_names), T(test_hostile), T(test_label_lines), T(test_sentences),
	     T(test_tokens), T(test_stem_stopwords), T(test_fold), T(test_utf8_valid),
	     T(test_escaped_names), T(test_shown_names))
