/* Tiny assertion helpers shared by the C tests (one translation unit each). */
#ifndef MNX_TEST_CHECK_H
#define MNX_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

#include "monetix_gate.h"

static int failures = 0;
static int checks = 0;

#define CHECK(cond)                                                            \
    do {                                                                       \
        checks++;                                                              \
        if (!(cond)) {                                                         \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__,   \
                    #cond);                                                    \
            failures++;                                                        \
        }                                                                      \
    } while (0)

#define CHECK_STATUS(expr, want)                                               \
    do {                                                                       \
        mnx_status got_ = (expr);                                              \
        checks++;                                                              \
        if (got_ != (want)) {                                                  \
            fprintf(stderr, "%s:%d: %s\n    got %d (%s), want %d (%s)\n",      \
                    __FILE__, __LINE__, #expr, (int)got_,                      \
                    mnx_status_str(got_), (int)(want), mnx_status_str(want));  \
            failures++;                                                        \
        }                                                                      \
    } while (0)

/* Whether `n` bytes at `p` all equal `byte`. */
static int all_bytes(const void *p, size_t n, unsigned char byte) {
    const unsigned char *b = (const unsigned char *)p;
    size_t i;
    for (i = 0; i < n; i++) {
        if (b[i] != byte) {
            return 0;
        }
    }
    return 1;
}

/* `s` as (const uint8_t *, size_t) arguments. */
#define BYTES(s) (const uint8_t *)(s), strlen(s)

static int finish(const char *name) {
    (void)all_bytes; /* not every test needs it */
    if (failures) {
        fprintf(stderr, "%s: %d of %d checks FAILED\n", name, failures, checks);
        return 1;
    }
    printf("%s: all %d checks passed\n", name, checks);
    return 0;
}

#endif
