/*
 * Runs the library's deepest calls (requests from JSON fields, canonical
 * string, tolerant verification, callback and status-response readers,
 * reconciliation, payout signing) on a thread with a 64 KiB stack, the
 * bound ffi-c/README.md documents. A stack overflow crashes the test.
 * (tests/c/stack_measure.c measures every entry point.)
 */
#define _POSIX_C_SOURCE 200112L
#include <pthread.h>
#include <unistd.h>

#include "check.h"

#define STACK_SIZE (64 * 1024)

static const char S[] = "secret";
static uint8_t out[8192];

static void *deep_calls(void *arg) {
    static uint8_t body[2048];
    size_t n = 0, len = 0;
    mnx_callback cb;
    mnx_payment_status_response r;
    mnx_signer signer;
    mnx_cambodia_payout p = {
        {1234, MNX_STR("payment_47"), {NULL, 0}},
        {MNX_STR("customer_1234"), MNX_STR("198.51.100.47"), MNX_STR("johndoe@example.com"), MNX_STR("123456789")},
        {MNX_STR("1234567890"), 61021, {NULL, 0}, {NULL, 0}, {NULL, 0}, MNX_STR("John Doe")},
        {MNX_STR("KHR"), 5000000, {NULL, 0}},
        NULL, 0, 0,
    };
    (void)arg;
    CHECK_STATUS(mnx_sign_body(BYTES("{\"project_id\":1,\"payment\":{\"status\":\"success\"},"
                                     "\"operations\":[{\"id\":1,\"status\":\"success\",\"code\":0}]}"),
                               BYTES(S), body, sizeof body, &n),
                 MNX_STATUS_OK);
    CHECK_STATUS(mnx_canonical(body, n, out, sizeof out, &len), MNX_STATUS_OK);
    CHECK_STATUS(mnx_verify(body, n, BYTES("wrong"), false), MNX_STATUS_SIGNATURE_MISMATCH);
    CHECK_STATUS(mnx_callback_parse(body, n, BYTES(S), false, NULL, 0, &len, &cb), MNX_STATUS_OK);
    CHECK_STATUS(mnx_callback_parse(body, n, BYTES("wrong"), false, NULL, 0, &len, &cb),
                 MNX_STATUS_SIGNATURE_MISMATCH);
    CHECK_STATUS(mnx_signer_init(&signer, BYTES(S), 0), MNX_STATUS_OK);
    CHECK_STATUS(mnx_payment_status_response_parse(&signer, body, n, false, NULL, 0, &len, &r), MNX_STATUS_OK);
    CHECK_STATUS(mnx_cambodia_payout_sign_with(&p, &signer, out, sizeof out, &len, NULL), MNX_STATUS_OK);
    CHECK_STATUS(mnx_cambodia_payout_sign(&p, BYTES(S), out, sizeof out, &len, NULL), MNX_STATUS_OK);
    {
        static const char fields[] =
            "{\"general\":{\"project_id\":1234,\"payment_id\":\"payment\\u005f47\"},"
            "\"customer\":{\"id\":\"customer_1234\",\"ip_address\":\"198.51.100.47\","
            "\"email\":\"johndoe@example.com\",\"phone\":\"123456789\"},"
            "\"account\":{\"number\":\"1234567890\",\"bank_id\":61021,\"customer_name\":\"John Doe\"},"
            "\"payment\":{\"currency\":\"KHR\",\"amount\":5000000},\"extras\":{\"customer.country\":\"KH\"}}";
        static const mnx_options o = MNX_OPTIONS(0);
        static const mnx_expected e = {1, MNX_STR("p"), 1, MNX_STR("KHR"), 0, {NULL, 0}};
        static mnx_violation_list v;
        static mnx_mismatch_list m;
        static uint8_t scratch[64];
        size_t needed = 0;
        CHECK_STATUS(mnx_payout_sign_json(MNX_METHOD_CAMBODIA, BYTES(fields), BYTES(S), &o, scratch, sizeof scratch,
                                          &needed, out, sizeof out, &len, &v),
                     MNX_STATUS_OK);
        CHECK_STATUS(mnx_payout_sign_json(MNX_METHOD_COLOMBIA, BYTES(fields), BYTES(S), &o, scratch, sizeof scratch,
                                          &needed, out, sizeof out, &len, &v),
                     MNX_STATUS_INVALID);
        CHECK_STATUS(mnx_callback_reconcile(body, n, BYTES(S), false, &e, NULL, 0, &needed, &m), MNX_STATUS_OK);
    }
    mnx_signer_wipe(&signer);
    return NULL;
}

int main(void) {
    pthread_attr_t attr;
    pthread_t thread;
    /* 64 KiB, or the platform's minimum where that is larger (aarch64
     * glibc: PTHREAD_STACK_MIN is 128 KiB). */
    long min = sysconf(_SC_THREAD_STACK_MIN);
    size_t stack = (min > 0 && (size_t)min > STACK_SIZE) ? (size_t)min : STACK_SIZE;
    CHECK(pthread_attr_init(&attr) == 0);
    CHECK(pthread_attr_setstacksize(&attr, stack) == 0);
    CHECK(pthread_create(&thread, &attr, deep_calls, NULL) == 0);
    CHECK(pthread_join(thread, NULL) == 0);
    pthread_attr_destroy(&attr);
    return finish("stack_test (64 KiB thread)");
}
