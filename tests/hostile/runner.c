/*
 * The hostile-input catalogue (tests/hostile/cases.json) through the
 * C API, plus the C-only cases (op "c_abi": NULL pointers, zero and
 * too-small capacities, overlapping buffers, signers, payout structs).
 *
 * Usage: runner DIR
 *   DIR is written by `python3 tests/hostile/catalogue.py materialize DIR`:
 *   DIR/index.tsv (one line per case: n, name, op, expected status, strict,
 *   allow_any, timed, expected kind, expected text, allow_ambiguous) and
 *   DIR/<n>.body, <n>.secret, <n>.expected, <n>.explain.
 *
 * Options: allow_any (MNX_SECRET_ALLOW_ANY) and allow_ambiguous
 * (MNX_ALLOW_AMBIGUOUS) go to the signer's flags and to the mnx_options of
 * the *_opt one-shot calls; without them the pinned calls run (mnx_sign,
 * mnx_verify, ...), which refuse ambiguous data. An expected
 * MNX_STATUS_AMBIGUOUS (306, the catalogue's AMBIGUOUS) is also checked
 * through mnx_ambiguity_explain: its text must be the case's <n>.explain.
 *
 * Every call's output buffer (and out-length, out-struct, scratch) is filled
 * with a canary first; on any error it must be untouched (the one documented
 * exception: BUFFER_TOO_SMALL sets *out_len / *scratch_needed). On success
 * the result is compared exactly, and the bytes after it are untouched.
 *
 * No assertion here is about time: each catalogue case appends
 * "HOSTILE-TIME c <case> <cpu s> <wall s> <input bytes>" to the file named
 * by HOSTILE_TIMES (stdout if unset); scripts/hostile.sh checks the bounds.
 *
 * Built by scripts/hostile.sh with -std=c99 -Wall -Wextra -Werror -pedantic
 * (and AddressSanitizer + UndefinedBehaviorSanitizer) against
 * include/monetix_gate.h and libmonetix_gate.a.
 */
#define _POSIX_C_SOURCE 200809L

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "monetix_gate.h"

#define CANARY 0xA5
/* `s` (a C string) as (const uint8_t *, size_t) arguments. */
#define BYTES_OF(s) (const uint8_t *)(s), strlen(s)
#define UNSET ((size_t)0xDEADBEEFu)

static int failures = 0;
static int checks = 0;
static const char *current = "?";

#define CHECK(cond)                                                               \
    do {                                                                          \
        checks++;                                                                 \
        if (!(cond)) {                                                            \
            fprintf(stderr, "FAIL [%s] %s:%d: %s\n", current, __FILE__, __LINE__, \
                    #cond);                                                       \
            failures++;                                                           \
        }                                                                         \
    } while (0)

#define CHECK_STATUS(expr, want)                                                     \
    do {                                                                             \
        mnx_status got_ = (expr);                                                    \
        checks++;                                                                    \
        if (got_ != (mnx_status)(want)) {                                            \
            fprintf(stderr, "FAIL [%s] %s:%d: %s\n    got %d (%s), want %d (%s)\n", \
                    current, __FILE__, __LINE__, #expr, (int)got_,                   \
                    mnx_status_str(got_), (int)(want), mnx_status_str(want));        \
            failures++;                                                              \
        }                                                                            \
    } while (0)

static int untouched(const void *p, size_t n) {
    const unsigned char *b = (const unsigned char *)p;
    size_t i;
    for (i = 0; i < n; i++) {
        if (b[i] != CANARY) return 0;
    }
    return 1;
}

static unsigned char *canary_buf(size_t n) {
    unsigned char *b = (unsigned char *)malloc(n ? n : 1);
    if (!b) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    memset(b, CANARY, n ? n : 1);
    return b;
}

static unsigned char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    unsigned char *buf;
    long n;
    if (!f) {
        *len = 0;
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = (unsigned char *)malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(2);
    }
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static double wall_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static FILE *times_out = NULL;

/* ---- catalogue cases ------------------------------------------------------------ */

typedef struct {
    const char *name, *op, *kind, *text;
    int status, strict, allow_any, timed, allow_ambiguous;
    const uint8_t *body, *secret, *expected, *explain;
    size_t body_len, secret_len, expected_len, explain_len;
} hcase;

/* The case's options as flags (0: the pinned calls' defaults). */
static uint32_t flags_of(const hcase *c) {
    return (c->allow_any ? MNX_SECRET_ALLOW_ANY : 0u) | (c->allow_ambiguous ? MNX_ALLOW_AMBIGUOUS : 0u);
}

/* The case's options for the *_opt calls. */
static mnx_options options_of(const hcase *c) {
    mnx_options o = MNX_OPTIONS(0);
    o.flags = flags_of(c);
    return o;
}

/* A signer keyed with the case's secret under its policy (status returned). */
static mnx_status keyed(const hcase *c, mnx_signer *s) {
    memset(s, 0, sizeof *s);
    return mnx_signer_init(s, c->secret, c->secret_len, flags_of(c));
}

/* An expected MNX_STATUS_AMBIGUOUS: mnx_ambiguity_explain names the member
 * with the catalogue's text (size query, then an exact buffer). */
static void check_explain(const hcase *c) {
    size_t need = UNSET, len = UNSET;
    unsigned char *out;
    if (c->status != MNX_STATUS_AMBIGUOUS) return;
    CHECK(c->explain != NULL);
    if (!c->explain) return;
    CHECK_STATUS(mnx_ambiguity_explain(c->body, c->body_len, NULL, 0, &need), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(need == c->explain_len);
    if (need != c->explain_len || need == 0) return;
    out = canary_buf(need + 8);
    CHECK_STATUS(mnx_ambiguity_explain(c->body, c->body_len, out, need, &len), MNX_STATUS_OK);
    CHECK(len == c->explain_len && memcmp(out, c->explain, len) == 0);
    CHECK(untouched(out + need, 8));
    free(out);
}

static void run_canonical(const hcase *c) {
    size_t cap = c->expected_len + 64, out_len = UNSET, q_len = UNSET;
    unsigned char *out = canary_buf(cap);
    mnx_status st = mnx_canonical(c->body, c->body_len, out, cap, &out_len);
    CHECK_STATUS(st, c->status);
    /* The size query reports the same input error, or the exact size. */
    st = mnx_canonical(c->body, c->body_len, NULL, 0, &q_len);
    if (c->status != MNX_STATUS_OK) {
        CHECK_STATUS(st, c->status);
        CHECK(untouched(out, cap));
        CHECK(out_len == UNSET && q_len == UNSET);
    } else {
        CHECK(out_len == c->expected_len);
        CHECK(out_len <= cap && memcmp(out, c->expected, c->expected_len) == 0);
        CHECK(untouched(out + c->expected_len, cap - c->expected_len));
        if (c->expected_len > 0) {
            unsigned char *small = canary_buf(c->expected_len - 1);
            size_t s_len = UNSET;
            CHECK_STATUS(st, MNX_STATUS_BUFFER_TOO_SMALL);
            CHECK(q_len == c->expected_len);
            CHECK_STATUS(mnx_canonical(c->body, c->body_len, small, c->expected_len - 1, &s_len),
                         MNX_STATUS_BUFFER_TOO_SMALL);
            CHECK(s_len == c->expected_len);
            CHECK(untouched(small, c->expected_len - 1));
            free(small);
        } else {
            CHECK_STATUS(st, MNX_STATUS_OK);
            CHECK(q_len == 0);
        }
    }
    free(out);
}

static void run_sign(const hcase *c) {
    size_t cap = MNX_SIGNATURE_LEN + 32, out_len = UNSET;
    unsigned char *out = canary_buf(cap);
    mnx_signer s;
    mnx_status st;
    mnx_options o = options_of(c);
    {
        if (flags_of(c)) {
            st = mnx_sign_opt(c->body, c->body_len, c->secret, c->secret_len, &o, out, cap, &out_len);
        } else {
            st = mnx_sign(c->body, c->body_len, c->secret, c->secret_len, out, cap, &out_len);
        }
        /* The signer with the same flags agrees. */
        {
            mnx_status st2 = keyed(c, &s);
            unsigned char out2[MNX_SIGNATURE_LEN];
            size_t len2 = UNSET;
            if (st2 == MNX_STATUS_OK) st2 = mnx_signer_sign(&s, c->body, c->body_len, out2, sizeof out2, &len2);
            mnx_signer_wipe(&s);
            CHECK_STATUS(st2, c->status);
            if (st2 == MNX_STATUS_OK && st == MNX_STATUS_OK) CHECK(memcmp(out, out2, MNX_SIGNATURE_LEN) == 0);
        }
    }
    CHECK_STATUS(st, c->status);
    if (c->status != MNX_STATUS_OK) {
        CHECK(untouched(out, cap));
        CHECK(out_len == UNSET);
    } else {
        CHECK(out_len == MNX_SIGNATURE_LEN && c->expected_len == MNX_SIGNATURE_LEN);
        CHECK(memcmp(out, c->expected, MNX_SIGNATURE_LEN) == 0);
        CHECK(untouched(out + MNX_SIGNATURE_LEN, cap - MNX_SIGNATURE_LEN));
    }
    check_explain(c);
    free(out);
}

/* mnx_sign_body, or mnx_sign_body_opt with the case's options. */
static mnx_status sign_body_of(const hcase *c, unsigned char *out, size_t cap, size_t *out_len) {
    mnx_options o = options_of(c);
    if (flags_of(c)) {
        return mnx_sign_body_opt(c->body, c->body_len, c->secret, c->secret_len, &o, out, cap, out_len);
    }
    return mnx_sign_body(c->body, c->body_len, c->secret, c->secret_len, out, cap, out_len);
}

static void run_sign_body(const hcase *c) {
    size_t need = UNSET, out_len = UNSET, cap;
    unsigned char *out;
    mnx_status st = sign_body_of(c, NULL, 0, &need);
    if (c->status != MNX_STATUS_OK) {
        CHECK_STATUS(st, c->status);
        CHECK(need == UNSET);
        cap = c->body_len + 256;
    } else {
        CHECK_STATUS(st, MNX_STATUS_BUFFER_TOO_SMALL);
        CHECK(need == c->expected_len);
        cap = c->expected_len + 64;
    }
    out = canary_buf(cap);
    st = sign_body_of(c, out, cap, &out_len);
    CHECK_STATUS(st, c->status);
    /* The signer with the same flags agrees. */
    {
        mnx_signer s;
        unsigned char *out2 = canary_buf(cap);
        size_t len2 = UNSET;
        mnx_status st2 = keyed(c, &s);
        if (st2 == MNX_STATUS_OK) st2 = mnx_signer_sign_body(&s, c->body, c->body_len, out2, cap, &len2);
        mnx_signer_wipe(&s);
        CHECK_STATUS(st2, c->status);
        if (st2 == MNX_STATUS_OK && st == MNX_STATUS_OK) CHECK(len2 == out_len && memcmp(out, out2, len2) == 0);
        free(out2);
    }
    if (c->status != MNX_STATUS_OK) {
        CHECK(untouched(out, cap));
        CHECK(out_len == UNSET);
    } else {
        CHECK(out_len == c->expected_len && memcmp(out, c->expected, c->expected_len) == 0);
        CHECK(untouched(out + c->expected_len, cap - c->expected_len));
        /* One byte short: untouched. */
        memset(out, CANARY, cap);
        out_len = UNSET;
        CHECK_STATUS(sign_body_of(c, out, c->expected_len - 1, &out_len), MNX_STATUS_BUFFER_TOO_SMALL);
        CHECK(out_len == c->expected_len && untouched(out, cap));
    }
    check_explain(c);
    free(out);
}

static const char *order_name(mnx_order o) {
    switch (o) {
    case MNX_ORDER_NATURAL: return "natural";
    case MNX_ORDER_BYTE_PATH: return "byte-path";
    case MNX_ORDER_BYTE_LINE: return "byte-line";
    default: return "?";
    }
}

static void run_verify(const hcase *c) {
    mnx_order order;
    mnx_status st;
    mnx_signer s;
    mnx_options o = options_of(c);
    memset(&order, CANARY, sizeof order);
    if (flags_of(c)) {
        st = mnx_verify_opt(c->body, c->body_len, c->secret, c->secret_len, c->strict, &o, &order);
    } else {
        st = mnx_verify_ex(c->body, c->body_len, c->secret, c->secret_len, c->strict, &order);
        CHECK_STATUS(mnx_verify(c->body, c->body_len, c->secret, c->secret_len, c->strict), c->status);
    }
    CHECK_STATUS(st, c->status);
    if (c->status != MNX_STATUS_OK) {
        CHECK(untouched(&order, sizeof order));
    } else {
        CHECK(strcmp(order_name(order), c->text) == 0);
    }
    /* The signer with the same flags agrees. */
    {
        mnx_order order2;
        mnx_status st2 = keyed(c, &s);
        memset(&order2, CANARY, sizeof order2);
        if (st2 == MNX_STATUS_OK) st2 = mnx_signer_verify(&s, c->body, c->body_len, c->strict, &order2);
        mnx_signer_wipe(&s);
        CHECK_STATUS(st2, c->status);
        if (st2 == MNX_STATUS_OK && st == MNX_STATUS_OK) CHECK(order2 == order);
    }
    check_explain(c);
}

static const char *outcome_name(mnx_outcome o) {
    switch (o) {
    case MNX_OUTCOME_FINAL_SUCCESS: return "final_success";
    case MNX_OUTCOME_FINAL_FAILURE: return "final_failure";
    case MNX_OUTCOME_PENDING: return "pending";
    default: return "?";
    }
}

static void run_callback(const hcase *c) {
    mnx_callback *out = (mnx_callback *)canary_buf(sizeof *out);
    unsigned char *scratch = canary_buf(c->body_len);
    size_t needed = UNSET;
    mnx_status st;
    mnx_signer s;
    if (flags_of(c)) {
        st = keyed(c, &s);
        if (st == MNX_STATUS_OK)
            st = mnx_callback_parse_with(&s, c->body, c->body_len, c->strict, scratch, c->body_len,
                                         &needed, out);
        mnx_signer_wipe(&s);
    } else {
        st = mnx_callback_parse(c->body, c->body_len, c->secret, c->secret_len, c->strict, scratch,
                                c->body_len, &needed, out);
    }
    CHECK_STATUS(st, c->status);
    if (c->status != MNX_STATUS_OK) {
        CHECK(untouched(out, sizeof *out));
        CHECK(untouched(scratch, c->body_len));
        CHECK(needed == UNSET);
    } else {
        CHECK(strcmp(outcome_name(out->outcome), c->text) == 0);
        CHECK(out->order == MNX_ORDER_NATURAL);
    }
    check_explain(c);
    free(out);
    free(scratch);
}

static void run_ack(const hcase *c) {
    mnx_ack *out = (mnx_ack *)canary_buf(sizeof *out);
    unsigned char *scratch = canary_buf(c->body_len);
    size_t needed = UNSET;
    mnx_status st = mnx_ack_parse(c->body, c->body_len, scratch, c->body_len, &needed, out);
    CHECK_STATUS(st, c->status);
    if (c->status != MNX_STATUS_OK) {
        CHECK(untouched(out, sizeof *out));
        CHECK(untouched(scratch, c->body_len));
        CHECK(needed == UNSET);
    } else {
        const char *v = out->verdict == MNX_VERDICT_ACCEPTED ? "accepted"
                        : out->verdict == MNX_VERDICT_REJECTED ? "rejected" : "?";
        CHECK(strcmp(v, c->text) == 0);
        CHECK(!out->verified);
    }
    free(out);
    free(scratch);
}

/* ---- C-only cases ----------------------------------------------------------------- */

static const uint8_t A1[] = "{\"a\":1}";
#define A1_LEN (sizeof A1 - 1)
static const uint8_t SECRET[] = "secret";
#define SECRET_LEN (sizeof SECRET - 1)

static void c_null_body_with_length(void) {
    unsigned char out[256];
    size_t len = UNSET, needed = UNSET;
    mnx_order order;
    mnx_callback cb;
    mnx_ack ack;
    mnx_payment_status_response psr;
    mnx_signer s;
    memset(out, CANARY, sizeof out);
    CHECK_STATUS(mnx_canonical(NULL, 5, out, sizeof out, &len), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_sign(NULL, 5, SECRET, SECRET_LEN, out, sizeof out, &len), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_sign_body(NULL, 5, SECRET, SECRET_LEN, out, sizeof out, &len), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_verify(NULL, 5, SECRET, SECRET_LEN, false), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_verify_ex(NULL, 5, SECRET, SECRET_LEN, false, &order), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_callback_parse(NULL, 5, SECRET, SECRET_LEN, false, NULL, 0, &needed, &cb),
                 MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_ack_parse(NULL, 5, NULL, 0, &needed, &ack), MNX_STATUS_NULL_ARGUMENT);
    memset(&s, 0, sizeof s);
    CHECK_STATUS(mnx_signer_init(&s, SECRET, SECRET_LEN, 0), MNX_STATUS_OK);
    CHECK_STATUS(mnx_signer_sign(&s, NULL, 5, out, sizeof out, &len), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_signer_sign_body(&s, NULL, 5, out, sizeof out, &len), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_signer_verify(&s, NULL, 5, false, &order), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_callback_parse_with(&s, NULL, 5, false, NULL, 0, &needed, &cb), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_ack_parse_verified(&s, NULL, 5, false, NULL, 0, &needed, &ack), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_payment_status_response_parse(&s, NULL, 5, false, NULL, 0, &needed, &psr),
                 MNX_STATUS_NULL_ARGUMENT);
    mnx_signer_wipe(&s);
    CHECK(len == UNSET && needed == UNSET && untouched(out, sizeof out));
}

static void c_null_body_zero_length(void) {
    unsigned char out[128];
    size_t len = UNSET;
    mnx_order order;
    memset(out, CANARY, sizeof out);
    CHECK_STATUS(mnx_canonical(NULL, 0, out, sizeof out, &len), MNX_STATUS_MALFORMED_JSON);
    CHECK_STATUS(mnx_sign(NULL, 0, SECRET, SECRET_LEN, out, sizeof out, &len), MNX_STATUS_MALFORMED_JSON);
    CHECK_STATUS(mnx_sign_body(NULL, 0, SECRET, SECRET_LEN, out, sizeof out, &len), MNX_STATUS_MALFORMED_JSON);
    CHECK_STATUS(mnx_verify_ex(NULL, 0, SECRET, SECRET_LEN, true, &order), MNX_STATUS_MALFORMED_JSON);
    CHECK(len == UNSET && untouched(out, sizeof out));
}

static void c_null_secret_with_length(void) {
    unsigned char out[128];
    size_t len = UNSET, needed = UNSET;
    mnx_order order;
    mnx_callback cb;
    mnx_signer s;
    mnx_cambodia_payout p;
    memset(out, CANARY, sizeof out);
    memset(&s, 0, sizeof s);
    memset(&p, 0, sizeof p);
    CHECK_STATUS(mnx_sign(A1, A1_LEN, NULL, 6, out, sizeof out, &len), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_sign_body(A1, A1_LEN, NULL, 6, out, sizeof out, &len), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_verify(A1, A1_LEN, NULL, 6, false), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_verify_ex(A1, A1_LEN, NULL, 6, false, &order), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_callback_parse(A1, A1_LEN, NULL, 6, false, NULL, 0, &needed, &cb), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_signer_init(&s, NULL, 6, 0), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_cambodia_payout_sign(&p, NULL, 6, out, sizeof out, &len, NULL), MNX_STATUS_NULL_ARGUMENT);
    CHECK(len == UNSET && needed == UNSET && untouched(out, sizeof out));
}

static void c_null_secret_zero_length(void) {
    unsigned char out[128];
    size_t len = UNSET;
    mnx_signer s;
    memset(out, CANARY, sizeof out);
    memset(&s, 0, sizeof s);
    CHECK_STATUS(mnx_sign(A1, A1_LEN, NULL, 0, out, sizeof out, &len), MNX_STATUS_EMPTY_SECRET);
    CHECK_STATUS(mnx_sign_body(A1, A1_LEN, NULL, 0, out, sizeof out, &len), MNX_STATUS_EMPTY_SECRET);
    CHECK_STATUS(mnx_verify(A1, A1_LEN, NULL, 0, false), MNX_STATUS_EMPTY_SECRET);
    CHECK_STATUS(mnx_signer_init(&s, NULL, 0, 0), MNX_STATUS_EMPTY_SECRET);
    CHECK_STATUS(mnx_signer_init(&s, NULL, 0, MNX_SECRET_ALLOW_ANY), MNX_STATUS_EMPTY_SECRET);
    CHECK(len == UNSET && untouched(out, sizeof out));
}

static void c_null_out_len(void) {
    unsigned char out[MNX_MAX_CAMBODIA_PAYOUT_LEN];
    mnx_signer s;
    memset(out, CANARY, sizeof out);
    memset(&s, 0, sizeof s);
    CHECK_STATUS(mnx_canonical(A1, A1_LEN, out, sizeof out, NULL), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_sign(A1, A1_LEN, SECRET, SECRET_LEN, out, sizeof out, NULL), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_sign_body(A1, A1_LEN, SECRET, SECRET_LEN, out, sizeof out, NULL), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_signer_init(&s, SECRET, SECRET_LEN, 0), MNX_STATUS_OK);
    CHECK_STATUS(mnx_signer_sign(&s, A1, A1_LEN, out, sizeof out, NULL), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_signer_sign_body(&s, A1, A1_LEN, out, sizeof out, NULL), MNX_STATUS_NULL_ARGUMENT);
    mnx_signer_wipe(&s);
    CHECK(untouched(out, sizeof out));
}

static void c_null_out_with_capacity(void) {
    size_t len = UNSET;
    mnx_signer s;
    memset(&s, 0, sizeof s);
    CHECK_STATUS(mnx_canonical(A1, A1_LEN, NULL, 10, &len), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_sign(A1, A1_LEN, SECRET, SECRET_LEN, NULL, 88, &len), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_sign_body(A1, A1_LEN, SECRET, SECRET_LEN, NULL, 500, &len), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_signer_init(&s, SECRET, SECRET_LEN, 0), MNX_STATUS_OK);
    CHECK_STATUS(mnx_signer_sign(&s, A1, A1_LEN, NULL, 88, &len), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_signer_sign_body(&s, A1, A1_LEN, NULL, 500, &len), MNX_STATUS_NULL_ARGUMENT);
    mnx_signer_wipe(&s);
    CHECK(len == UNSET);
}

static void c_size_query(void) {
    size_t len = UNSET;
    CHECK_STATUS(mnx_canonical(A1, A1_LEN, NULL, 0, &len), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(len == 3);
    len = UNSET;
    CHECK_STATUS(mnx_sign(A1, A1_LEN, SECRET, SECRET_LEN, NULL, 0, &len), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(len == MNX_SIGNATURE_LEN);
    len = UNSET;
    CHECK_STATUS(mnx_sign_body(A1, A1_LEN, SECRET, SECRET_LEN, NULL, 0, &len), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(len == A1_LEN + strlen("\"general\":{\"signature\":\"\"},") + MNX_SIGNATURE_LEN);
    len = UNSET;
    /* An empty output fits: the query of {} is OK with 0. */
    CHECK_STATUS(mnx_canonical((const uint8_t *)"{}", 2, NULL, 0, &len), MNX_STATUS_OK);
    CHECK(len == 0);
}

static void c_zero_capacity(void) {
    unsigned char out[16];
    size_t len = UNSET;
    memset(out, CANARY, sizeof out);
    CHECK_STATUS(mnx_canonical(A1, A1_LEN, out, 0, &len), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(len == 3 && untouched(out, sizeof out));
    len = UNSET;
    CHECK_STATUS(mnx_sign(A1, A1_LEN, SECRET, SECRET_LEN, out, 0, &len), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(len == MNX_SIGNATURE_LEN && untouched(out, sizeof out));
}

static void c_capacity_one_short(void) {
    unsigned char out[512];
    size_t len = UNSET, need = UNSET;
    memset(out, CANARY, sizeof out);
    CHECK_STATUS(mnx_canonical(A1, A1_LEN, out, 2, &len), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(len == 3 && untouched(out, sizeof out));
    CHECK_STATUS(mnx_sign_body(A1, A1_LEN, SECRET, SECRET_LEN, NULL, 0, &need), MNX_STATUS_BUFFER_TOO_SMALL);
    len = UNSET;
    CHECK_STATUS(mnx_sign_body(A1, A1_LEN, SECRET, SECRET_LEN, out, need - 1, &len), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(len == need && untouched(out, sizeof out));
    len = UNSET;
    CHECK_STATUS(mnx_sign_body(A1, A1_LEN, SECRET, SECRET_LEN, out, need, &len), MNX_STATUS_OK);
    CHECK(len == need && untouched(out + need, sizeof out - need));
}

static void c_sign_capacity_87(void) {
    unsigned char out[MNX_SIGNATURE_LEN];
    size_t len = UNSET;
    mnx_signer s;
    memset(out, CANARY, sizeof out);
    CHECK_STATUS(mnx_sign(A1, A1_LEN, SECRET, SECRET_LEN, out, MNX_SIGNATURE_LEN - 1, &len),
                 MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(len == MNX_SIGNATURE_LEN && untouched(out, sizeof out));
    memset(&s, 0, sizeof s);
    CHECK_STATUS(mnx_signer_init(&s, SECRET, SECRET_LEN, 0), MNX_STATUS_OK);
    len = UNSET;
    CHECK_STATUS(mnx_signer_sign(&s, A1, A1_LEN, out, MNX_SIGNATURE_LEN - 1, &len), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(len == MNX_SIGNATURE_LEN && untouched(out, sizeof out));
    mnx_signer_wipe(&s);
}

static void c_error_before_size(void) {
    unsigned char out[4];
    size_t len = UNSET;
    static const uint8_t bad[] = "{\"a\":";
    memset(out, CANARY, sizeof out);
    CHECK_STATUS(mnx_canonical(bad, sizeof bad - 1, out, sizeof out, &len), MNX_STATUS_MALFORMED_JSON);
    CHECK_STATUS(mnx_sign(bad, sizeof bad - 1, SECRET, SECRET_LEN, NULL, 0, &len), MNX_STATUS_MALFORMED_JSON);
    CHECK_STATUS(mnx_sign(A1, A1_LEN, (const uint8_t *)" s", 2, NULL, 0, &len), MNX_STATUS_SUSPICIOUS_SECRET);
    CHECK(len == UNSET && untouched(out, sizeof out));
}

static void c_overlapping_output(void) {
    unsigned char buf[512];
    size_t len = UNSET;
    memcpy(buf, A1, A1_LEN);
    memset(buf + A1_LEN, CANARY, sizeof buf - A1_LEN);
    CHECK_STATUS(mnx_canonical(buf, A1_LEN, buf, sizeof buf, &len), MNX_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mnx_canonical(buf, A1_LEN, buf + 3, 16, &len), MNX_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mnx_sign_body(buf, A1_LEN, SECRET, SECRET_LEN, buf + 1, 300, &len), MNX_STATUS_INVALID_ARGUMENT);
    CHECK(len == UNSET && memcmp(buf, A1, A1_LEN) == 0 && untouched(buf + A1_LEN, sizeof buf - A1_LEN));
    /* Adjacent (not overlapping) is fine. */
    CHECK_STATUS(mnx_canonical(buf, A1_LEN, buf + A1_LEN, 16, &len), MNX_STATUS_OK);
    CHECK(len == 3 && memcmp(buf + A1_LEN, "a:1", 3) == 0);
}

static void c_length_above_ptrdiff_max(void) {
    unsigned char out[128];
    size_t len = UNSET;
    size_t huge = (size_t)PTRDIFF_MAX + 1;
    memset(out, CANARY, sizeof out);
    CHECK_STATUS(mnx_canonical(A1, huge, out, sizeof out, &len), MNX_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mnx_sign(A1, A1_LEN, SECRET, huge, out, sizeof out, &len), MNX_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mnx_canonical(A1, A1_LEN, out, huge, &len), MNX_STATUS_INVALID_ARGUMENT);
    CHECK(len == UNSET && untouched(out, sizeof out));
}

static void c_verify_ex_null_order(void) {
    mnx_signer s;
    memset(&s, 0, sizeof s);
    CHECK_STATUS(mnx_verify_ex(A1, A1_LEN, SECRET, SECRET_LEN, false, NULL), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_signer_init(&s, SECRET, SECRET_LEN, 0), MNX_STATUS_OK);
    CHECK_STATUS(mnx_signer_verify(&s, A1, A1_LEN, false, NULL), MNX_STATUS_NULL_ARGUMENT);
    mnx_signer_wipe(&s);
}

static void c_signer_null(void) {
    unsigned char out[128];
    size_t len = UNSET, needed = UNSET;
    mnx_order order;
    mnx_callback cb;
    mnx_ack ack;
    mnx_payment_status_response psr;
    mnx_cambodia_payout p;
    memset(out, CANARY, sizeof out);
    memset(&p, 0, sizeof p);
    CHECK_STATUS(mnx_signer_init(NULL, SECRET, SECRET_LEN, 0), MNX_STATUS_NULL_ARGUMENT);
    mnx_signer_wipe(NULL); /* documented as ignored */
    CHECK_STATUS(mnx_signer_sign(NULL, A1, A1_LEN, out, sizeof out, &len), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_signer_sign_body(NULL, A1, A1_LEN, out, sizeof out, &len), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_signer_verify(NULL, A1, A1_LEN, false, &order), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_callback_parse_with(NULL, A1, A1_LEN, false, NULL, 0, &needed, &cb), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_ack_parse_verified(NULL, A1, A1_LEN, false, NULL, 0, &needed, &ack), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_payment_status_response_parse(NULL, A1, A1_LEN, false, NULL, 0, &needed, &psr),
                 MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_cambodia_payout_sign_with(&p, NULL, out, sizeof out, &len, NULL), MNX_STATUS_NULL_ARGUMENT);
    CHECK(len == UNSET && needed == UNSET && untouched(out, sizeof out));
}

static void c_signer_uninitialized(void) {
    mnx_signer s;
    unsigned char out[128];
    size_t len = UNSET;
    mnx_order order;
    memset(&s, 0, sizeof s);
    memset(out, CANARY, sizeof out);
    CHECK_STATUS(mnx_signer_sign(&s, A1, A1_LEN, out, sizeof out, &len), MNX_STATUS_SIGNER_UNINITIALIZED);
    CHECK_STATUS(mnx_signer_sign_body(&s, A1, A1_LEN, out, sizeof out, &len), MNX_STATUS_SIGNER_UNINITIALIZED);
    CHECK_STATUS(mnx_signer_verify(&s, A1, A1_LEN, false, &order), MNX_STATUS_SIGNER_UNINITIALIZED);
    CHECK(len == UNSET && untouched(out, sizeof out));
}

static void c_signer_wiped(void) {
    mnx_signer s;
    unsigned char out[128];
    size_t len = UNSET;
    memset(&s, 0, sizeof s);
    memset(out, CANARY, sizeof out);
    CHECK_STATUS(mnx_signer_init(&s, SECRET, SECRET_LEN, 0), MNX_STATUS_OK);
    CHECK_STATUS(mnx_signer_sign(&s, A1, A1_LEN, out, sizeof out, &len), MNX_STATUS_OK);
    mnx_signer_wipe(&s);
    {
        const unsigned char *b = (const unsigned char *)&s;
        size_t i, nonzero = 0;
        for (i = 0; i < sizeof s; i++) nonzero += b[i] != 0;
        /* The key state is gone from the caller's memory; only an 8-byte
         * sequence number stays (a call racing with the wipe fails closed). */
        CHECK(nonzero <= 8);
    }
    memset(out, CANARY, sizeof out);
    len = UNSET;
    CHECK_STATUS(mnx_signer_sign(&s, A1, A1_LEN, out, sizeof out, &len), MNX_STATUS_SIGNER_UNINITIALIZED);
    CHECK(len == UNSET && untouched(out, sizeof out));
}

static void c_signer_bad_flags(void) {
    mnx_signer s;
    memset(&s, 0, sizeof s);
    /* 1 and 2 are MNX_SECRET_ALLOW_ANY and MNX_ALLOW_AMBIGUOUS; 4 is unknown. */
    CHECK_STATUS(mnx_signer_init(&s, SECRET, SECRET_LEN, 4), MNX_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mnx_signer_init(&s, SECRET, SECRET_LEN, 0x80000000u), MNX_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mnx_signer_init(&s, SECRET, SECRET_LEN, MNX_ALLOW_AMBIGUOUS | 4u), MNX_STATUS_INVALID_ARGUMENT);
    {
        unsigned char out[128];
        size_t len = UNSET;
        CHECK_STATUS(mnx_signer_sign(&s, A1, A1_LEN, out, sizeof out, &len), MNX_STATUS_SIGNER_UNINITIALIZED);
    }
}

static void c_signer_suspicious_and_opt_out(void) {
    static const char *bad[] = {" secret", "secret\n", "\xEF\xBB\xBFsecret", "sec\xC2\xADret",
                                "secret\xE2\x80\x8B", "secret\xC2\xA0", "\xE2\x81\xA0secret"};
    size_t i;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        mnx_signer s;
        unsigned char out[MNX_SIGNATURE_LEN], out2[MNX_SIGNATURE_LEN];
        size_t len = UNSET, len2 = UNSET;
        memset(&s, 0, sizeof s);
        memset(out, CANARY, sizeof out);
        CHECK_STATUS(mnx_signer_init(&s, BYTES_OF(bad[i]), 0), MNX_STATUS_SUSPICIOUS_SECRET);
        CHECK_STATUS(mnx_sign(A1, A1_LEN, BYTES_OF(bad[i]), out, sizeof out, &len), MNX_STATUS_SUSPICIOUS_SECRET);
        CHECK(len == UNSET && untouched(out, sizeof out));
        CHECK_STATUS(mnx_verify(A1, A1_LEN, BYTES_OF(bad[i]), false), MNX_STATUS_SUSPICIOUS_SECRET);
        CHECK_STATUS(mnx_signer_init(&s, BYTES_OF(bad[i]), MNX_SECRET_ALLOW_ANY), MNX_STATUS_OK);
        CHECK_STATUS(mnx_signer_sign(&s, A1, A1_LEN, out, sizeof out, &len), MNX_STATUS_OK);
        CHECK_STATUS(mnx_signer_sign(&s, A1, A1_LEN, out2, sizeof out2, &len2), MNX_STATUS_OK);
        CHECK(len == MNX_SIGNATURE_LEN && memcmp(out, out2, sizeof out) == 0);
        mnx_signer_wipe(&s);
    }
}

static void c_signer_failed_init_keeps_key(void) {
    mnx_signer s;
    unsigned char before[MNX_SIGNATURE_LEN], after[MNX_SIGNATURE_LEN], direct[MNX_SIGNATURE_LEN];
    size_t len = UNSET;
    memset(&s, 0, sizeof s);
    CHECK_STATUS(mnx_signer_init(&s, SECRET, SECRET_LEN, 0), MNX_STATUS_OK);
    CHECK_STATUS(mnx_signer_sign(&s, A1, A1_LEN, before, sizeof before, &len), MNX_STATUS_OK);
    CHECK_STATUS(mnx_signer_init(&s, (const uint8_t *)"", 0, 0), MNX_STATUS_EMPTY_SECRET);
    CHECK_STATUS(mnx_signer_init(&s, (const uint8_t *)" x", 2, 0), MNX_STATUS_SUSPICIOUS_SECRET);
    CHECK_STATUS(mnx_signer_init(&s, SECRET, SECRET_LEN, 4), MNX_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mnx_signer_sign(&s, A1, A1_LEN, after, sizeof after, &len), MNX_STATUS_OK);
    CHECK_STATUS(mnx_sign(A1, A1_LEN, SECRET, SECRET_LEN, direct, sizeof direct, &len), MNX_STATUS_OK);
    CHECK(memcmp(before, after, sizeof before) == 0 && memcmp(before, direct, sizeof before) == 0);
    mnx_signer_wipe(&s);
}

/* A signed callback body for the callback cases (built with mnx_sign_body). */
static size_t signed_callback(uint8_t *out, size_t cap, const char *doc) {
    size_t len = UNSET;
    mnx_status st = mnx_sign_body((const uint8_t *)doc, strlen(doc), SECRET, SECRET_LEN, out, cap, &len);
    CHECK_STATUS(st, MNX_STATUS_OK);
    return st == MNX_STATUS_OK ? len : 0;
}

static void c_callback_null_args(void) {
    uint8_t body[512];
    size_t n = signed_callback(body, sizeof body, "{\"payment\":{\"id\":\"p\\u00e9\",\"status\":\"success\"}}");
    size_t needed = UNSET;
    mnx_callback *cb = (mnx_callback *)canary_buf(sizeof *cb);
    mnx_ack *ack = (mnx_ack *)canary_buf(sizeof *ack);
    unsigned char scratch[512];
    mnx_signer s;
    memset(scratch, CANARY, sizeof scratch);
    memset(&s, 0, sizeof s);
    CHECK_STATUS(mnx_callback_parse(body, n, SECRET, SECRET_LEN, false, scratch, sizeof scratch, &needed, NULL),
                 MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_callback_parse(body, n, SECRET, SECRET_LEN, false, scratch, sizeof scratch, NULL, cb),
                 MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_callback_parse(body, n, SECRET, SECRET_LEN, false, NULL, 16, &needed, cb),
                 MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_ack_parse(body, n, scratch, sizeof scratch, &needed, NULL), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_ack_parse(body, n, scratch, sizeof scratch, NULL, ack), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_signer_init(&s, SECRET, SECRET_LEN, 0), MNX_STATUS_OK);
    CHECK_STATUS(mnx_callback_parse_with(&s, body, n, false, scratch, sizeof scratch, &needed, NULL),
                 MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_payment_status_response_parse(&s, body, n, false, scratch, sizeof scratch, &needed, NULL),
                 MNX_STATUS_NULL_ARGUMENT);
    mnx_signer_wipe(&s);
    CHECK(needed == UNSET && untouched(scratch, sizeof scratch));
    CHECK(untouched(cb, sizeof *cb) && untouched(ack, sizeof *ack));
    /* A scratch of NULL, 0 is fine for a body without escapes in known fields. */
    n = signed_callback(body, sizeof body, "{\"payment\":{\"id\":\"p\",\"status\":\"success\"}}");
    CHECK_STATUS(mnx_callback_parse(body, n, SECRET, SECRET_LEN, false, NULL, 0, &needed, cb), MNX_STATUS_OK);
    free(cb);
    free(ack);
}

static void c_callback_scratch_too_small(void) {
    uint8_t body[512];
    size_t n = signed_callback(body, sizeof body,
                               "{\"payment\":{\"id\":\"p\\u00e9\",\"description\":\"\\/x\",\"status\":\"success\"}}");
    size_t needed = UNSET;
    mnx_callback *cb = (mnx_callback *)canary_buf(sizeof *cb);
    unsigned char scratch[64];
    memset(scratch, CANARY, sizeof scratch);
    CHECK_STATUS(mnx_callback_parse(body, n, SECRET, SECRET_LEN, false, NULL, 0, &needed, cb),
                 MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(needed == strlen("p\xC3\xA9") + strlen("/x"));
    CHECK(untouched(cb, sizeof *cb));
    needed = UNSET;
    CHECK_STATUS(mnx_callback_parse(body, n, SECRET, SECRET_LEN, false, scratch, 4, &needed, cb),
                 MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(needed == 5 && untouched(scratch, sizeof scratch) && untouched(cb, sizeof *cb));
    CHECK_STATUS(mnx_callback_parse(body, n, SECRET, SECRET_LEN, false, scratch, 5, &needed, cb), MNX_STATUS_OK);
    CHECK(cb->payment.id.len == 3 && memcmp(cb->payment.id.ptr, "p\xC3\xA9", 3) == 0);
    CHECK(untouched(scratch + 5, sizeof scratch - 5));
    free(cb);
}

static void c_callback_error_out_untouched(void) {
    static const char *bodies[] = {
        "{\"a\":1}",                                  /* missing signature */
        "{\"a\":1,\"signature\":2}",                  /* not a string */
        "{\"a\":1,\"signature\":\"AAAA\"}",           /* mismatch */
        "{\"a\":1,\"a\":2,\"signature\":\"AAAA\"}",   /* duplicate */
        "[1]",                                        /* not an object */
        "{\"a\":\"\\ud800\",\"signature\":\"x\"}",    /* lone surrogate */
    };
    static const mnx_status want[] = {MNX_STATUS_MISSING_SIGNATURE, MNX_STATUS_SIGNATURE_NOT_STRING,
                                      MNX_STATUS_SIGNATURE_MISMATCH, MNX_STATUS_DUPLICATE_KEY,
                                      MNX_STATUS_NOT_AN_OBJECT, MNX_STATUS_LONE_SURROGATE};
    size_t i;
    for (i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        mnx_callback *cb = (mnx_callback *)canary_buf(sizeof *cb);
        mnx_payment_status_response *psr = (mnx_payment_status_response *)canary_buf(sizeof *psr);
        unsigned char scratch[64];
        size_t needed = UNSET;
        mnx_signer s;
        memset(scratch, CANARY, sizeof scratch);
        memset(&s, 0, sizeof s);
        CHECK_STATUS(mnx_callback_parse(BYTES_OF(bodies[i]), SECRET, SECRET_LEN, true, scratch, sizeof scratch,
                                        &needed, cb),
                     want[i]);
        CHECK_STATUS(mnx_signer_init(&s, SECRET, SECRET_LEN, 0), MNX_STATUS_OK);
        CHECK_STATUS(mnx_payment_status_response_parse(&s, BYTES_OF(bodies[i]), false, scratch, sizeof scratch,
                                                       &needed, psr),
                     want[i]);
        mnx_signer_wipe(&s);
        CHECK(needed == UNSET && untouched(scratch, sizeof scratch));
        CHECK(untouched(cb, sizeof *cb) && untouched(psr, sizeof *psr));
        free(cb);
        free(psr);
    }
}

static mnx_cambodia_payout seed_cambodia(void) {
    mnx_cambodia_payout p = {
        {1234, MNX_STR("payment_47"), {NULL, 0}},
        {MNX_STR("customer_1234"), MNX_STR("198.51.100.47"), MNX_STR("johndoe@example.com"), MNX_STR("123456789")},
        {MNX_STR("1234567890"), 61021, MNX_STR("Banteay Meanchey Branch"), MNX_STR("Serei Saophoan"),
         MNX_STR("Banteay Meanchey"), MNX_STR("John Doe")},
        {MNX_STR("KHR"), 5000000, {NULL, 0}},
        NULL,
        0,
        0,
    };
    return p;
}

static void c_payout_null_args(void) {
    mnx_cambodia_payout p = seed_cambodia();
    unsigned char out[MNX_MAX_CAMBODIA_PAYOUT_LEN];
    mnx_violation v[MNX_MAX_VIOLATIONS];
    size_t len = UNSET;
    mnx_field field;
    mnx_signer s;
    memset(out, CANARY, sizeof out);
    memset(&field, CANARY, sizeof field);
    memset(&s, 0, sizeof s);
    CHECK_STATUS(mnx_cambodia_payout_sign(NULL, SECRET, SECRET_LEN, out, sizeof out, &len, &field),
                 MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_cambodia_payout_sign(&p, SECRET, SECRET_LEN, out, sizeof out, NULL, &field),
                 MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_cambodia_payout_sign(&p, SECRET, SECRET_LEN, NULL, sizeof out, &len, &field),
                 MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_cambodia_payout_validate(NULL, v, MNX_MAX_VIOLATIONS, &len), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_cambodia_payout_validate(&p, v, MNX_MAX_VIOLATIONS, NULL), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_colombia_payout_sign(NULL, SECRET, SECRET_LEN, out, sizeof out, &len, NULL),
                 MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_colombia_payout_validate(NULL, v, MNX_MAX_VIOLATIONS, &len), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_payment_status_request_sign(NULL, SECRET, SECRET_LEN, out, sizeof out, &len, NULL),
                 MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_payment_status_request_validate(NULL, v, MNX_MAX_VIOLATIONS, &len), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_signer_init(&s, SECRET, SECRET_LEN, 0), MNX_STATUS_OK);
    CHECK_STATUS(mnx_cambodia_payout_sign_with(NULL, &s, out, sizeof out, &len, NULL), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_colombia_payout_sign_with(NULL, &s, out, sizeof out, &len, NULL), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_payment_status_request_sign_with(NULL, &s, out, sizeof out, &len, NULL),
                 MNX_STATUS_NULL_ARGUMENT);
    mnx_signer_wipe(&s);
    CHECK(len == UNSET && untouched(out, sizeof out) && untouched(&field, sizeof field));
    /* out_field is optional: NULL is fine. */
    CHECK_STATUS(mnx_cambodia_payout_sign(&p, SECRET, SECRET_LEN, out, sizeof out, &len, NULL), MNX_STATUS_OK);
}

static void c_payout_field_null_with_length(void) {
    mnx_cambodia_payout p = seed_cambodia();
    unsigned char out[MNX_MAX_CAMBODIA_PAYOUT_LEN];
    size_t len = UNSET;
    mnx_field field;
    memset(out, CANARY, sizeof out);
    memset(&field, CANARY, sizeof field);
    p.customer.email.ptr = NULL;
    p.customer.email.len = 5;
    CHECK_STATUS(mnx_cambodia_payout_sign(&p, SECRET, SECRET_LEN, out, sizeof out, &len, &field),
                 MNX_STATUS_NULL_ARGUMENT);
    CHECK(len == UNSET && untouched(out, sizeof out));
    p = seed_cambodia();
    p.account.city.ptr = NULL;
    p.account.city.len = 3; /* optional field: {NULL, 3} is not "absent" */
    CHECK_STATUS(mnx_cambodia_payout_sign(&p, SECRET, SECRET_LEN, out, sizeof out, &len, &field),
                 MNX_STATUS_NULL_ARGUMENT);
    CHECK(len == UNSET && untouched(out, sizeof out));
}

static void c_payout_field_invalid_utf8(void) {
    mnx_cambodia_payout p = seed_cambodia();
    unsigned char out[MNX_MAX_CAMBODIA_PAYOUT_LEN];
    mnx_violation v[MNX_MAX_VIOLATIONS];
    size_t len = UNSET, vlen = UNSET;
    mnx_field field = MNX_FIELD_NONE;
    static const char bad[] = "John \xFF Doe";
    memset(out, CANARY, sizeof out);
    p.account.customer_name.ptr = bad;
    p.account.customer_name.len = sizeof bad - 1;
    CHECK_STATUS(mnx_cambodia_payout_sign(&p, SECRET, SECRET_LEN, out, sizeof out, &len, &field),
                 MNX_STATUS_INVALID_UTF8);
    CHECK(field == MNX_FIELD_ACCOUNT_CUSTOMER_NAME);
    CHECK(len == UNSET && untouched(out, sizeof out));
    CHECK_STATUS(mnx_cambodia_payout_validate(&p, v, MNX_MAX_VIOLATIONS, &vlen), MNX_STATUS_INVALID_UTF8);
}

static void c_payout_extras_null_with_length(void) {
    mnx_cambodia_payout p = seed_cambodia();
    unsigned char out[MNX_MAX_CAMBODIA_PAYOUT_LEN];
    size_t len = UNSET;
    memset(out, CANARY, sizeof out);
    p.extras = NULL;
    p.extras_len = 3;
    CHECK_STATUS(mnx_cambodia_payout_sign(&p, SECRET, SECRET_LEN, out, sizeof out, &len, NULL),
                 MNX_STATUS_NULL_ARGUMENT);
    CHECK(len == UNSET && untouched(out, sizeof out));
    {
        mnx_extra x[1];
        memset(x, 0, sizeof x);
        x[0].path = (mnx_str)MNX_STR("customer.country");
        x[0].kind = 7; /* not an mnx_extra_kind */
        p.extras = x;
        p.extras_len = 1;
        CHECK_STATUS(mnx_cambodia_payout_sign(&p, SECRET, SECRET_LEN, out, sizeof out, &len, NULL),
                     MNX_STATUS_INVALID_ARGUMENT);
        CHECK(len == UNSET && untouched(out, sizeof out));
    }
}

static void c_payout_capacity(void) {
    mnx_cambodia_payout p = seed_cambodia();
    unsigned char out[MNX_MAX_CAMBODIA_PAYOUT_LEN];
    size_t need = UNSET, len = UNSET;
    memset(out, CANARY, sizeof out);
    CHECK_STATUS(mnx_cambodia_payout_sign(&p, SECRET, SECRET_LEN, NULL, 0, &need, NULL), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(need != UNSET && need < sizeof out);
    CHECK_STATUS(mnx_cambodia_payout_sign(&p, SECRET, SECRET_LEN, out, 0, &len, NULL), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(len == need && untouched(out, sizeof out));
    len = UNSET;
    CHECK_STATUS(mnx_cambodia_payout_sign(&p, SECRET, SECRET_LEN, out, need - 1, &len, NULL),
                 MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(len == need && untouched(out, sizeof out));
    CHECK_STATUS(mnx_cambodia_payout_sign(&p, SECRET, SECRET_LEN, out, need, &len, NULL), MNX_STATUS_OK);
    CHECK(len == need && untouched(out + need, sizeof out - need));
    CHECK_STATUS(mnx_verify(out, len, SECRET, SECRET_LEN, true), MNX_STATUS_OK);
    {
        mnx_payment_status_request r = {1234, MNX_STR("payment_47")};
        unsigned char sr[MNX_MAX_PAYMENT_STATUS_REQUEST_LEN];
        memset(sr, CANARY, sizeof sr);
        len = UNSET;
        CHECK_STATUS(mnx_payment_status_request_sign(&r, SECRET, SECRET_LEN, sr, 10, &len, NULL),
                     MNX_STATUS_BUFFER_TOO_SMALL);
        CHECK(len != UNSET && len <= sizeof sr && untouched(sr, sizeof sr));
    }
}

static void c_payout_invalid_untouched(void) {
    mnx_cambodia_payout p = seed_cambodia();
    unsigned char out[MNX_MAX_CAMBODIA_PAYOUT_LEN];
    size_t len = UNSET;
    mnx_field field = MNX_FIELD_NONE;
    memset(out, CANARY, sizeof out);
    p.customer.phone = (mnx_str)MNX_STR("+855 12");
    p.payment.currency = (mnx_str)MNX_STR("COP");
    CHECK_STATUS(mnx_cambodia_payout_sign(&p, SECRET, SECRET_LEN, out, sizeof out, &len, &field),
                 MNX_STATUS_INVALID);
    CHECK(field == MNX_FIELD_CUSTOMER_PHONE);
    CHECK(len == UNSET && untouched(out, sizeof out));
    /* Invalid beats a too-small buffer and a suspicious secret is refused. */
    CHECK_STATUS(mnx_cambodia_payout_sign(&p, SECRET, SECRET_LEN, NULL, 0, &len, NULL), MNX_STATUS_INVALID);
    p = seed_cambodia();
    CHECK_STATUS(mnx_cambodia_payout_sign(&p, (const uint8_t *)"secret ", 7, out, sizeof out, &len, NULL),
                 MNX_STATUS_SUSPICIOUS_SECRET);
    CHECK(len == UNSET && untouched(out, sizeof out));
}

static void c_validate_capacity(void) {
    mnx_cambodia_payout p = seed_cambodia();
    mnx_violation v[MNX_MAX_VIOLATIONS];
    size_t len = UNSET;
    memset(v, CANARY, sizeof v);
    p.customer.phone = (mnx_str)MNX_STR("+855 12");
    p.payment.currency = (mnx_str)MNX_STR("COP");
    p.customer.email = (mnx_str)MNX_STR("x");
    CHECK_STATUS(mnx_cambodia_payout_validate(&p, v, 2, &len), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(len == 3 && untouched(v, sizeof v));
    CHECK_STATUS(mnx_cambodia_payout_validate(&p, NULL, 0, &len), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK_STATUS(mnx_cambodia_payout_validate(&p, NULL, 3, &len), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_cambodia_payout_validate(&p, v, 3, &len), MNX_STATUS_OK);
    CHECK(len == 3 && untouched(v + 3, sizeof v - 3 * sizeof v[0]));
}

static void c_banks_and_amounts(void) {
    mnx_bank bank, banks[64];
    size_t len = UNSET;
    int64_t minor = 77;
    static const char bad[] = "\xFF\xFE";
    memset(&bank, CANARY, sizeof bank);
    CHECK_STATUS(mnx_banks(MNX_METHOD_CAMBODIA, NULL, 0, &len), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(len > 0 && len <= 64);
    CHECK_STATUS(mnx_banks(MNX_METHOD_CAMBODIA, NULL, 5, &len), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_banks(MNX_METHOD_CAMBODIA, banks, 64, NULL), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_banks(99, banks, 64, &len), MNX_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mnx_bank_by_id(MNX_METHOD_CAMBODIA, 61021, NULL), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_bank_by_id(MNX_METHOD_CAMBODIA, 1, &bank), MNX_STATUS_UNKNOWN_BANK);
    CHECK(untouched(&bank, sizeof bank));
    CHECK_STATUS(mnx_bank_by_name(MNX_METHOD_CAMBODIA, (const uint8_t *)bad, 2, &bank), MNX_STATUS_INVALID_UTF8);
    CHECK_STATUS(mnx_bank_by_name(MNX_METHOD_CAMBODIA, NULL, 3, &bank), MNX_STATUS_NULL_ARGUMENT);
    CHECK(untouched(&bank, sizeof bank));
    CHECK_STATUS(mnx_to_minor_units(NULL, 3, (const uint8_t *)"KHR", 3, &minor), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_to_minor_units((const uint8_t *)"100", 3, (const uint8_t *)"KHR", 3, NULL),
                 MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_to_minor_units((const uint8_t *)bad, 2, (const uint8_t *)"KHR", 3, &minor),
                 MNX_STATUS_INVALID_UTF8);
    /* Exponents are accepted; this one is far beyond 64 bits of minor units. */
    CHECK_STATUS(mnx_to_minor_units((const uint8_t *)"1e400", 5, (const uint8_t *)"KHR", 3, &minor),
                 MNX_STATUS_AMOUNT_OVERFLOW);
    CHECK_STATUS(mnx_to_minor_units((const uint8_t *)"99999999999999999999", 20, (const uint8_t *)"KHR", 3, &minor),
                 MNX_STATUS_AMOUNT_OVERFLOW);
    CHECK(minor == 77);
}

static void c_status_str_any_integer(void) {
    static const int32_t codes[] = {INT32_MIN, -1, 1, 99, 150, 299, 1000, INT32_MAX};
    size_t i;
    for (i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        const char *s = mnx_status_str(codes[i]);
        CHECK(s != NULL && strcmp(s, "unknown status") == 0);
    }
    CHECK(strcmp(mnx_status_str(0), "unknown status") != 0);
    CHECK(mnx_version() != NULL);
    CHECK(mnx_field_path(INT32_MIN).ptr != NULL || mnx_field_path(INT32_MIN).len == 0);
    CHECK(mnx_reason_str(-5).len < 1000);
}

static mnx_colombia_payout seed_colombia(void) {
    mnx_colombia_payout p = {
        {1234, MNX_STR("payment_47"), {NULL, 0}},
        {MNX_STR("customer_1234"), MNX_STR("198.51.100.47"), MNX_STR("John"), MNX_STR("Doe"),
         MNX_STR("johndoe@example.com"), MNX_STR("3001234567"), {MNX_STR("1234567890"), MNX_STR("CC")}},
        {MNX_STR("1234567890"), MNX_STR("CACC"), 74532},
        {MNX_STR("COP"), 5000000, {NULL, 0}},
        NULL,
        0,
        0,
    };
    return p;
}

/* Every remaining output: capacity 0 and one short, untouched each time. */
static void c_capacity_sweep(void) {
    unsigned char out[MNX_MAX_COLOMBIA_PAYOUT_LEN];
    size_t need = UNSET, len = UNSET;
    mnx_signer s;
    mnx_colombia_payout col = seed_colombia();
    mnx_payment_status_request r = {1234, MNX_STR("payment_47")};
    mnx_violation v[MNX_MAX_VIOLATIONS];
    mnx_bank banks[64];
    memset(&s, 0, sizeof s);
    CHECK_STATUS(mnx_signer_init(&s, SECRET, SECRET_LEN, 0), MNX_STATUS_OK);

    /* mnx_signer_sign_body */
    memset(out, CANARY, sizeof out);
    CHECK_STATUS(mnx_signer_sign_body(&s, A1, A1_LEN, NULL, 0, &need), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK_STATUS(mnx_signer_sign_body(&s, A1, A1_LEN, out, 0, &len), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(len == need && untouched(out, sizeof out));
    CHECK_STATUS(mnx_signer_sign_body(&s, A1, A1_LEN, out, need - 1, &len), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(len == need && untouched(out, sizeof out));

    /* mnx_colombia_payout_sign / _sign_with */
    need = UNSET;
    CHECK_STATUS(mnx_colombia_payout_sign(&col, SECRET, SECRET_LEN, NULL, 0, &need, NULL), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(need != UNSET && need <= sizeof out);
    len = UNSET;
    CHECK_STATUS(mnx_colombia_payout_sign(&col, SECRET, SECRET_LEN, out, need - 1, &len, NULL),
                 MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(len == need && untouched(out, sizeof out));
    len = UNSET;
    CHECK_STATUS(mnx_colombia_payout_sign_with(&col, &s, out, 0, &len, NULL), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(len == need && untouched(out, sizeof out));
    CHECK_STATUS(mnx_colombia_payout_sign_with(&col, &s, out, need, &len, NULL), MNX_STATUS_OK);
    CHECK_STATUS(mnx_verify(out, len, SECRET, SECRET_LEN, true), MNX_STATUS_OK);

    /* mnx_payment_status_request_sign_with, mnx_cambodia_payout_sign_with */
    memset(out, CANARY, sizeof out);
    len = UNSET;
    CHECK_STATUS(mnx_payment_status_request_sign_with(&r, &s, out, 1, &len, NULL), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(len != UNSET && untouched(out, sizeof out));
    {
        mnx_cambodia_payout p = seed_cambodia();
        len = UNSET;
        CHECK_STATUS(mnx_cambodia_payout_sign_with(&p, &s, out, 0, &len, NULL), MNX_STATUS_BUFFER_TOO_SMALL);
        CHECK(len != UNSET && untouched(out, sizeof out));
    }

    /* validations into too-small arrays */
    col.customer.phone = (mnx_str)MNX_STR("300");
    col.customer.identify.doc_type = (mnx_str)MNX_STR("XX");
    memset(v, CANARY, sizeof v);
    len = UNSET;
    CHECK_STATUS(mnx_colombia_payout_validate(&col, v, 1, &len), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(len == 2 && untouched(v, sizeof v));
    CHECK_STATUS(mnx_colombia_payout_validate(&col, NULL, 2, &len), MNX_STATUS_NULL_ARGUMENT);
    r.payment_id = (mnx_str)MNX_STR("");
    r.project_id = 0;
    len = UNSET;
    CHECK_STATUS(mnx_payment_status_request_validate(&r, v, 0, &len), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(len == 2 && untouched(v, sizeof v));

    /* mnx_banks into a too-small array */
    memset(banks, CANARY, sizeof banks);
    len = UNSET;
    CHECK_STATUS(mnx_banks(MNX_METHOD_COLOMBIA, banks, 1, &len), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(len > 1 && untouched(banks, sizeof banks));

    /* ack and status-response scratch one byte short */
    {
        static const uint8_t ack_body[] = "{\"status\":\"error\",\"message\":\"caf\\u00e9\"}";
        mnx_ack *ack = (mnx_ack *)canary_buf(sizeof *ack);
        mnx_payment_status_response *psr = (mnx_payment_status_response *)canary_buf(sizeof *psr);
        unsigned char scratch[32];
        uint8_t body[512];
        size_t n;
        memset(scratch, CANARY, sizeof scratch);
        need = UNSET;
        CHECK_STATUS(mnx_ack_parse(ack_body, sizeof ack_body - 1, NULL, 0, &need, ack), MNX_STATUS_BUFFER_TOO_SMALL);
        CHECK(need == 5 && untouched(ack, sizeof *ack));
        need = UNSET;
        CHECK_STATUS(mnx_ack_parse(ack_body, sizeof ack_body - 1, scratch, 4, &need, ack),
                     MNX_STATUS_BUFFER_TOO_SMALL);
        CHECK(need == 5 && untouched(ack, sizeof *ack) && untouched(scratch, sizeof scratch));
        CHECK_STATUS(mnx_ack_parse(ack_body, sizeof ack_body - 1, scratch, 5, &need, ack), MNX_STATUS_OK);
        CHECK(ack->message.len == 5 && memcmp(ack->message.ptr, "caf\xC3\xA9", 5) == 0);
        n = signed_callback(body, sizeof body, "{\"operations\":[{\"id\":1,\"message\":\"\\/ok\"}]}");
        memset(scratch, CANARY, sizeof scratch);
        need = UNSET;
        CHECK_STATUS(mnx_payment_status_response_parse(&s, body, n, true, scratch, 2, &need, psr),
                     MNX_STATUS_BUFFER_TOO_SMALL);
        CHECK(need == 3 && untouched(psr, sizeof *psr) && untouched(scratch, sizeof scratch));
        CHECK_STATUS(mnx_payment_status_response_parse(&s, body, n, true, scratch, 3, &need, psr), MNX_STATUS_OK);
        CHECK(psr->operation_count == 1 && psr->operation.message.len == 3);
        free(ack);
        free(psr);
    }
    mnx_signer_wipe(&s);
}

typedef struct {
    const char *name;
    void (*run)(void);
} c_case;

#define C_CASE(f) {#f, f}
static const c_case C_CASES[] = {
    C_CASE(c_null_body_with_length), C_CASE(c_null_body_zero_length), C_CASE(c_null_secret_with_length),
    C_CASE(c_null_secret_zero_length), C_CASE(c_null_out_len), C_CASE(c_null_out_with_capacity),
    C_CASE(c_size_query), C_CASE(c_zero_capacity), C_CASE(c_capacity_one_short),
    C_CASE(c_sign_capacity_87), C_CASE(c_error_before_size), C_CASE(c_overlapping_output),
    C_CASE(c_length_above_ptrdiff_max), C_CASE(c_verify_ex_null_order), C_CASE(c_signer_null),
    C_CASE(c_signer_uninitialized), C_CASE(c_signer_wiped), C_CASE(c_signer_bad_flags),
    C_CASE(c_signer_suspicious_and_opt_out), C_CASE(c_signer_failed_init_keeps_key),
    C_CASE(c_callback_null_args), C_CASE(c_callback_scratch_too_small),
    C_CASE(c_callback_error_out_untouched), C_CASE(c_payout_null_args),
    C_CASE(c_payout_field_null_with_length), C_CASE(c_payout_field_invalid_utf8),
    C_CASE(c_payout_extras_null_with_length), C_CASE(c_payout_capacity), C_CASE(c_payout_invalid_untouched),
    C_CASE(c_validate_capacity), C_CASE(c_banks_and_amounts), C_CASE(c_status_str_any_integer),
    C_CASE(c_capacity_sweep),
};

/* ---- driver ---------------------------------------------------------------------- */

static char *next_field(char **line) {
    char *start = *line, *tab = strchr(start, '\t');
    if (tab) {
        *tab = '\0';
        *line = tab + 1;
    } else {
        *line = start + strlen(start);
    }
    return start;
}

int main(int argc, char **argv) {
    char path[4096], line[8192];
    FILE *index;
    int ran = 0, c_ran = 0;
    size_t i;
    const char *times = getenv("HOSTILE_TIMES");
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    times_out = times ? fopen(times, "a") : stdout;
    if (!times_out) times_out = stdout;
    snprintf(path, sizeof path, "%s/index.tsv", argv[1]);
    index = fopen(path, "r");
    if (!index) {
        fprintf(stderr, "cannot open %s\n", path);
        return 2;
    }
    while (fgets(line, sizeof line, index)) {
        char *p = line, *n, *nl = strchr(line, '\n');
        hcase c;
        unsigned char *body, *secret, *expected, *explain;
        const char *ambiguous_column;
        double cpu0, wall0;
        if (nl) *nl = '\0';
        if (!*line) continue;
        memset(&c, 0, sizeof c);
        n = next_field(&p);
        c.name = next_field(&p);
        c.op = next_field(&p);
        c.status = atoi(next_field(&p));
        c.strict = atoi(next_field(&p));
        c.allow_any = atoi(next_field(&p));
        c.timed = atoi(next_field(&p));
        c.kind = next_field(&p);
        c.text = next_field(&p);
        /* The tenth column came later: an older manifest without it means 0. */
        ambiguous_column = next_field(&p);
        c.allow_ambiguous = *ambiguous_column ? atoi(ambiguous_column) : 0;
        current = c.name;
        if (strcmp(c.op, "c_abi") == 0) {
            int found = 0;
            for (i = 0; i < sizeof C_CASES / sizeof C_CASES[0]; i++) {
                if (strcmp(C_CASES[i].name, c.name) == 0) {
                    C_CASES[i].run();
                    found = 1;
                    c_ran++;
                }
            }
            if (!found) {
                fprintf(stderr, "FAIL [%s]: the manifest names a C case this runner lacks\n", c.name);
                failures++;
            }
            continue;
        }
        snprintf(path, sizeof path, "%s/%s.body", argv[1], n);
        body = read_file(path, &c.body_len);
        snprintf(path, sizeof path, "%s/%s.secret", argv[1], n);
        secret = read_file(path, &c.secret_len);
        snprintf(path, sizeof path, "%s/%s.expected", argv[1], n);
        expected = read_file(path, &c.expected_len);
        snprintf(path, sizeof path, "%s/%s.explain", argv[1], n);
        explain = read_file(path, &c.explain_len);
        c.body = body;
        c.secret = secret;
        c.expected = expected;
        c.explain = explain;
        cpu0 = (double)clock() / CLOCKS_PER_SEC;
        wall0 = wall_now();
        if (strcmp(c.op, "canonical") == 0) run_canonical(&c);
        else if (strcmp(c.op, "sign") == 0) run_sign(&c);
        else if (strcmp(c.op, "sign_body") == 0) run_sign_body(&c);
        else if (strcmp(c.op, "verify") == 0) run_verify(&c);
        else if (strcmp(c.op, "callback") == 0) run_callback(&c);
        else if (strcmp(c.op, "ack") == 0) run_ack(&c);
        else {
            fprintf(stderr, "FAIL [%s]: unknown op %s\n", c.name, c.op);
            failures++;
        }
        fprintf(times_out, "HOSTILE-TIME c %s %.3f %.3f %lu\n", c.name,
                (double)clock() / CLOCKS_PER_SEC - cpu0, wall_now() - wall0, (unsigned long)c.body_len);
        free(body);
        free(secret);
        free(expected);
        free(explain);
        ran++;
    }
    fclose(index);
    if (times_out != stdout) fclose(times_out);
    if (c_ran != (int)(sizeof C_CASES / sizeof C_CASES[0])) {
        fprintf(stderr, "FAIL: %d C-only cases in the manifest, %d in the runner\n", c_ran,
                (int)(sizeof C_CASES / sizeof C_CASES[0]));
        failures++;
    }
    printf("hostile catalogue (C): %d cases + %d C-only cases, %d checks, %d failed\n", ran, c_ran, checks,
           failures);
    return failures ? 1 : 0;
}
