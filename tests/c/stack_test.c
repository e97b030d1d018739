/*
 * Runs the library's deepest calls (canonical string, tolerant
 * verification, callback and status-response readers, payout signing) on a
 * thread with a 64 KiB stack, the bound ffi-c/README.md documents. A stack
 * overflow crashes the test.
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
