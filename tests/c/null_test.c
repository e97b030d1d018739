/*
 * Every entry point with each pointer argument NULL (with a non-zero
 * length or capacity where that matters), and every output function with a
 * zero and a too-small capacity: MNX_STATUS_NULL_ARGUMENT / the size
 * query's answer, and nothing written.
 */
#include "check.h"

#define UNSET ((size_t)0xDEADBEEF)
#define NUL MNX_STATUS_NULL_ARGUMENT

static const char S[] = "secret";
static const char BODY[] = "{\"general\":{\"project_id\":1,\"payment_id\":\"p\"},\"a\":\"x\\/y\"}";

static uint8_t out[4096];
static size_t len;

static void reset(void) {
    memset(out, 0xAA, sizeof out);
    len = UNSET;
}

static int untouched(void) {
    return len == UNSET && all_bytes(out, sizeof out, 0xAA);
}

/* Checks the size query and a buffer one byte short for an output function
 * whose full output is `n` bytes: both BUFFER_TOO_SMALL with n, out untouched. */
#define CHECK_SIZES(call_with /* (buf, cap) */, n)                                        \
    do {                                                                                  \
        reset();                                                                          \
        CHECK_STATUS(call_with(NULL, 0), MNX_STATUS_BUFFER_TOO_SMALL);                    \
        CHECK(len == (n));                                                                \
        len = UNSET;                                                                      \
        CHECK_STATUS(call_with(out, 0), MNX_STATUS_BUFFER_TOO_SMALL);                     \
        CHECK(len == (n) && all_bytes(out, sizeof out, 0xAA));                            \
        len = UNSET;                                                                      \
        CHECK_STATUS(call_with(out, (n) - 1), MNX_STATUS_BUFFER_TOO_SMALL);               \
        CHECK(len == (n) && all_bytes(out, sizeof out, 0xAA));                            \
    } while (0)

static mnx_signer signer;
static uint8_t signed_body[1024];
static size_t signed_len;

#define SIGN_BODY(b, c) mnx_sign_body(BYTES(BODY), BYTES(S), b, c, &len)
#define SIGNER_SIGN(b, c) mnx_signer_sign(&signer, BYTES(BODY), b, c, &len)
#define SIGNER_SIGN_BODY(b, c) mnx_signer_sign_body(&signer, BYTES(BODY), b, c, &len)
static const mnx_options OPT = MNX_OPTIONS(MNX_ALLOW_AMBIGUOUS);
static const char AMB[] = "{\"customer\":{\"id\":\"x;y:z\"}}";
#define SIGN_OPT(b, c) mnx_sign_opt(BYTES(BODY), BYTES(S), &OPT, b, c, &len)
#define SIGN_BODY_OPT(b, c) mnx_sign_body_opt(BYTES(BODY), BYTES(S), &OPT, b, c, &len)
#define EXPLAIN(b, c) mnx_ambiguity_explain(BYTES(AMB), b, c, &len)

static void engine(void) {
    mnx_order order = (mnx_order)-1;
    size_t full;

    CHECK_STATUS(mnx_sign_body(BYTES(BODY), BYTES(S), NULL, 0, &full), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK_SIZES(SIGN_BODY, full);
    CHECK_SIZES(SIGNER_SIGN, (size_t)MNX_SIGNATURE_LEN);
    CHECK_SIZES(SIGNER_SIGN_BODY, full);
    CHECK_SIZES(SIGN_OPT, (size_t)MNX_SIGNATURE_LEN);
    CHECK_SIZES(SIGN_BODY_OPT, full);
    CHECK_SIZES(EXPLAIN, strlen("customer.id: a ';' followed by ':' could forge a signed line"));

    reset();
    CHECK_STATUS(mnx_canonical(NULL, 1, out, sizeof out, &len), NUL);
    CHECK_STATUS(mnx_canonical(BYTES(BODY), NULL, 1, &len), NUL);
    CHECK_STATUS(mnx_canonical(BYTES(BODY), out, sizeof out, NULL), NUL);
    CHECK_STATUS(mnx_sign(NULL, 1, BYTES(S), out, sizeof out, &len), NUL);
    CHECK_STATUS(mnx_sign(BYTES(BODY), NULL, 1, out, sizeof out, &len), NUL);
    CHECK_STATUS(mnx_sign(BYTES(BODY), BYTES(S), NULL, 1, &len), NUL);
    CHECK_STATUS(mnx_sign(BYTES(BODY), BYTES(S), out, sizeof out, NULL), NUL);
    CHECK_STATUS(mnx_sign_body(NULL, 1, BYTES(S), out, sizeof out, &len), NUL);
    CHECK_STATUS(mnx_sign_body(BYTES(BODY), NULL, 1, out, sizeof out, &len), NUL);
    CHECK_STATUS(mnx_sign_body(BYTES(BODY), BYTES(S), NULL, 1, &len), NUL);
    CHECK_STATUS(mnx_sign_body(BYTES(BODY), BYTES(S), out, sizeof out, NULL), NUL);
    CHECK_STATUS(mnx_verify(NULL, 1, BYTES(S), false), NUL);
    CHECK_STATUS(mnx_verify(signed_body, signed_len, NULL, 1, false), NUL);
    CHECK_STATUS(mnx_verify_ex(NULL, 1, BYTES(S), false, &order), NUL);
    CHECK_STATUS(mnx_verify_ex(signed_body, signed_len, NULL, 1, false, &order), NUL);
    CHECK_STATUS(mnx_verify_ex(signed_body, signed_len, BYTES(S), false, NULL), NUL);
    CHECK_STATUS(mnx_signer_init(NULL, BYTES(S), 0), NUL);
    CHECK_STATUS(mnx_signer_init(&signer, NULL, 1, 0), NUL);
    CHECK_STATUS(mnx_signer_sign(NULL, BYTES(BODY), out, sizeof out, &len), NUL);
    CHECK_STATUS(mnx_signer_sign(&signer, NULL, 1, out, sizeof out, &len), NUL);
    CHECK_STATUS(mnx_signer_sign(&signer, BYTES(BODY), NULL, 1, &len), NUL);
    CHECK_STATUS(mnx_signer_sign(&signer, BYTES(BODY), out, sizeof out, NULL), NUL);
    CHECK_STATUS(mnx_signer_sign_body(NULL, BYTES(BODY), out, sizeof out, &len), NUL);
    CHECK_STATUS(mnx_signer_sign_body(&signer, NULL, 1, out, sizeof out, &len), NUL);
    CHECK_STATUS(mnx_signer_sign_body(&signer, BYTES(BODY), NULL, 1, &len), NUL);
    CHECK_STATUS(mnx_signer_sign_body(&signer, BYTES(BODY), out, sizeof out, NULL), NUL);
    CHECK_STATUS(mnx_signer_verify(NULL, signed_body, signed_len, false, &order), NUL);
    CHECK_STATUS(mnx_signer_verify(&signer, NULL, 1, false, &order), NUL);
    CHECK_STATUS(mnx_signer_verify(&signer, signed_body, signed_len, false, NULL), NUL);
    CHECK_STATUS(mnx_sign_opt(NULL, 1, BYTES(S), &OPT, out, sizeof out, &len), NUL);
    CHECK_STATUS(mnx_sign_opt(BYTES(BODY), NULL, 1, &OPT, out, sizeof out, &len), NUL);
    CHECK_STATUS(mnx_sign_opt(BYTES(BODY), BYTES(S), NULL, out, sizeof out, &len), NUL);
    CHECK_STATUS(mnx_sign_opt(BYTES(BODY), BYTES(S), &OPT, NULL, 1, &len), NUL);
    CHECK_STATUS(mnx_sign_opt(BYTES(BODY), BYTES(S), &OPT, out, sizeof out, NULL), NUL);
    CHECK_STATUS(mnx_sign_body_opt(NULL, 1, BYTES(S), &OPT, out, sizeof out, &len), NUL);
    CHECK_STATUS(mnx_sign_body_opt(BYTES(BODY), NULL, 1, &OPT, out, sizeof out, &len), NUL);
    CHECK_STATUS(mnx_sign_body_opt(BYTES(BODY), BYTES(S), NULL, out, sizeof out, &len), NUL);
    CHECK_STATUS(mnx_sign_body_opt(BYTES(BODY), BYTES(S), &OPT, NULL, 1, &len), NUL);
    CHECK_STATUS(mnx_sign_body_opt(BYTES(BODY), BYTES(S), &OPT, out, sizeof out, NULL), NUL);
    CHECK_STATUS(mnx_verify_opt(NULL, 1, BYTES(S), false, &OPT, &order), NUL);
    CHECK_STATUS(mnx_verify_opt(signed_body, signed_len, NULL, 1, false, &OPT, &order), NUL);
    CHECK_STATUS(mnx_verify_opt(signed_body, signed_len, BYTES(S), false, NULL, &order), NUL);
    CHECK_STATUS(mnx_verify_opt(signed_body, signed_len, BYTES(S), false, &OPT, NULL), NUL);
    CHECK_STATUS(mnx_ambiguity_explain(NULL, 1, out, sizeof out, &len), NUL);
    CHECK_STATUS(mnx_ambiguity_explain(BYTES(AMB), NULL, 1, &len), NUL);
    CHECK_STATUS(mnx_ambiguity_explain(BYTES(AMB), out, sizeof out, NULL), NUL);
    CHECK(untouched() && order == (mnx_order)-1);
    mnx_signer_wipe(NULL);
}

static mnx_cambodia_payout cambodia(void) {
    mnx_cambodia_payout p = {
        {1, MNX_STR("p"), {NULL, 0}},
        {MNX_STR("c"), MNX_STR("10.0.0.1"), MNX_STR("a@b.co"), MNX_STR("123")},
        {MNX_STR("1"), 60891, {NULL, 0}, {NULL, 0}, {NULL, 0}, MNX_STR("N")},
        {MNX_STR("USD"), 1, {NULL, 0}},
        NULL, 0, 0,
    };
    return p;
}

static mnx_colombia_payout colombia(void) {
    mnx_colombia_payout p = {
        {1, MNX_STR("p"), {NULL, 0}},
        {MNX_STR("c"), MNX_STR("10.0.0.1"), MNX_STR("A"), MNX_STR("B"), MNX_STR("a@b.co"), MNX_STR("1234567890"),
         {MNX_STR("1"), MNX_STR("NIT")}},
        {MNX_STR("1"), MNX_STR("SVGS"), 71142},
        {MNX_STR("COP"), 1, {NULL, 0}},
        NULL, 0, 0,
    };
    return p;
}

static mnx_cambodia_payout kh;
static mnx_colombia_payout co;
static mnx_payment_status_request st = {1, MNX_STR("p")};

#define KH_SIGN(b, c) mnx_cambodia_payout_sign(&kh, BYTES(S), b, c, &len, NULL)
#define KH_SIGN_WITH(b, c) mnx_cambodia_payout_sign_with(&kh, &signer, b, c, &len, NULL)
#define CO_SIGN(b, c) mnx_colombia_payout_sign(&co, BYTES(S), b, c, &len, NULL)
#define CO_SIGN_WITH(b, c) mnx_colombia_payout_sign_with(&co, &signer, b, c, &len, NULL)
#define ST_SIGN(b, c) mnx_payment_status_request_sign(&st, BYTES(S), b, c, &len, NULL)
#define ST_SIGN_WITH(b, c) mnx_payment_status_request_sign_with(&st, &signer, b, c, &len, NULL)
#define KH_SIGN_OPT(b, c) mnx_cambodia_payout_sign_opt(&kh, BYTES(S), &OPT, b, c, &len, NULL)
#define CO_SIGN_OPT(b, c) mnx_colombia_payout_sign_opt(&co, BYTES(S), &OPT, b, c, &len, NULL)
#define ST_SIGN_OPT(b, c) mnx_payment_status_request_sign_opt(&st, BYTES(S), &OPT, b, c, &len, NULL)

static void builders(void) {
    mnx_violation v[4];
    mnx_field field = MNX_FIELD_NONE;
    mnx_bank bank;
    int64_t minor = -1;
    size_t n;

    kh = cambodia();
    co = colombia();

    CHECK_STATUS(KH_SIGN(NULL, 0), MNX_STATUS_BUFFER_TOO_SMALL);
    n = len;
    CHECK_SIZES(KH_SIGN, n);
    CHECK_SIZES(KH_SIGN_WITH, n);
    CHECK_SIZES(KH_SIGN_OPT, n);
    reset();
    CHECK_STATUS(CO_SIGN(NULL, 0), MNX_STATUS_BUFFER_TOO_SMALL);
    n = len;
    CHECK_SIZES(CO_SIGN, n);
    CHECK_SIZES(CO_SIGN_WITH, n);
    CHECK_SIZES(CO_SIGN_OPT, n);
    reset();
    CHECK_STATUS(ST_SIGN(NULL, 0), MNX_STATUS_BUFFER_TOO_SMALL);
    n = len;
    CHECK_SIZES(ST_SIGN, n);
    CHECK_SIZES(ST_SIGN_WITH, n);
    CHECK_SIZES(ST_SIGN_OPT, n);

    reset();
    CHECK_STATUS(mnx_cambodia_payout_validate_opt(NULL, &OPT, v, 4, &len), NUL);
    CHECK_STATUS(mnx_cambodia_payout_validate_opt(&kh, NULL, v, 4, &len), NUL);
    CHECK_STATUS(mnx_cambodia_payout_validate_opt(&kh, &OPT, NULL, 4, &len), NUL);
    CHECK_STATUS(mnx_cambodia_payout_validate_opt(&kh, &OPT, v, 4, NULL), NUL);
    CHECK_STATUS(mnx_cambodia_payout_sign_opt(NULL, BYTES(S), &OPT, out, sizeof out, &len, &field), NUL);
    CHECK_STATUS(mnx_cambodia_payout_sign_opt(&kh, NULL, 1, &OPT, out, sizeof out, &len, &field), NUL);
    CHECK_STATUS(mnx_cambodia_payout_sign_opt(&kh, BYTES(S), NULL, out, sizeof out, &len, &field), NUL);
    CHECK_STATUS(mnx_cambodia_payout_sign_opt(&kh, BYTES(S), &OPT, NULL, 1, &len, &field), NUL);
    CHECK_STATUS(mnx_cambodia_payout_sign_opt(&kh, BYTES(S), &OPT, out, sizeof out, NULL, &field), NUL);
    CHECK_STATUS(mnx_colombia_payout_validate_opt(NULL, &OPT, v, 4, &len), NUL);
    CHECK_STATUS(mnx_colombia_payout_validate_opt(&co, NULL, v, 4, &len), NUL);
    CHECK_STATUS(mnx_colombia_payout_sign_opt(NULL, BYTES(S), &OPT, out, sizeof out, &len, &field), NUL);
    CHECK_STATUS(mnx_colombia_payout_sign_opt(&co, BYTES(S), NULL, out, sizeof out, &len, &field), NUL);
    CHECK_STATUS(mnx_payment_status_request_validate_opt(NULL, &OPT, v, 4, &len), NUL);
    CHECK_STATUS(mnx_payment_status_request_validate_opt(&st, NULL, v, 4, &len), NUL);
    CHECK_STATUS(mnx_payment_status_request_sign_opt(NULL, BYTES(S), &OPT, out, sizeof out, &len, &field), NUL);
    CHECK_STATUS(mnx_payment_status_request_sign_opt(&st, BYTES(S), NULL, out, sizeof out, &len, &field), NUL);
    CHECK(untouched());
    CHECK_STATUS(mnx_cambodia_payout_validate(NULL, v, 4, &len), NUL);
    CHECK_STATUS(mnx_cambodia_payout_validate(&kh, NULL, 4, &len), NUL);
    CHECK_STATUS(mnx_cambodia_payout_validate(&kh, v, 4, NULL), NUL);
    CHECK_STATUS(mnx_cambodia_payout_sign(NULL, BYTES(S), out, sizeof out, &len, &field), NUL);
    CHECK_STATUS(mnx_cambodia_payout_sign(&kh, NULL, 1, out, sizeof out, &len, &field), NUL);
    CHECK_STATUS(mnx_cambodia_payout_sign(&kh, BYTES(S), NULL, 1, &len, &field), NUL);
    CHECK_STATUS(mnx_cambodia_payout_sign(&kh, BYTES(S), out, sizeof out, NULL, &field), NUL);
    CHECK_STATUS(mnx_cambodia_payout_sign_with(NULL, &signer, out, sizeof out, &len, &field), NUL);
    CHECK_STATUS(mnx_cambodia_payout_sign_with(&kh, NULL, out, sizeof out, &len, &field), NUL);
    CHECK_STATUS(mnx_cambodia_payout_sign_with(&kh, &signer, NULL, 1, &len, &field), NUL);
    CHECK_STATUS(mnx_cambodia_payout_sign_with(&kh, &signer, out, sizeof out, NULL, &field), NUL);
    CHECK_STATUS(mnx_colombia_payout_validate(NULL, v, 4, &len), NUL);
    CHECK_STATUS(mnx_colombia_payout_validate(&co, NULL, 4, &len), NUL);
    CHECK_STATUS(mnx_colombia_payout_validate(&co, v, 4, NULL), NUL);
    CHECK_STATUS(mnx_colombia_payout_sign(NULL, BYTES(S), out, sizeof out, &len, &field), NUL);
    CHECK_STATUS(mnx_colombia_payout_sign(&co, NULL, 1, out, sizeof out, &len, &field), NUL);
    CHECK_STATUS(mnx_colombia_payout_sign(&co, BYTES(S), NULL, 1, &len, &field), NUL);
    CHECK_STATUS(mnx_colombia_payout_sign(&co, BYTES(S), out, sizeof out, NULL, &field), NUL);
    CHECK_STATUS(mnx_colombia_payout_sign_with(NULL, &signer, out, sizeof out, &len, &field), NUL);
    CHECK_STATUS(mnx_colombia_payout_sign_with(&co, NULL, out, sizeof out, &len, &field), NUL);
    CHECK_STATUS(mnx_colombia_payout_sign_with(&co, &signer, NULL, 1, &len, &field), NUL);
    CHECK_STATUS(mnx_colombia_payout_sign_with(&co, &signer, out, sizeof out, NULL, &field), NUL);
    CHECK_STATUS(mnx_payment_status_request_validate(NULL, v, 4, &len), NUL);
    CHECK_STATUS(mnx_payment_status_request_validate(&st, NULL, 4, &len), NUL);
    CHECK_STATUS(mnx_payment_status_request_validate(&st, v, 4, NULL), NUL);
    CHECK_STATUS(mnx_payment_status_request_sign(NULL, BYTES(S), out, sizeof out, &len, &field), NUL);
    CHECK_STATUS(mnx_payment_status_request_sign(&st, NULL, 1, out, sizeof out, &len, &field), NUL);
    CHECK_STATUS(mnx_payment_status_request_sign(&st, BYTES(S), NULL, 1, &len, &field), NUL);
    CHECK_STATUS(mnx_payment_status_request_sign(&st, BYTES(S), out, sizeof out, NULL, &field), NUL);
    CHECK_STATUS(mnx_payment_status_request_sign_with(NULL, &signer, out, sizeof out, &len, &field), NUL);
    CHECK_STATUS(mnx_payment_status_request_sign_with(&st, NULL, out, sizeof out, &len, &field), NUL);
    CHECK_STATUS(mnx_payment_status_request_sign_with(&st, &signer, NULL, 1, &len, &field), NUL);
    CHECK_STATUS(mnx_payment_status_request_sign_with(&st, &signer, out, sizeof out, NULL, &field), NUL);
    CHECK(untouched() && field == MNX_FIELD_NONE);

    CHECK_STATUS(mnx_banks(MNX_METHOD_COLOMBIA, NULL, 1, &len), NUL);
    CHECK_STATUS(mnx_banks(MNX_METHOD_COLOMBIA, &bank, 1, NULL), NUL);
    CHECK_STATUS(mnx_banks(MNX_METHOD_COLOMBIA, &bank, 1, &len), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(len > 1);
    len = UNSET;
    CHECK_STATUS(mnx_bank_by_id(MNX_METHOD_COLOMBIA, 71142, NULL), NUL);
    CHECK_STATUS(mnx_bank_by_name(MNX_METHOD_COLOMBIA, NULL, 3, &bank), NUL);
    CHECK_STATUS(mnx_bank_by_name(MNX_METHOD_COLOMBIA, BYTES("Citibank"), NULL), NUL);
    CHECK_STATUS(mnx_bank_by_name(0, BYTES("Citibank"), &bank), MNX_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mnx_to_minor_units(NULL, 1, BYTES("USD"), &minor), NUL);
    CHECK_STATUS(mnx_to_minor_units(BYTES("1"), NULL, 3, &minor), NUL);
    CHECK_STATUS(mnx_to_minor_units(BYTES("1"), BYTES("USD"), NULL), NUL);
    CHECK(minor == -1);
}

static void readers(void) {
    mnx_callback cb;
    mnx_ack ack;
    mnx_payment_status_response r;
    size_t needed = UNSET;

    reset();
    CHECK_STATUS(mnx_callback_parse(NULL, 1, BYTES(S), false, out, sizeof out, &needed, &cb), NUL);
    CHECK_STATUS(mnx_callback_parse(signed_body, signed_len, NULL, 1, false, out, sizeof out, &needed, &cb), NUL);
    CHECK_STATUS(mnx_callback_parse(signed_body, signed_len, BYTES(S), false, NULL, 1, &needed, &cb), NUL);
    CHECK_STATUS(mnx_callback_parse(signed_body, signed_len, BYTES(S), false, out, sizeof out, NULL, &cb), NUL);
    CHECK_STATUS(mnx_callback_parse(signed_body, signed_len, BYTES(S), false, out, sizeof out, &needed, NULL), NUL);
    CHECK_STATUS(mnx_callback_parse_with(NULL, signed_body, signed_len, false, out, sizeof out, &needed, &cb), NUL);
    CHECK_STATUS(mnx_callback_parse_with(&signer, NULL, 1, false, out, sizeof out, &needed, &cb), NUL);
    CHECK_STATUS(mnx_callback_parse_with(&signer, signed_body, signed_len, false, NULL, 1, &needed, &cb), NUL);
    CHECK_STATUS(mnx_callback_parse_with(&signer, signed_body, signed_len, false, out, sizeof out, NULL, &cb), NUL);
    CHECK_STATUS(mnx_callback_parse_with(&signer, signed_body, signed_len, false, out, sizeof out, &needed, NULL), NUL);
    CHECK_STATUS(mnx_ack_parse(NULL, 1, out, sizeof out, &needed, &ack), NUL);
    CHECK_STATUS(mnx_ack_parse(signed_body, signed_len, NULL, 1, &needed, &ack), NUL);
    CHECK_STATUS(mnx_ack_parse(signed_body, signed_len, out, sizeof out, NULL, &ack), NUL);
    CHECK_STATUS(mnx_ack_parse(signed_body, signed_len, out, sizeof out, &needed, NULL), NUL);
    CHECK_STATUS(mnx_ack_parse_verified(NULL, signed_body, signed_len, false, out, sizeof out, &needed, &ack), NUL);
    CHECK_STATUS(mnx_ack_parse_verified(&signer, NULL, 1, false, out, sizeof out, &needed, &ack), NUL);
    CHECK_STATUS(mnx_ack_parse_verified(&signer, signed_body, signed_len, false, out, sizeof out, &needed, NULL), NUL);
    CHECK_STATUS(mnx_payment_status_response_parse(NULL, signed_body, signed_len, false, out, sizeof out, &needed, &r), NUL);
    CHECK_STATUS(mnx_payment_status_response_parse(&signer, NULL, 1, false, out, sizeof out, &needed, &r), NUL);
    CHECK_STATUS(mnx_payment_status_response_parse(&signer, signed_body, signed_len, false, out, sizeof out, &needed, NULL), NUL);
    CHECK(untouched() && needed == UNSET);

    /* The body has an escaped string in no known field: no scratch needed;
     * an escaped known field needs scratch, and each reader reports it. */
    CHECK_STATUS(mnx_callback_parse(signed_body, signed_len, BYTES(S), false, NULL, 0, &needed, &cb), MNX_STATUS_OK);
    {
        static const char body[] = "{\"message\":\"a\\/b\",\"payment_id\":\"x\\/y\"}";
        CHECK_STATUS(mnx_ack_parse(BYTES(body), NULL, 0, &needed, &ack), MNX_STATUS_BUFFER_TOO_SMALL);
        CHECK(needed == 6);
        needed = UNSET;
        CHECK_STATUS(mnx_ack_parse(BYTES(body), out, 5, &needed, &ack), MNX_STATUS_BUFFER_TOO_SMALL);
        CHECK(needed == 6 && all_bytes(out, sizeof out, 0xAA));
        CHECK_STATUS(mnx_ack_parse(BYTES(body), out, 6, &needed, &ack), MNX_STATUS_OK);
        CHECK(ack.message.len == 3 && memcmp(ack.message.ptr, "a/b", 3) == 0);
    }
}

/* The entry points of the JSON fields, violations, money, the platform
 * signer and reconciliation. */
static const char FIELDS[] = "{\"general\":{\"project_id\":1,\"payment_id\":\"p\"}}";
static const mnx_options DEF = MNX_OPTIONS(0);
static mnx_violation_list vl;
static size_t need;
#define JSON_SIGN(b, c) \
    mnx_payment_status_request_sign_json(BYTES(FIELDS), BYTES(S), &DEF, NULL, 0, &need, b, c, &len, &vl)
#define PAYOUT_JSON(b, c)                                                                                    \
    mnx_payout_sign_json(MNX_METHOD_CAMBODIA, BYTES("{\"general\":1}"), BYTES(S), &DEF, NULL, 0, &need, b, c, \
                         &len, &vl)
#define JSON_EXPLAIN(b, c) mnx_json_explain(BYTES("{\"a\":1,\"a\":1}"), b, c, &len)
#define DECIMAL(b, c) mnx_from_minor_units(-5000000, BYTES("KHR"), b, c, &len)
#define AS_PLATFORM(b, c) mnx_sign_as_platform(BYTES(BODY), BYTES(S), b, c, &len)
#define MESSAGE(b, c) mnx_violation_message(&vl.items[0], b, c, &len)

static void new_entry_points(void) {
    static const mnx_expected e = {1, MNX_STR("p"), 1, MNX_STR("USD"), 0, {NULL, 0}};
    mnx_mismatch_list ml;
    uint8_t digits = 0xAA;
    size_t n;

    CHECK_SIZES(JSON_SIGN, strlen(FIELDS) + strlen(",\"signature\":\"\"") + MNX_SIGNATURE_LEN);
    CHECK_SIZES(JSON_EXPLAIN, strlen("duplicate key in one object at byte 7"));
    CHECK_SIZES(DECIMAL, strlen("-50000.00"));
    reset();
    CHECK_STATUS(AS_PLATFORM(NULL, 0), MNX_STATUS_BUFFER_TOO_SMALL);
    n = len;
    CHECK_SIZES(AS_PLATFORM, n);
    reset();
    CHECK_STATUS(PAYOUT_JSON(out, sizeof out), MNX_STATUS_INVALID);
    CHECK(vl.len > 0 && untouched());
    CHECK_STATUS(MESSAGE(NULL, 0), MNX_STATUS_BUFFER_TOO_SMALL);
    n = len;
    CHECK_SIZES(MESSAGE, n);

    reset();
    need = UNSET;
    CHECK_STATUS(mnx_payout_sign_json(MNX_METHOD_CAMBODIA, NULL, 1, BYTES(S), &DEF, NULL, 0, &need, out, sizeof out,
                                      &len, &vl),
                 NUL);
    CHECK_STATUS(mnx_payout_sign_json(MNX_METHOD_CAMBODIA, BYTES(FIELDS), NULL, 1, &DEF, NULL, 0, &need, out,
                                      sizeof out, &len, &vl),
                 NUL);
    CHECK_STATUS(mnx_payout_sign_json(MNX_METHOD_CAMBODIA, BYTES(FIELDS), BYTES(S), NULL, NULL, 0, &need, out,
                                      sizeof out, &len, &vl),
                 NUL);
    CHECK_STATUS(mnx_payout_sign_json(MNX_METHOD_CAMBODIA, BYTES(FIELDS), BYTES(S), &DEF, NULL, 1, &need, out,
                                      sizeof out, &len, &vl),
                 NUL);
    CHECK_STATUS(mnx_payout_sign_json(MNX_METHOD_CAMBODIA, BYTES(FIELDS), BYTES(S), &DEF, NULL, 0, NULL, out,
                                      sizeof out, &len, &vl),
                 NUL);
    CHECK_STATUS(mnx_payout_sign_json(MNX_METHOD_CAMBODIA, BYTES(FIELDS), BYTES(S), &DEF, NULL, 0, &need, NULL, 1,
                                      &len, &vl),
                 NUL);
    CHECK_STATUS(mnx_payout_sign_json(MNX_METHOD_CAMBODIA, BYTES(FIELDS), BYTES(S), &DEF, NULL, 0, &need, out,
                                      sizeof out, NULL, &vl),
                 NUL);
    CHECK_STATUS(mnx_payout_sign_json(MNX_METHOD_CAMBODIA, BYTES(FIELDS), BYTES(S), &DEF, NULL, 0, &need, out,
                                      sizeof out, &len, NULL),
                 NUL);
    CHECK_STATUS(mnx_payment_status_request_sign_json(NULL, 1, BYTES(S), &DEF, NULL, 0, &need, out, sizeof out, &len,
                                                      &vl),
                 NUL);
    CHECK_STATUS(mnx_payment_status_request_sign_json(BYTES(FIELDS), BYTES(S), NULL, NULL, 0, &need, out, sizeof out,
                                                      &len, &vl),
                 NUL);
    CHECK_STATUS(mnx_payment_status_request_sign_json(BYTES(FIELDS), BYTES(S), &DEF, NULL, 0, &need, out, sizeof out,
                                                      &len, NULL),
                 NUL);
    CHECK_STATUS(mnx_violation_message(NULL, out, sizeof out, &len), NUL);
    CHECK_STATUS(mnx_violation_message(&vl.items[0], NULL, 1, &len), NUL);
    CHECK_STATUS(mnx_violation_message(&vl.items[0], out, sizeof out, NULL), NUL);
    CHECK_STATUS(mnx_json_explain(NULL, 1, out, sizeof out, &len), NUL);
    CHECK_STATUS(mnx_json_explain(BYTES(FIELDS), NULL, 1, &len), NUL);
    CHECK_STATUS(mnx_json_explain(BYTES(FIELDS), out, sizeof out, NULL), NUL);
    CHECK_STATUS(mnx_sign_as_platform(NULL, 1, BYTES(S), out, sizeof out, &len), NUL);
    CHECK_STATUS(mnx_sign_as_platform(BYTES(BODY), NULL, 1, out, sizeof out, &len), NUL);
    CHECK_STATUS(mnx_sign_as_platform(BYTES(BODY), BYTES(S), NULL, 1, &len), NUL);
    CHECK_STATUS(mnx_sign_as_platform(BYTES(BODY), BYTES(S), out, sizeof out, NULL), NUL);
    CHECK_STATUS(mnx_from_minor_units(1, NULL, 3, out, sizeof out, &len), NUL);
    CHECK_STATUS(mnx_from_minor_units(1, BYTES("USD"), NULL, 1, &len), NUL);
    CHECK_STATUS(mnx_from_minor_units(1, BYTES("USD"), out, sizeof out, NULL), NUL);
    CHECK_STATUS(mnx_minor_unit_digits(NULL, 3, &digits), NUL);
    CHECK_STATUS(mnx_minor_unit_digits(BYTES("USD"), NULL), NUL);
    CHECK(untouched() && need == UNSET && digits == 0xAA);

    memset(&ml, 0xAA, sizeof ml);
    CHECK_STATUS(mnx_callback_reconcile(NULL, 1, BYTES(S), false, &e, NULL, 0, &need, &ml), NUL);
    CHECK_STATUS(mnx_callback_reconcile(signed_body, signed_len, NULL, 1, false, &e, NULL, 0, &need, &ml), NUL);
    CHECK_STATUS(mnx_callback_reconcile(signed_body, signed_len, BYTES(S), false, NULL, NULL, 0, &need, &ml), NUL);
    CHECK_STATUS(mnx_callback_reconcile(signed_body, signed_len, BYTES(S), false, &e, NULL, 1, &need, &ml), NUL);
    CHECK_STATUS(mnx_callback_reconcile(signed_body, signed_len, BYTES(S), false, &e, NULL, 0, NULL, &ml), NUL);
    CHECK_STATUS(mnx_callback_reconcile(signed_body, signed_len, BYTES(S), false, &e, NULL, 0, &need, NULL), NUL);
    CHECK_STATUS(mnx_payment_status_response_reconcile(NULL, signed_body, signed_len, false, &e, NULL, 0, &need, &ml),
                 NUL);
    CHECK_STATUS(mnx_payment_status_response_reconcile(&signer, NULL, 1, false, &e, NULL, 0, &need, &ml), NUL);
    CHECK_STATUS(
        mnx_payment_status_response_reconcile(&signer, signed_body, signed_len, false, NULL, NULL, 0, &need, &ml),
        NUL);
    CHECK_STATUS(
        mnx_payment_status_response_reconcile(&signer, signed_body, signed_len, false, &e, NULL, 0, &need, NULL),
        NUL);
    CHECK(need == UNSET && all_bytes(&ml, sizeof ml, 0xAA));
    /* The signed body has an escaped string in no field reconciliation
     * reads, so it needs no scratch; its general.project_id matches, the
     * payment ID and the sums are absent. */
    CHECK_STATUS(mnx_callback_reconcile(signed_body, signed_len, BYTES(S), false, &e, NULL, 0, &need, &ml),
                 MNX_STATUS_OK);
    CHECK(need == UNSET && ml.len == 5 && ml.items[0].path.len == strlen("payment.id") &&
          ml.items[0].found.kind == MNX_FOUND_KIND_ABSENT);
}

int main(void) {
    CHECK_STATUS(mnx_signer_init(&signer, BYTES(S), 0), MNX_STATUS_OK);
    CHECK_STATUS(mnx_sign_body(BYTES(BODY), BYTES(S), signed_body, sizeof signed_body, &signed_len), MNX_STATUS_OK);
    engine();
    builders();
    readers();
    new_entry_points();
    mnx_signer_wipe(&signer);
    return finish("null_test");
}
