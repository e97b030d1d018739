/*
 * The test-side platform signer (mnx_sign_as_platform gives the seed
 * callback's own signature), reconciliation of a verified callback and of a
 * status response with the payout it answers (project ID, payment ID,
 * amount, currency, converted sum; absent members), and money in C
 * (mnx_minor_unit_digits, mnx_from_minor_units, mnx_to_minor_units).
 */
#include <stdint.h>

#include "check.h"

#define UNSET ((size_t)0xDEADBEEF)

static const char SECRET[] = "secret";

/* The seed callback without its signature, and its signature (shared
 * vector seed_callback_success). */
static const char CALLBACK_UNSIGNED[] =
    "{\"project_id\":1234,"
    "\"payment\":{\"id\":\"payment_47\",\"type\":\"payout\",\"status\":\"success\","
    "\"date\":\"2024-12-07T19:08:45+0000\",\"method\":\"Banks Cambodia\","
    "\"sum\":{\"amount\":5000000,\"currency\":\"KHR\"},\"description\":\"\"},"
    "\"customer\":{\"id\":\"customer_123\"},"
    "\"operation\":{\"id\":47,\"type\":\"payout\",\"status\":\"success\",\"date\":\"2024-12-07T19:08:45+0000\","
    "\"created_date\":\"2024-12-07T19:08:05+0000\",\"request_id\":\"1a23456bc7890de\","
    "\"sum_initial\":{\"amount\":5000000,\"currency\":\"KHR\"},"
    "\"sum_converted\":{\"amount\":5000000,\"currency\":\"KHR\"},\"code\":\"0\",\"message\":\"Success\","
    "\"provider\":{\"id\":12345,\"payment_id\":\"123abc123-123\",\"auth_code\":\"\"}}}";
#define SEED_SIGNATURE "1eUwemjiLAvHuyoW00uDcn14VIO7KUE5Tqdo4FiPE4MzcihfWnt8Rwwn+8czpaUYnbSymFWS7vPiwjrfW3o+RA=="

static uint8_t body[4096];
static size_t body_len;

static int str_eq(mnx_str s, const char *want) {
    return s.len == strlen(want) && (s.len == 0 || memcmp(s.ptr, want, s.len) == 0);
}

/* Where `text` first occurs in `body` (which holds no NUL). */
static size_t offset_of(const char *text) {
    size_t i, n = strlen(text);
    for (i = 0; i + n <= body_len; i++) {
        if (memcmp(body + i, text, n) == 0) return i;
    }
    CHECK(!"text in the body");
    return 0;
}

/* Signs `unsigned_body` as the platform does into `body`. */
static void platform_signed(const char *unsigned_body) {
    body_len = UNSET;
    CHECK_STATUS(mnx_sign_as_platform(BYTES(unsigned_body), BYTES(SECRET), body, sizeof body, &body_len),
                 MNX_STATUS_OK);
}

static void test_sign_as_platform(void) {
    static char want[sizeof CALLBACK_UNSIGNED + 128];
    size_t n = UNSET;
    mnx_callback cb;

    /* The seed callback is the unsigned one with its signature appended. */
    memcpy(want, CALLBACK_UNSIGNED, sizeof CALLBACK_UNSIGNED - 2);
    strcpy(want + sizeof CALLBACK_UNSIGNED - 2, ",\"signature\":\"" SEED_SIGNATURE "\"}");
    platform_signed(CALLBACK_UNSIGNED);
    CHECK(body_len == strlen(want) && memcmp(body, want, body_len) == 0);
    CHECK_STATUS(mnx_callback_parse(body, body_len, BYTES(SECRET), true, NULL, 0, &n, &cb), MNX_STATUS_OK);
    CHECK(cb.outcome == MNX_OUTCOME_FINAL_SUCCESS);
    /* Signing again replaces the value: the same body. */
    {
        static uint8_t again[sizeof body];
        size_t again_len = UNSET;
        CHECK_STATUS(mnx_sign_as_platform(body, body_len, BYTES(SECRET), again, sizeof again, &again_len),
                     MNX_STATUS_OK);
        CHECK(again_len == body_len && memcmp(again, body, body_len) == 0);
    }
    /* Size query, one byte short, and the pinned refusals. */
    n = UNSET;
    CHECK_STATUS(mnx_sign_as_platform(BYTES(CALLBACK_UNSIGNED), BYTES(SECRET), NULL, 0, &n),
                 MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(n == strlen(want));
    memset(body, 0xAA, sizeof body);
    n = UNSET;
    CHECK_STATUS(mnx_sign_as_platform(BYTES(CALLBACK_UNSIGNED), BYTES(SECRET), body, strlen(want) - 1, &n),
                 MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(n == strlen(want) && all_bytes(body, sizeof body, 0xAA));
    n = UNSET;
    CHECK_STATUS(mnx_sign_as_platform(BYTES("{\"a\":\"x;y:z\"}"), BYTES(SECRET), NULL, 0, &n), MNX_STATUS_AMBIGUOUS);
    CHECK(n == UNSET);
    CHECK_STATUS(mnx_sign_as_platform(BYTES("{\"a\":1}"), BYTES(" secret"), body, sizeof body, &n),
                 MNX_STATUS_SUSPICIOUS_SECRET);
    CHECK_STATUS(mnx_sign_as_platform(BYTES("{"), BYTES(SECRET), body, sizeof body, &n), MNX_STATUS_MALFORMED_JSON);
}

static mnx_expected seed_expected(void) {
    mnx_expected e = {1234, MNX_STR("payment_47"), 5000000, MNX_STR("KHR"), 0, {NULL, 0}};
    return e;
}

static mnx_mismatch_list list;

static mnx_status reconcile(const mnx_expected *e) {
    size_t needed = UNSET;
    mnx_status s;
    list.len = UNSET;
    s = mnx_callback_reconcile(body, body_len, BYTES(SECRET), true, e, NULL, 0, &needed, &list);
    CHECK(needed == UNSET);
    return s;
}

/* Whether mismatch `i` is `path` with the integers `want` (expected) and `got` (found). */
static int int_mismatch(size_t i, const char *path, int64_t want, int64_t got) {
    const mnx_mismatch *m = &list.items[i];
    return str_eq(m->path, path) && m->expected.kind == MNX_FOUND_KIND_INT && m->expected.int_value == want &&
           m->found.kind == MNX_FOUND_KIND_INT && m->found.int_value == got;
}

static int str_mismatch(size_t i, const char *path, const char *want, const char *got) {
    const mnx_mismatch *m = &list.items[i];
    return str_eq(m->path, path) && m->expected.kind == MNX_FOUND_KIND_STR && str_eq(m->expected.str_value, want) &&
           m->found.kind == MNX_FOUND_KIND_STR && str_eq(m->found.str_value, got);
}

static void test_reconcile(void) {
    mnx_expected e = seed_expected();

    platform_signed(CALLBACK_UNSIGNED);
    /* The callback answers the seed payout. */
    CHECK_STATUS(reconcile(&e), MNX_STATUS_OK);
    CHECK(list.len == 0);

    /* Another amount: payment.sum and operation.sum_initial. */
    e.amount = 4000000;
    CHECK_STATUS(reconcile(&e), MNX_STATUS_OK);
    CHECK(list.len == 2);
    CHECK(int_mismatch(0, "payment.sum.amount", 4000000, 5000000));
    CHECK(int_mismatch(1, "operation.sum_initial.amount", 4000000, 5000000));

    /* Another currency. */
    e = seed_expected();
    e.currency = (mnx_str)MNX_STR("USD");
    CHECK_STATUS(reconcile(&e), MNX_STATUS_OK);
    CHECK(list.len == 2);
    CHECK(str_mismatch(0, "payment.sum.currency", "USD", "KHR"));
    CHECK(str_mismatch(1, "operation.sum_initial.currency", "USD", "KHR"));
    /* The expected string points into the caller's expectation, the found one into the body. */
    CHECK(list.items[0].expected.str_value.ptr == e.currency.ptr);
    CHECK((const uint8_t *)list.items[0].found.str_value.ptr >= body &&
          (const uint8_t *)list.items[0].found.str_value.ptr < body + body_len);

    /* Another payment ID, another project. */
    e = seed_expected();
    e.payment_id = (mnx_str)MNX_STR("payment_48");
    CHECK_STATUS(reconcile(&e), MNX_STATUS_OK);
    CHECK(list.len == 1 && str_mismatch(0, "payment.id", "payment_48", "payment_47"));
    e = seed_expected();
    e.project_id = 99;
    CHECK_STATUS(reconcile(&e), MNX_STATUS_OK);
    CHECK(list.len == 1 && int_mismatch(0, "project_id", 99, 1234));

    /* A converted sum, only when asked for. */
    e = seed_expected();
    e.converted_amount = 1250;
    e.converted_currency = (mnx_str)MNX_STR("USD");
    CHECK_STATUS(reconcile(&e), MNX_STATUS_OK);
    CHECK(list.len == 2);
    CHECK(int_mismatch(0, "operation.sum_converted.amount", 1250, 5000000));
    CHECK(str_mismatch(1, "operation.sum_converted.currency", "USD", "KHR"));
    e.converted_amount = 5000000;
    e.converted_currency = (mnx_str)MNX_STR("KHR");
    CHECK_STATUS(reconcile(&e), MNX_STATUS_OK);
    CHECK(list.len == 0);

    /* A body that does not say what it is about: every member is a mismatch. */
    platform_signed("{\"payment\":{\"status\":\"success\"},\"operation\":{\"status\":\"success\",\"code\":0}}");
    e = seed_expected();
    CHECK_STATUS(reconcile(&e), MNX_STATUS_OK);
    CHECK(list.len == 6);
    CHECK(str_eq(list.items[0].path, "project_id") && list.items[0].found.kind == MNX_FOUND_KIND_ABSENT);
    CHECK(str_eq(list.items[5].path, "operation.sum_initial.currency") &&
          list.items[5].found.kind == MNX_FOUND_KIND_ABSENT);

    /* Verification first: a wrong key, a forged amount. */
    platform_signed(CALLBACK_UNSIGNED);
    CHECK_STATUS(mnx_callback_reconcile(body, body_len, BYTES("other"), true, &e, NULL, 0, NULL, &list),
                 MNX_STATUS_NULL_ARGUMENT);
    {
        size_t needed = UNSET;
        list.len = UNSET;
        CHECK_STATUS(mnx_callback_reconcile(body, body_len, BYTES("other"), true, &e, NULL, 0, &needed, &list),
                     MNX_STATUS_SIGNATURE_MISMATCH);
        CHECK(list.len == UNSET && needed == UNSET);
        body[offset_of("5000000")] = '4';
        CHECK_STATUS(mnx_callback_reconcile(body, body_len, BYTES(SECRET), true, &e, NULL, 0, &needed, &list),
                     MNX_STATUS_SIGNATURE_MISMATCH);
        CHECK(list.len == UNSET);
        CHECK_STATUS(mnx_callback_reconcile(body, body_len, BYTES(SECRET), true, NULL, NULL, 0, &needed, &list),
                     MNX_STATUS_NULL_ARGUMENT);
        e.currency.ptr = "\xff";
        e.currency.len = 1;
        CHECK_STATUS(mnx_callback_reconcile(body, body_len, BYTES(SECRET), true, &e, NULL, 0, &needed, &list),
                     MNX_STATUS_INVALID_UTF8);
    }

    /* Escaped strings are decoded into the scratch (size query first). */
    {
        uint8_t scratch[16];
        size_t needed = UNSET;
        platform_signed("{\"project_id\":1234,\"payment\":{\"id\":\"payment\\u005f47\","
                        "\"sum\":{\"amount\":5000000,\"currency\":\"KHR\"}},"
                        "\"operation\":{\"sum_initial\":{\"amount\":5000000,\"currency\":\"KHR\"}}}");
        e = seed_expected();
        CHECK_STATUS(mnx_callback_reconcile(body, body_len, BYTES(SECRET), true, &e, NULL, 0, &needed, &list),
                     MNX_STATUS_BUFFER_TOO_SMALL);
        CHECK(needed == strlen("payment_47"));
        list.len = UNSET;
        CHECK_STATUS(
            mnx_callback_reconcile(body, body_len, BYTES(SECRET), true, &e, scratch, sizeof scratch, &needed, &list),
            MNX_STATUS_OK);
        CHECK(list.len == 0);
    }

    /* A status response: its last operation. */
    {
        mnx_signer signer = {0};
        size_t needed = UNSET;
        CHECK_STATUS(mnx_signer_init(&signer, BYTES(SECRET), 0), MNX_STATUS_OK);
        platform_signed("{\"project_id\":1234,\"payment\":{\"id\":\"payment_47\","
                        "\"sum\":{\"amount\":5000000,\"currency\":\"KHR\"}},"
                        "\"operations\":[{\"sum_initial\":{\"amount\":5000000,\"currency\":\"KHR\"}},"
                        "{\"sum_initial\":{\"amount\":4000000,\"currency\":\"KHR\"}}]}");
        e = seed_expected();
        list.len = UNSET;
        CHECK_STATUS(
            mnx_payment_status_response_reconcile(&signer, body, body_len, true, &e, NULL, 0, &needed, &list),
            MNX_STATUS_OK);
        CHECK(list.len == 1 && int_mismatch(0, "operation.sum_initial.amount", 5000000, 4000000));
        mnx_signer_wipe(&signer);
        CHECK_STATUS(
            mnx_payment_status_response_reconcile(&signer, body, body_len, true, &e, NULL, 0, &needed, &list),
            MNX_STATUS_SIGNER_UNINITIALIZED);
    }
}

static void test_money(void) {
    uint8_t digits = 0xAA;
    char text[MNX_MAX_DECIMAL_LEN];
    size_t n = UNSET;
    int64_t minor = 0;
    static const struct {
        const char *code;
        uint8_t digits;
    } minor_units[] = {{"KHR", 2}, {"USD", 2}, {"COP", 2}, {"JPY", 0}, {"BHD", 3}, {"CLF", 4}, {"EUR", 2}};
    static const struct {
        int64_t amount;
        const char *code;
        const char *text;
    } decimals[] = {
        {5000000, "KHR", "50000.00"},
        {10000, "COP", "100.00"},
        {500, "JPY", "500"},
        {-1, "USD", "-0.01"},
        {0, "BHD", "0.000"},
        {7, "CLF", "0.0007"},
        {INT64_MIN, "CLF", "-922337203685477.5808"},
        {INT64_MAX, "JPY", "9223372036854775807"},
    };
    size_t i;

    for (i = 0; i < sizeof minor_units / sizeof minor_units[0]; i++) {
        CHECK_STATUS(mnx_minor_unit_digits(BYTES(minor_units[i].code), &digits), MNX_STATUS_OK);
        CHECK(digits == minor_units[i].digits);
    }
    digits = 0xAA;
    CHECK_STATUS(mnx_minor_unit_digits(BYTES("jpy"), &digits), MNX_STATUS_UNKNOWN_CURRENCY);
    CHECK_STATUS(mnx_minor_unit_digits(BYTES("XXQ"), &digits), MNX_STATUS_UNKNOWN_CURRENCY);
    CHECK_STATUS(mnx_minor_unit_digits(BYTES("\xff"), &digits), MNX_STATUS_INVALID_UTF8);
    CHECK_STATUS(mnx_minor_unit_digits(BYTES("USD"), NULL), MNX_STATUS_NULL_ARGUMENT);
    CHECK(digits == 0xAA);

    for (i = 0; i < sizeof decimals / sizeof decimals[0]; i++) {
        size_t want = strlen(decimals[i].text);
        n = UNSET;
        CHECK_STATUS(mnx_from_minor_units(decimals[i].amount, BYTES(decimals[i].code), NULL, 0, &n),
                     MNX_STATUS_BUFFER_TOO_SMALL);
        CHECK(n == want);
        memset(text, 0xAA, sizeof text);
        CHECK_STATUS(mnx_from_minor_units(decimals[i].amount, BYTES(decimals[i].code), (uint8_t *)text, want - 1, &n),
                     MNX_STATUS_BUFFER_TOO_SMALL);
        CHECK(all_bytes(text, sizeof text, 0xAA));
        CHECK_STATUS(mnx_from_minor_units(decimals[i].amount, BYTES(decimals[i].code), (uint8_t *)text, sizeof text,
                                          &n),
                     MNX_STATUS_OK);
        CHECK(n == want && memcmp(text, decimals[i].text, n) == 0);
        /* And back, for the non-negative ones. */
        if (decimals[i].amount >= 0) {
            CHECK_STATUS(mnx_to_minor_units((const uint8_t *)text, n, BYTES(decimals[i].code), &minor),
                         MNX_STATUS_OK);
            CHECK(minor == decimals[i].amount);
        }
    }
    n = UNSET;
    CHECK_STATUS(mnx_from_minor_units(1, BYTES("XXQ"), NULL, 0, &n), MNX_STATUS_UNKNOWN_CURRENCY);
    CHECK(n == UNSET);

    /* The conversion rules: exponents, extra zeros, never rounded, every currency. */
    CHECK_STATUS(mnx_to_minor_units(BYTES("1.5e3"), BYTES("BHD"), &minor), MNX_STATUS_OK);
    CHECK(minor == 1500000);
    CHECK_STATUS(mnx_to_minor_units(BYTES("100.500"), BYTES("USD"), &minor), MNX_STATUS_OK);
    CHECK(minor == 10050);
    CHECK_STATUS(mnx_to_minor_units(BYTES("100.505"), BYTES("USD"), &minor), MNX_STATUS_AMOUNT_TOO_MANY_DECIMALS);
    CHECK_STATUS(mnx_to_minor_units(BYTES("1.2345"), BYTES("CLF"), &minor), MNX_STATUS_OK);
    CHECK(minor == 12345);
    CHECK_STATUS(mnx_to_minor_units(BYTES("-0"), BYTES("USD"), &minor), MNX_STATUS_AMOUNT_NEGATIVE);
}

int main(void) {
    test_sign_as_platform();
    test_reconcile();
    test_money();
    return finish("reconcile_test");
}
