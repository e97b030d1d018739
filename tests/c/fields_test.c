/*
 * Requests from JSON fields (mnx_payout_sign_json,
 * mnx_payment_status_request_sign_json): the seeds sign to the shared
 * vectors' signatures; scratch and output sizing (size query, the scratch
 * short, the output short); every violation as mnx_violation_ex (path, hint,
 * detail) and its mnx_violation_message line; a full list ends with
 * MNX_REASON_MORE; the options; mnx_json_explain; argument errors. The
 * shared request cases (tests/vectors/requests.json) run through
 * tests/c/vectors.py.
 */
#include "check.h"

#define UNSET ((size_t)0xDEADBEEF)

static const char SECRET[] = "secret";
#define SEED_CAMBODIA_SIG "rjzKXvew/QBk8Ja8TzamTnJXMmECh9RvDzZqFI4s5CCZoHYd+yoUsXYOyG7uP+hXZSP+QHdutyagJZ7nQfxMlQ=="
#define SEED_STATUS_SIG "ntsudfghe3asOjkKsmlsjPip49+I9SUeVKQryMg365j3HtxXbl96iGOvkfabU+VThc/hlOYVo8QydN3i6wWpaA=="

static const char CAMBODIA[] =
    "{\"general\":{\"project_id\":1234,\"payment_id\":\"payment_47\"},"
    "\"customer\":{\"id\":\"customer_1234\",\"ip_address\":\"198.51.100.47\",\"email\":\"johndoe@example.com\","
    "\"phone\":\"123456789\"},"
    "\"account\":{\"number\":\"1234567890\",\"bank_id\":61021,\"branch\":\"Banteay Meanchey Branch\","
    "\"city\":\"Serei Saophoan\",\"province\":\"Banteay Meanchey\",\"customer_name\":\"John Doe\"},"
    "\"payment\":{\"currency\":\"KHR\",\"amount\":5000000}}";
/* The same request with a JSON escape in a value (decoded into scratch). */
static const char CAMBODIA_ESCAPED[] =
    "{\"general\":{\"project_id\":1234,\"payment_id\":\"payment\\u005f47\"},"
    "\"customer\":{\"id\":\"customer_1234\",\"ip_address\":\"198.51.100.47\",\"email\":\"johndoe@example.com\","
    "\"phone\":\"123456789\"},"
    "\"account\":{\"number\":\"1234567890\",\"bank_id\":61021,\"branch\":\"Banteay Meanchey Branch\","
    "\"city\":\"Serei Saophoan\",\"province\":\"Banteay Meanchey\",\"customer_name\":\"John Doe\"},"
    "\"payment\":{\"currency\":\"KHR\",\"amount\":5000000}}";
static const char COLOMBIA_UNLISTED[] =
    "{\"general\":{\"project_id\":1234,\"payment_id\":\"payment_47\"},"
    "\"customer\":{\"id\":\"customer_123\",\"ip_address\":\"198.51.100.47\",\"first_name\":\"John\","
    "\"last_name\":\"Doe\",\"email\":\"johndoe@example.com\",\"phone\":\"1234567890\","
    "\"identify\":{\"doc_number\":\"1234567\",\"doc_type\":\"CC\"}},"
    "\"account\":{\"number\":\"1234567890\",\"type\":\"CACC\",\"bank_id\":12345},"
    "\"payment\":{\"currency\":\"COP\",\"amount\":10000}}";
static const char STATUS[] = "{\"general\":{\"project_id\":1234,\"payment_id\":\"payment_47\"}}";

static const mnx_options DEFAULTS = MNX_OPTIONS(0);

static uint8_t out[MNX_MAX_COLOMBIA_PAYOUT_LEN];
static uint8_t scratch[4096];
static mnx_violation_list list;

static int str_eq(mnx_str s, const char *want) {
    return s.len == strlen(want) && (s.len == 0 || memcmp(s.ptr, want, s.len) == 0);
}

/* The message of violation i (static buffer, NUL-terminated for strcmp). */
static const char *message(size_t i) {
    static char line[1024];
    size_t n = UNSET, needed = UNSET;
    CHECK_STATUS(mnx_violation_message(&list.items[i], NULL, 0, &needed), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK_STATUS(mnx_violation_message(&list.items[i], (uint8_t *)line, needed - 1, &n),
                 MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(n == needed);
    n = UNSET;
    CHECK_STATUS(mnx_violation_message(&list.items[i], (uint8_t *)line, sizeof line - 1, &n), MNX_STATUS_OK);
    CHECK(n == needed);
    line[n < sizeof line ? n : 0] = '\0';
    return line;
}

static mnx_status cambodia(const char *fields, const mnx_options *o, size_t scratch_cap, size_t out_cap,
                           size_t *needed, size_t *len) {
    return mnx_payout_sign_json(MNX_METHOD_CAMBODIA, BYTES(fields), BYTES(SECRET), o, scratch_cap ? scratch : NULL,
                                scratch_cap, needed, out_cap ? out : NULL, out_cap, len, &list);
}

/* The value of "signature":"..." in the output, NUL-terminated. */
static const char *signature_of(size_t len) {
    static char copy[sizeof out + 1];
    const char *at, *end;
    memcpy(copy, out, len);
    copy[len] = '\0';
    at = strstr(copy, "\"signature\":\"");
    if (!at) return "";
    at += strlen("\"signature\":\"");
    end = strchr(at, '"');
    if (end) copy[end - copy] = '\0';
    return at;
}

static void test_seeds(void) {
    size_t needed = UNSET, len = UNSET;

    /* Fields without escapes or unknown members need no scratch. */
    CHECK_STATUS(cambodia(CAMBODIA, &DEFAULTS, 0, sizeof out, &needed, &len), MNX_STATUS_OK);
    CHECK(needed == UNSET && len > 0 && strcmp(signature_of(len), SEED_CAMBODIA_SIG) == 0);

    /* The size query: no scratch needed, so the output's size comes at once. */
    needed = len = UNSET;
    CHECK_STATUS(cambodia(CAMBODIA, &DEFAULTS, 0, 0, &needed, &len), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(needed == 0 && len > 0 && len <= MNX_MAX_CAMBODIA_PAYOUT_LEN);
    {
        size_t full = len;
        memset(out, 0xAA, sizeof out);
        needed = len = UNSET;
        CHECK_STATUS(cambodia(CAMBODIA, &DEFAULTS, 0, full - 1, &needed, &len), MNX_STATUS_BUFFER_TOO_SMALL);
        CHECK(needed == 0 && len == full && all_bytes(out, sizeof out, 0xAA));
        len = UNSET;
        CHECK_STATUS(cambodia(CAMBODIA, &DEFAULTS, 0, full, &needed, &len), MNX_STATUS_OK);
        CHECK(len == full);
    }

    /* An escape: decoded into scratch, which the size query asks for first. */
    needed = len = UNSET;
    CHECK_STATUS(cambodia(CAMBODIA_ESCAPED, &DEFAULTS, 0, sizeof out, &needed, &len), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(needed == strlen("payment_47") && len == UNSET);
    needed = len = UNSET;
    CHECK_STATUS(cambodia(CAMBODIA_ESCAPED, &DEFAULTS, strlen("payment_47"), 0, &needed, &len),
                 MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(needed == strlen("payment_47") && len > 0 && len != UNSET);
    needed = len = UNSET;
    CHECK_STATUS(cambodia(CAMBODIA_ESCAPED, &DEFAULTS, strlen("payment_47"), sizeof out, &needed, &len),
                 MNX_STATUS_OK);
    CHECK(needed == UNSET && strcmp(signature_of(len), SEED_CAMBODIA_SIG) == 0);

    /* Colombia's seed bank is not in its table: refused, then allowed by the option. */
    len = UNSET;
    CHECK_STATUS(mnx_payout_sign_json(MNX_METHOD_COLOMBIA, BYTES(COLOMBIA_UNLISTED), BYTES(SECRET), &DEFAULTS, NULL,
                                      0, &needed, out, sizeof out, &len, &list),
                 MNX_STATUS_INVALID);
    CHECK(len == UNSET && list.len == 1);
    CHECK(list.items[0].field == MNX_FIELD_ACCOUNT_BANK_ID && list.items[0].reason == MNX_REASON_UNKNOWN_BANK);
    CHECK(list.items[0].detail == MNX_DETAIL_BANK && list.items[0].method == MNX_METHOD_COLOMBIA &&
          list.items[0].bank_id == 12345);
    CHECK(strstr(message(0), "12345 is not in the Bank transfers in Colombia bank table") != NULL);
    {
        mnx_options allow = MNX_OPTIONS(MNX_ALLOW_UNLISTED_BANK);
        CHECK_STATUS(mnx_payout_sign_json(MNX_METHOD_COLOMBIA, BYTES(COLOMBIA_UNLISTED), BYTES(SECRET), &allow, NULL,
                                          0, &needed, out, sizeof out, &len, &list),
                     MNX_STATUS_OK);
    }

    /* The status request. */
    len = UNSET;
    CHECK_STATUS(mnx_payment_status_request_sign_json(BYTES(STATUS), BYTES(SECRET), &DEFAULTS, NULL, 0, &needed, out,
                                                      MNX_MAX_PAYMENT_STATUS_REQUEST_LEN, &len, &list),
                 MNX_STATUS_OK);
    CHECK(strcmp(signature_of(len), SEED_STATUS_SIG) == 0);
    CHECK_STATUS(mnx_verify(out, len, BYTES(SECRET), true), MNX_STATUS_OK);
}

static void test_violations(void) {
    size_t needed = UNSET, len = UNSET, i;
    /* A typo (hint), a wrong type, a missing field, an unknown top-level member. */
    static const char BAD[] =
        "{\"general\":{\"project_id\":\"1234\",\"payment_id\":\"payment_47\"},"
        "\"customer\":{\"id\":\"customer_1234\",\"ip_address\":\"198.51.100.47\",\"emial\":\"johndoe@example.com\","
        "\"phone\":\"123456789\"},"
        "\"account\":{\"number\":\"1234567890\",\"bank_id\":61021,\"customer_name\":\"John Doe\"},"
        "\"payment\":{\"currency\":\"COP\",\"amount\":5000000},\"colour\":1}";

    /* The unknown member's path is composed in the scratch: asked for first. */
    CHECK_STATUS(cambodia(BAD, &DEFAULTS, 0, sizeof out, &needed, &len), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(needed == strlen("customer.emial") && len == UNSET);
    memset(out, 0xAA, sizeof out);
    CHECK_STATUS(cambodia(BAD, &DEFAULTS, needed, sizeof out, &needed, &len), MNX_STATUS_INVALID);
    CHECK(len == UNSET && all_bytes(out, sizeof out, 0xAA));
    CHECK(list.len == 5);
    CHECK(list.items[0].field == MNX_FIELD_GENERAL_PROJECT_ID && list.items[0].reason == MNX_REASON_NOT_INTEGER);
    CHECK(strcmp(message(0), "general.project_id: must be an integer (64-bit)") == 0);
    CHECK(list.items[1].field == MNX_FIELD_EXTRA && list.items[1].reason == MNX_REASON_UNKNOWN);
    CHECK(str_eq(list.items[1].path, "customer.emial") && str_eq(list.items[1].hint, "customer.email"));
    /* The path points into the caller's scratch. */
    CHECK(list.items[1].path.ptr == (const char *)scratch);
    CHECK(strcmp(message(1), "customer.emial: unknown parameter (other Gate parameters go in \"extras\"); "
                             "did you mean customer.email?") == 0);
    CHECK(list.items[2].reason == MNX_REASON_UNKNOWN && str_eq(list.items[2].path, "colour"));
    CHECK(list.items[2].hint.ptr == NULL && list.items[2].hint.len == 0);
    CHECK(list.items[3].field == MNX_FIELD_CUSTOMER_EMAIL && list.items[3].reason == MNX_REASON_REQUIRED);
    CHECK(strcmp(message(3), "customer.email: required") == 0);
    CHECK(list.items[4].field == MNX_FIELD_PAYMENT_CURRENCY && list.items[4].detail == MNX_DETAIL_CURRENCY &&
          list.items[4].method == MNX_METHOD_CAMBODIA && str_eq(list.items[4].currency, "COP"));
    CHECK(strcmp(message(4), "payment.currency: \"COP\" is not a currency of Banks of Cambodia (allowed: KHR, USD)") ==
          0);
    for (i = 0; i < list.len; i++) {
        mnx_str words = mnx_reason_str(list.items[i].reason);
        CHECK(words.len > 0);
    }

    /* Too many problems: the list is full and its last entry says so. */
    {
        static char many[8192];
        size_t at = 0, k;
        at += (size_t)sprintf(many + at, "{");
        for (k = 0; k < 60; k++) {
            at += (size_t)sprintf(many + at, "%s\"x%lu\":1", k ? "," : "", (unsigned long)k);
        }
        sprintf(many + at, "}");
        needed = UNSET;
        CHECK_STATUS(cambodia(many, &DEFAULTS, sizeof scratch, sizeof out, &needed, &len), MNX_STATUS_INVALID);
        CHECK(list.len == MNX_MAX_VIOLATIONS);
        CHECK(list.items[MNX_MAX_VIOLATIONS - 1].reason == MNX_REASON_MORE);
        CHECK(list.items[MNX_MAX_VIOLATIONS - 1].path.len == 0);
        CHECK(strcmp(message(MNX_MAX_VIOLATIONS - 1), "more violations were found than are listed") == 0);
    }

    /* A reserved member and ambiguous text, then the opt-in. */
    {
        static const char AMBIGUOUS[] = "{\"general\":{\"project_id\":1,\"payment_id\":\"p;x:y\"}}";
        mnx_options allow = MNX_OPTIONS(MNX_ALLOW_AMBIGUOUS);
        CHECK_STATUS(mnx_payment_status_request_sign_json(BYTES(AMBIGUOUS), BYTES(SECRET), &DEFAULTS, NULL, 0,
                                                          &needed, out, sizeof out, &len, &list),
                     MNX_STATUS_INVALID);
        CHECK(list.len == 1 && list.items[0].reason == MNX_REASON_AMBIGUOUS);
        CHECK_STATUS(mnx_payment_status_request_sign_json(BYTES(AMBIGUOUS), BYTES(SECRET), &allow, NULL, 0, &needed,
                                                          out, sizeof out, &len, &list),
                     MNX_STATUS_OK);
        CHECK_STATUS(mnx_payment_status_request_sign_json(
                         BYTES("{\"general\":{\"project_id\":1,\"payment_id\":\"p\",\"signature\":\"x\"}}"),
                         BYTES(SECRET), &DEFAULTS, scratch, sizeof scratch, &needed, out,
                         sizeof out, &len, &list),
                     MNX_STATUS_INVALID);
        CHECK(list.len == 1 && list.items[0].reason == MNX_REASON_RESERVED &&
              str_eq(list.items[0].path, "general.signature"));
    }
}

static void test_errors(void) {
    size_t needed = UNSET, len = UNSET;
    mnx_options bad = MNX_OPTIONS(8);
    uint8_t text[128];

    /* Parse errors come as their status; mnx_json_explain gives the words. */
    list.len = UNSET;
    CHECK_STATUS(cambodia("{\"a\":1,\"a\":2}", &DEFAULTS, 0, sizeof out, &needed, &len), MNX_STATUS_DUPLICATE_KEY);
    CHECK(list.len == UNSET && needed == UNSET && len == UNSET);
    CHECK_STATUS(mnx_json_explain(BYTES("{\"a\":1,\"a\":2}"), text, sizeof text, &len), MNX_STATUS_OK);
    CHECK(len == strlen("duplicate key in one object at byte 7") &&
          memcmp(text, "duplicate key in one object at byte 7", len) == 0);
    CHECK_STATUS(mnx_json_explain(BYTES(STATUS), text, sizeof text, &len), MNX_STATUS_OK);
    CHECK(len == 0);
    CHECK_STATUS(cambodia("[1]", &DEFAULTS, 0, sizeof out, &needed, &len), MNX_STATUS_NOT_AN_OBJECT);
    CHECK_STATUS(cambodia("{", &DEFAULTS, 0, sizeof out, &needed, &len), MNX_STATUS_MALFORMED_JSON);

    /* Arguments. */
    CHECK_STATUS(mnx_payout_sign_json(3, BYTES(CAMBODIA), BYTES(SECRET), &DEFAULTS, NULL, 0, &needed, out, sizeof out,
                                      &len, &list),
                 MNX_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(cambodia(CAMBODIA, &bad, 0, sizeof out, &needed, &len), MNX_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(cambodia(CAMBODIA, NULL, 0, sizeof out, &needed, &len), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cambodia(CAMBODIA, &DEFAULTS, 0, sizeof out, NULL, &len), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cambodia(CAMBODIA, &DEFAULTS, 0, sizeof out, &needed, NULL), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_payout_sign_json(MNX_METHOD_CAMBODIA, BYTES(CAMBODIA), BYTES(SECRET), &DEFAULTS, NULL, 0,
                                      &needed, out, sizeof out, &len, NULL),
                 MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_payout_sign_json(MNX_METHOD_CAMBODIA, NULL, 5, BYTES(SECRET), &DEFAULTS, NULL, 0, &needed, out,
                                      sizeof out, &len, &list),
                 MNX_STATUS_NULL_ARGUMENT);
    /* Overlaps: the output over the fields, the scratch over the output. */
    {
        static uint8_t both[8192];
        memcpy(both, CAMBODIA, sizeof CAMBODIA - 1);
        CHECK_STATUS(mnx_payout_sign_json(MNX_METHOD_CAMBODIA, both, sizeof CAMBODIA - 1, BYTES(SECRET), &DEFAULTS,
                                          NULL, 0, &needed, both + 10, sizeof both - 10, &len, &list),
                     MNX_STATUS_INVALID_ARGUMENT);
        CHECK_STATUS(mnx_payout_sign_json(MNX_METHOD_CAMBODIA, BYTES(CAMBODIA), BYTES(SECRET), &DEFAULTS, both, 100,
                                          &needed, both + 50, 1000, &len, &list),
                     MNX_STATUS_INVALID_ARGUMENT);
    }
    /* The secret is checked after validation and the size (as the builders). */
    len = UNSET;
    CHECK_STATUS(mnx_payout_sign_json(MNX_METHOD_CAMBODIA, BYTES(CAMBODIA), BYTES(" secret"), &DEFAULTS, NULL, 0,
                                      &needed, out, sizeof out, &len, &list),
                 MNX_STATUS_SUSPICIOUS_SECRET);
    CHECK(len == UNSET);
    {
        mnx_options any = MNX_OPTIONS(MNX_SECRET_ALLOW_ANY);
        CHECK_STATUS(mnx_payout_sign_json(MNX_METHOD_CAMBODIA, BYTES(CAMBODIA), BYTES(" secret"), &any, NULL, 0,
                                          &needed, out, sizeof out, &len, &list),
                     MNX_STATUS_OK);
    }

    /* mnx_violation_message refuses what it cannot word. */
    {
        mnx_violation_ex v;
        memset(&v, 0, sizeof v);
        v.field = MNX_FIELD_CUSTOMER_PHONE;
        v.reason = MNX_REASON_DIGITS;
        v.path.ptr = "customer.phone";
        v.path.len = strlen("customer.phone");
        CHECK_STATUS(mnx_violation_message(&v, text, sizeof text, &len), MNX_STATUS_OK);
        CHECK(len == strlen("customer.phone: must contain only the digits 0-9"));
        v.reason = 1000;
        CHECK_STATUS(mnx_violation_message(&v, text, sizeof text, &len), MNX_STATUS_INVALID_ARGUMENT);
        v.reason = MNX_REASON_DIGITS;
        v.detail = MNX_DETAIL_OTHER;
        CHECK_STATUS(mnx_violation_message(&v, text, sizeof text, &len), MNX_STATUS_INVALID_ARGUMENT);
        v.detail = MNX_DETAIL_NONE;
        v.path.ptr = "\xff";
        v.path.len = 1;
        CHECK_STATUS(mnx_violation_message(&v, text, sizeof text, &len), MNX_STATUS_INVALID_UTF8);
        CHECK_STATUS(mnx_violation_message(NULL, text, sizeof text, &len), MNX_STATUS_NULL_ARGUMENT);
    }
}

int main(void) {
    test_seeds();
    test_violations();
    test_errors();
    return finish("fields_test");
}
