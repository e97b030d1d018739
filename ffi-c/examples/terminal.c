/*
 * A payment terminal's use of libmonetix_gate: stack buffers only, no heap.
 *
 *  1. Build and sign a Banks of Cambodia payout (the seed request).
 *  2. Print the body to POST to MNX_CAMBODIA_PAYOUT_ENDPOINT.
 *  3. Verify the platform's callback and act on its outcome.
 *
 * Build (static, x86_64 Linux; see ffi-c/README.md):
 *   cc -std=c99 -Iinclude ffi-c/examples/terminal.c target/release/libmonetix_gate.a \
 *      -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc -o terminal
 */
#include <stdio.h>
#include <string.h>

#include "monetix_gate.h"

/* In production the secret comes from secure storage, never from source. */
static const uint8_t SECRET[] = "secret";
#define SECRET_LEN (sizeof SECRET - 1)

/* The callback the platform POSTs back when the payout is done. */
static const char CALLBACK[] =
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

static int fail(const char *what, mnx_status status) {
    fprintf(stderr, "%s: %s (%d)\n", what, mnx_status_str(status), (int)status);
    return 1;
}

int main(void) {
    /* 1. The payout: every string is MNX_STR("...") (pointer + length);
     *    { NULL, 0 } leaves an optional field out. */
    mnx_cambodia_payout payout = {
        {1234, MNX_STR("payment_47"), {NULL, 0}},
        {MNX_STR("customer_1234"), MNX_STR("198.51.100.47"), MNX_STR("johndoe@example.com"), MNX_STR("123456789")},
        {MNX_STR("1234567890"), 61021, MNX_STR("Banteay Meanchey Branch"), MNX_STR("Serei Saophoan"),
         MNX_STR("Banteay Meanchey"), MNX_STR("John Doe")},
        {MNX_STR("KHR"), 0, {NULL, 0}},
        NULL, 0, /* no extra parameters */
        0,       /* flags */
    };
    uint8_t body[MNX_MAX_CAMBODIA_PAYOUT_LEN_WITHOUT_EXTRAS];
    size_t body_len = 0;
    mnx_field field = MNX_FIELD_NONE;
    mnx_status status;

    /* 50,000.00 KHR in minor units. */
    status = mnx_to_minor_units((const uint8_t *)"50,000.00", 9, (const uint8_t *)"KHR", 3, &payout.payment.amount);
    if (status != MNX_STATUS_OK) {
        return fail("amount", status);
    }

    status = mnx_cambodia_payout_sign(&payout, SECRET, SECRET_LEN, body, sizeof body, &body_len, &field);
    if (status == MNX_STATUS_INVALID) {
        mnx_str path = mnx_field_path(field);
        fprintf(stderr, "invalid payout: %.*s\n", (int)path.len, path.ptr);
        return 1;
    }
    if (status != MNX_STATUS_OK) {
        return fail("sign payout", status);
    }

    /* 2. The body to POST. */
    printf("POST %s\n%.*s\n", MNX_CAMBODIA_PAYOUT_ENDPOINT, (int)body_len, (const char *)body);

    /* 3. The callback: verified first, then read. Strings with JSON escapes
     *    are decoded into scratch (as long as the body always suffices). */
    {
        mnx_callback callback;
        uint8_t scratch[sizeof CALLBACK];
        size_t needed = 0;

        status = mnx_callback_parse((const uint8_t *)CALLBACK, sizeof CALLBACK - 1, SECRET, SECRET_LEN, false,
                                    scratch, sizeof scratch, &needed, &callback);
        if (status != MNX_STATUS_OK) {
            return fail("callback", status); /* answer the platform with an error, do not act */
        }
        printf("callback for %.*s: payment %.*s, operation %llu: ", (int)callback.payment.id.len,
               callback.payment.id.ptr, (int)callback.payment.status.raw.len, callback.payment.status.raw.ptr,
               (unsigned long long)callback.operation.id);
        switch (callback.outcome) {
        case MNX_OUTCOME_FINAL_SUCCESS:
            printf("paid out\n");
            break;
        case MNX_OUTCOME_FINAL_FAILURE:
            printf("failed: %.*s\n", (int)callback.operation.message.len, callback.operation.message.ptr);
            break;
        default:
            printf("pending: ask with a payment status request\n");
            break;
        }
        if (callback.outcome != MNX_OUTCOME_FINAL_SUCCESS) {
            return 1;
        }
    }
    printf("library %s\n", mnx_version());
    return 0;
}
