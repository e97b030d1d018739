/*
 * The typed readers from C: both seed callbacks (shared vectors
 * seed_callback_success / seed_callback_decline, secret "secret") through
 * mnx_callback_parse, with their outcome; scratch for escaped strings (size
 * query, too small, exact); verification and type errors; the
 * acknowledgement reader (unsigned and verified); the status response.
 */
#include <stdlib.h>

#include "check.h"

static const char SECRET[] = "secret";

static const char SEED_CALLBACK_SUCCESS[] =
    "{\"project_id\":1234,"
    "\"payment\":{\"id\":\"payment_47\",\"type\":\"payout\",\"status\":\"success\","
    "\"date\":\"2024-12-07T19:08:45+0000\",\"method\":\"Banks Cambodia\","
    "\"sum\":{\"amount\":5000000,\"currency\":\"KHR\"},\"description\":\"\"},"
    "\"customer\":{\"id\":\"customer_123\"},"
    "\"operation\":{\"id\":47,\"type\":\"payout\",\"status\":\"success\",\"date\":\"2024-12-07T19:08:45+0000\","
    "\"created_date\":\"2024-12-07T19:08:05+0000\",\"request_id\":\"1a23456bc7890de\","
    "\"sum_initial\":{\"amount\":5000000,\"currency\":\"KHR\"},"
    "\"sum_converted\":{\"amount\":5000000,\"currency\":\"KHR\"},\"code\":\"0\",\"message\":\"Success\","
    "\"provider\":{\"id\":12345,\"payment_id\":\"123abc123-123\",\"auth_code\":\"\"}},"
    "\"signature\":\"1eUwemjiLAvHuyoW00uDcn14VIO7KUE5Tqdo4FiPE4MzcihfWnt8Rwwn+8czpaUYnbSymFWS7vPiwjrfW3o+RA==\"}";

static const char SEED_CALLBACK_DECLINE[] =
    "{\"project_id\":1234,"
    "\"payment\":{\"id\":\"payment_47\",\"type\":\"payout\",\"status\":\"decline\","
    "\"date\":\"2024-12-07T19:08:45+0000\",\"method\":\"Banks Cambodia\","
    "\"sum\":{\"amount\":5000000,\"currency\":\"KHR\"},\"description\":\"\"},"
    "\"customer\":{\"id\":\"customer_123\"},"
    "\"operation\":{\"id\":47,\"type\":\"payout\",\"status\":\"decline\",\"date\":\"2024-12-07T19:08:45+0000\","
    "\"created_date\":\"2024-12-07T19:08:05+0000\",\"request_id\":\"1a23456bc7890de\","
    "\"sum_initial\":{\"amount\":5000000,\"currency\":\"KHR\"},"
    "\"sum_converted\":{\"amount\":5000000,\"currency\":\"KHR\"},\"code\":\"20000\",\"message\":\"General decline\","
    "\"provider\":{\"id\":12345,\"payment_id\":\"123abc123-123\",\"auth_code\":\"\"}},"
    "\"signature\":\"XLDaoyHAoGabXxd4+mSZQh6p11h9gilDHSKxDO6Zx1ekk4DI/OeVMONxX614q6IHdl7jNVZTfKKTN1JhtU2Zvg==\"}";

#define UNSET ((size_t)0xDEADBEEF)

static int str_eq(mnx_str s, const char *want) {
    return s.ptr != NULL && s.len == strlen(want) && memcmp(s.ptr, want, s.len) == 0;
}

/* Signs `body` (mnx_sign_body) into `out`; returns the length. */
static size_t signed_copy(const char *body, uint8_t *out, size_t cap) {
    size_t len = 0;
    CHECK_STATUS(mnx_sign_body(BYTES(body), BYTES(SECRET), out, cap, &len), MNX_STATUS_OK);
    return len;
}

static void test_seed_callbacks(void) {
    mnx_callback cb;
    size_t needed = UNSET;

    memset(&cb, 0xAA, sizeof cb);
    /* No escapes in the known fields: no scratch needed (NULL, 0). */
    CHECK_STATUS(mnx_callback_parse(BYTES(SEED_CALLBACK_SUCCESS), BYTES(SECRET), true, NULL, 0, &needed, &cb),
                 MNX_STATUS_OK);
    CHECK(needed == UNSET);
    CHECK(cb.has_project_id && cb.project_id == 1234);
    CHECK(cb.payment.present && str_eq(cb.payment.id, "payment_47") && str_eq(cb.payment.type, "payout"));
    CHECK(cb.payment.status.state == MNX_PAYMENT_STATE_SUCCESS && str_eq(cb.payment.status.raw, "success"));
    CHECK(cb.payment.sum.present && cb.payment.sum.has_amount && cb.payment.sum.amount == 5000000);
    CHECK(str_eq(cb.payment.sum.currency, "KHR"));
    /* "" makes the same signed line as null: it reads as absent. */
    CHECK(cb.payment.description.ptr == NULL && cb.payment.description.len == 0);
    CHECK(str_eq(cb.customer_id, "customer_123"));
    CHECK(cb.operation.present && cb.operation.has_id && cb.operation.id == 47);
    CHECK(cb.operation.status.state == MNX_PAYMENT_STATE_SUCCESS);
    CHECK(cb.operation.code.kind == MNX_CODE_KIND_STR && str_eq(cb.operation.code.text, "0"));
    CHECK(cb.operation.code.is_zero && cb.operation.code.has_value && cb.operation.code.value == 0);
    CHECK(str_eq(cb.operation.message, "Success") && str_eq(cb.operation.request_id, "1a23456bc7890de"));
    CHECK(cb.operation.sum_converted.amount == 5000000);
    CHECK(cb.operation.provider.present && cb.operation.provider.id.kind == MNX_CODE_KIND_INT &&
          cb.operation.provider.id.value == 12345);
    CHECK(str_eq(cb.operation.provider.payment_id, "123abc123-123"));
    CHECK(cb.errors.len == 0 && cb.errors.total == 0);
    CHECK(cb.order == MNX_ORDER_NATURAL);
    CHECK(cb.outcome == MNX_OUTCOME_FINAL_SUCCESS);

    CHECK_STATUS(mnx_callback_parse(BYTES(SEED_CALLBACK_DECLINE), BYTES(SECRET), false, NULL, 0, &needed, &cb),
                 MNX_STATUS_OK);
    CHECK(cb.payment.status.state == MNX_PAYMENT_STATE_DECLINE);
    CHECK(str_eq(cb.operation.code.text, "20000") && cb.operation.code.value == 20000 && !cb.operation.code.is_zero);
    CHECK(str_eq(cb.operation.message, "General decline"));
    CHECK(cb.outcome == MNX_OUTCOME_FINAL_FAILURE);

    /* With a signer. */
    {
        mnx_signer signer = {0};
        CHECK_STATUS(mnx_signer_init(&signer, BYTES(SECRET), 0), MNX_STATUS_OK);
        CHECK_STATUS(mnx_callback_parse_with(&signer, BYTES(SEED_CALLBACK_SUCCESS), true, NULL, 0, &needed, &cb),
                     MNX_STATUS_OK);
        CHECK(cb.outcome == MNX_OUTCOME_FINAL_SUCCESS);
        mnx_signer_wipe(&signer);
        CHECK_STATUS(mnx_callback_parse_with(&signer, BYTES(SEED_CALLBACK_SUCCESS), true, NULL, 0, &needed, &cb),
                     MNX_STATUS_SIGNER_UNINITIALIZED);
    }
}

static void test_callback_errors(void) {
    mnx_callback cb, untouched;
    size_t needed = UNSET;
    uint8_t body[1024], scratch[1024];
    size_t n;
    char tampered[sizeof SEED_CALLBACK_SUCCESS];

    memset(&cb, 0x5A, sizeof cb);
    memcpy(&untouched, &cb, sizeof cb);
    memcpy(tampered, SEED_CALLBACK_SUCCESS, sizeof tampered);
    tampered[strlen("{\"project_id\":123")] = '5'; /* project_id 1235 */

    CHECK_STATUS(mnx_callback_parse(BYTES(tampered), BYTES(SECRET), false, NULL, 0, &needed, &cb),
                 MNX_STATUS_SIGNATURE_MISMATCH);
    CHECK_STATUS(mnx_callback_parse(BYTES(SEED_CALLBACK_SUCCESS), BYTES("secreT"), false, NULL, 0, &needed, &cb),
                 MNX_STATUS_SIGNATURE_MISMATCH);
    CHECK_STATUS(mnx_callback_parse(BYTES("{\"project_id\":1}"), BYTES(SECRET), false, NULL, 0, &needed, &cb),
                 MNX_STATUS_MISSING_SIGNATURE);
    CHECK_STATUS(mnx_callback_parse(BYTES("{\"a\":1,\"a\":1,\"signature\":\"x\"}"), BYTES(SECRET), false, NULL, 0,
                                    &needed, &cb),
                 MNX_STATUS_DUPLICATE_KEY);
    CHECK_STATUS(mnx_callback_parse(BYTES("{\"project_id\":"), BYTES(SECRET), false, NULL, 0, &needed, &cb),
                 MNX_STATUS_MALFORMED_JSON);
    CHECK_STATUS(mnx_callback_parse(BYTES("{\"a\":\"\xfe\"}"), BYTES(SECRET), false, NULL, 0, &needed, &cb),
                 MNX_STATUS_INVALID_UTF8_BODY);
    CHECK_STATUS(mnx_callback_parse(BYTES(SEED_CALLBACK_SUCCESS), NULL, 0, false, NULL, 0, &needed, &cb),
                 MNX_STATUS_EMPTY_SECRET);
    CHECK_STATUS(mnx_callback_parse(BYTES(SEED_CALLBACK_SUCCESS), BYTES(" secret"), false, NULL, 0, &needed, &cb),
                 MNX_STATUS_SUSPICIOUS_SECRET);
    CHECK_STATUS(mnx_callback_parse(NULL, 10, BYTES(SECRET), false, NULL, 0, &needed, &cb), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_callback_parse(NULL, 0, BYTES(SECRET), false, NULL, 0, &needed, &cb), MNX_STATUS_MALFORMED_JSON);
    CHECK_STATUS(mnx_callback_parse(BYTES(SEED_CALLBACK_SUCCESS), BYTES(SECRET), false, NULL, 0, &needed, NULL),
                 MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_callback_parse(BYTES(SEED_CALLBACK_SUCCESS), BYTES(SECRET), false, NULL, 0, NULL, &cb),
                 MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_callback_parse(BYTES(SEED_CALLBACK_SUCCESS), BYTES(SECRET), false, NULL, 8, &needed, &cb),
                 MNX_STATUS_NULL_ARGUMENT);

    /* A verified body with a known field of the wrong type. */
    n = signed_copy("{\"project_id\":1,\"operation\":{\"id\":\"not a number\"}}", body, sizeof body);
    CHECK_STATUS(mnx_callback_parse(body, n, BYTES(SECRET), false, scratch, sizeof scratch, &needed, &cb),
                 MNX_STATUS_FIELD_TYPE);
    CHECK(needed == UNSET && memcmp(&cb, &untouched, sizeof cb) == 0);
}

static void test_scratch(void) {
    mnx_callback cb;
    uint8_t body[1024], scratch[1024];
    size_t n, needed = UNSET, again = UNSET;

    /* Escapes in known fields are decoded into scratch. */
    n = signed_copy("{\"project_id\":7,\"payment\":{\"id\":\"p\\/1\",\"status\":\"awaiting retry\"},"
                    "\"operation\":{\"id\":5,\"status\":\"processing\",\"message\":\"caf\\u00e9 \\\"ok\\\"\"}}",
                    body, sizeof body);
    CHECK_STATUS(mnx_callback_parse(body, n, BYTES(SECRET), true, NULL, 0, &needed, &cb), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(needed > 0 && needed <= n);
    memset(scratch, 0xAA, sizeof scratch);
    CHECK_STATUS(mnx_callback_parse(body, n, BYTES(SECRET), true, scratch, needed - 1, &again, &cb),
                 MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(again == needed && all_bytes(scratch, sizeof scratch, 0xAA));
    CHECK_STATUS(mnx_callback_parse(body, n, BYTES(SECRET), true, scratch, needed, &again, &cb), MNX_STATUS_OK);
    CHECK(str_eq(cb.payment.id, "p/1"));
    CHECK(str_eq(cb.operation.message, "caf\xc3\xa9 \"ok\""));
    CHECK(cb.payment.status.state == MNX_PAYMENT_STATE_AWAITING_RETRY);
    CHECK(cb.operation.status.state == MNX_PAYMENT_STATE_PROCESSING && cb.outcome == MNX_OUTCOME_PENDING);
    CHECK(cb.project_id == 7 && cb.order == MNX_ORDER_NATURAL);
    /* The scratch must not overlap the body. */
    CHECK_STATUS(mnx_callback_parse(body, n, BYTES(SECRET), true, body + 1, n, &again, &cb),
                 MNX_STATUS_INVALID_ARGUMENT);

    /* An unknown status is kept raw. */
    n = signed_copy("{\"payment\":{\"status\":\"on hold\"},\"operation\":{\"status\":\"success\",\"code\":0}}",
                    body, sizeof body);
    CHECK_STATUS(mnx_callback_parse(body, n, BYTES(SECRET), false, scratch, sizeof scratch, &needed, &cb),
                 MNX_STATUS_OK);
    CHECK(cb.payment.status.state == MNX_PAYMENT_STATE_OTHER && str_eq(cb.payment.status.raw, "on hold"));
    CHECK(cb.operation.code.kind == MNX_CODE_KIND_INT && cb.operation.code.is_zero);
    CHECK(cb.outcome == MNX_OUTCOME_PENDING && !cb.has_project_id && cb.customer_id.ptr == NULL);
}

static void test_ack(void) {
    mnx_ack ack;
    size_t needed = UNSET;
    uint8_t body[1024];
    size_t n;
    mnx_signer signer = {0};
    static const char accepted[] =
        "{\"status\":\"success\",\"request_id\":\"req_1\",\"project_id\":1234,\"payment_id\":\"payment_47\"}";
    static const char rejected[] =
        "{\"status\":\"error\",\"code\":\"3\",\"errors\":[{\"code\":1,\"field\":\"customer.phone\","
        "\"message\":\"Invalid phone\"},{\"code\":\"2\",\"description\":\"second\"}]}";

    CHECK_STATUS(mnx_ack_parse(BYTES(accepted), NULL, 0, &needed, &ack), MNX_STATUS_OK);
    CHECK(ack.verdict == MNX_VERDICT_ACCEPTED && !ack.verified);
    CHECK(ack.status.state == MNX_PAYMENT_STATE_SUCCESS && str_eq(ack.request_id, "req_1"));
    CHECK(ack.has_project_id && ack.project_id == 1234 && str_eq(ack.payment_id, "payment_47"));
    CHECK(ack.code.kind == MNX_CODE_KIND_ABSENT && ack.reason.ptr == NULL);

    CHECK_STATUS(mnx_ack_parse(BYTES(rejected), NULL, 0, &needed, &ack), MNX_STATUS_OK);
    CHECK(ack.verdict == MNX_VERDICT_REJECTED && str_eq(ack.code.text, "3"));
    CHECK(ack.errors.len == 2 && ack.errors.total == 2);
    CHECK(ack.errors.items[0].code.kind == MNX_CODE_KIND_INT && ack.errors.items[0].code.value == 1);
    CHECK(str_eq(ack.errors.items[0].field, "customer.phone"));
    CHECK(str_eq(ack.errors.items[1].description, "second"));
    CHECK(str_eq(ack.reason, "Invalid phone"));

    CHECK_STATUS(mnx_ack_parse(BYTES("{\"status\":5}"), NULL, 0, &needed, &ack), MNX_STATUS_FIELD_TYPE);
    CHECK_STATUS(mnx_ack_parse(BYTES("[]"), NULL, 0, &needed, &ack), MNX_STATUS_NOT_AN_OBJECT);

    /* A signed acknowledgement, verified. */
    CHECK_STATUS(mnx_signer_init(&signer, BYTES(SECRET), 0), MNX_STATUS_OK);
    n = signed_copy(accepted, body, sizeof body);
    CHECK_STATUS(mnx_ack_parse_verified(&signer, body, n, true, NULL, 0, &needed, &ack), MNX_STATUS_OK);
    CHECK(ack.verified && ack.order == MNX_ORDER_NATURAL && ack.verdict == MNX_VERDICT_ACCEPTED);
    CHECK_STATUS(mnx_ack_parse_verified(&signer, BYTES(accepted), true, NULL, 0, &needed, &ack),
                 MNX_STATUS_MISSING_SIGNATURE);
    mnx_signer_wipe(&signer);
}

static void test_status_response(void) {
    mnx_payment_status_response r;
    size_t needed = UNSET;
    uint8_t body[1024];
    size_t n;
    mnx_signer signer = {0};

    CHECK_STATUS(mnx_signer_init(&signer, BYTES(SECRET), 0), MNX_STATUS_OK);
    n = signed_copy("{\"project_id\":1234,\"payment\":{\"id\":\"payment_47\",\"status\":\"success\"},"
                    "\"operations\":[{\"id\":1,\"status\":\"processing\"},"
                    "{\"id\":2,\"status\":\"success\",\"code\":\"0\"}]}",
                    body, sizeof body);
    CHECK_STATUS(mnx_payment_status_response_parse(&signer, body, n, false, NULL, 0, &needed, &r), MNX_STATUS_OK);
    CHECK(r.operation_count == 2 && r.operation.id == 2 && r.outcome == MNX_OUTCOME_FINAL_SUCCESS);
    CHECK(str_eq(r.payment.id, "payment_47"));
    {
        /* Tamper: project_id 1234 -> 1235. */
        size_t i;
        for (i = 0; i + 4 <= n; i++) {
            if (memcmp(body + i, "1234", 4) == 0) {
                body[i + 3] = '5';
                break;
            }
        }
    }
    CHECK_STATUS(mnx_payment_status_response_parse(&signer, body, n, false, NULL, 0, &needed, &r),
                 MNX_STATUS_SIGNATURE_MISMATCH);
    CHECK_STATUS(mnx_payment_status_response_parse(NULL, body, n, false, NULL, 0, &needed, &r),
                 MNX_STATUS_NULL_ARGUMENT);

    /* An element without a signed line ({} appended to operations) verifies
     * (it is not signed) but the reader refuses it: a forger could have
     * added it to change "the last operation". */
    n = signed_copy("{\"project_id\":1234,\"payment\":{\"id\":\"payment_47\",\"status\":\"decline\"},"
                    "\"operations\":[{\"id\":1,\"status\":\"decline\",\"code\":\"1\"},{}]}",
                    body, sizeof body);
    CHECK_STATUS(mnx_signer_verify(&signer, body, n, true, NULL), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_verify(body, n, BYTES(SECRET), true), MNX_STATUS_OK);
    memset(&r, 0xAA, sizeof r);
    CHECK_STATUS(mnx_payment_status_response_parse(&signer, body, n, true, NULL, 0, &needed, &r),
                 MNX_STATUS_UNSIGNED_ELEMENT);
    CHECK(all_bytes(&r, sizeof r, 0xAA) && needed == UNSET);
    mnx_signer_wipe(&signer);
}

int main(void) {
    test_seed_callbacks();
    test_callback_errors();
    test_scratch();
    test_ack();
    test_status_response();
    return finish("callback_test");
}
