/*
 * u-mail.c: unit tests of mail.c: messages as Thunderbird, Gmail,
 * Outlook, Apple Mail and mutt send them (tests/data/mail), unfolding,
 * RFC 2047 encoded-words in many charsets, address lists, dates in their
 * obsolete forms, what becomes of bytes that are not UTF-8, the header
 * size cap, and the body being read to the end of a pipe.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "crm.h"
#include "internal.h"

/* 2026-11-02T13:03:00Z, the time of most test messages. */
#define T1303 1793624580LL
#define NO_DATE INT64_MIN

/* Parses the n bytes of data as a message named "t.eml". */
static int
parse_mem(struct crm_mail **out, const char *data, size_t n)
{
	FILE *fp;
	int rc;

	crm_err_clear();
	/* fmemopen refuses an empty buffer */
	fp = fmemopen((void *)(n ? data : "\n"), n ? n : 1, "r");
	assert_non_null(fp);
	if (!n)
		getc(fp);
	rc = crm_mail_parse(out, fp, "t.eml");
	if (rc == 0) {
		/* the body was read to the end */
		assert_int_equal(getc(fp), EOF);
		assert_true(feof(fp));
	} else {
		assert_null(*out);
	}
	fclose(fp);
	return rc;
}

static struct crm_mail *
parse_ok(const char *text)
{
	struct crm_mail *m = NULL;
	int rc = parse_mem(&m, text, strlen(text));

	if (rc != 0)
		fail_msg("parse failed: %s", crm_err_msg());
	assert_non_null(m);
	/* every string is valid UTF-8 on one line */
	if (m->subject) {
		assert_true(crm_text_valid(m->subject, strlen(m->subject)));
		assert_null(strchr(m->subject, '\n'));
	}
	return m;
}

/* Opens tests/data/mail/file, found next to this source file. */
static FILE *
open_data(const char *file)
{
	struct crm_buf path = CRM_BUF_INIT;
	const char *src = __FILE__, *slash = strrchr(src, '/');
	FILE *fp;

	if (slash)
		crm_buf_add(&path, src, (size_t)(slash - src + 1));
	crm_buf_addf(&path, "../data/mail/%s", file);
	fp = fopen(path.buf, "rb");
	if (!fp)
		fail_msg("cannot open %s", path.buf);
	crm_buf_release(&path);
	return fp;
}

static struct crm_mail *
parse_file(const char *file)
{
	struct crm_mail *m = NULL;
	FILE *fp = open_data(file);

	crm_err_clear();
	if (crm_mail_parse(&m, fp, file) != 0)
		fail_msg("%s: %s", file, crm_err_msg());
	assert_int_equal(getc(fp), EOF);
	fclose(fp);
	return m;
}

static void
assert_addr(const struct crm_mail_addr *a, const char *name, const char *addr)
{
	assert_string_equal(a->addr, addr);
	if (name)
		assert_string_equal(a->name ? a->name : "(null)", name);
	else if (a->name)
		fail_msg("expected no name, got '%s'", a->name);
}

/* The Subject of a message whose Subject field is field. */
static char *
subject(const char *field)
{
	struct crm_buf b = CRM_BUF_INIT;
	struct crm_mail *m;
	char *s;

	crm_buf_addf(&b, "From: a@b.example\nSubject:%s\n\nbody\n", field);
	m = parse_ok(b.buf);
	s = m->subject ? crm_xstrdup(m->subject) : NULL;
	crm_mail_free(m);
	crm_buf_release(&b);
	return s;
}

#define ASSERT_SUBJECT(field, want)                                          \
	do {                                                                 \
		char *got_ = subject(field);                                 \
		assert_string_equal(got_ ? got_ : "(null)", want);           \
		free(got_);                                                  \
	} while (0)

/* The From of a message whose From field is field. */
static struct crm_mail *
from(const char *field)
{
	struct crm_buf b = CRM_BUF_INIT;
	struct crm_mail *m;

	crm_buf_addf(&b, "From:%s\nTo: x@y.example\n\n", field);
	m = parse_ok(b.buf);
	crm_buf_release(&b);
	return m;
}

#define ASSERT_FROM(field, name, addr)                                       \
	do {                                                                 \
		struct crm_mail *m_ = from(field);                           \
		assert_addr(&m_->from, name, addr);                          \
		crm_mail_free(m_);                                           \
	} while (0)

/* The To addresses of field, as "name <addr>|..." ("-" for no name). */
static char *
to_list(const char *field)
{
	struct crm_buf b = CRM_BUF_INIT;
	struct crm_mail *m;
	size_t i;

	crm_buf_addf(&b, "From: a@b.example\nTo:%s\n\n", field);
	m = parse_ok(b.buf);
	crm_buf_reset(&b);
	for (i = 0; i < m->nto; i++)
		crm_buf_addf(&b, "%s%s <%s>", i ? "|" : "",
			     m->to[i].name ? m->to[i].name : "-",
			     m->to[i].addr);
	crm_mail_free(m);
	return crm_buf_detach(&b);
}

#define ASSERT_TO(field, want)                                               \
	do {                                                                 \
		char *got_ = to_list(field);                                 \
		assert_string_equal(got_, want);                             \
		free(got_);                                                  \
	} while (0)

/* The time of Date field, or NO_DATE. */
static int64_t
date(const char *field)
{
	struct crm_buf b = CRM_BUF_INIT;
	struct crm_mail *m;
	int64_t t;

	crm_buf_addf(&b, "From: a@b.example\nDate:%s\n\n", field);
	m = parse_ok(b.buf);
	t = m->has_date ? m->date : NO_DATE;
	crm_mail_free(m);
	crm_buf_release(&b);
	return t;
}

#define ASSERT_DATE(field, want) assert_int_equal(date(field), (want))

/* ---- real messages ---- */

static void
test_mail__thunderbird(void **state)
{
	struct crm_mail *m = parse_file("thunderbird.eml");

	/* the mbox "From - " line is skipped, the body's From is not read */
	assert_addr(&m->from, "Renée Dupont",
		    "renee.dupont@atelier-lumiere.example");
	assert_int_equal(m->nto, 2);
	assert_addr(&m->to[0], "Sam Porter", "sam@northwind.example");
	assert_addr(&m->to[1], "Benoît Lefèvre",
		    "benoit@atelier-lumiere.example");
	assert_string_equal(m->subject,
			    "Réunion du 2 novembre — devis révisé");
	assert_true(m->has_date);
	assert_int_equal(m->date, T1303);
	assert_string_equal(m->message_id,
			    "4f8e2c1a-7b3d-4e9f-a1c2-5d6e7f8a9b0c"
			    "@atelier-lumiere.example");
	crm_mail_free(m);
}

static void
test_mail__gmail(void **state)
{
	struct crm_mail *m = parse_file("gmail.eml");

	assert_addr(&m->from, "Priya Raman", "priya.raman@gmail.com");
	assert_int_equal(m->nto, 3);
	assert_addr(&m->to[0], "Sam Porter", "sam@northwind.example");
	assert_addr(&m->to[1], "Doe, Jane", "jane@acme.example");
	assert_addr(&m->to[2], NULL, "ops@northwind.example");
	/* two B words folded, with an em dash */
	assert_string_equal(m->subject,
			    "Re: Pricing for 2027 — quick question about "
			    "the partner discount");
	assert_int_equal(m->date, T1303);
	assert_string_equal(m->message_id,
			    "CAH7xK2f9Q+3mZ_vLw0pR4s=Tn8uJ1bXo5yEe6dC-gA"
			    "@mail.gmail.com");
	crm_mail_free(m);
}

static void
test_mail__outlook(void **state)
{
	struct crm_mail *m = parse_file("outlook.eml");

	assert_addr(&m->from, "Jörg Müller",
		    "Joerg.Mueller@kunde-gmbh.example");
	assert_int_equal(m->nto, 3);
	/* Outlook's quotes inside quotes go */
	assert_addr(&m->to[0], "Sam Porter", "sam@northwind.example");
	assert_addr(&m->to[1], "Françoise Lefèvre",
		    "f.lefevre@kunde-gmbh.example");
	assert_addr(&m->to[2], "Einkauf", "einkauf@kunde-gmbh.example");
	/* ISO-8859-1 read as Windows-1252: =96 is an en dash */
	assert_string_equal(m->subject,
			    "AW: Angebot für Schulungen – "
			    "Rückfrage zu Position 3");
	assert_int_equal(m->date, T1303);
	assert_string_equal(m->message_id,
			    "AM9PR08MB71101B2C3D4E5F6A7B8C9D0E1F2A3B4C5D6E7"
			    "@AM9PR08MB7110.eurprd08.prod.outlook.com");
	crm_mail_free(m);
}

static void
test_mail__apple_mail(void **state)
{
	struct crm_mail *m = parse_file("apple-mail.eml");

	assert_addr(&m->from, "田中　光", "m.tanaka@kaisha.example");
	assert_int_equal(m->nto, 2);
	assert_addr(&m->to[0], "Ana Souza", "ana.souza@distribuidora.example");
	assert_addr(&m->to[1], "Sam Porter", "sam@northwind.example");
	assert_string_equal(m->subject, "Re: Lieferung KW 45");
	assert_int_equal(m->date, T1303);
	assert_string_equal(m->message_id,
			    "5B1C2D3E-4F5A-6B7C-8D9E-0F1A2B3C4D5E@kaisha.example");
	crm_mail_free(m);
}

static void
test_mail__mutt(void **state)
{
	struct crm_mail *m = parse_file("mutt.eml");

	assert_addr(&m->from, "Sam Porter", "sam@northwind.example");
	assert_int_equal(m->nto, 3);
	assert_addr(&m->to[0], "Jane Doe", "jane@acme.example");
	assert_addr(&m->to[1], "Ops", "ops@acme.example");
	assert_addr(&m->to[2], NULL, "\"bob smith\"@acme.example");
	assert_string_equal(m->subject, "Follow-up: renewal");
	assert_int_equal(m->date, T1303);
	assert_string_equal(m->message_id,
			    "20261102130300.GA12345@northwind.example");
	crm_mail_free(m);
}

/* ---- the header's lines ---- */

static void
test_mail__unfold_lf(void **state)
{
	struct crm_mail *m = parse_ok(
		"From: Jane\n Doe\n\t<jane@acme.example>\n"
		"Subject: a long\n  subject\n\tline\n"
		"\n");

	assert_addr(&m->from, "Jane Doe", "jane@acme.example");
	assert_string_equal(m->subject, "a long subject line");
	crm_mail_free(m);
}

static void
test_mail__unfold_crlf(void **state)
{
	struct crm_mail *m = parse_ok(
		"From: Jane\r\n Doe\r\n\t<jane@acme.example>\r\n"
		"Subject: a long\r\n  subject\r\n\tline\r\n"
		"\r\n"
		"Subject: body\r\n");

	assert_addr(&m->from, "Jane Doe", "jane@acme.example");
	assert_string_equal(m->subject, "a long subject line");
	crm_mail_free(m);
}

static void
test_mail__header_names_any_case(void **state)
{
	struct crm_mail *m = parse_ok(
		"fROM: jane@acme.example\n"
		"TO: a@x.example\n"
		"cC: b@x.example\n"
		"SUBJECT: hi\n"
		"date: 2 Nov 2026 13:03 GMT\n"
		"message-id: <id@x>\n"
		"\n");

	assert_addr(&m->from, NULL, "jane@acme.example");
	assert_int_equal(m->nto, 2);
	assert_string_equal(m->subject, "hi");
	assert_int_equal(m->date, T1303);
	assert_string_equal(m->message_id, "id@x");
	crm_mail_free(m);
}

static void
test_mail__space_before_colon(void **state)
{
	struct crm_mail *m = parse_ok("From : jane@acme.example\n"
				      "Subject\t: hi\n\n");

	assert_addr(&m->from, NULL, "jane@acme.example");
	assert_string_equal(m->subject, "hi");
	crm_mail_free(m);
}

static void
test_mail__first_field_wins(void **state)
{
	struct crm_mail *m = parse_ok(
		"From: first@x.example\n"
		"Subject: first\n"
		"Date: Mon, 2 Nov 2026 13:03:00 +0000\n"
		"Message-ID: <first@x>\n"
		"From: second@x.example\n"
		"Subject: second\n"
		"Date: Tue, 3 Nov 2026 13:03:00 +0000\n"
		"Message-ID: <second@x>\n"
		"\n");

	assert_addr(&m->from, NULL, "first@x.example");
	assert_string_equal(m->subject, "first");
	assert_int_equal(m->date, T1303);
	assert_string_equal(m->message_id, "first@x");
	crm_mail_free(m);
}

static void
test_mail__no_body(void **state)
{
	struct crm_mail *m = parse_ok("From: jane@acme.example\nSubject: x");

	assert_string_equal(m->subject, "x");
	crm_mail_free(m);
}

/* A line that is no field ends the header, as a missing empty line. */
static void
test_mail__header_ends_at_non_field(void **state)
{
	struct crm_mail *m = parse_ok(
		"From: jane@acme.example\n"
		"this is the body\n"
		"Subject: not a field\n");

	assert_null(m->subject);
	crm_mail_free(m);
}

static void
test_mail__mbox_line_and_bom(void **state)
{
	struct crm_mail *m;

	m = parse_ok("From jane@acme.example Mon Nov  2 14:03:00 2026\n"
		     "From: jane@acme.example\nSubject: mbox\n\n");
	assert_string_equal(m->subject, "mbox");
	crm_mail_free(m);
	m = parse_ok("\xef\xbb\xbf" "From: jane@acme.example\nSubject: bom\n\n");
	assert_string_equal(m->subject, "bom");
	crm_mail_free(m);
}

static void
test_mail__nul_bytes(void **state)
{
	static const char msg[] = "From: Ja\0ne <jane@acme.example>\n"
				  "Subject: a\0b\n\nbody\0\n";
	struct crm_mail *m = NULL;

	assert_int_equal(parse_mem(&m, msg, sizeof(msg) - 1), 0);
	assert_addr(&m->from, "Ja ne", "jane@acme.example");
	assert_string_equal(m->subject, "a b");
	crm_mail_free(m);
}

/* ---- encoded-words ---- */

static void
test_mail__encoded_b(void **state)
{
	ASSERT_SUBJECT(" =?UTF-8?B?w6l0w6k=?=", "été");
	/* lowercase encoding letter, missing padding */
	ASSERT_SUBJECT(" =?utf-8?b?w6l0w6k?=", "été");
	ASSERT_SUBJECT(" =?UTF-8?B?\?=", "(null)");
}

static void
test_mail__encoded_q(void **state)
{
	ASSERT_SUBJECT(" =?iso-8859-1?Q?caf=E9_cr=E8me?=", "café crème");
	/* Thunderbird writes lowercase hex */
	ASSERT_SUBJECT(" =?UTF-8?Q?caf=c3=a9?=", "café");
	/* '_' is a space only in Q, and "=" without hex stays */
	ASSERT_SUBJECT(" =?UTF-8?Q?a_b=3D=_=2?=", "a b== =2");
	ASSERT_SUBJECT(" under_score", "under_score");
}

static void
test_mail__adjacent_words(void **state)
{
	/* white space between encoded-words goes */
	ASSERT_SUBJECT(" =?UTF-8?Q?a?= =?UTF-8?Q?b?=", "ab");
	ASSERT_SUBJECT(" =?UTF-8?Q?a?=   \t =?ISO-8859-1?Q?b?=", "ab");
	ASSERT_SUBJECT(" =?UTF-8?Q?a?==?UTF-8?Q?b?=", "ab");
	/* but not between a word and text */
	ASSERT_SUBJECT(" =?UTF-8?Q?a?= b =?UTF-8?Q?c?=", "a b c");
	ASSERT_SUBJECT(" Re: =?UTF-8?Q?caf=C3=A9?= (2)", "Re: café (2)");
	/* spaces inside words are kept */
	ASSERT_SUBJECT(" =?UTF-8?Q?a_?= =?UTF-8?Q?_b?=", "a b");
}

/* The folded Subject with two encoded-words of the brief. */
static void
test_mail__folded_subject_two_words(void **state)
{
	struct crm_mail *m = parse_ok(
		"From: a@b.example\r\n"
		"Subject: =?UTF-8?Q?Pr=C3=A9sentation_du_projet_?=\r\n"
		" =?UTF-8?B?4oCUIMOpdGFwZSAy?=\r\n"
		"\r\n");

	assert_string_equal(m->subject, "Présentation du projet — étape 2");
	crm_mail_free(m);
}

/* A character split across two words (illegal, sent by some mailers). */
static void
test_mail__character_split_across_words(void **state)
{
	ASSERT_SUBJECT(" =?UTF-8?Q?caf=C3?= =?UTF-8?Q?=A9?=", "café");
	ASSERT_SUBJECT(" =?UTF-8?B?Y2Fmww==?=\n =?UTF-8?B?qQ==?=", "café");
}

static void
test_mail__charsets(void **state)
{
	/* ISO-8859-15: 0xA4 is the euro sign, in ISO-8859-1 it is ¤ */
	ASSERT_SUBJECT(" =?ISO-8859-15?Q?10_=A4?=", "10 €");
	ASSERT_SUBJECT(" =?ISO-8859-1?Q?10_=A4?=", "10 ¤");
	ASSERT_SUBJECT(" =?windows-1252?Q?=93quoted=94_=80?=",
		       "\u201cquoted\u201d €");
	ASSERT_SUBJECT(" =?us-ascii?Q?plain?=", "plain");
	ASSERT_SUBJECT(" =?KOI8-R?B?8NLJ18XU?=", "Привет");
	ASSERT_SUBJECT(" =?windows-1251?Q?=CC=EE=F1=EA=E2=E0?=", "Москва");
	ASSERT_SUBJECT(" =?ISO-2022-JP?B?GyRCRnxLXDhsGyhC?=", "日本語");
	ASSERT_SUBJECT(" =?GB2312?B?1tDOxA==?=", "中文");
	ASSERT_SUBJECT(" =?Shift_JIS?B?k/qWe4zq?=", "日本語");
	/* RFC 2231 language suffix */
	ASSERT_SUBJECT(" =?UTF-8*fr?Q?=C3=A9t=C3=A9?=", "été");
}

static void
test_mail__unknown_charset_left_as_is(void **state)
{
	ASSERT_SUBJECT(" =?x-unknown?Q?abc?= and more",
		       "=?x-unknown?Q?abc?= and more");
	/* the white space between such words stays with them */
	ASSERT_SUBJECT(" =?x-bogus?Q?a?= =?x-bogus?Q?b?=",
		       "=?x-bogus?Q?a?= =?x-bogus?Q?b?=");
	/* nor does the space between them and a word that is decoded */
	ASSERT_SUBJECT(" =?x-bogus?Q?a?= =?UTF-8?Q?b?= =?UTF-8?Q?c?=",
		       "=?x-bogus?Q?a?= bc");
	ASSERT_SUBJECT(" =?UTF-8?Q?a?= =?x-bogus?Q?b?=", "a =?x-bogus?Q?b?=");
	/* no iconv suffixes: "//TRANSLIT" is no charset */
	ASSERT_SUBJECT(" =?UTF-8//TRANSLIT?Q?a?=", "=?UTF-8//TRANSLIT?Q?a?=");
}

static void
test_mail__malformed_words_left_as_is(void **state)
{
	ASSERT_SUBJECT(" =?UTF-8?X?abc?=", "=?UTF-8?X?abc?=");
	ASSERT_SUBJECT(" =?UTF-8?Q?abc", "=?UTF-8?Q?abc");
	ASSERT_SUBJECT(" =??Q?abc?=", "=??Q?abc?=");
	ASSERT_SUBJECT(" =?UTF-8?Q?a b?=", "=?UTF-8?Q?a b?=");
	ASSERT_SUBJECT(" 1+1=?", "1+1=?");
	ASSERT_SUBJECT(" =?=?UTF-8?Q?ok?=", "=?ok");
}

static void
test_mail__encoded_controls_become_spaces(void **state)
{
	ASSERT_SUBJECT(" =?UTF-8?Q?a=0D=0Ab=09c=00d=7Fe=C2=85f?=",
		       "a b c d e f");
	ASSERT_SUBJECT("   lots   of\t\tspace   ", "lots of space");
	/* NEL and the Unicode line separators break lines in YAML 1.1 */
	ASSERT_SUBJECT(" a\xc2\x85" "b\xe2\x80\xa8" "c\xe2\x80\xa9"
		       "d\xc2\xa0" "e", "a b c d\xc2\xa0" "e");
	ASSERT_FROM(" =?UTF-8?Q?Jane=E2=80=A8Doe?= <jd@x.example>", "Jane Doe",
		    "jd@x.example");
}

/* ---- bytes that are not UTF-8 ---- */

static void
test_mail__raw_utf8_passes(void **state)
{
	ASSERT_SUBJECT(" Grüße aus Köln 🎉", "Grüße aus Köln 🎉");
	ASSERT_FROM(" Zoë Łukasiewicz <zoe@acme.example>", "Zoë Łukasiewicz",
		    "zoe@acme.example");
}

static void
test_mail__raw_8bit_read_as_windows_1252(void **state)
{
	ASSERT_SUBJECT(" Gr\xfc\xdf" "e \x96 \x80" "5", "Grüße – €5");
	ASSERT_FROM(" J\xf6rg M\xfcller <joerg@acme.example>", "Jörg Müller",
		    "joerg@acme.example");
	/* 0x81 is not in Windows-1252 */
	ASSERT_SUBJECT(" a\x81z", "a\xef\xbf\xbdz");
}

static void
test_mail__invalid_utf8_in_word_replaced(void **state)
{
	/* one U+FFFD per bad byte */
	ASSERT_SUBJECT(" =?UTF-8?Q?a=FFb=C3=28?=",
		       "a\xef\xbf\xbd" "b\xef\xbf\xbd(");
	/* a byte KOI8-R lacks does not exist; bytes Shift_JIS lacks do */
	ASSERT_SUBJECT(" =?Shift_JIS?Q?a=A0b?=", "a\xef\xbf\xbd" "b");
	/* a truncated ISO-2022-JP sequence */
	ASSERT_SUBJECT(" =?ISO-2022-JP?B?GyRCRg==?=", "\xef\xbf\xbd");
}

/* ---- names ---- */

static void
test_mail__names_latin1_and_koi8r(void **state)
{
	ASSERT_FROM(" =?ISO-8859-1?Q?Fran=E7ois_M=FCller?= <fm@acme.example>",
		    "François Müller", "fm@acme.example");
	ASSERT_FROM(" =?iso-8859-1?B?RnJhbudvaXM=?= <f@acme.example>",
		    "François", "f@acme.example");
	ASSERT_FROM(" =?KOI8-R?B?6dfBzs/XIOnXwc4=?= <ivanov@acme.example>",
		    "Иванов Иван", "ivanov@acme.example");
	ASSERT_FROM(" =?koi8-r?Q?=E9=D7=C1=CE?= =?koi8-r?Q?_=F0=C5=D4=D2=CF=D7?= "
		    "<ivan@acme.example>",
		    "Иван Петров", "ivan@acme.example");
}

static void
test_mail__name_words(void **state)
{
	/* an encoded-word among plain words, and in quotes (not legal, common) */
	ASSERT_FROM(" Jos=?UTF-8?Q?=C3=A9?= Garc=?UTF-8?Q?=C3=AD?=a <j@x.example>",
		    "José García", "j@x.example");
	ASSERT_FROM(" \"=?UTF-8?Q?Jos=C3=A9?= Garcia\" <j@x.example>",
		    "José Garcia", "j@x.example");
	ASSERT_FROM(" John Q. Public <jqp@x.example>", "John Q. Public",
		    "jqp@x.example");
	ASSERT_FROM(" \"Jane \\\"JD\\\" Doe\" <jd@x.example>", "Jane \"JD\" Doe",
		    "jd@x.example");
	/* a comma in Q text not encoded, as some mailers send it */
	ASSERT_FROM(" =?UTF-8?Q?M=C3=BCller,_Hans?= <hm@x.example>",
		    "Müller, Hans", "hm@x.example");
	/* comments in the name are not part of it */
	ASSERT_FROM(" Jane (work) Doe <jd@x.example>", "Jane Doe",
		    "jd@x.example");
}

static void
test_mail__name_dropped(void **state)
{
	ASSERT_FROM(" \"jane@acme.example\" <jane@acme.example>", NULL,
		    "jane@acme.example");
	ASSERT_FROM(" \"Jane@ACME.example\" <jane@acme.example>", NULL,
		    "jane@acme.example");
	ASSERT_FROM(" \"\" <jane@acme.example>", NULL, "jane@acme.example");
	ASSERT_FROM(" \"'Jane Doe'\" <jane@acme.example>", "Jane Doe",
		    "jane@acme.example");
	ASSERT_FROM(" '' <jane@acme.example>", NULL, "jane@acme.example");
}

/* ---- addresses ---- */

static void
test_mail__address_forms(void **state)
{
	ASSERT_TO(" \"Doe, Jane\" <jane@acme.example>",
		  "Doe, Jane <jane@acme.example>");
	ASSERT_TO(" jane@acme.example (Jane Doe)",
		  "Jane Doe <jane@acme.example>");
	ASSERT_TO(" jane@acme.example (Jane (JD) Doe)",
		  "Jane (JD) Doe <jane@acme.example>");
	ASSERT_TO(" jane@acme.example ( =?UTF-8?Q?Jos=C3=A9?= )",
		  "José <jane@acme.example>");
	ASSERT_TO(" <jane@acme.example> (Jane)", "Jane <jane@acme.example>");
	ASSERT_TO(" Jane <jane@acme.example> (JD)", "Jane <jane@acme.example>");
	ASSERT_TO(" < jane @ acme.example >", "- <jane@acme.example>");
	ASSERT_TO(" Jane Doe < jane.doe @ Acme.Example >",
		  "Jane Doe <jane.doe@acme.example>");
	ASSERT_TO(" jane . doe @ acme . example", "- <jane.doe@acme.example>");
	ASSERT_TO(" <@relay.example,@other.example:jane@acme.example>",
		  "- <jane@acme.example>");
	ASSERT_TO(" Jane@ACME.EXAMPLE", "- <Jane@acme.example>");
	ASSERT_TO(" jane@acme.example.", "- <jane@acme.example>");
	ASSERT_TO(" jane@[192.0.2.1]", "- <jane@[192.0.2.1]>");
	/* leniently, a name without angle brackets */
	ASSERT_TO(" Jane Doe jane@acme.example", "Jane Doe <jane@acme.example>");
	/* Unicode addresses (RFC 6532) */
	ASSERT_TO(" Jörg <jörg@müller.example>", "Jörg <jörg@müller.example>");
}

static void
test_mail__quoted_local_parts(void **state)
{
	ASSERT_TO(" \"bob smith\"@acme.example", "- <\"bob smith\"@acme.example>");
	/* quotes that are not needed go */
	ASSERT_TO(" \"bob\"@acme.example", "- <bob@acme.example>");
	ASSERT_TO(" \"bob\".\"smith\"@acme.example", "- <bob.smith@acme.example>");
	ASSERT_TO(" Bob <\"b@b\"@acme.example>", "Bob <\"b@b\"@acme.example>");
	ASSERT_TO(" \"a\\\"b\"@acme.example", "- <\"a\\\"b\"@acme.example>");
	ASSERT_TO(" \"a..b\"@acme.example", "- <\"a..b\"@acme.example>");
	/* no controls in addresses */
	ASSERT_TO(" \"a\tb\"@x.example, a\xc2\x85" "b@x.example, "
		  "ab@x\xe2\x80\xa8y.example, ok@x.example",
		  "- <ok@x.example>");
}

static void
test_mail__address_lists(void **state)
{
	ASSERT_TO(" a@x.example, B <b@x.example>,c@x.example",
		  "- <a@x.example>|B <b@x.example>|- <c@x.example>");
	/* empty members and junk are skipped */
	ASSERT_TO(" , a@x.example,, nobody, <>, @x.example, b@,",
		  "- <a@x.example>");
	ASSERT_TO(" team: a@x.example, Bee <b@y.example>;, c@z.example",
		  "- <a@x.example>|Bee <b@y.example>|- <c@z.example>");
	ASSERT_TO(" undisclosed-recipients:;", "");
	ASSERT_TO(" \"Team: A\" <a@x.example>", "Team: A <a@x.example>");
	ASSERT_TO(" Jane <jane@x.example", "Jane <jane@x.example>");
	ASSERT_TO(" \"Jane, unterminated <jane@x.example>", "");
	ASSERT_TO("", "");
}

static void
test_mail__to_then_cc_in_order(void **state)
{
	struct crm_mail *m = parse_ok(
		"Cc: c1@x.example, c2@x.example\n"
		"From: f@x.example\n"
		"To: t1@x.example\n"
		"To: t2@x.example\n"
		"Bcc: hidden@x.example\n"
		"Reply-To: r@x.example\n"
		"\n");

	assert_int_equal(m->nto, 4);
	assert_string_equal(m->to[0].addr, "t1@x.example");
	assert_string_equal(m->to[1].addr, "t2@x.example");
	assert_string_equal(m->to[2].addr, "c1@x.example");
	assert_string_equal(m->to[3].addr, "c2@x.example");
	crm_mail_free(m);
}

static void
test_mail__first_from_address(void **state)
{
	ASSERT_FROM(" a@x.example, b@x.example", NULL, "a@x.example");
	ASSERT_FROM(" nobody, B <b@x.example>", "B", "b@x.example");
	ASSERT_FROM(" Senders: A <a@x.example>;", "A", "a@x.example");
}

/* ---- dates ---- */

static void
test_mail__date_rfc5322(void **state)
{
	ASSERT_DATE(" Mon, 2 Nov 2026 14:03:00 +0100", T1303);
	ASSERT_DATE(" Mon, 02 Nov 2026 13:03:00 +0000", T1303);
	ASSERT_DATE(" Mon, 2 Nov 2026 08:03:00 -0500", T1303);
	ASSERT_DATE(" Tue, 3 Nov 2026 00:33:00 +1130", T1303);
	ASSERT_DATE(" Mon, 2 Nov 2026 13:03:00 -0000", T1303);
	/* no day name, no seconds, day name not checked */
	ASSERT_DATE(" 2 Nov 2026 14:03 +0100", T1303);
	ASSERT_DATE(" Fri, 2 Nov 2026 13:03:00 +0000", T1303);
	ASSERT_DATE(" Monday, 2 November 2026 13:03:00 +0000", T1303);
	ASSERT_DATE(" Mon, 2 Nov 2026 13:03:07 +0000", T1303 + 7);
	ASSERT_DATE(" Mon, 2 Nov 2026 13:03:59.999 +0000", T1303 + 59);
	/* a leap second */
	ASSERT_DATE(" Wed, 31 Dec 2025 23:59:60 +0000", 1767225600LL);
}

static void
test_mail__date_obsolete_forms(void **state)
{
	/* two- and three-digit years (RFC 5322 4.3) */
	ASSERT_DATE(" Mon, 2 Nov 26 13:03:00 +0000", T1303);
	ASSERT_DATE(" Thu, 1 Jan 70 00:00:00 +0000", 0);
	ASSERT_DATE(" Sun, 31 Dec 49 23:59:59 +0000", 2524607999LL);
	ASSERT_DATE(" Fri, 1 Jan 100 00:00:00 +0000", 946684800LL);
	/* extra white space, comments, commas */
	ASSERT_DATE("   Mon ,  2   Nov\t2026\n 13:03:00   +0000  ", T1303);
	ASSERT_DATE(" Mon, 2 Nov 2026 14:03:00 +0100 (CET)", T1303);
	ASSERT_DATE(" (sent) Mon, 2 (day (nested)) Nov 2026 14:03:00 +0100",
		    T1303);
	ASSERT_DATE(" mon, 2 NOV 2026 13:03:00 gmt", T1303);
}

static void
test_mail__date_zones(void **state)
{
	ASSERT_DATE(" 2 Nov 2026 13:03:00 GMT", T1303);
	ASSERT_DATE(" 2 Nov 2026 13:03:00 UT", T1303);
	ASSERT_DATE(" 2 Nov 2026 13:03:00 UTC", T1303);
	ASSERT_DATE(" 2 Nov 2026 13:03:00 Z", T1303);
	ASSERT_DATE(" 2 Nov 2026 08:03:00 EST", T1303);
	ASSERT_DATE(" 2 Nov 2026 09:03:00 EDT", T1303);
	ASSERT_DATE(" 2 Nov 2026 07:03:00 CST", T1303);
	ASSERT_DATE(" 2 Nov 2026 08:03:00 CDT", T1303);
	ASSERT_DATE(" 2 Nov 2026 06:03:00 MST", T1303);
	ASSERT_DATE(" 2 Nov 2026 07:03:00 MDT", T1303);
	ASSERT_DATE(" 2 Nov 2026 05:03:00 PST", T1303);
	ASSERT_DATE(" 2 Nov 2026 06:03:00 PDT", T1303);
	/* military letters and unknown names mean -0000; so does none */
	ASSERT_DATE(" 2 Nov 2026 13:03:00 A", T1303);
	ASSERT_DATE(" 2 Nov 2026 13:03:00 CET", T1303);
	ASSERT_DATE(" 2 Nov 2026 13:03:00", T1303);
	ASSERT_DATE(" 2 Nov 2026 14:03:00 GMT+0100", T1303);
	ASSERT_DATE(" 2 Nov 2026 14:03:00 +01:00", T1303);
	ASSERT_DATE(" 2 Nov 2026 14:03:00 +01", T1303);
	ASSERT_DATE(" 2 Nov 2026 13:03:00 +0099", T1303);
}

static void
test_mail__date_other_forms(void **state)
{
	/* asctime, with and without a zone, as date(1) writes */
	ASSERT_DATE(" Mon Nov  2 13:03:00 2026", T1303);
	ASSERT_DATE(" Mon Nov  2 08:03:00 EST 2026", T1303);
	ASSERT_DATE(" Nov 2, 2026 13:03:00 +0000", T1303);
	/* ISO 8601, from scripts */
	ASSERT_DATE(" 2026-11-02T14:03:00+01:00", T1303);
	ASSERT_DATE(" 2026-11-02 13:03:00", T1303);
}

static void
test_mail__date_invalid(void **state)
{
	ASSERT_DATE(" 31 Nov 2026 13:03:00 +0000", NO_DATE);
	ASSERT_DATE(" 29 Feb 2026 13:03:00 +0000", NO_DATE);
	ASSERT_DATE(" 29 Feb 2028 13:03:00 +0000", 1835442180LL);
	ASSERT_DATE(" 2 Nov 2026 24:00:00 +0000", NO_DATE);
	ASSERT_DATE(" 2 Nov 2026 13:60 +0000", NO_DATE);
	ASSERT_DATE(" 2 Foo 2026 13:03:00 +0000", NO_DATE);
	ASSERT_DATE(" 0 Nov 2026 13:03:00 +0000", NO_DATE);
	ASSERT_DATE(" 2 Nov 2026", NO_DATE);
	ASSERT_DATE(" 2 Nov 12026 13:03:00 +0000", NO_DATE);
	ASSERT_DATE(" yesterday", NO_DATE);
	ASSERT_DATE(" today", NO_DATE);
	ASSERT_DATE(" 2026-13-02", NO_DATE);
	ASSERT_DATE(" ", NO_DATE);
	/* beyond the years 0001-9999 after the zone */
	ASSERT_DATE(" 31 Dec 9999 23:59:59 -0100", NO_DATE);
	ASSERT_DATE(" 31 Dec 9999 23:59:59 +0000", 253402300799LL);
}

static void
test_mail__without_date(void **state)
{
	struct crm_mail *m = parse_ok("From: a@x.example\nSubject: s\n\n");

	assert_false(m->has_date);
	crm_mail_free(m);
}

/* ---- subject and Message-ID ---- */

static void
test_mail__without_subject(void **state)
{
	struct crm_mail *m = parse_ok("From: a@x.example\n\n");

	assert_null(m->subject);
	assert_null(m->message_id);
	assert_int_equal(m->nto, 0);
	assert_null(m->to);
	crm_mail_free(m);
	ASSERT_SUBJECT("", "(null)");
	ASSERT_SUBJECT("   ", "(null)");
}

static void
test_mail__message_id(void **state)
{
	struct crm_mail *m;

	m = parse_ok("From: a@x.example\nMessage-ID:\n <a.b@c>  (comment)\n\n");
	assert_string_equal(m->message_id, "a.b@c");
	crm_mail_free(m);
	m = parse_ok("From: a@x.example\nMessage-Id: (c) <a\n b@c>\n\n");
	assert_string_equal(m->message_id, "ab@c");
	crm_mail_free(m);
	m = parse_ok("From: a@x.example\nMessage-ID: bare@id more\n\n");
	assert_string_equal(m->message_id, "bare@id");
	crm_mail_free(m);
	m = parse_ok("From: a@x.example\nMessage-ID: <a\x7f\xc2\x85" "b@c>\n\n");
	assert_string_equal(m->message_id, "ab@c");
	crm_mail_free(m);
	m = parse_ok("From: a@x.example\nMessage-ID: <>\n\n");
	assert_null(m->message_id);
	crm_mail_free(m);
}

/* ---- errors and reading ---- */

static void
test_mail__no_from(void **state)
{
	struct crm_mail *m = (struct crm_mail *)1;

	assert_int_equal(parse_mem(&m, "To: a@x.example\n\nbody\n", 21),
			 CRM_EDATA);
	assert_string_equal(crm_err_msg(), "t.eml: no From header");
	assert_int_equal(parse_mem(&m, "", 0), CRM_EDATA);
	assert_string_equal(crm_err_msg(), "t.eml: no From header");
	/* the From below the header is body text */
	assert_int_equal(parse_mem(&m, "To: a@x\n\nFrom: a@x.example\n", 27),
			 CRM_EDATA);
}

static void
test_mail__from_without_address(void **state)
{
	static const char *const bad[] = {
		"Subject: s\nFrom: root\n\n",
		"Subject: s\nFrom: Jane Doe\n\n",
		"Subject: s\nFrom: <>\n\n",
		"Subject: s\nFrom:\n\n",
		"Subject: s\nFrom: undisclosed:;\n\n",
	};
	struct crm_mail *m;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse_mem(&m, bad[i], strlen(bad[i])),
				 CRM_EDATA);
		assert_string_equal(crm_err_msg(),
				    "t.eml:2: no address in From header");
	}
}

/* Appends an n-byte header: a From field and filler lines. */
static void
big_header(struct crm_buf *b, size_t n)
{
	crm_buf_adds(b, "From: a@x.example\n");
	while (b->len + 85 <= n)
		crm_buf_addf(b, "X-Filler: %069d\n", 0);
	crm_buf_addf(b, "X: %0*d\n", (int)(n - b->len - 4), 0);
	assert_int_equal(b->len, n);
}

static void
test_mail__header_size_cap(void **state)
{
	struct crm_buf b = CRM_BUF_INIT;
	struct crm_mail *m = NULL;

	/* 1 MiB of header with its empty line is fine */
	big_header(&b, 1024 * 1024 - 1);
	crm_buf_adds(&b, "\nbody\n");
	assert_int_equal(parse_mem(&m, b.buf, b.len), 0);
	crm_mail_free(m);
	crm_buf_reset(&b);
	big_header(&b, 1024 * 1024);
	crm_buf_adds(&b, "\nbody\n");
	assert_int_equal(parse_mem(&m, b.buf, b.len), CRM_EDATA);
	assert_string_equal(crm_err_msg(),
			    "t.eml:13109: header larger than 1 MiB");
	/* one line without an end */
	crm_buf_reset(&b);
	crm_buf_adds(&b, "From: a@x.example\nSubject: ");
	while (b.len < 2 * 1024 * 1024)
		crm_buf_adds(&b, "xxxxxxxxxxxxxxxx");
	assert_int_equal(parse_mem(&m, b.buf, b.len), CRM_EDATA);
	assert_string_equal(crm_err_msg(), "t.eml:2: header larger than 1 MiB");
	crm_buf_release(&b);
}

static void
test_mail__read_error(void **state)
{
	struct crm_mail *m = (struct crm_mail *)1;
	/* reading a directory fails with EISDIR */
	FILE *fp = fopen(".", "r");

	assert_non_null(fp);
	assert_int_equal(crm_mail_parse(&m, fp, "dir"), CRM_EIO);
	assert_null(m);
	assert_int_equal(strncmp(crm_err_msg(), "dir: ", 5), 0);
	fclose(fp);
}

/*
 * A writer piping in a message with a large body must not get SIGPIPE:
 * the body is read to the end.
 */
static void
test_mail__pipe_is_drained(void **state)
{
	struct crm_mail *m = NULL;
	int fd[2], status;
	pid_t pid;
	FILE *fp;

	assert_int_equal(pipe(fd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		static const char head[] =
			"From: a@x.example\nSubject: big\n\n";
		char line[1024];
		int i;

		close(fd[0]);
		signal(SIGPIPE, SIG_DFL);
		memset(line, 'b', sizeof(line) - 1);
		line[sizeof(line) - 1] = '\n';
		if (write(fd[1], head, sizeof(head) - 1) < 0)
			_exit(1);
		for (i = 0; i < 4096; i++)
			if (write(fd[1], line, sizeof(line)) !=
			    (ssize_t)sizeof(line))
				_exit(1);
		_exit(0);
	}
	close(fd[1]);
	fp = fdopen(fd[0], "r");
	assert_non_null(fp);
	assert_int_equal(crm_mail_parse(&m, fp, "-"), 0);
	fclose(fp);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_string_equal(m->subject, "big");
	crm_mail_free(m);
}

static void
test_mail__free_null(void **state)
{
	crm_mail_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mail__thunderbird),
		cmocka_unit_test(test_mail__gmail),
		cmocka_unit_test(test_mail__outlook),
		cmocka_unit_test(test_mail__apple_mail),
		cmocka_unit_test(test_mail__mutt),
		cmocka_unit_test(test_mail__unfold_lf),
		cmocka_unit_test(test_mail__unfold_crlf),
		cmocka_unit_test(test_mail__header_names_any_case),
		cmocka_unit_test(test_mail__space_before_colon),
		cmocka_unit_test(test_mail__first_field_wins),
		cmocka_unit_test(test_mail__no_body),
		cmocka_unit_test(test_mail__header_ends_at_non_field),
		cmocka_unit_test(test_mail__mbox_line_and_bom),
		cmocka_unit_test(test_mail__nul_bytes),
		cmocka_unit_test(test_mail__encoded_b),
		cmocka_unit_test(test_mail__encoded_q),
		cmocka_unit_test(test_mail__adjacent_words),
		cmocka_unit_test(test_mail__folded_subject_two_words),
		cmocka_unit_test(test_mail__character_split_across_words),
		cmocka_unit_test(test_mail__charsets),
		cmocka_unit_test(test_mail__unknown_charset_left_as_is),
		cmocka_unit_test(test_mail__malformed_words_left_as_is),
		cmocka_unit_test(test_mail__encoded_controls_become_spaces),
		cmocka_unit_test(test_mail__raw_utf8_passes),
		cmocka_unit_test(test_mail__raw_8bit_read_as_windows_1252),
		cmocka_unit_test(test_mail__invalid_utf8_in_word_replaced),
		cmocka_unit_test(test_mail__names_latin1_and_koi8r),
		cmocka_unit_test(test_mail__name_words),
		cmocka_unit_test(test_mail__name_dropped),
		cmocka_unit_test(test_mail__address_forms),
		cmocka_unit_test(test_mail__quoted_local_parts),
		cmocka_unit_test(test_mail__address_lists),
		cmocka_unit_test(test_mail__to_then_cc_in_order),
		cmocka_unit_test(test_mail__first_from_address),
		cmocka_unit_test(test_mail__date_rfc5322),
		cmocka_unit_test(test_mail__date_obsolete_forms),
		cmocka_unit_test(test_mail__date_zones),
		cmocka_unit_test(test_mail__date_other_forms),
		cmocka_unit_test(test_mail__date_invalid),
		cmocka_unit_test(test_mail__without_date),
		cmocka_unit_test(test_mail__without_subject),
		cmocka_unit_test(test_mail__message_id),
		cmocka_unit_test(test_mail__no_from),
		cmocka_unit_test(test_mail__from_without_address),
		cmocka_unit_test(test_mail__header_size_cap),
		cmocka_unit_test(test_mail__read_error),
		cmocka_unit_test(test_mail__pipe_is_drained),
		cmocka_unit_test(test_mail__free_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
