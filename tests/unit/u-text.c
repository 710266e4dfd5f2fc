/*
 * u-text.c: unit tests of common/text.c: UTF-8 validity, case folding
 * across scripts, display widths and cutting text to a width.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "crm.h"
#include "internal.h"

/* The fold of s, as a string the caller frees. */
static char *
fold(const char *s)
{
	struct crm_buf b = CRM_BUF_INIT;

	crm_text_fold(&b, s);
	return crm_buf_detach(&b);
}

static void
assert_fold_equal(const char *a, const char *b)
{
	char *fa = fold(a), *fb = fold(b);

	assert_string_equal(fa, fb);
	free(fa);
	free(fb);
}

static void
assert_fold(const char *s, const char *want)
{
	char *f = fold(s);

	assert_string_equal(f, want);
	free(f);
}

static char *
cut(const char *s, size_t cols)
{
	struct crm_buf b = CRM_BUF_INIT;

	crm_text_cut(&b, s, cols);
	return crm_buf_detach(&b);
}

static void
assert_cut(const char *s, size_t cols, const char *want)
{
	char *c = cut(s, cols);

	assert_string_equal(c, want);
	free(c);
}

static void
test_text__valid_accepts_utf8(void **state)
{
	static const char *ok[] = {
		"", "plain ascii", "M\xc3\xbcnchen", "\xe4\xb8\xad\xe6\x96\x87",
		"\xf0\x9f\x98\x80", "\xef\xbf\xbf", "\xf4\x8f\xbf\xbf",
	};
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_true(crm_text_valid(ok[i], strlen(ok[i])));
		assert_int_equal(crm_text_invalid_at(ok[i], strlen(ok[i])),
				 strlen(ok[i]));
	}
}

static void
test_text__valid_refuses_bad_sequences(void **state)
{
	static const char *bad[] = {
		"\x80",			/* lone continuation byte */
		"\xc3",			/* truncated */
		"\xe4\xb8",		/* truncated */
		"\xc0\x80",		/* overlong NUL */
		"\xc1\xbf",		/* overlong */
		"\xe0\x80\xaf",		/* overlong slash */
		"\xf0\x80\x80\xaf",	/* overlong slash */
		"\xed\xa0\x80",		/* surrogate U+D800 */
		"\xed\xbf\xbf",		/* surrogate U+DFFF */
		"\xf4\x90\x80\x80",	/* past U+10FFFF */
		"\xf5\x80\x80\x80",
		"\xff",
		"\xfe",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_false(crm_text_valid(bad[i], strlen(bad[i])));
		assert_int_equal(crm_text_invalid_at(bad[i], strlen(bad[i])),
				 0);
	}
}

static void
test_text__invalid_at_gives_offset(void **state)
{
	assert_int_equal(crm_text_invalid_at("abc\xff", 4), 3);
	assert_int_equal(crm_text_invalid_at("\xc3\xa9t\xc3\xa9\xc3", 6), 5);
	assert_int_equal(crm_text_invalid_at("ok\xe2\x80\xa6\x80z", 7), 5);
	/* the length bounds the scan: a sequence cut by n is invalid */
	assert_int_equal(crm_text_invalid_at("\xc3\xa9", 1), 0);
	assert_int_equal(crm_text_invalid_at("abc\xff", 3), 3);
}

static void
test_text__valid_refuses_nul(void **state)
{
	assert_false(crm_text_valid("ab\0cd", 5));
	assert_int_equal(crm_text_invalid_at("ab\0cd", 5), 2);
	assert_true(crm_text_valid("ab", 2));
}

static void
test_text__fold_ascii_lowercases(void **state)
{
	assert_fold("Hello WORLD 42 [x]@Example.COM", "hello world 42 [x]@example.com");
	assert_fold("", "");
}

static void
test_text__fold_appends(void **state)
{
	struct crm_buf b = CRM_BUF_INIT;

	crm_buf_adds(&b, "k=");
	crm_text_fold(&b, "ABC");
	crm_text_fold(&b, "\xc3\x89");
	assert_string_equal(crm_buf_str(&b), "k=abc\xc3\xa9");
	assert_int_equal(b.len, strlen("k=abc\xc3\xa9"));
	crm_buf_release(&b);
}

static void
test_text__fold_latin(void **state)
{
	assert_fold_equal("m\xc3\xbcnchen", "M\xc3\x9cNCHEN");
	assert_fold_equal("M\xc3\xbcnchen", "M\xc3\x9cNCHEN");
	assert_fold("M\xc3\x9cNCHEN", "m\xc3\xbcnchen");
	assert_fold_equal("Fran\xc3\xa7oise", "FRAN\xc3\x87OISE");
}

static void
test_text__fold_greek_and_cyrillic(void **state)
{
	/* final sigma and capital sigma fold to the same letter */
	assert_fold_equal("\xce\xa3\xce\x8a\xce\xa3\xce\xa5\xce\xa6\xce\x9f\xce\xa3",
			  "\xcf\x83\xce\xaf\xcf\x83\xcf\x85\xcf\x86\xce\xbf\xcf\x82");
	assert_fold("\xce\x91\xce\x98\xce\x97\xce\x9d\xce\x91",
		    "\xce\xb1\xce\xb8\xce\xb7\xce\xbd\xce\xb1");
	/* МОСКВА and москва */
	assert_fold_equal("\xd0\x9c\xd0\x9e\xd0\xa1\xd0\x9a\xd0\x92\xd0\x90",
			  "\xd0\xbc\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0");
	assert_fold("\xd0\x81", "\xd1\x91");	/* Ё -> ё */
}

static void
test_text__fold_sharp_s(void **state)
{
	assert_fold("Stra\xc3\x9f" "e", "strasse");
	assert_fold_equal("STRASSE", "stra\xc3\x9f" "e");
	assert_fold_equal("\xe1\xba\x9e", "ss");	/* capital sharp s */
}

static void
test_text__fold_compatibility_forms(void **state)
{
	/* fullwidth ＡＢＣ１ */
	assert_fold("\xef\xbc\xa1\xef\xbc\xa2\xef\xbc\xa3\xef\xbc\x91", "abc1");
	assert_fold("\xef\xac\x81le", "file");		/* ﬁ ligature */
	assert_fold("\xe2\x84\xab", "\xc3\xa5");	/* Angstrom sign */
}

static void
test_text__fold_normalises(void **state)
{
	/* é precomposed, and e with a combining acute */
	assert_fold_equal("caf\xc3\xa9", "cafe\xcc\x81");
	assert_fold("CAFE\xcc\x81", "caf\xc3\xa9");
}

static void
test_text__fold_copies_invalid_bytes(void **state)
{
	struct crm_buf b = CRM_BUF_INIT;

	crm_text_fold(&b, "A\xff" "B\xc3\x9c\x80Z");
	assert_int_equal(b.len, 7);
	assert_memory_equal(b.buf, "a\xff" "b\xc3\xbc\x80z", 7);
	crm_buf_release(&b);
}

static void
test_text__fold_long_text(void **state)
{
	struct crm_buf in = CRM_BUF_INIT, want = CRM_BUF_INIT;
	char *got;
	int i;

	/* more code points than fit in the stack buffer */
	for (i = 0; i < 1000; i++) {
		crm_buf_adds(&in, "\xc3\x9c" "A");
		crm_buf_adds(&want, "\xc3\xbc" "a");
	}
	got = fold(in.buf);
	assert_string_equal(got, want.buf);
	free(got);
	crm_buf_release(&in);
	crm_buf_release(&want);
}

static void
test_text__width(void **state)
{
	assert_int_equal(crm_text_width(""), 0);
	assert_int_equal(crm_text_width("abc"), 3);
	assert_int_equal(crm_text_width("\xc3\xa9"), 1);		/* é */
	assert_int_equal(crm_text_width("\xcc\x81"), 0);		/* U+0301 */
	assert_int_equal(crm_text_width("e\xcc\x81"), 1);
	assert_int_equal(crm_text_width("\xe4\xb8\xad"), 2);		/* 中 */
	assert_int_equal(crm_text_width("\xe4\xb8\xad\xe6\x96\x87x"), 5);
	assert_int_equal(crm_text_width("\xf0\x9f\x98\x80"), 2);	/* 😀 */
	assert_int_equal(crm_text_width("\xef\xbc\xa1"), 2);		/* Ａ */
	assert_int_equal(crm_text_width("\xe2\x80\xa6"), 1);		/* … */
}

static void
test_text__width_controls_and_invalid(void **state)
{
	assert_int_equal(crm_text_width("\t\n\r\x1b\x7f"), 0);
	assert_int_equal(crm_text_width("\x1b[31mred"), 7);
	assert_int_equal(crm_text_width("\xc2\x9b"), 0);		/* C1 CSI */
	assert_int_equal(crm_text_width("\xff"), 1);
	assert_int_equal(crm_text_width("a\xe4\xb8x"), 4);
}

static void
test_text__cut_fits_unchanged(void **state)
{
	assert_cut("abc", 3, "abc");
	assert_cut("abc", 10, "abc");
	assert_cut("", 0, "");
	assert_cut("\xe4\xb8\xad", 2, "\xe4\xb8\xad");
}

static void
test_text__cut_ascii(void **state)
{
	assert_cut("abcdef", 4, "abc\xe2\x80\xa6");
	assert_cut("abcdef", 5, "abcd\xe2\x80\xa6");
	assert_cut("abcdef", 1, "\xe2\x80\xa6");
	assert_cut("abcdef", 0, "");
}

static void
test_text__cut_wide(void **state)
{
	/* 中文字: a second 中 would need 5 columns with the ellipsis */
	assert_cut("\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97", 4,
		   "\xe4\xb8\xad\xe2\x80\xa6");
	assert_cut("\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97", 5,
		   "\xe4\xb8\xad\xe6\x96\x87\xe2\x80\xa6");
	assert_cut("\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97", 2, "\xe2\x80\xa6");
}

static void
test_text__cut_keeps_combining_marks(void **state)
{
	/* e + U+0301, three times: a mark stays with its base */
	assert_cut("e\xcc\x81" "e\xcc\x81" "e\xcc\x81", 2,
		   "e\xcc\x81\xe2\x80\xa6");
	/* thumbs up with a skin tone is one cluster of width 4 */
	assert_cut("\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbdx", 3, "\xe2\x80\xa6");
}

static void
test_text__cut_invalid_bytes(void **state)
{
	assert_cut("\xff\xfe\xfd\xfc", 3, "\xff\xfe\xe2\x80\xa6");
}

static void
test_text__cut_never_splits(void **state)
{
	const char *s = "Z\xc3\xbcrich \xe4\xb8\xad\xe6\x96\x87 e\xcc\x81t\xc3\xa9 "
			"\xf0\x9f\x98\x80!\xce\xa3";
	size_t cols, w = crm_text_width(s);
	char *c;

	for (cols = 0; cols <= w + 1; cols++) {
		c = cut(s, cols);
		assert_true(crm_text_valid(c, strlen(c)));
		assert_true(crm_text_width(c) <= cols);
		if (cols < w) {
			/* cut: a prefix of s, then the ellipsis */
			assert_true(cols == 0 ||
				    strcmp(c + strlen(c) - 3, "\xe2\x80\xa6") == 0);
			assert_memory_equal(c, s, cols ? strlen(c) - 3 : 0);
			/* nothing left out that would still have fitted */
			assert_true(cols == 0 || crm_text_width(c) >= cols - 1);
		} else {
			assert_string_equal(c, s);
		}
		free(c);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text__valid_accepts_utf8),
		cmocka_unit_test(test_text__valid_refuses_bad_sequences),
		cmocka_unit_test(test_text__invalid_at_gives_offset),
		cmocka_unit_test(test_text__valid_refuses_nul),
		cmocka_unit_test(test_text__fold_ascii_lowercases),
		cmocka_unit_test(test_text__fold_appends),
		cmocka_unit_test(test_text__fold_latin),
		cmocka_unit_test(test_text__fold_greek_and_cyrillic),
		cmocka_unit_test(test_text__fold_sharp_s),
		cmocka_unit_test(test_text__fold_compatibility_forms),
		cmocka_unit_test(test_text__fold_normalises),
		cmocka_unit_test(test_text__fold_copies_invalid_bytes),
		cmocka_unit_test(test_text__fold_long_text),
		cmocka_unit_test(test_text__width),
		cmocka_unit_test(test_text__width_controls_and_invalid),
		cmocka_unit_test(test_text__cut_fits_unchanged),
		cmocka_unit_test(test_text__cut_ascii),
		cmocka_unit_test(test_text__cut_wide),
		cmocka_unit_test(test_text__cut_keeps_combining_marks),
		cmocka_unit_test(test_text__cut_invalid_bytes),
		cmocka_unit_test(test_text__cut_never_splits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
