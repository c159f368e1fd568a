/* test-anchor: which section each point of a reply is tied to, on small constructed threads
 * analysed end to end (membership, points, anchors) in a temporary store. One table row is
 * a thread answering the charter below and the anchors expected for some of its points,
 * written "section method" ("2 quote", "general"), several joined by ", ". */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "temp-store.h"
#include "rapporteur/analyse.h"
#include "rapporteur/draft.h"

#define T0 1795000000LL /* circulation */
#define HOUR 3600LL
#define CIRC "charter@rk.example"

static const char charter[] =
	"Charter of the Routing Keys group\n\n"
	"1. Scope\n\n"
	"The group covers how operators exchange signing keys for routes, and how a\n"
	"key that leaks is withdrawn from every registry that published it.\n\n"
	"2. Meetings\n\n"
	"The group meets every month by video call. Minutes are published within a\n"
	"week, and decisions are confirmed on the list before they take effect.\n\n"
	"3. Budget\n\n"
	"Travel support is paid from the sponsorship fund. Requests go to the chairs\n"
	"at least six weeks before the event, with an estimate of the costs, by mail\n"
	"to chairs@rk.example. Greater costs and greater risks need a piece of\n"
	"evidence for each piece of the work.\n\n"
	"4. Contacts\n\n"
	"Questions go to the secretariat in Gen\xc3\xa8ve \xe2\x80\x94 or to any of the chairs \xe2\x80\x94 by\n"
	"mail or by fax \xe2\x80\x94 in English or in French.\n\n"
	"5. Changes\n\n"
	"We propose to replace \"decisions are confirmed on the list before they take\n"
	"effect\" with \"decisions take effect when announced\".\n";

struct tmsg {
	const char *id, *parent, *from, *body;
};

struct expect {
	const char *id;
	int ordinal;
	const char *want;
};

struct anchor_case {
	const char *name;
	struct tmsg msgs[5];
	struct expect expect[4];
};

/* The draft the cases answer; NULL: the charter. */
static const char *case_draft;

/* A paper numbering its paragraphs across its numbered headings, each heading holding one. */
static const char paper[] =
	"Strengthening the forum: a strategy paper\n\n"
	"1 Introduction\n\n"
	"1. The working group was asked to propose a strategy for the coming years.\n\n"
	"2. The paper is circulated to every intersessional activity for comment.\n\n"
	"2 Intersessional work\n\n"
	"2.1 Best Practice Forums\n\n"
	"3. Best Practice Forums keep the support of a consultant every year.\n\n"
	"2.2 Graduation\n\n"
	"4. A coalition may be invited to become a Best Practice Forum or a policy network\n"
	"when its topic becomes central to the agenda.\n\n"
	"2.3 Policy questions\n\n"
	"5. Coalitions are invited to address the policy questions of each year.\n"
	"Integration with the agenda is encouraged and facilitated but not compulsory.\n\n"
	"2.4 Issue teams\n\n"
	"6. Coalitions are invited to join the issue teams and to nominate one focal point\n"
	"per team.\n\n"
	"7. Each issue team reports to the MAG on its work every year.\n";


static const struct anchor_case cases[] = {
	{ "quote run: a one-word answer quoted back under the draft's words",
	  { { "a@x", CIRC, "ann@x",
	      "> Minutes are published within a week, and decisions are confirmed on the\n"
	      "> list before they take effect.\n\nby whom?\n" },
	    { "b@x", "a@x", "bob@x",
	      ">> Minutes are published within a week, and decisions are confirmed on the\n"
	      ">> list before they take effect.\n> by whom?\n\nBy the chairs, of course.\n" } },
	  { { "b@x", 0, "2 quote" } } },
	{ "quote run: the nearest passage still wins when it is a member's point",
	  { { "a@x", CIRC, "ann@x",
	      "> Travel support is paid from the sponsorship fund.\n\n"
	      "The sponsorship fund is too small to pay for every trip a member makes.\n" },
	    { "b@x", "a@x", "bob@x",
	      ">> Travel support is paid from the sponsorship fund.\n"
	      "> The sponsorship fund is too small to pay for every trip a member makes.\n\n"
	      "Agreed, and the video calls make most trips unnecessary anyway.\n" } },
	  { { "b@x", 0, "3 inherited" } } },
	{ "whole reply quoted back: the answer is about that reply's section",
	  { { "a@x", CIRC, "ann@x",
	      "> how a key that leaks is withdrawn from every registry that published it.\n\n"
	      "Withdrawal needs a deadline, or a leaked key stays usable for weeks.\n\n"
	      "Operators should hear of a withdrawal through a signed notice only.\n\n"
	      "Registries that miss the deadline should be named in the yearly report.\n\n"
	      "Each registry should publish one contact address for such notices.\n" },
	    { "c@x", "a@x", "cy@x",
	      "> > how a key that leaks is withdrawn from every registry that published it.\n"
	      ">\n"
	      "> Withdrawal needs a deadline, or a leaked key stays usable for weeks.\n>\n"
	      "> Operators should hear of a withdrawal through a signed notice only.\n>\n"
	      "> Registries that miss the deadline should be named in the yearly report.\n>\n"
	      "> Each registry should publish one contact address for such notices.\n\n"
	      "All of the above looks right to me.\n" } },
	  { { "a@x", 1, "1 quote" }, { "c@x", 0, "1 inherited" } } },
	{ "quote of a heading alone, with its number or without, names its section",
	  { { "a@x", CIRC, "ann@x",
	      "> 3. Budget\n\nThe whole approach to travel money needs another look.\n\n"
	      "> Meetings\n\nMonthly is too often for most of us.\n" } },
	  { { "a@x", 0, "3 quote" }, { "a@x", 1, "2 quote" } } },
	{ "a quoted line that is no heading names no section by it",
	  { { "a@x", CIRC, "ann@x", "> Budget meetings\n\nThe approach needs another look.\n" } },
	  { { "a@x", 0, "general" } } },
	{ "agreement with the message answered: the points that take a position, not its questions",
	  { { "a@x", CIRC, "ann@x",
	      "On section 2, who writes the minutes of the monthly call?\n\n"
	      "On section 3, travel support must not come from the sponsorship fund.\n" },
	    { "b@x", "a@x", "bob@x", "I agree with the previous speaker.\n" } },
	  { { "b@x", 0, "3 inherited" } } },
	{ "agreement with the message answered on a topic: the point on that topic",
	  { { "a@x", CIRC, "ann@x",
	      "On section 1, a leaked key must be withdrawn within a day.\n\n"
	      "On section 3, travel support must not come from the sponsorship fund.\n" },
	    { "b@x", "a@x", "bob@x", "Agree with the previous speaker on travel support.\n" } },
	  { { "b@x", 0, "3 inherited" } } },
	{ "an answer to a question on the whole charter is general, whatever words it shares",
	  { { "a@x", CIRC, "ann@x", "Will the charter be published on the website, or only sent to members?\n" },
	    { "b@x", "a@x", "bob@x", "Ann, with the logos of the sponsorship fund and travel support, as last time.\n" } },
	  { { "a@x", 0, "general" }, { "b@x", 0, "general" } } },
	{ "inline wording: a phrase quoted from one section names it",
	  { { "a@x", CIRC, "ann@x",
	      "I would drop \"video call\", since most of us travel to the events anyway.\n\n"
	      "The \xe2\x80\x9cMinutes are published\xe2\x80\x9d rule should say where.\n" } },
	  { { "a@x", 0, "2 quote" }, { "a@x", 1, "2 quote" } } },
	{ "inline wording: a phrase found in two sections names neither",
	  { { "a@x", CIRC, "ann@x", "Who is \"the group\" here?\n" } },
	  { { "a@x", 0, "general" } } },
	{ "inline wording: the member's own proposal names nothing",
	  { { "a@x", CIRC, "ann@x", "Please add \"members may also join by phone\".\n" } },
	  { { "a@x", 0, "general" } } },
	{ "inline wording: a quoted address is a name, not wording",
	  { { "a@x", CIRC, "ann@x",
	      "> The group meets every month by video call.\n\n"
	      "Some months a call is not needed, and then it should be cancelled.\n" },
	    { "b@x", "a@x", "bob@x",
	      "> Some months a call is not needed, and then it should be cancelled.\n\n"
	      "\"chairs@rk.example\" can do that.\n" } },
	  { { "b@x", 0, "2 inherited" } } },
	{ "continuation: \"That said\" goes on with the paragraph before",
	  { { "a@x", CIRC, "ann@x",
	      "On section 2: a monthly call is right.\n\n"
	      "That said, some calls should be held in person at the events, with travel\n"
	      "support from the sponsorship fund.\n" } },
	  { { "a@x", 1, "2 inherited" } } },
	{ "continuation: \"Cela dit\" too",
	  { { "a@x", CIRC, "ann@x",
	      "Sur la section 2 : d'accord.\n\n"
	      "Cela dit, some calls should be held in person at the events, with travel\n"
	      "support from the sponsorship fund.\n" } },
	  { { "a@x", 1, "2 inherited" } } },
	{ "continuation: without such words the paragraph stands alone",
	  { { "a@x", CIRC, "ann@x",
	      "On section 2: a monthly call is right.\n\n"
	      "Some calls should be held in person at the events, with travel\n"
	      "support from the sponsorship fund.\n" } },
	  { { "a@x", 1, "3 similarity" } } },
	{ "continuation: nothing before it in the message, nothing to go on from",
	  { { "a@x", CIRC, "ann@x", "On section 2: a monthly call is right.\n" },
	    { "b@x", CIRC, "bob@x", "That said, a yearly meeting in person would help.\n" } },
	  { { "b@x", 0, "general" } } },
	{ "\"the section\" unnamed is the one the paragraph before is about",
	  { { "a@x", CIRC, "ann@x",
	      "On section 2: a monthly call is right.\n\n"
	      "Who chairs the calls? The section does not say.\n" },
	    { "b@x", CIRC, "bob@x",
	      "I object to section 3: the notice is far too long.\n\n"
	      "La section sur les contacts devrait citer le courriel de la secr\xc3\xa9tariat.\n" } },
	  { { "a@x", 1, "2 inherited" }, { "b@x", 1, "4 similarity" } } },
	{ "thanks to the member who circulated the draft, answering the draft: about the draft",
	  { { "c@x", CIRC, "chair@x", "On section 2: the monthly call stays, as the group agreed.\n" },
	    { "d@x", CIRC, "dan@x", "Thanks Chair, no further comments from me. Well done.\n" },
	    { "e@x", "c@x", "eve@x", "Thanks Chair, well done on the monthly call.\n" } },
	  { { "d@x", 0, "general" }, { "e@x", 0, "2 inherited" } } },
	{ "call for comments: no point; the thanks before it is the message's point",
	  { { "a@x", CIRC, "chair@x",
	      "Many thanks for this excellent write-up, a good basis for our reaction.\n\n"
	      "All, please send your comments by Friday next week.\n" },
	    { "b@x", CIRC, "chair@x", "Reminder: please send your feedback on the charter to the list.\n" },
	    { "c@x", CIRC, "ann@x",
	      "On section 2: a monthly call is right.\n\n"
	      "Please send your comments on the budget to the chairs, not to the list.\n\n"
	      "The sponsorship fund is too small to pay for every trip a member makes.\n" } },
	  { { "a@x", 0, "general" }, { "a@x", 1, "" }, { "c@x", 2, "" } } },
	{ "a reminder of the deadline gives no point, in English, French or Spanish",
	  { { "a@x", CIRC, "chair@x",
	      "A gentle reminder that comments on the charter are due on Friday. Many thanks to\n"
	      "those who have already commented.\n" },
	    { "b@x", CIRC, "chair@x",
	      "Petit rappel : les commentaires sont attendus d'ici vendredi. Merci !\n" },
	    { "c@x", CIRC, "chair@x",
	      "Recordatorio: los comentarios deben llegar antes del viernes. Gracias.\n\n"
	      "I object to section 3: the notice is too long.\n" },
	    /* the request goes on with a pronoun for the comments */
	    { "d@x", CIRC, "chair@x",
	      "A reminder that comments on the draft charter are due by 22 March. Please send\n"
	      "them to the list.\n" } },
	  { { "a@x", 0, "" }, { "b@x", 0, "" }, { "c@x", 0, "3 explicit" }, { "d@x", 0, "" } } },
	{ "agreement with a member's numbered point: her item, not the draft's section",
	  { { "a@x", CIRC, "ann@x",
	      "1. On section 2: a monthly call is right.\n\n"
	      "2. Section 3: the notice is far too long, I object.\n" },
	    { "b@x", "a@x", "bob@x", "+1 to Ann's point 1.\n" },
	    { "c@x", "a@x", "cy@x", "I agree with Ann on her point 2.\n" } },
	  { { "b@x", 0, "2 inherited" }, { "c@x", 0, "3 inherited" } } },
	{ "\"I meant 3, not 2\": the writer's earlier point moves, the correction adds nothing on 2",
	  { { "a@x", CIRC, "ann@x", "On section 2: the summary should be out within a week.\n" },
	    { "b@x", "a@x", "ann@x", "Sorry, I meant section 3, not section 2.\n\nAnn\n" },
	    { "c@x", CIRC, "bob@x", "I object to section 2: phones cannot use the chat.\n" },
	    { "d@x", "c@x", "bob@x", "Correction: I meant 3 rather than 1.\n" } },
	  { { "a@x", 0, "3 inherited" }, { "b@x", 0, "3 explicit" }, { "c@x", 0, "2 explicit" } } },
	{ "a short paragraph turning to another section by its number: a point for each",
	  { { "a@x", CIRC, "ann@x", "Fine with section 2. Section 3 unworkable, far too long.\n\nAnn\n" },
	    { "b@x", CIRC, "bob@x", "Section 2 is fine; section 3 too. I support both.\n" } },
	  { { "a@x", 0, "2 explicit" }, { "a@x", 1, "3 explicit" }, { "b@x", 0, "2 explicit" },
	    { "b@x", 1, "3 explicit" } } },
	{ "a request to leave the list gives no point, unless it also comments",
	  { { "a@x", CIRC, "sven@x",
	      "Please remove me from this list. I left the committee in January.\n" },
	    { "b@x", CIRC, "tom@x", "unsubscribe\n" },
	    { "c@x", CIRC, "una@x",
	      "Please take me off the list after this round; I object to section 3: the notice\n"
	      "is far too long.\n" } },
	  { { "a@x", 0, "" }, { "b@x", 0, "" }, { "c@x", 0, "3 explicit" } } },
	{ "the round closed and the next version announced give no point",
	  { { "a@x", CIRC, "chair@x",
	      "Thank you for all your comments. The deadline has now passed; we will prepare\n"
	      "version 3 and circulate it in early October.\n" },
	    { "b@x", CIRC, "ann@x", "Will there be another round of comments before the meeting?\n" },
	    { "c@x", "b@x", "chair@x",
	      "Yes, we will circulate a revised draft in early October with all comments\n"
	      "integrated.\n" },
	    { "d@x", CIRC, "bob@x",
	      "The deadline has passed, but I object to section 3: the notice is too long.\n" } },
	  { { "a@x", 0, "" }, { "c@x", 0, "" }, { "d@x", 0, "3 explicit" } } },
	{ "call for comments that comments too: the comment is a point",
	  { { "a@x", CIRC, "ann@x",
	      "Please send your comments on the budget to me as well: I think the travel\n"
	      "support is too small and should be doubled.\n" } },
	  { { "a@x", 0, "3 explicit" } } },
	{ "general remark: under a quoted passage, still the whole text",
	  { { "a@x", CIRC, "ann@x",
	      "> The group meets every month by video call.\n\n"
	      "Fine.\n\n"
	      "One general remark: the charter is long for a group this size. Could it fit\n"
	      "on one page?\n" } },
	  { { "a@x", 0, "2 quote" }, { "a@x", 1, "general" } } },
	{ "general remark: in French too, and not found by similarity",
	  { { "a@x", CIRC, "ann@x",
	      "De mani\xc3\xa8re g\xc3\xa9n\xc3\xa9rale, travel support and the budget should be\n"
	      "set out before the scope.\n" } },
	  { { "a@x", 0, "general" } } },
	{ "praise of the whole text: general, not a section found by similarity",
	  { { "a@x", CIRC, "ann@x",
	      "Thanks Bob, this is a great piece of work.\n" },
	    { "b@x", CIRC, "cy@x", "I support the charter. Great job, everyone.\n" },
	    { "c@x", CIRC, "dee@x",
	      "I support the charter's idea that a leaked key is withdrawn from every\n"
	      "registry that published it.\n" } },
	  { { "a@x", 0, "general" }, { "b@x", 0, "general" }, { "c@x", 0, "1 similarity" } } },
	{ "a section named by word and number under another quoted passage: that section",
	  { { "a@x", CIRC, "ann@x",
	      "> The group meets every month by video call.\n\n"
	      "I also strongly support section 3 on travel.\n" },
	    { "b@x", CIRC, "bob@x",
	      "> The group meets every month by video call.\n\n"
	      "Monthly is too often, as 3 already costs us dearly.\n" },
	    { "c@x", CIRC, "cy@x",
	      "> Travel support is paid from the sponsorship fund.\n\n"
	      "Section 3 should say which fund.\n" } },
	  { { "a@x", 0, "3 explicit" }, { "b@x", 0, "2 quote" }, { "c@x", 0, "3 quote" } } },
	{ "agreement with a member on a topic: the member's point on it, by the passage it quotes",
	  { { "a@x", CIRC, "bob@x",
	      "> Travel support is paid from the sponsorship fund.\n\n"
	      "The fund runs out every spring.\n\n"
	      "> The group meets every month by video call.\n\n"
	      "A monthly call is too rare.\n" },
	    { "b@x", "a@x", "ann@x", "+1 to Bob on sponsoring the travel.\n" } },
	  { { "b@x", 0, "3 inherited" } } },
	{ "general remark: a section it names still wins",
	  { { "a@x", CIRC, "ann@x",
	      "A general comment on section 3: six weeks is too long a notice for travel.\n" } },
	  { { "a@x", 0, "3 explicit" } } },
	{ "section words in German, French and Spanish name a section, also by a plain number",
	  { { "a@x", CIRC, "ann@x", "Zu Abschnitt 4: einverstanden.\n" },
	    { "b@x", CIRC, "bob@x", "Le chapitre 2 est trop court.\n" },
	    { "c@x", CIRC, "cy@x", "En el p\xc3\xa1rrafo 5 falta algo.\n" } },
	  { { "a@x", 0, "4 explicit" }, { "b@x", 0, "2 explicit" }, { "c@x", 0, "5 explicit" } } },
	{ "general remark: \"Overall\" under a quoted passage sums up that passage",
	  { { "a@x", CIRC, "ann@x",
	      "> Travel support is paid from the sponsorship fund.\n\n"
	      "Overall this works, but the fund is small.\n" } },
	  { { "a@x", 0, "3 quote" } } },
	{ "general remark: a verdict \"overall\" announcing the comments below it",
	  { { "a@x", CIRC, "ann@x",
	      "> Travel support is paid from the sponsorship fund.\n\n"
	      "Looks good to me overall, a few nits below.\n\n"
	      "> The group meets every month by video call.\n\n"
	      "nit: s/every month/every other month/\n" } },
	  { { "a@x", 0, "general" }, { "a@x", 1, "2 quote" } } },
	{ "quote: a proposal that repeats the text it replaces anchors to the proposal only",
	  { { "a@x", CIRC, "ann@x",
	      "> We propose to replace \"decisions are confirmed on the list before they take\n"
	      "> effect\" with \"decisions take effect when announced\".\n\n"
	      "Fully support this wording.\n" } },
	  { { "a@x", 0, "5 quote" } } },
	{ "quote: a passage quoted across two sections anchors to both",
	  { { "a@x", CIRC, "ann@x",
	      "> week, and decisions are confirmed on the list before they take effect.\n"
	      ">\n> 3. Budget\n>\n"
	      "> Travel support is paid from the sponsorship fund. Requests go to the chairs\n\n"
	      "Both of these need rewording.\n" } },
	  { { "a@x", 0, "2 quote, 3 quote" } } },
	{ "quoting the draft through: the comment under whole sections is about the last one",
	  { { "a@x", CIRC, "ann@x",
	      "> 1. Scope\n>\n"
	      "> The group covers how operators exchange signing keys for routes, and how a\n"
	      "> key that leaks is withdrawn from every registry that published it.\n>\n"
	      "> 2. Meetings\n>\n"
	      "> The group meets every month by video call. Minutes are published within a\n"
	      "> week, and decisions are confirmed on the list before they take effect.\n\n"
	      "A quarterly call would be enough.\n\n"
	      "> 3. Budget\n>\n"
	      "> Travel support is paid from the sponsorship fund. Requests go to the chairs\n"
	      "> at least six weeks before the event, with an estimate of the costs, by mail\n"
	      "> to chairs@rk.example.\n>\n"
	      "> 4. Contacts\n>\n"
	      "> Questions go to the secretariat in Gen\xc3\xa8ve \xe2\x80\x94 or to any of the chairs \xe2\x80\x94 by\n"
	      "> mail or by fax \xe2\x80\x94 in English or in French.\n\n"
	      "Nobody uses fax any more; name an address instead.\n" } },
	  { { "a@x", 0, "2 quote" }, { "a@x", 1, "4 quote" } } },
	{ "a table pasted as text: each row a comment on the section its first cell names",
	  { { "a@x", CIRC, "ann@x",
	      "Our comments:\n\n"
	      "Section\tComment\tProposed change\n"
	      "3\tThe chairs should answer within two weeks.\tAdd \"within two weeks\".\n"
	      "1\tWe support this section.\tNone\n" },
	    { "b@x", CIRC, "bob@x",
	      "| Paragraph | Comment |\n|---|---|\n| 2 | Minutes should be published in three days. |\n"
	      "| 4 | Fax is obsolete. |\n" } },
	  { { "a@x", 0, "3 explicit" }, { "a@x", 1, "1 explicit" }, { "b@x", 1, "4 explicit" } } },
	{ "a quote of nothing known anchors nothing",
	  { { "a@x", CIRC, "ann@x",
	      "> Whoever wrote this has never run a registry in their whole life.\n\n"
	      "That seems unfair.\n" } },
	  { { "a@x", 0, "general" } } },
	/* A withdrawal that names no section takes back the writer's own objection, where
	 * it was made. */
	{ "an objection withdrawn later, without naming the section",
	  { { "a@x", CIRC, "ann@x",
	      "On section 2: I object to the monthly call, it is too often for volunteers.\n" },
	    { "b@x", "a@x", "bob@x",
	      "Monthly is what kept the group going last year; fewer calls would stall it.\n" },
	    { "c@x", CIRC, "ann@x",
	      "Having read the thread again, I withdraw my objection.\n" } },
	  { { "c@x", 0, "2 inherited" } } },
	/* Outlook pastes the original below a header block, unmarked: comments typed between
	 * its paragraphs are the member's, told apart by the message answered. */
	{ "comments typed into an original pasted below an Outlook header",
	  { { "a@x", CIRC, "ann.baker@x",
	      "My comments are inline below, marked [AB].\n\n"
	      "From: chair@x\n"
	      "Sent: Monday, November 16, 2026 9:00 AM\n"
	      "To: rk@lists.example\n"
	      "Subject: Charter\n\n"
	      "1. Scope\n\n"
	      "The group covers how operators exchange signing keys for routes, and how a\n"
	      "key that leaks is withdrawn from every registry that published it.\n\n"
	      "2. Meetings\n\n"
	      "The group meets every month by video call. Minutes are published within a\n"
	      "week, and decisions are confirmed on the list before they take effect.\n\n"
	      "[AB] Monthly calls are too frequent for volunteers; every two months would do.\n\n"
	      "3. Budget\n\n"
	      "Travel support is paid from the sponsorship fund. Requests go to the chairs\n"
	      "at least six weeks before the event, with an estimate of the costs, by mail\n"
	      "to chairs@rk.example.\n"
	      "AB: Agreed.\n\n"
	      "Six weeks is a long time to wait for a small grant.\n" } },
	  { { "a@x", 0, "2 quote" }, { "a@x", 1, "3 quote" }, { "a@x", 2, "3 quote" } } },
	/* Comments in brackets after the original's sentence, with the writer's initials. */
	{ "comments in brackets inside the original pasted below an Outlook header",
	  { { "a@x", CIRC, "ann.baker@x",
	      "See my comments in the text.\n\n"
	      "From: chair@x\n"
	      "Sent: Monday, November 16, 2026 9:00 AM\n"
	      "To: rk@lists.example\n"
	      "Subject: Charter\n\n"
	      "1. Scope\n\n"
	      "The group covers how operators exchange signing keys for routes, and how a\n"
	      "key that leaks is withdrawn from every registry that published it. [AB: within a day, please]\n\n"
	      "2. Meetings\n\n"
	      "The group meets every month by video call. [AB] Too often for volunteers. Minutes are\n"
	      "published within a week.\n" } },
	  { { "a@x", 0, "1 quote" }, { "a@x", 1, "2 quote" } } },
	/* An HTML reply typed into the blockquote ("my comments in red below"): the quote is
	 * marked, but the writer said the comments are in it. */
	{ "comments typed into a blockquote, announced as in red",
	  { { "a@x", CIRC, "ann.baker@x",
	      "Thanks, my comments are in red below.\n\n"
	      "On Mon, Nov 16, 2026 at 9:00 AM chair@x wrote:\n"
	      "> 1. Scope\n>\n"
	      "> The group covers how operators exchange signing keys for routes, and how a\n"
	      "> key that leaks is withdrawn from every registry that published it.\n>\n"
	      "> Withdrawal should take a day at most, not a week.\n>\n"
	      "> 2. Meetings\n>\n"
	      "> The group meets every month by video call. Minutes are published within a\n"
	      "> week, and decisions are confirmed on the list before they take effect.\n>\n"
	      "> Monthly is too often for volunteers; every two months would do.\n" } },
	  { { "a@x", 0, "1 quote" }, { "a@x", 1, "2 quote" } } },
	/* ... or announced as in brackets, the writer's initials opening them */
	{ "comments typed into a '>' quote in brackets, announced so",
	  { { "a@x", CIRC, "ann.baker@x",
	      "See my notes in brackets.\n\n"
	      "> 1. Scope\n>\n"
	      "> The group covers how operators exchange signing keys for routes, and how a\n"
	      "> key that leaks is withdrawn from every registry that published it.\n>\n"
	      "> 2. Meetings\n>\n"
	      "> The group meets every month [AB: every two months would do] by video call.\n"
	      "> Minutes are published within a week, and decisions are confirmed on the list\n"
	      "> before they take effect.\n" } },
	  { { "a@x", 0, "2 quote" } } },
	/* Without those words a '>' quote is the original's, whatever it holds (here a
	 * sentence of a message the store does not have). */
	{ "a quote marked with '>' and no word of comments inline: nothing taken from it",
	  { { "a@x", CIRC, "ann.baker@x",
	      "Fine by me.\n\n"
	      "On Mon, Nov 16, 2026 at 9:00 AM chair@x wrote:\n"
	      "> 2. Meetings\n>\n"
	      "> The group meets every month by video call. Minutes are published within a\n"
	      "> week, and decisions are confirmed on the list before they take effect.\n>\n"
	      "> Monthly is too often for volunteers; every two months would do.\n" } },
	  { { "a@x", 1, "" } } },
	/* The member's words are told apart only from a stored original: a reply pasted below
	 * the header of a message the store does not have gives no point of its lines. */
	{ "an original the store does not have: its paragraphs stay quoted",
	  { { "a@x", "gone@x", "ann.baker@x",
	      "See below.\n\n"
	      "From: chair@x\n"
	      "Sent: Monday, November 16, 2026 9:00 AM\n"
	      "To: rk@lists.example\n"
	      "Subject: Charter\n\n"
	      "The group covers how operators exchange signing keys for routes, and how a\n"
	      "key that leaks is withdrawn from every registry that published it.\n\n"
	      "Monthly calls are too frequent for volunteers; every two months would do.\n" } },
	  { { "a@x", 1, "" } } },
	/* Short lines of the original ("Thanks,") are not the member's without their initials. */
	{ "an unmarked short line of the original stays quoted",
	  { { "a@x", CIRC, "ann.baker@x",
	      "Fine by me.\n\n"
	      "From: chair@x\n"
	      "Sent: Monday, November 16, 2026 9:00 AM\n"
	      "To: rk@lists.example\n"
	      "Subject: Charter\n\n"
	      "2. Meetings\n\n"
	      "The group meets every month by video call. Minutes are published within a\n"
	      "week, and decisions are confirmed on the list before they take effect.\n\n"
	      "Noted, thanks.\n" } },
	  { { "a@x", 1, "" } } },
	{ "addressed by name to the author answered: about what that message said",
	  { { "a@x", CIRC, "elliott@x",
	      "On section 2: minutes within a week is too slow for small groups.\n" },
	    { "b@x", "a@x", "sorina@x",
	      "Elliott, do you mean groups paid from the sponsorship fund, or small groups in\n"
	      "general?\n" },
	    { "c@x", "b@x", "elliott@x",
	      "Small groups in general, Sorina. The funded ones are covered already.\n" } },
	  { { "b@x", 0, "2 inherited" }, { "c@x", 0, "2 inherited" } } },
	{ "agreeing with the member answered: what they said there, not their latest elsewhere",
	  { { "a@x", CIRC, "sorina@x",
	      "On section 2: minutes within a week is too slow, two weeks is realistic.\n" },
	    { "b@x", CIRC, "sorina@x",
	      "On section 3: the sponsorship fund should also pay for remote participation.\n" },
	    { "c@x", "a@x", "wout@x", "Thanks Sorina, that is clear.\n" } },
	  { { "c@x", 0, "2 inherited" } } },
	/* "+1 to Sorina" under a message where she took positions on two sections agrees
	 * with both; disagreeing with her is on both too; naming one of them keeps that one */
	{ "agreeing with a member answered: each position she took in that message",
	  { { "a@x", CIRC, "sorina@x",
	      "I object to section 2: a monthly video call is too often for most of us.\n\n"
	      "On section 3, the sponsorship fund should also pay for remote participation.\n" },
	    { "b@x", "a@x", "wout@x", "+1 to Sorina\n" },
	    { "c@x", "a@x", "cy@x", "I disagree with Sorina here.\n" },
	    { "d@x", "a@x", "dee@x", "+1 to Sorina on remote participation.\n" } },
	  { { "b@x", 0, "2 inherited, 3 inherited" }, { "c@x", 0, "2 inherited, 3 inherited" },
	    { "d@x", 0, "3 inherited" } } },
	/* a proposal taken back names no section: the writer's latest amendment's */
	{ "a proposal withdrawn: on the section the writer proposed it for",
	  { { "a@x", CIRC, "sorina@x",
	      "On section 2, minutes should be published within two weeks, not one.\n\n"
	      "On section 3, the sponsorship fund should also pay for remote participation.\n" },
	    { "b@x", "a@x", "wout@x", "Remote participation is cheap anyway.\n" },
	    { "c@x", "b@x", "sorina@x", "Thinking again, scratch my earlier proposal.\n" } },
	  { { "c@x", 0, "3 inherited" } } },
};

/* One message (raw bytes, message row, thread node) of list 'list', k hours after T0. */
static void add_message(struct rp_store *s, int64_t list, const struct tmsg *m, int k)
{
	sqlite3 *db = rp_store_db(s);
	sqlite3_stmt *st = NULL;
	char hash[65];

	rp_sha256_hex(m->body, strlen(m->body), hash);
	CHECK_INT(sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO raw (hash, bytes) VALUES (?1, ?2)", -1,
				     &st, NULL),
		  SQLITE_OK);
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_blob(st, 2, m->body, (int)strlen(m->body), SQLITE_STATIC);
	CHECK_INT(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	CHECK_INT(sqlite3_prepare_v2(db,
				     "INSERT INTO message (message_id, hash, list_id, date, subject, body,"
				     " in_reply_to, refs, from_addr, from_name, size, imported_at)"
				     " VALUES (?1, ?2, ?3, ?4, 'Re: Charter', ?5, ?6, ?6, ?7, ?7, ?8, 0)",
				     -1, &st, NULL),
		  SQLITE_OK);
	sqlite3_bind_text(st, 1, m->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, list);
	sqlite3_bind_int64(st, 4, T0 + k * HOUR);
	sqlite3_bind_text(st, 5, m->body, -1, SQLITE_STATIC);
	rp_bind_text(st, 6, m->parent);
	rp_bind_text(st, 7, m->from);
	sqlite3_bind_int64(st, 8, (int64_t)strlen(m->body));
	CHECK_INT(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	CHECK_INT(sqlite3_prepare_v2(db,
				     "INSERT INTO thread_node (message_id, parent, thread, depth)"
				     " VALUES (?1, ?2, ?3, 0)",
				     -1, &st, NULL),
		  SQLITE_OK);
	sqlite3_bind_text(st, 1, m->id, -1, SQLITE_STATIC);
	rp_bind_text(st, 2, m->parent);
	sqlite3_bind_text(st, 3, CIRC, -1, SQLITE_STATIC);
	CHECK_INT(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
}

/* The charter, circulated as CIRC, and the case's thread; returns the draft id. */
static int64_t populate(struct rp_store *s, const struct anchor_case *c)
{
	const char *text = case_draft ? case_draft : charter;
	const struct tmsg circ = { CIRC, NULL, "chair@x", text };
	struct rp_draft_doc *doc = NULL;
	struct rp_draft_meta meta = { 0 };
	int64_t list = 0, draft = 0;
	int i;

	CHECK_INT(rp_store_list_id(s, "rk", 1, &list, NULL), 0);
	add_message(s, list, &circ, 0);
	for (i = 0; i < 5 && c->msgs[i].id; i++)
		add_message(s, list, &c->msgs[i], i + 1);
	CHECK_INT(rp_draft_parse(&doc, text, strlen(text), NULL), 0);
	meta.circulated = CIRC;
	meta.list = "rk";
	meta.deadline = T0 + 7 * 24 * HOUR;
	CHECK_INT(rp_draft_store(s, doc, text, &meta, &draft, NULL), 0);
	rp_draft_doc_free(doc);
	return draft;
}

/* "2 quote, 3 similarity" for the point (message id, ordinal); caller frees. */
static char *anchors_of(struct rp_store *s, const char *id, int ordinal)
{
	struct rp_buf b = RP_BUF_INIT;
	sqlite3_stmt *st = NULL;

	if (rp_store_prepare(s, &st,
			     "SELECT s.number, a.method FROM point p JOIN message m ON m.id = p.message"
			     " JOIN anchor a ON a.point = p.id LEFT JOIN section s ON s.id = a.section"
			     " WHERE m.message_id = ?1 AND p.ordinal = ?2 ORDER BY a.rowid",
			     NULL) != 0)
		return rp_buf_detach(&b, NULL);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, ordinal);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *num = (const char *)sqlite3_column_text(st, 0);
		const char *method = (const char *)sqlite3_column_text(st, 1);
		if (b.len)
			rp_buf_adds(&b, ", ");
		if (num)
			rp_buf_addf(&b, "%s %s", num, method ? method : "?");
		else
			rp_buf_adds(&b, "general");
	}
	sqlite3_finalize(st);
	return rp_buf_detach(&b, NULL);
}

static void run_case(const struct anchor_case *c)
{
	char path[64];
	struct rp_store *s = temp_store(path);
	struct rp_error err = { 0 };
	int64_t draft;
	int i;

	rp_t_name = c->name;
	CHECK(s != NULL);
	if (!s)
		return;
	draft = populate(s, c);
	CHECK_INT(rp_analyse_draft(s, draft, &err), 0);
	for (i = 0; i < 4 && c->expect[i].id; i++) {
		char *got = anchors_of(s, c->expect[i].id, c->expect[i].ordinal);
		CHECK_STR(got, c->expect[i].want);
		free(got);
	}
	drop_store(s, path);
}

/* Evidence of a long phrase quoted over a line break: cut between characters, one line. */
static void test_wording_evidence(void)
{
	static const struct anchor_case c = {
		"inline wording: evidence of a long phrase",
		{ { "a@x", CIRC, "ann@x",
		    "Why \"the secretariat in Gen\xc3\xa8ve \xe2\x80\x94 or to any of the chairs \xe2\x80\x94 by\n"
		    "mail or by fax \xe2\x80\x94 in English\" and not the list?\n" } },
		{ { "a@x", 0, "4 quote" } },
	};
	char path[64];
	struct rp_store *s;
	sqlite3_stmt *st = NULL;
	const char *ev;

	run_case(&c);
	rp_t_name = "inline wording: evidence is one line of valid UTF-8";
	if (!(s = temp_store(path)))
		return;
	CHECK_INT(rp_analyse_draft(s, populate(s, &c), NULL), 0);
	CHECK_INT(rp_store_prepare(s, &st, "SELECT evidence FROM anchor", NULL), 0);
	CHECK_INT(sqlite3_step(st), SQLITE_ROW);
	ev = (const char *)sqlite3_column_text(st, 0);
	CHECK(ev && rp_utf8_valid(ev, strlen(ev)) && !strchr(ev, '\n'));
	CHECK(ev && rp_starts_with(ev, "quotes \"the secretariat in Gen\xc3\xa8ve"));
	sqlite3_finalize(st);
	drop_store(s, path);
}

/* The points of message id, their texts joined by " | "; caller frees. */
static char *points_of(struct rp_store *s, const char *id)
{
	struct rp_buf b = RP_BUF_INIT;
	sqlite3_stmt *st = NULL;

	if (rp_store_prepare(s, &st,
			     "SELECT p.text FROM point p JOIN message m ON m.id = p.message"
			     " WHERE m.message_id = ?1 ORDER BY p.ordinal",
			     NULL) != 0)
		return rp_buf_detach(&b, NULL);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (b.len)
			rp_buf_adds(&b, " | ");
		rp_buf_adds(&b, (const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	return rp_buf_detach(&b, NULL);
}


/* One reply of ann@x with body answering the draft: its points, joined by " | ", are want. */
static void check_points(const char *name, const char *body, const char *want)
{
	struct anchor_case c = { name, { { "a@x", CIRC, "ann@x", body } }, { { 0 } } };
	char path[64];
	struct rp_store *s = temp_store(path);
	char *got;

	rp_t_name = name;
	CHECK(s != NULL);
	if (!s)
		return;
	CHECK_INT(rp_analyse_draft(s, populate(s, &c), NULL), 0);
	got = points_of(s, "a@x");
	CHECK_STR(got, want);
	free(got);
	drop_store(s, path);
}

/* A table pasted as text gives a point per row, written with its headers; lines that
 * only look like one (indented by a tab, a header with an empty cell) stay one point. */
static void test_table_points(void)
{
	static const struct {
		const char *name, *body, *want;
	} rows[] = {
		{ "tab-separated, a cell saying nothing left out",
		  "Section\tComment\tProposed change\n"
		  "3\tThe chairs should answer within two weeks.\tAdd \"within two weeks\".\n"
		  "1\tWe support this section.\tNone\n",
		  "Section 3: The chairs should answer within two weeks. Proposed change: Add "
		  "\"within two weeks\". | Section 1: We support this section." },
		{ "Markdown rows under a rule line",
		  "| Paragraph | Comment |\n|---|---|\n| 2 | Minutes should be out in three days. |\n",
		  "Paragraph 2: Minutes should be out in three days." },
		{ "lines indented by a tab: a proposed text, one point",
		  "\tRequests go to the chairs\tat least six weeks before.\n"
		  "\tGreater costs need\tmore evidence.\n",
		  "\tRequests go to the chairs\tat least six weeks before.\n"
		  "\tGreater costs need\tmore evidence." },
		{ "a header with an empty cell is no header",
		  "Budget\t\tTravel\nThe fund\tis small\tfor trips.\n",
		  "Budget\t\tTravel\nThe fund\tis small\tfor trips." },
	};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		check_points(rows[i].name, rows[i].body, rows[i].want);
}

/* An opening paragraph of thanks or praise frames the comment after it and is dropped;
 * one that also says something (a stance, a section) is a point of its own. */
static void test_courtesy(void)
{
	static const char rest[] = "On section 2: a monthly call is right.";
	static const struct {
		const char *opening;
		int courtesy;
	} rows[] = {
		{ "Thanks for the draft.", 1 },
		{ "Thanks all, see below.", 1 },
		{ "Thanks Sorina, a good summary. A few comments inline.", 1 },
		{ "Anja, thanks, this is a good basis.", 1 },
		{ "Many thanks for this excellent write-up, a good basis for our reaction.", 1 },
		{ "Thank you Ann.", 1 },
		{ "Thanks Ann, and I object to section 3: six weeks is far too long a notice.", 0 },
		{ "The charter is a good basis, but I object to section 3: the notice must be "
		  "four weeks.", 0 },
		{ "Thanks Will, and I agree with Mark\xe2\x80\x99s proposal on section 3.", 0 },
		{ "Thanks, I agree with Bill.", 0 },
		{ "Thanks Ann, but the budget should come before the scope.", 0 },
		{ "Anja, thanks, but why is travel paid from the sponsorship fund?", 0 },
		{ "Thank you, the wording of section 3 is fine.", 0 },
		/* A line that only announces the comments after it; near misses say more. */
		{ "Two more small points.", 1 },
		{ "Replying to several messages at once.", 1 },
		{ "A few comments below.", 1 },
		{ "See my comments inline.", 1 },
		{ "Some thoughts:", 1 },
		{ "See my note in brackets above.", 1 },
		/* a greeting on the same line is no comment, and what follows it is judged */
		{ "Dear all, please find below our comments:", 1 },
		{ "Hi Sofia, thanks for the draft.", 1 },
		{ "Dear all, section 4 is too weak.", 0 },
		{ "A few nits below.", 1 },
		{ "Some minor nits inline:", 1 },
		{ "One nit on section 3: six weeks, not eight.", 0 },
		{ "Our comments in the table below (pasted from our internal sheet).", 1 },
		{ "Our comments (on section 3) below.", 0 },
		{ "I have two questions on the draft:", 1 },
		{ "Quelques remarques ci-dessous :", 1 },
		{ "A couple of questions before I comment:", 1 },
		{ "A few remarks before section 4 goes out.", 0 },
		{ "Two more points on financing.", 0 },
		{ "Some comments on section 3:", 0 },
		{ "One more point: the deadline is too short.", 0 },
		{ "Some thoughts: \"must\" instead of \"should\".", 0 },
		{ "I support both points.", 0 },
		{ "Fair point.", 0 },
		/* a cover note: the comments are in the attachment, read or reported apart */
		{ "Please find our comments attached.", 1 },
		/* how the reply is written or threaded */
		{ "Replying to the digest, sorry for breaking the thread.", 1 },
		{ "Changing the subject since this is now about the charter text itself.", 1 },
		{ "A few more, section by section.", 1 },
		{ "The draft should be reviewed section by section.", 0 },
		{ "Changing the subject of 3.2 to funding is wrong.", 0 },
		{ "Two more small points?", 0 },
		{ "Starting a fresh thread on the parts of the paper I did not cover before.", 1 },
		{ "Sorry for the long mail, I had many thoughts.", 1 },
		{ "A new thread would be clearer for the budget.", 0 },
		/* a deadline moved is a call for comments; a deadline of the text is a comment */
		{ "As many of you are away this week, the deadline for comments is extended to "
		  "Friday 19 March. Thank you for the rich discussion so far; please keep the "
		  "comments coming.", 1 },
		{ "The deadline in section 3 should be extended to eight weeks.", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct anchor_case c = { rows[i].opening, { { "a@x", CIRC, "ann@x", NULL } }, { { 0 } } };
		char path[64], body[512], want[512];
		struct rp_store *s = temp_store(path);
		char *got;

		rp_t_name = rows[i].opening;
		CHECK(s != NULL);
		if (!s)
			continue;
		snprintf(body, sizeof(body), "%s\n\n%s\n", rows[i].opening, rest);
		if (rows[i].courtesy)
			snprintf(want, sizeof(want), "%s", rest);
		else
			snprintf(want, sizeof(want), "%s | %s", rows[i].opening, rest);
		c.msgs[0].body = body;
		CHECK_INT(rp_analyse_draft(s, populate(s, &c), NULL), 0);
		got = points_of(s, "a@x");
		CHECK_STR(got, want);
		free(got);
		drop_store(s, path);
	}
}

/* A paragraph ending with a colon and the wording set apart after it (in quotation marks,
 * or indented) are one point, so the proposal keeps its wording and the wording its
 * section; a colon before a comment, a bullet or nothing keeps the paragraphs apart. */
static void test_wording_after_colon(void)
{
	static const struct {
		const char *name, *body, *want;
	} rows[] = {
		{ "quoted wording after \"I propose:\"",
		  "> 3. Budget\n\nSix weeks is too long. I propose:\n\n"
		  "\"Requests go to the chairs at least four weeks before the event.\"\n\n"
		  "The fund is also too small.\n",
		  "Six weeks is too long. I propose:\n\"Requests go to the chairs at least four weeks "
		  "before the event.\" | The fund is also too small." },
		{ "indented wording after \"should read:\"",
		  "> 3. Budget\n\nThe first sentence should read:\n\n"
		  "   Travel support is paid from the travel fund.\n",
		  "The first sentence should read:\n   Travel support is paid from the travel fund." },
		{ "typographic quotation marks",
		  "On section 2 I suggest adding:\n\n"
		  "\xe2\x80\x9cMinutes are sent to the list.\xe2\x80\x9d\n",
		  "On section 2 I suggest adding:\n\xe2\x80\x9cMinutes are sent to the list.\xe2\x80\x9d" },
		{ "a comment after the colon stays a point of its own",
		  "Some comments on section 3:\n\nSix weeks is too long a notice.\n",
		  "Some comments on section 3: | Six weeks is too long a notice." },
		{ "a line framing the comments below is still no point",
		  "Some thoughts:\n\n\"Monthly\" is too often.\n",
		  "\"Monthly\" is too often." },
		{ "bullets after the colon are points of their own",
		  "On section 3, two changes:\n\n- four weeks, not six\n- a bigger fund\n",
		  "On section 3, two changes: | - four weeks, not six | - a bigger fund" },
	};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		check_points(rows[i].name, rows[i].body, rows[i].want);
}

static void test_anchors(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i]);
}

/* Numbered headings over numbered paragraphs: a reference to each heading is one
 * reference each, and a heading's words in passing are no second one. */
static const struct anchor_case paper_cases[] = {
	{ "paragraphs under headings: agreeing with a member on both parts of a section",
	  { { "w@x", CIRC, "wout@x",
	      "> 6. Coalitions are invited to join the issue teams and to nominate one focal\n"
	      "> point per team.\n\n"
	      "A focal point per team is far too much for small coalitions. I object.\n\n"
	      "> 7. Each issue team reports to the MAG on its work every year.\n\n"
	      "A yearly report is too much as well. I object to this too.\n" },
	    { "e@x", "w@x", "elliott@x", "I agree with Wout on 2.4.\n" } },
	  { { "e@x", 0, "2.4 explicit" } } },
	{ "paragraphs under headings: a paragraph opening on a number leaves the quote above",
	  { { "a@x", CIRC, "ann@x",
	      "> 5. Coalitions are invited to address the policy questions of each year.\n\n"
	      "I support this wording.\n\n"
	      "On 2.2, graduation must stay voluntary: a coalition should be asked, not moved.\n" } },
	  { { "a@x", 0, "5 quote" }, { "a@x", 1, "2.2 explicit" } } },
	{ "paragraphs under headings: a paragraph named within the section named is the one",
	  { { "a@x", CIRC, "ann@x",
	      "One more on 2.4: who joins matters less than what each issue team reports to\n"
	      "the MAG every year. Paragraph 6 is fine as it is.\n" } },
	  { { "a@x", 0, "6 explicit" } } },
	{ "paragraphs under headings: two sections named together stay two",
	  { { "a@x", CIRC, "ann@x",
	      "On 2.3 and 2.4 I think we should simply welcome the invitation and say that we\n"
	      "are keen to cooperate. Each coalition remains free to decide whether a policy\n"
	      "question or an issue team is relevant to it.\n" } },
	  { { "a@x", 0, "2.3 explicit, 6 explicit" } } },
	{ "paragraphs under headings: a heading's words do not replace the number named",
	  { { "a@x", CIRC, "ann@x",
	      "On 2.2, graduation from a coalition to a Best Practice Forum is welcome, but it\n"
	      "must stay voluntary: a coalition should be asked, not moved.\n" } },
	  { { "a@x", 0, "2.2 explicit" } } },
	{ "paragraphs under headings: under a quote, a heading's words are the topic",
	  { { "a@x", CIRC, "ann@x",
	      "> 5. Coalitions are invited to address the policy questions of each year.\n\n"
	      "I disagree. The questions should come from the issue teams, not the MAG.\n" } },
	  { { "a@x", 0, "5 quote" } } },
};

static void test_paper_anchors(void)
{
	size_t i;

	case_draft = paper;
	for (i = 0; i < sizeof(paper_cases) / sizeof(paper_cases[0]); i++)
		run_case(&paper_cases[i]);
	case_draft = NULL;
}

/* "label target" of point (id, ordinal); caller frees. */
static char *stance_of(struct rp_store *s, const char *id, int ordinal)
{
	struct rp_buf b = RP_BUF_INIT;
	sqlite3_stmt *st = NULL;

	if (rp_store_prepare(s, &st,
			     "SELECT t.label, t.target FROM point p JOIN message m ON m.id = p.message"
			     " JOIN stance t ON t.point = p.id WHERE m.message_id = ?1 AND p.ordinal = ?2",
			     NULL) != 0)
		return rp_buf_detach(&b, NULL);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, ordinal);
	if (sqlite3_step(st) == SQLITE_ROW)
		rp_buf_addf(&b, "%s %s", (const char *)sqlite3_column_text(st, 0),
			    sqlite3_column_text(st, 1) ? (const char *)sqlite3_column_text(st, 1) : "-");
	sqlite3_finalize(st);
	return rp_buf_detach(&b, NULL);
}

/* "I agree with Wout on 2.3 but not on 2.4": two points, each side on the paragraph where
 * Wout's position stands, the second against him. */
static void test_contrast(void)
{
	static const struct anchor_case c = {
		"contrast: agreeing with a member on one section but not on the other",
		{ { "w@x", CIRC, "wout@x",
		    "> 5. Coalitions are invited to address the policy questions of each year.\n\n"
		    "This is too weak: a coalition should commit to at least one question.\n\n"
		    "> 6. Coalitions are invited to join the issue teams and to nominate one focal\n"
		    "> point per team.\n\n"
		    "A focal point per team is far too much for small coalitions. I object.\n" },
		  { "e@x", "w@x", "elliott@x",
		    "I agree with Wout on 2.3 but not on 2.4. Nominating a focal point per team is\n"
		    "quite manageable for us.\n" } },
		{ { "e@x", 0, "5 explicit" }, { "e@x", 1, "6 explicit" } },
	};
	char path[64];
	struct rp_store *s;
	char *got;

	case_draft = paper;
	run_case(&c);
	rp_t_name = c.name;
	if ((s = temp_store(path)) != NULL) {
		CHECK_INT(rp_analyse_draft(s, populate(s, &c), NULL), 0);
		got = points_of(s, "e@x");
		CHECK_STR(got, "I agree with Wout on 2.3 | but not on 2.4. Nominating a focal point "
			       "per team is\nquite manageable for us.");
		free(got);
		got = stance_of(s, "e@x", 0);
		CHECK_STR(got, "support Wout");
		free(got);
		got = stance_of(s, "e@x", 1);
		CHECK_STR(got, "object Wout");
		free(got);
		drop_store(s, path);
	}
	case_draft = NULL;
	/* a "but not" with no section after it is one point */
	check_points("contrast: no section after \"but not\"",
		     "I agree with section 2, but not entirely.\n",
		     "I agree with section 2, but not entirely.");
}

RP_TEST_MAIN(T(test_anchors), T(test_paper_anchors), T(test_contrast), T(test_wording_evidence), T(test_courtesy), T(test_table_points),
	     T(test_wording_after_colon))
