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
    CHECK(MNX_STATUS_AMBIGUOUS == 306 && MNX_STATUS_UNSIGNED_ELEMENT == 410);
    CHECK(strcmp(mnx_status_str(MNX_STATUS_AMBIGUOUS), "ambiguous signed data") == 0);
    CHECK(strcmp(mnx_status_str(MNX_STATUS_UNSIGNED_ELEMENT), "array element carries no signed data") == 0);
    CHECK(strcmp(mnx_status_str(307), "unknown status") == 0 && strcmp(mnx_status_str(412), "unknown status") == 0);
    /* 411: a number the core cannot sign without its float feature. */
    CHECK(MNX_STATUS_FLOAT_UNSUPPORTED == 411 && mnx_status_is_parse(MNX_STATUS_FLOAT_UNSUPPORTED));
    CHECK(strcmp(mnx_status_str(MNX_STATUS_FLOAT_UNSUPPORTED),
                 "number with a fraction, an exponent or beyond 64 bits (this build has no `float` feature)") == 0);
    CHECK(mnx_status_is_signature(MNX_STATUS_AMBIGUOUS) && !mnx_status_is_parse(MNX_STATUS_AMBIGUOUS));
    CHECK(mnx_status_is_parse(MNX_STATUS_UNSIGNED_ELEMENT) && !mnx_status_is_signature(MNX_STATUS_UNSIGNED_ELEMENT));

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
    CHECK_STATUS(mnx_signer_init(&signer, BYTES(SECRET), 4), MNX_STATUS_INVALID_ARGUMENT); /* unknown bit */
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

    /* Wipe: every byte zero but an 8-byte sequence number (so that a call
     * racing with the wipe fails closed), and unusable until initialised
     * again. */
    mnx_signer_wipe(&signer);
    {
        size_t i, nonzero = 0;
        for (i = 0; i < sizeof signer; i++) {
            nonzero += ((const unsigned char *)&signer)[i] != 0;
        }
        CHECK(nonzero <= 8);
    }
    CHECK_STATUS(mnx_signer_sign(&signer, BYTES(BODY), sig, sizeof sig, &len), MNX_STATUS_SIGNER_UNINITIALIZED);
    CHECK_STATUS(mnx_signer_verify(&signer, body, n, true, &order), MNX_STATUS_SIGNER_UNINITIALIZED);
    mnx_signer_wipe(NULL); /* ignored */
}

/* Large and hostile inputs through the C API (the hostile catalogue, C side). */
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

/* Ambiguous data: refused by every pinned call (nothing written, errors
 * before the size query), accepted through mnx_*_opt; the options struct. */
static void test_ambiguous(void) {
    static const char AMB[] = "{\"general\":{\"project_id\":1234,\"payment_id\":\"p_1;payment:status:success\"}}";
    static const char WHY[] = "general.payment_id: a ';' followed by ':' could forge a signed line";
    uint8_t out[512], sig[MNX_SIGNATURE_LEN], ref[MNX_SIGNATURE_LEN];
    size_t len = UNSET, n = 0;
    mnx_order order = (mnx_order)-1;
    mnx_options allow = MNX_OPTIONS(MNX_ALLOW_AMBIGUOUS), none = MNX_OPTIONS(0), opt;
    struct {
        mnx_options base;
        uint64_t newer; /* an option of a later version */
    } bigger;

    memset(out, 0xAA, sizeof out);
    CHECK_STATUS(mnx_sign(BYTES(AMB), BYTES(SECRET), out, sizeof out, &len), MNX_STATUS_AMBIGUOUS);
    CHECK_STATUS(mnx_sign(BYTES(AMB), BYTES(SECRET), NULL, 0, &len), MNX_STATUS_AMBIGUOUS);
    CHECK_STATUS(mnx_sign_body(BYTES(AMB), BYTES(SECRET), out, sizeof out, &len), MNX_STATUS_AMBIGUOUS);
    /* The size query and a small buffer: the input error comes first. */
    CHECK_STATUS(mnx_sign_body(BYTES(AMB), BYTES(SECRET), NULL, 0, &len), MNX_STATUS_AMBIGUOUS);
    CHECK_STATUS(mnx_sign_body(BYTES(AMB), BYTES(SECRET), out, 10, &len), MNX_STATUS_AMBIGUOUS);
    CHECK_STATUS(mnx_sign_opt(BYTES(AMB), BYTES(SECRET), &none, out, sizeof out, &len), MNX_STATUS_AMBIGUOUS);
    CHECK_STATUS(mnx_sign_body_opt(BYTES(AMB), BYTES(SECRET), &none, NULL, 0, &len), MNX_STATUS_AMBIGUOUS);
    CHECK(len == UNSET && all_bytes(out, sizeof out, 0xAA));
    /* The canonical string is never refused. */
    CHECK_STATUS(mnx_canonical(BYTES(AMB), out, sizeof out, &len), MNX_STATUS_OK);

    /* The opt-in. */
    CHECK_STATUS(mnx_sign_opt(BYTES(AMB), BYTES(SECRET), &allow, sig, sizeof sig, &len), MNX_STATUS_OK);
    CHECK(len == MNX_SIGNATURE_LEN);
    len = UNSET;
    CHECK_STATUS(mnx_sign_body_opt(BYTES(AMB), BYTES(SECRET), &allow, NULL, 0, &len), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(len != UNSET && len < sizeof out);
    CHECK_STATUS(mnx_sign_body_opt(BYTES(AMB), BYTES(SECRET), &allow, out, sizeof out, &n), MNX_STATUS_OK);
    CHECK(n == len);
    CHECK_STATUS(mnx_verify(out, n, BYTES(SECRET), true), MNX_STATUS_AMBIGUOUS);
    CHECK_STATUS(mnx_verify(out, n, BYTES(SECRET), false), MNX_STATUS_AMBIGUOUS);
    CHECK_STATUS(mnx_verify_ex(out, n, BYTES(SECRET), false, &order), MNX_STATUS_AMBIGUOUS);
    CHECK(order == (mnx_order)-1);
    CHECK_STATUS(mnx_verify_opt(out, n, BYTES(SECRET), true, &none, &order), MNX_STATUS_AMBIGUOUS);
    CHECK_STATUS(mnx_verify_opt(out, n, BYTES(SECRET), true, &allow, &order), MNX_STATUS_OK);
    CHECK(order == MNX_ORDER_NATURAL);
    /* Order of checks: malformed input, then the signature member, then
     * ambiguity, then the MAC (a wrong key is still AMBIGUOUS). */
    CHECK_STATUS(mnx_verify(out, n, BYTES("other"), true), MNX_STATUS_AMBIGUOUS);
    CHECK_STATUS(mnx_verify(BYTES(AMB), BYTES(SECRET), true), MNX_STATUS_MISSING_SIGNATURE);
    CHECK_STATUS(mnx_verify(BYTES("{\"a;b:c\":1,"), BYTES(SECRET), true), MNX_STATUS_MALFORMED_JSON);

    /* The options struct: its size, its flags. */
    opt = allow;
    opt.size = sizeof opt - 1;
    CHECK_STATUS(mnx_sign_opt(BYTES(AMB), BYTES(SECRET), &opt, sig, sizeof sig, &len), MNX_STATUS_INVALID_ARGUMENT);
    opt.size = 0;
    CHECK_STATUS(mnx_verify_opt(out, n, BYTES(SECRET), true, &opt, &order), MNX_STATUS_INVALID_ARGUMENT);
    opt = allow;
    opt.flags = 8; /* the first bit no option has */
    CHECK_STATUS(mnx_sign_body_opt(BYTES(AMB), BYTES(SECRET), &opt, out, sizeof out, &len), MNX_STATUS_INVALID_ARGUMENT);
    /* MNX_ALLOW_UNLISTED_BANK is an option of the payout functions: known
     * here, and without effect (the body is still refused as ambiguous). */
    opt.flags = MNX_ALLOW_UNLISTED_BANK;
    CHECK_STATUS(mnx_sign_body_opt(BYTES(AMB), BYTES(SECRET), &opt, out, sizeof out, &len), MNX_STATUS_AMBIGUOUS);
    opt.flags = 0x80000000u;
    CHECK_STATUS(mnx_sign_opt(BYTES(AMB), BYTES(SECRET), &opt, sig, sizeof sig, &len), MNX_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mnx_sign_opt(BYTES(AMB), BYTES(SECRET), NULL, sig, sizeof sig, &len), MNX_STATUS_NULL_ARGUMENT);
    memset(&bigger, 0, sizeof bigger);
    bigger.base.size = sizeof bigger;
    bigger.base.flags = MNX_ALLOW_AMBIGUOUS;
    CHECK_STATUS(mnx_sign_opt(BYTES(AMB), BYTES(SECRET), &bigger.base, ref, sizeof ref, &len), MNX_STATUS_OK);
    CHECK(memcmp(ref, sig, sizeof sig) == 0);
    bigger.newer = 1; /* an option this version does not know, set: refused */
    CHECK_STATUS(mnx_sign_opt(BYTES(AMB), BYTES(SECRET), &bigger.base, ref, sizeof ref, &len), MNX_STATUS_INVALID_ARGUMENT);
    /* MNX_SECRET_ALLOW_ANY through the options. */
    opt = none;
    CHECK_STATUS(mnx_sign_opt(BYTES(BODY), BYTES("secret "), &opt, sig, sizeof sig, &len), MNX_STATUS_SUSPICIOUS_SECRET);
    opt.flags = MNX_SECRET_ALLOW_ANY;
    CHECK_STATUS(mnx_sign_opt(BYTES(BODY), BYTES("secret "), &opt, sig, sizeof sig, &len), MNX_STATUS_OK);

    /* The explanation. */
    len = UNSET;
    CHECK_STATUS(mnx_ambiguity_explain(BYTES(AMB), NULL, 0, &len), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(len == strlen(WHY));
    memset(out, 0xAA, sizeof out);
    CHECK_STATUS(mnx_ambiguity_explain(BYTES(AMB), out, strlen(WHY) - 1, &len), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(len == strlen(WHY) && all_bytes(out, sizeof out, 0xAA));
    CHECK_STATUS(mnx_ambiguity_explain(BYTES(AMB), out, strlen(WHY), &len), MNX_STATUS_OK);
    CHECK(len == strlen(WHY) && memcmp(out, WHY, len) == 0 && out[len] == 0xAA);
    len = UNSET;
    CHECK_STATUS(mnx_ambiguity_explain(BYTES(BODY), NULL, 0, &len), MNX_STATUS_OK);
    CHECK(len == 0);
    len = UNSET;
    CHECK_STATUS(mnx_ambiguity_explain(BYTES("{\"a\":"), out, sizeof out, &len), MNX_STATUS_MALFORMED_JSON);
    CHECK_STATUS(mnx_ambiguity_explain(NULL, 3, out, sizeof out, &len), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_ambiguity_explain(BYTES(AMB), out, sizeof out, NULL), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_ambiguity_explain(BYTES(AMB), NULL, 5, &len), MNX_STATUS_NULL_ARGUMENT);
    CHECK(len == UNSET);
    /* Keys and numbers. */
    CHECK_STATUS(mnx_ambiguity_explain(BYTES("{\"a:b\":1}"), out, sizeof out, &len), MNX_STATUS_OK);
    CHECK(len == strlen("key \"a:b\": keys must not be empty or contain ';' or ':'") &&
          memcmp(out, "key \"a:b\": keys must not be empty or contain ';' or ':'", len) == 0);
    CHECK_STATUS(mnx_ambiguity_explain(BYTES("{\"n\":9223372036854775808}"), out, sizeof out, &len), MNX_STATUS_OK);
    CHECK(len > 3 && memcmp(out, "n: ", 3) == 0);
}

/* Outputs that overlap the inputs, the signer or each other are refused,
 * before anything is written. */
static void test_overlaps(void) {
    union {
        mnx_signer signer;
        size_t words[80];
        mnx_callback cb;
    } u;
    size_t words[128], body_words[64], len = UNSET;
    uint8_t *w = (uint8_t *)words, signed_body[512], scratch[512];
    size_t n = 0, needed = UNSET;
    mnx_signer signer = {0};
    mnx_callback cb;
    mnx_order order = (mnx_order)-1;
    mnx_options allow = MNX_OPTIONS(MNX_ALLOW_AMBIGUOUS);
    mnx_payment_status_request req = {1234, MNX_STR("p_1")};

    CHECK(sizeof body_words > sizeof BODY);
    memcpy(body_words, BODY, sizeof BODY);

    /* out_len inside the output buffer. */
    memset(words, 0xAA, sizeof words);
    CHECK_STATUS(mnx_canonical(BYTES(BODY), w, sizeof words, &words[3]), MNX_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mnx_sign(BYTES(BODY), BYTES(SECRET), w, sizeof words, &words[1]), MNX_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mnx_sign_body(BYTES(BODY), BYTES(SECRET), w, sizeof words, &words[0]), MNX_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mnx_sign_opt(BYTES(BODY), BYTES(SECRET), &allow, w, sizeof words, &words[10]),
                 MNX_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mnx_ambiguity_explain(BYTES("{\"a:b\":1}"), w, sizeof words, &words[2]),
                 MNX_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mnx_payment_status_request_sign(&req, BYTES(SECRET), w, sizeof words, &words[5], NULL),
                 MNX_STATUS_INVALID_ARGUMENT);
    CHECK(all_bytes(words, sizeof words, 0xAA));

    /* out_len inside the body (the body is left as it was). */
    CHECK_STATUS(mnx_canonical((const uint8_t *)body_words, strlen(BODY), signed_body, sizeof signed_body,
                               &body_words[1]),
                 MNX_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mnx_sign((const uint8_t *)body_words, strlen(BODY), BYTES(SECRET), signed_body, sizeof signed_body,
                          &body_words[2]),
                 MNX_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mnx_sign_body((const uint8_t *)body_words, strlen(BODY), BYTES(SECRET), NULL, 0, &body_words[0]),
                 MNX_STATUS_INVALID_ARGUMENT);
    CHECK(memcmp(body_words, BODY, sizeof BODY) == 0);
    /* ... or inside the secret. */
    {
        size_t secret_words[2];
        memcpy(secret_words, "secret!!", 8);
        CHECK_STATUS(mnx_sign(BYTES(BODY), (const uint8_t *)secret_words, 8, signed_body, sizeof signed_body,
                              &secret_words[0]),
                     MNX_STATUS_INVALID_ARGUMENT);
        CHECK(memcmp(secret_words, "secret!!", 8) == 0);
    }

    /* An output buffer (or out_len) that overlaps the signer; the signer
     * still works afterwards. */
    CHECK_STATUS(mnx_signer_init(&u.signer, BYTES(SECRET), 0), MNX_STATUS_OK);
    CHECK_STATUS(mnx_signer_sign(&u.signer, BYTES(BODY), (uint8_t *)&u.signer + 16, MNX_SIGNATURE_LEN, &len),
                 MNX_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mnx_signer_sign(&u.signer, BYTES(BODY), (uint8_t *)&u.signer + sizeof u.signer - 1, 64, &len),
                 MNX_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mnx_signer_sign_body(&u.signer, BYTES(BODY), (uint8_t *)u.words, sizeof u.words, &len),
                 MNX_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mnx_signer_sign(&u.signer, BYTES(BODY), signed_body, sizeof signed_body, &u.words[7]),
                 MNX_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mnx_payment_status_request_sign_with(&req, &u.signer, (uint8_t *)u.words, sizeof u.words, &len, NULL),
                 MNX_STATUS_INVALID_ARGUMENT);
    CHECK(len == UNSET);
    CHECK_STATUS(mnx_signer_sign_body(&u.signer, BYTES(BODY), signed_body, sizeof signed_body, &n), MNX_STATUS_OK);
    CHECK_STATUS(mnx_signer_verify(&u.signer, signed_body, n, true, (mnx_order *)(void *)&u.words[9]),
                 MNX_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mnx_signer_verify(&u.signer, signed_body, n, true, &order), MNX_STATUS_OK);

    /* The callback reader: its out struct over the body, the scratch or the
     * signer; its scratch over the body; scratch_needed inside the scratch. */
    CHECK_STATUS(mnx_callback_parse_with(&u.signer, signed_body, n, true, scratch, sizeof scratch, &needed, &u.cb),
                 MNX_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mnx_signer_verify(&u.signer, signed_body, n, true, &order), MNX_STATUS_OK); /* intact */
    CHECK_STATUS(mnx_callback_parse(signed_body, n, BYTES(SECRET), true, (uint8_t *)&cb, sizeof cb, &needed, &cb),
                 MNX_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mnx_callback_parse(signed_body, n, BYTES(SECRET), true, signed_body + 8, 64, &needed, &cb),
                 MNX_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mnx_callback_parse(signed_body, n, BYTES(SECRET), true, scratch, sizeof scratch,
                                    (size_t *)(void *)(scratch + 8), &cb),
                 MNX_STATUS_INVALID_ARGUMENT);
    {
        /* The out struct inside the body. */
        union {
            mnx_callback cb;
            uint8_t bytes[sizeof(mnx_callback) + 512];
        } b;
        memcpy(b.bytes, signed_body, n);
        CHECK_STATUS(mnx_callback_parse(b.bytes, n, BYTES(SECRET), true, scratch, sizeof scratch, &needed, &b.cb),
                     MNX_STATUS_INVALID_ARGUMENT);
        CHECK(memcmp(b.bytes, signed_body, n) == 0);
        CHECK_STATUS(mnx_ack_parse(b.bytes, n, NULL, 0, &needed, (mnx_ack *)(void *)&b.cb),
                     MNX_STATUS_INVALID_ARGUMENT);
    }
    CHECK(needed == UNSET);
    /* None of that disturbed a proper call. */
    CHECK_STATUS(mnx_callback_parse(signed_body, n, BYTES(SECRET), true, scratch, sizeof scratch, &needed, &cb),
                 MNX_STATUS_OK);
    mnx_signer_wipe(&u.signer);
    (void)signer;
}

int main(void) {
    test_status_strings();
    test_canonical();
    test_sign();
    test_sign_body_and_verify();
    test_signer();
    test_hostile();
    test_ambiguous();
    test_overlaps();
    return finish("engine_test");
}
