/*
 * Every documented error path of the engine functions: NULL pointers, zero
 * lengths, the size query, too-small buffers (left untouched), invalid
 * UTF-8, malformed JSON, secrets, the signer, statuses and the version.
 */
#include <stddef.h>
#include <stdlib.h>

#include "check.h"

static const char BODY[] = "{\"general\":{\"project_id\":1234,\"payment_id\":\"p_1\"},\"payment\":{\"amount\":100}}";
static const char CANONICAL[] = "general:payment_id:p_1;general:project_id:1234;payment:amount:100";
static const char SECRET[] = "secret";

#define UNSET ((size_t)0xDEADBEEF)

static void test_status_strings(void) {
    int32_t code;
    char version[32];
    CHECK(strcmp(mnx_status_str(MNX_STATUS_OK), "ok") == 0);
    CHECK(strcmp(mnx_status_str(MNX_STATUS_SIGNATURE_MISMATCH), "signature mismatch") == 0);
    CHECK(strcmp(mnx_status_str(-1), "unknown status") == 0);
    CHECK(strcmp(mnx_status_str(INT32_MAX), "unknown status") == 0);
    CHECK(strcmp(mnx_status_str(INT32_MIN), "unknown status") == 0);
    CHECK(strcmp(mnx_status_str(150), "unknown status") == 0);
    for (code = -5; code < 600; code++) {
        const char *s = mnx_status_str(code);
        CHECK(s != NULL && s[0] != '\0');
    }
    CHECK(mnx_status_is_calling_error(MNX_STATUS_NULL_ARGUMENT));
    CHECK(mnx_status_is_calling_error(MNX_STATUS_BUFFER_TOO_SMALL));
    CHECK(mnx_status_is_calling_error(MNX_STATUS_PANIC));
    CHECK(mnx_status_is_validation(MNX_STATUS_INVALID));
    CHECK(mnx_status_is_validation(MNX_STATUS_UNKNOWN_CURRENCY));
    CHECK(mnx_status_is_signature(MNX_STATUS_SIGNATURE_MISMATCH));
    CHECK(mnx_status_is_signature(MNX_STATUS_EMPTY_SECRET));
    CHECK(mnx_status_is_parse(MNX_STATUS_MALFORMED_JSON));
    CHECK(mnx_status_is_parse(MNX_STATUS_FIELD_TYPE));
    CHECK(!mnx_status_is_parse(MNX_STATUS_OK) && !mnx_status_is_validation(MNX_STATUS_OK) &&
          !mnx_status_is_signature(MNX_STATUS_OK) && !mnx_status_is_calling_error(MNX_STATUS_OK));
    CHECK(!mnx_status_is_parse(-400) && !mnx_status_is_validation(1200));
    /* Stable values (part of the ABI). */
    CHECK(MNX_STATUS_OK == 0 && MNX_STATUS_NULL_ARGUMENT == 100 && MNX_STATUS_BUFFER_TOO_SMALL == 101 &&
          MNX_STATUS_PANIC == 103 && MNX_STATUS_INVALID == 200 && MNX_STATUS_SIGNATURE_MISMATCH == 300 &&
          MNX_STATUS_MALFORMED_JSON == 400);

    sprintf(version, "%d.%d.%d", MNX_VERSION_MAJOR, MNX_VERSION_MINOR, MNX_VERSION_PATCH);
    CHECK(strcmp(mnx_version(), version) == 0);
    CHECK(MNX_SIGNATURE_LEN == 88);
}

static void test_canonical(void) {
    uint8_t buf[256];
    size_t len = UNSET, needed = UNSET;

    /* Success, exact size. */
    CHECK_STATUS(mnx_canonical(BYTES(BODY), buf, sizeof buf, &len), MNX_STATUS_OK);
    CHECK(len == strlen(CANONICAL) && memcmp(buf, CANONICAL, len) == 0);

    /* Size query: NULL buffer, capacity 0. */
    CHECK_STATUS(mnx_canonical(BYTES(BODY), NULL, 0, &needed), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(needed == strlen(CANONICAL));
    /* Non-NULL buffer with capacity 0: same answer, nothing written. */
    needed = UNSET;
    memset(buf, 0xAA, sizeof buf);
    CHECK_STATUS(mnx_canonical(BYTES(BODY), buf, 0, &needed), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(needed == strlen(CANONICAL) && all_bytes(buf, sizeof buf, 0xAA));
    /* One byte short: same answer, buffer untouched. */
    needed = UNSET;
    CHECK_STATUS(mnx_canonical(BYTES(BODY), buf, strlen(CANONICAL) - 1, &needed), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(needed == strlen(CANONICAL) && all_bytes(buf, sizeof buf, 0xAA));
    /* Exactly enough. */
    len = UNSET;
    CHECK_STATUS(mnx_canonical(BYTES(BODY), buf, strlen(CANONICAL), &len), MNX_STATUS_OK);
    CHECK(len == strlen(CANONICAL) && buf[len] == 0xAA);

    /* NULL pointers. */
    len = UNSET;
    CHECK_STATUS(mnx_canonical(NULL, 5, buf, sizeof buf, &len), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_canonical(BYTES(BODY), buf, sizeof buf, NULL), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_canonical(BYTES(BODY), NULL, 10, &len), MNX_STATUS_NULL_ARGUMENT);
    CHECK(len == UNSET);
    /* Zero-length body (NULL allowed): not JSON. */
    CHECK_STATUS(mnx_canonical(NULL, 0, buf, sizeof buf, &len), MNX_STATUS_MALFORMED_JSON);
    CHECK_STATUS(mnx_canonical((const uint8_t *)"", 0, buf, sizeof buf, &len), MNX_STATUS_MALFORMED_JSON);
    CHECK(len == UNSET);
    /* An empty object has an empty canonical string: even the size query succeeds. */
    CHECK_STATUS(mnx_canonical(BYTES("{}"), NULL, 0, &len), MNX_STATUS_OK);
    CHECK(len == 0);

    /* Parse errors, each its own status; outputs untouched. */
    len = UNSET;
    memset(buf, 0xAA, sizeof buf);
    CHECK_STATUS(mnx_canonical(BYTES("{\"a\":\"\xff\"}"), buf, sizeof buf, &len), MNX_STATUS_INVALID_UTF8_BODY);
    CHECK_STATUS(mnx_canonical(BYTES("{\"a\":1"), buf, sizeof buf, &len), MNX_STATUS_MALFORMED_JSON);
    CHECK_STATUS(mnx_canonical(BYTES("{\"a\":01}"), buf, sizeof buf, &len), MNX_STATUS_MALFORMED_JSON);
    CHECK_STATUS(mnx_canonical(BYTES("[1,2]"), buf, sizeof buf, &len), MNX_STATUS_NOT_AN_OBJECT);
    CHECK_STATUS(mnx_canonical(BYTES("{\"a\":1,\"a\":2}"), buf, sizeof buf, &len), MNX_STATUS_DUPLICATE_KEY);
    CHECK_STATUS(mnx_canonical(BYTES("{\"a\":{\"b\":1,\"b\":1}}"), buf, sizeof buf, &len), MNX_STATUS_DUPLICATE_KEY);
    CHECK_STATUS(mnx_canonical(BYTES("{\"a\":\"\\ud800\"}"), buf, sizeof buf, &len), MNX_STATUS_LONE_SURROGATE);
    CHECK_STATUS(mnx_canonical(BYTES("{\"a\":1e400}"), buf, sizeof buf, &len), MNX_STATUS_NUMBER_OUT_OF_RANGE);
    CHECK_STATUS(mnx_canonical(BYTES("{\"a\":[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]}"), buf, sizeof buf, &len),
                 MNX_STATUS_TOO_DEEP);
    {
        /* MNX_MAX_VALUES + 1 array elements. */
        static char many[8 + 2 * (MNX_MAX_VALUES + 1) + 4];
        size_t i, n = 0;
        n += (size_t)sprintf(many + n, "{\"a\":[");
        for (i = 0; i < MNX_MAX_VALUES; i++) {
            many[n++] = '1';
            many[n++] = ',';
        }
        n += (size_t)sprintf(many + n, "1]}");
        CHECK_STATUS(mnx_canonical((const uint8_t *)many, n, buf, sizeof buf, &len), MNX_STATUS_TOO_MANY_VALUES);
    }
    CHECK(len == UNSET && all_bytes(buf, sizeof buf, 0xAA));

    /* An output buffer overlapping the input is refused. */
    {
        uint8_t both[256];
        memcpy(both, BODY, strlen(BODY));
        CHECK_STATUS(mnx_canonical(both, strlen(BODY), both + 10, sizeof both - 10, &len),
                     MNX_STATUS_INVALID_ARGUMENT);
        CHECK(len == UNSET);
    }
}

static void test_sign(void) {
    uint8_t sig[MNX_SIGNATURE_LEN], again[MNX_SIGNATURE_LEN + 8];
    size_t len = UNSET, needed = UNSET;

    CHECK_STATUS(mnx_sign(BYTES(BODY), BYTES(SECRET), sig, sizeof sig, &len), MNX_STATUS_OK);
    CHECK(len == MNX_SIGNATURE_LEN);
    CHECK_STATUS(mnx_sign(BYTES(BODY), BYTES(SECRET), NULL, 0, &needed), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(needed == MNX_SIGNATURE_LEN);
    needed = UNSET;
    memset(again, 0xAA, sizeof again);
    CHECK_STATUS(mnx_sign(BYTES(BODY), BYTES(SECRET), again, MNX_SIGNATURE_LEN - 1, &needed),
                 MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(needed == MNX_SIGNATURE_LEN && all_bytes(again, sizeof again, 0xAA));
    CHECK_STATUS(mnx_sign(BYTES(BODY), BYTES(SECRET), again, sizeof again, &len), MNX_STATUS_OK);
    CHECK(len == MNX_SIGNATURE_LEN && memcmp(sig, again, len) == 0 && again[len] == 0xAA);

    /* Secrets: NULL with a length, empty (NULL allowed), suspicious. */
    len = UNSET;
    CHECK_STATUS(mnx_sign(BYTES(BODY), NULL, 6, sig, sizeof sig, &len), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_sign(BYTES(BODY), NULL, 0, sig, sizeof sig, &len), MNX_STATUS_EMPTY_SECRET);
    CHECK_STATUS(mnx_sign(BYTES(BODY), BYTES(" secret"), sig, sizeof sig, &len), MNX_STATUS_SUSPICIOUS_SECRET);
    CHECK_STATUS(mnx_sign(BYTES(BODY), BYTES("secret\n"), sig, sizeof sig, &len), MNX_STATUS_SUSPICIOUS_SECRET);
    CHECK_STATUS(mnx_sign(BYTES(BODY), BYTES("sec\xe2\x80\x8bret"), sig, sizeof sig, &len),
                 MNX_STATUS_SUSPICIOUS_SECRET);
    CHECK_STATUS(mnx_sign(BYTES(BODY), BYTES("\xef\xbb\xbfsecret"), sig, sizeof sig, &len),
                 MNX_STATUS_SUSPICIOUS_SECRET);
    /* A secret need not be UTF-8: it is bytes. */
    CHECK_STATUS(mnx_sign(BYTES(BODY), BYTES("\xff\xfe"), again, sizeof again, &len), MNX_STATUS_OK);
    len = UNSET;
    /* Body errors come before the buffer size. */
    CHECK_STATUS(mnx_sign(BYTES("{"), BYTES(SECRET), NULL, 0, &len), MNX_STATUS_MALFORMED_JSON);
    CHECK_STATUS(mnx_sign(NULL, 3, BYTES(SECRET), sig, sizeof sig, &len), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_sign(BYTES(BODY), BYTES(SECRET), sig, sizeof sig, NULL), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_sign(BYTES(BODY), BYTES(SECRET), NULL, 88, &len), MNX_STATUS_NULL_ARGUMENT);
    CHECK(len == UNSET);
}

static void test_sign_body_and_verify(void) {
    uint8_t out[512], small[512];
    size_t len = UNSET, needed = UNSET, n;
    mnx_order order = (mnx_order)-1;

    CHECK_STATUS(mnx_sign_body(BYTES(BODY), BYTES(SECRET), out, sizeof out, &len), MNX_STATUS_OK);
    n = len;
    CHECK(n == strlen(BODY) + strlen(",\"signature\":\"\"") + MNX_SIGNATURE_LEN);
    CHECK_STATUS(mnx_sign_body(BYTES(BODY), BYTES(SECRET), NULL, 0, &needed), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(needed == n);
    needed = UNSET;
    memset(small, 0xAA, sizeof small);
    CHECK_STATUS(mnx_sign_body(BYTES(BODY), BYTES(SECRET), small, n - 1, &needed), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(needed == n && all_bytes(small, sizeof small, 0xAA));
    len = UNSET;
    CHECK_STATUS(mnx_sign_body(BYTES("{\"general\":[]}"), BYTES(SECRET), out + 256, 256, &len),
                 MNX_STATUS_GENERAL_NOT_OBJECT);
    CHECK_STATUS(mnx_sign_body(BYTES(BODY), NULL, 0, small, sizeof small, &len), MNX_STATUS_EMPTY_SECRET);
    CHECK(len == UNSET && all_bytes(small, sizeof small, 0xAA));

    /* The signed copy verifies, strictly, in natural order. */
    CHECK_STATUS(mnx_verify(out, n, BYTES(SECRET), true), MNX_STATUS_OK);
    CHECK_STATUS(mnx_verify(out, n, BYTES(SECRET), false), MNX_STATUS_OK);
    CHECK_STATUS(mnx_verify_ex(out, n, BYTES(SECRET), true, &order), MNX_STATUS_OK);
    CHECK(order == MNX_ORDER_NATURAL);
    CHECK_STATUS(mnx_verify(out, n, BYTES("secreT"), false), MNX_STATUS_SIGNATURE_MISMATCH);
    order = (mnx_order)-1;
    CHECK_STATUS(mnx_verify_ex(out, n, BYTES("secreT"), false, &order), MNX_STATUS_SIGNATURE_MISMATCH);
    CHECK(order == (mnx_order)-1);
    CHECK_STATUS(mnx_verify_ex(out, n, BYTES(SECRET), false, NULL), MNX_STATUS_NULL_ARGUMENT);

    /* Verification input errors. */
    CHECK_STATUS(mnx_verify(BYTES(BODY), BYTES(SECRET), false), MNX_STATUS_MISSING_SIGNATURE);
    CHECK_STATUS(mnx_verify(BYTES("{\"a\":1,\"signature\":5}"), BYTES(SECRET), false), MNX_STATUS_SIGNATURE_NOT_STRING);
    CHECK_STATUS(mnx_verify(BYTES("{\"a\":1,\"signature\":\"\"}"), BYTES(SECRET), false), MNX_STATUS_SIGNATURE_MISMATCH);
    CHECK_STATUS(mnx_verify(BYTES("{\"a\":1,\"signature\":\"not base64!\"}"), BYTES(SECRET), false),
                 MNX_STATUS_SIGNATURE_MISMATCH);
    CHECK_STATUS(mnx_verify(NULL, 0, BYTES(SECRET), false), MNX_STATUS_MALFORMED_JSON);
    CHECK_STATUS(mnx_verify(NULL, 10, BYTES(SECRET), false), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_verify(out, n, NULL, 6, false), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_verify(out, n, NULL, 0, false), MNX_STATUS_EMPTY_SECRET);
    CHECK_STATUS(mnx_verify(out, n, BYTES("secret "), false), MNX_STATUS_SUSPICIOUS_SECRET);
    CHECK_STATUS(mnx_verify(BYTES("{\"a\":\"\xc3\"}"), BYTES(SECRET), false), MNX_STATUS_INVALID_UTF8_BODY);
}

static void test_signer(void) {
    mnx_signer signer = {0};
    uint8_t sig[MNX_SIGNATURE_LEN], ref[MNX_SIGNATURE_LEN], body[512];
    size_t len = UNSET, n = 0;
    mnx_order order = (mnx_order)-1;
    struct align_probe {
        char c;
        mnx_signer s;
    };

    CHECK(sizeof(mnx_signer) == MNX_SIGNER_SIZE);
    CHECK(offsetof(struct align_probe, s) == MNX_SIGNER_ALIGN);

    /* A zeroed signer is not initialised. */
    CHECK_STATUS(mnx_signer_sign(&signer, BYTES(BODY), sig, sizeof sig, &len), MNX_STATUS_SIGNER_UNINITIALIZED);
    CHECK_STATUS(mnx_signer_sign(NULL, BYTES(BODY), sig, sizeof sig, &len), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_signer_init(NULL, BYTES(SECRET), 0), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_signer_init(&signer, NULL, 6, 0), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_signer_init(&signer, BYTES(SECRET), 2), MNX_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mnx_signer_init(&signer, NULL, 0, 0), MNX_STATUS_EMPTY_SECRET);
    CHECK_STATUS(mnx_signer_init(&signer, NULL, 0, MNX_SECRET_ALLOW_ANY), MNX_STATUS_EMPTY_SECRET);
    CHECK_STATUS(mnx_signer_init(&signer, BYTES("secret "), 0), MNX_STATUS_SUSPICIOUS_SECRET);
    CHECK(all_bytes(&signer, sizeof signer, 0)); /* untouched on error */
    CHECK(len == UNSET);

    /* The opt-out: the same bytes, accepted. */
    CHECK_STATUS(mnx_signer_init(&signer, BYTES("secret "), MNX_SECRET_ALLOW_ANY), MNX_STATUS_OK);
    CHECK_STATUS(mnx_signer_sign(&signer, BYTES(BODY), sig, sizeof sig, &len), MNX_STATUS_OK);
    CHECK_STATUS(mnx_sign(BYTES(BODY), BYTES(SECRET), ref, sizeof ref, &len), MNX_STATUS_OK);
    CHECK(memcmp(sig, ref, sizeof sig) != 0); /* a different key */

    /* Re-init with the normal secret: same signature as mnx_sign. */
    CHECK_STATUS(mnx_signer_init(&signer, BYTES(SECRET), 0), MNX_STATUS_OK);
    CHECK_STATUS(mnx_signer_sign(&signer, BYTES(BODY), sig, sizeof sig, &len), MNX_STATUS_OK);
    CHECK(len == MNX_SIGNATURE_LEN && memcmp(sig, ref, sizeof sig) == 0);
    len = UNSET;
    CHECK_STATUS(mnx_signer_sign(&signer, BYTES(BODY), NULL, 0, &len), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(len == MNX_SIGNATURE_LEN);
    CHECK_STATUS(mnx_signer_sign(&signer, BYTES(BODY), sig, sizeof sig, NULL), MNX_STATUS_NULL_ARGUMENT);

    CHECK_STATUS(mnx_signer_sign_body(&signer, BYTES(BODY), body, sizeof body, &n), MNX_STATUS_OK);
    CHECK_STATUS(mnx_signer_verify(&signer, body, n, true, &order), MNX_STATUS_OK);
    CHECK(order == MNX_ORDER_NATURAL);
    CHECK_STATUS(mnx_verify(body, n, BYTES(SECRET), true), MNX_STATUS_OK);
    CHECK_STATUS(mnx_signer_verify(&signer, body, n, true, NULL), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_signer_verify(&signer, BYTES(BODY), true, &order), MNX_STATUS_MISSING_SIGNATURE);

    /* Wipe: every byte zero, and unusable until initialised again. */
    mnx_signer_wipe(&signer);
    CHECK(all_bytes(&signer, sizeof signer, 0));
    CHECK_STATUS(mnx_signer_sign(&signer, BYTES(BODY), sig, sizeof sig, &len), MNX_STATUS_SIGNER_UNINITIALIZED);
    CHECK_STATUS(mnx_signer_verify(&signer, body, n, true, &order), MNX_STATUS_SIGNER_UNINITIALIZED);
    mnx_signer_wipe(NULL); /* ignored */
}

/* Large and hostile inputs through the C API (issue 8's catalogue, C side). */
static void test_hostile(void) {
    const size_t big = 16u << 20; /* 16 MiB */
    uint8_t *body = (uint8_t *)malloc(big + 16), *out = (uint8_t *)malloc(big + 16);
    uint8_t secret[10000], sig[MNX_SIGNATURE_LEN];
    size_t i, n, len = UNSET;
    if (!body || !out) {
        CHECK(!"out of memory");
        free(body);
        free(out);
        return;
    }
    /* A 10,000-byte secret is just a long key. */
    memset(secret, 'k', sizeof secret);
    CHECK_STATUS(mnx_sign(BYTES(BODY), secret, sizeof secret, sig, sizeof sig, &len), MNX_STATUS_OK);
    /* A 16 MiB string value: a correct result, 16 MiB + 2 bytes of canonical string. */
    n = 0;
    memcpy(body, "{\"a\":\"", 6);
    n = 6;
    memset(body + n, 'x', big);
    n += big;
    memcpy(body + n, "\"}", 2);
    n += 2;
    len = UNSET;
    CHECK_STATUS(mnx_canonical(body, n, NULL, 0, &len), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(len == big + 2);
    CHECK_STATUS(mnx_canonical(body, n, out, big + 16, &len), MNX_STATUS_OK);
    CHECK(len == big + 2 && out[0] == 'a' && out[1] == ':' && out[len - 1] == 'x');
    /* Nesting 10,000 deep. */
    n = 0;
    body[n++] = '{';
    body[n++] = '"';
    body[n++] = 'a';
    body[n++] = '"';
    body[n++] = ':';
    for (i = 0; i < 10000; i++) body[n++] = '[';
    for (i = 0; i < 10000; i++) body[n++] = ']';
    body[n++] = '}';
    len = UNSET;
    CHECK_STATUS(mnx_canonical(body, n, out, big, &len), MNX_STATUS_TOO_DEEP);
    CHECK_STATUS(mnx_verify(body, n, BYTES(SECRET), false), MNX_STATUS_TOO_DEEP);
    /* 100,000 leaves. */
    n = 0;
    memcpy(body, "{\"a\":[", 6);
    n = 6;
    for (i = 0; i < 100000; i++) {
        body[n++] = '0';
        body[n++] = ',';
    }
    body[n - 1] = ']';
    body[n++] = '}';
    CHECK_STATUS(mnx_canonical(body, n, out, big, &len), MNX_STATUS_TOO_MANY_VALUES);
    CHECK_STATUS(mnx_sign(body, n, BYTES(SECRET), sig, sizeof sig, &len), MNX_STATUS_TOO_MANY_VALUES);
    /* A number with 400 digits (beyond a 64-bit float). */
    n = 0;
    memcpy(body, "{\"a\":1", 6);
    n = 6;
    for (i = 0; i < 399; i++) body[n++] = '0';
    body[n++] = '}';
    CHECK_STATUS(mnx_canonical(body, n, out, big, &len), MNX_STATUS_NUMBER_OUT_OF_RANGE);
    /* A raw NUL byte in a string, and one after the object. */
    CHECK_STATUS(mnx_canonical((const uint8_t *)"{\"a\":\"x\0y\"}", 10, out, big, &len), MNX_STATUS_MALFORMED_JSON);
    CHECK_STATUS(mnx_canonical((const uint8_t *)"{\"a\":1}\0", 8, out, big, &len), MNX_STATUS_MALFORMED_JSON);
    CHECK(len == UNSET); /* no error above wrote it */
    free(body);
    free(out);
}

int main(void) {
    test_status_strings();
    test_canonical();
    test_sign();
    test_sign_body_and_verify();
    test_signer();
    test_hostile();
    return finish("engine_test");
}
