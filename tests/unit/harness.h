/* harness: the single, small unit-test harness. Each test file defines test functions,
 * lists them in RP_TESTS, and the harness prints one line per failure and a closing
 * "N passed, N failed" line. Exit status is non-zero when anything failed. */
#ifndef RP_TEST_HARNESS_H
#define RP_TEST_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int rp_t_pass, rp_t_fail;
static const char *rp_t_name;

#define CHECK(cond)                                                                          \
	do {                                                                                 \
		if (cond) {                                                                  \
			rp_t_pass++;                                                         \
		} else {                                                                     \
			rp_t_fail++;                                                         \
			fprintf(stderr, "FAIL %s (%s:%d): %s\n", rp_t_name, __FILE__, __LINE__, #cond); \
		}                                                                            \
	} while (0)

#define CHECK_STR(a, b)                                                                      \
	do {                                                                                 \
		const char *rp_a_ = (a), *rp_b_ = (b);                                       \
		if (rp_a_ && rp_b_ && strcmp(rp_a_, rp_b_) == 0) {                           \
			rp_t_pass++;                                                         \
		} else {                                                                     \
			rp_t_fail++;                                                         \
			fprintf(stderr, "FAIL %s (%s:%d): %s == %s\n  got:      \"%s\"\n  expected: \"%s\"\n", \
				rp_t_name, __FILE__, __LINE__, #a, #b, rp_a_ ? rp_a_ : "(null)",  \
				rp_b_ ? rp_b_ : "(null)");                                   \
		}                                                                            \
	} while (0)

#define CHECK_INT(a, b)                                                                      \
	do {                                                                                 \
		long long rp_a_ = (long long)(a), rp_b_ = (long long)(b);                    \
		if (rp_a_ == rp_b_) {                                                        \
			rp_t_pass++;                                                         \
		} else {                                                                     \
			rp_t_fail++;                                                         \
			fprintf(stderr, "FAIL %s (%s:%d): %s == %s (got %lld, expected %lld)\n", \
				rp_t_name, __FILE__, __LINE__, #a, #b, rp_a_, rp_b_);        \
		}                                                                            \
	} while (0)

struct rp_test {
	const char *name;
	void (*fn)(void);
};

#define RP_TEST_MAIN(...)                                                                    \
	int main(void)                                                                       \
	{                                                                                    \
		static const struct rp_test tests[] = { __VA_ARGS__ };                       \
		size_t i;                                                                    \
		for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {                     \
			rp_t_name = tests[i].name;                                           \
			tests[i].fn();                                                       \
		}                                                                            \
		printf("%s: %d passed, %d failed\n", __FILE__, rp_t_pass, rp_t_fail);       \
		return rp_t_fail ? 1 : 0;                                                    \
	}
#define T(fn) { #fn, fn }

#endif
