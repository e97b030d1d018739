/*
 * Secrets hygiene probe: does keying an HMAC leave the key
 * on the stack after the library returns?
 *
 * Each probe calls one entry point with a recognisable 34-byte secret in a
 * function of its own, returns, and then scans the stack area those calls
 * used (a large array in a sibling frame, so it covers the same addresses)
 * for the secret, secret XOR 0x36 (the HMAC inner pad) and secret XOR 0x5C
 * (the outer pad): any of the three gives the key back.
 *
 * This reads memory the program never wrote (indeterminate values), which is
 * why it is a separate program built without sanitizers, and why a clean
 * result proves little (a later call may just have overwritten the bytes);
 * a hit, though, is a real copy of the key left behind.
 *
 * Since signer calls copy the signer's keyed state to the stack (to check it
 * before use, see ffi-c/src/engine.rs, load_signer), a second kind of probe
 * signs and verifies with a signer kept in static memory and scans the
 * stack for any 16-byte piece of that signer's state (pieces that look
 * random: at least 12 distinct byte values, so zeros and padding do not
 * count): the HMAC states are key material too.
 *
 * Exit status: 0 when nothing is found; 3 when a copy is found
 * (scripts/hostile.sh fails then). Since ffi-c overwrites the stack a call
 * used before returning (ffi-c/src/boundary.rs, burn_stack: each entry
 * point its own measured need and a margin), none is found.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "monetix_gate.h"

#if defined(__GNUC__) || defined(__clang__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

static const char SECRET[] = "Zq8#hostile-probe-key-0123456789ab";
#define SECRET_LEN (sizeof SECRET - 1)
static const uint8_t BODY[] = "{\"a\":1,\"signature\":\"AAAA\"}";
#define BODY_LEN (sizeof BODY - 1)

static NOINLINE void probe_sign(void) {
    uint8_t out[MNX_SIGNATURE_LEN];
    size_t len;
    (void)mnx_sign(BODY, BODY_LEN, (const uint8_t *)SECRET, SECRET_LEN, out, sizeof out, &len);
}

static NOINLINE void probe_verify(void) {
    (void)mnx_verify(BODY, BODY_LEN, (const uint8_t *)SECRET, SECRET_LEN, false);
}

static NOINLINE void probe_signer(void) {
    mnx_signer s;
    memset(&s, 0, sizeof s);
    (void)mnx_signer_init(&s, (const uint8_t *)SECRET, SECRET_LEN, 0);
    mnx_signer_wipe(&s);
}

static NOINLINE void probe_payout_status(void) {
    mnx_payment_status_request r = {1234, MNX_STR("payment_47")};
    uint8_t out[MNX_MAX_PAYMENT_STATUS_REQUEST_LEN];
    size_t len;
    (void)mnx_payment_status_request_sign(&r, (const uint8_t *)SECRET, SECRET_LEN, out, sizeof out, &len, NULL);
}

static NOINLINE void probe_sign_json(void) {
    static const char FIELDS[] = "{\"general\":{\"project_id\":1234,\"payment_id\":\"payment\\u005f47\"}}";
    static const mnx_options OPTS = MNX_OPTIONS(0);
    static mnx_violation_list v;
    uint8_t out[MNX_MAX_PAYMENT_STATUS_REQUEST_LEN], scratch[32];
    size_t len, needed;
    (void)mnx_payment_status_request_sign_json((const uint8_t *)FIELDS, sizeof FIELDS - 1, (const uint8_t *)SECRET,
                                               SECRET_LEN, &OPTS, scratch, sizeof scratch, &needed, out, sizeof out,
                                               &len, &v);
}

static NOINLINE void probe_sign_as_platform(void) {
    uint8_t out[256];
    size_t len;
    (void)mnx_sign_as_platform(BODY, BODY_LEN, (const uint8_t *)SECRET, SECRET_LEN, out, sizeof out, &len);
}

static NOINLINE void probe_reconcile(void) {
    static const mnx_expected E = {1, MNX_STR("p"), 1, MNX_STR("KHR"), 0, {NULL, 0}};
    static mnx_mismatch_list m;
    size_t needed;
    (void)mnx_callback_reconcile(BODY, BODY_LEN, (const uint8_t *)SECRET, SECRET_LEN, false, &E, NULL, 0, &needed,
                                 &m);
}

static mnx_signer STATIC_SIGNER;

static NOINLINE void probe_signer_init(void) {
    (void)mnx_signer_init(&STATIC_SIGNER, (const uint8_t *)SECRET, SECRET_LEN, 0);
}

static NOINLINE void probe_signer_use(void) {
    uint8_t out[512];
    size_t len;
    mnx_order order;
    (void)mnx_signer_sign(&STATIC_SIGNER, BODY, BODY_LEN, out, sizeof out, &len);
    (void)mnx_signer_sign_body(&STATIC_SIGNER, BODY, BODY_LEN, out, sizeof out, &len);
    (void)mnx_signer_verify(&STATIC_SIGNER, out, len, false, &order);
}

static NOINLINE void probe_signer_reader(void) {
    static const uint8_t CB[] = "{\"payment\":{\"status\":\"success\"},\"signature\":\"AAAA\"}";
    mnx_callback cb;
    size_t needed;
    (void)mnx_callback_parse_with(&STATIC_SIGNER, CB, sizeof CB - 1, false, NULL, 0, &needed, &cb);
}

/* Counts the random-looking 16-byte pieces of STATIC_SIGNER found in `mem`. */
static NOINLINE int count_state(unsigned char *mem, size_t n, const char *what) {
    const unsigned char *sig = (const unsigned char *)&STATIC_SIGNER;
    size_t off, i, hits = 0, pieces = 0;
    for (off = 0; off + 16 <= sizeof STATIC_SIGNER; off += 16) {
        unsigned char seen[256];
        int distinct = 0;
        memset(seen, 0, sizeof seen);
        for (i = 0; i < 16; i++) {
            if (!seen[sig[off + i]]++) distinct++;
        }
        if (distinct < 12) continue;
        pieces++;
        for (i = 0; i + 16 <= n; i++) {
            if (memcmp(mem + i, sig + off, 16) == 0) hits++;
        }
    }
    printf("  %-36s %lu copies of %lu state pieces\n", what, (unsigned long)hits, (unsigned long)pieces);
    return pieces == 0 ? 1 : (int)hits; /* no piece to look for would prove nothing */
}

static NOINLINE int scan_state(const char *what) {
    unsigned char stack[128 * 1024];
    return count_state(stack, sizeof stack, what);
}

/* Counts copies of the secret, secret^0x36 and secret^0x5C in `mem`. (The
 * pointer is not const, so the compiler cannot tell the bytes were never
 * written by this program.) */
static NOINLINE int count(unsigned char *mem, size_t n, const char *what) {
    unsigned char pat[3][SECRET_LEN];
    size_t hits[3] = {0, 0, 0}, i, j;
    int k;
    for (j = 0; j < SECRET_LEN; j++) {
        pat[0][j] = (unsigned char)SECRET[j];
        pat[1][j] = (unsigned char)(SECRET[j] ^ 0x36);
        pat[2][j] = (unsigned char)(SECRET[j] ^ 0x5C);
    }
    for (i = 0; i + SECRET_LEN <= n; i++) {
        for (k = 0; k < 3; k++) {
            for (j = 0; j < SECRET_LEN && mem[i + j] == pat[k][j]; j++) {
            }
            if (j == SECRET_LEN) hits[k]++;
        }
    }
    printf("  %-36s key %lu, key^ipad %lu, key^opad %lu\n", what, (unsigned long)hits[0],
           (unsigned long)hits[1], (unsigned long)hits[2]);
    return (int)(hits[0] + hits[1] + hits[2]);
}

/* Scans a fresh frame covering the addresses the probe's frames used. */
static NOINLINE int scan(const char *what) {
    unsigned char stack[128 * 1024];
    return count(stack, sizeof stack, what);
}

/* Overwrites the area scan() looks at, so each probe starts clean. */
static NOINLINE void clear(void) {
    volatile unsigned char stack[128 * 1024];
    size_t i;
    for (i = 0; i < sizeof stack; i++) stack[i] = 0;
}

int main(void) {
    int found = 0;
    printf("stack residue of the HMAC key after each call returns:\n");
    clear();
    probe_sign();
    found += scan("mnx_sign") > 0;
    clear();
    probe_verify();
    found += scan("mnx_verify") > 0;
    clear();
    probe_signer();
    found += scan("mnx_signer_init + mnx_signer_wipe") > 0;
    clear();
    probe_payout_status();
    found += scan("mnx_payment_status_request_sign") > 0;
    clear();
    probe_sign_json();
    found += scan("mnx_payment_status_request_sign_json") > 0;
    clear();
    probe_sign_as_platform();
    found += scan("mnx_sign_as_platform") > 0;
    clear();
    probe_reconcile();
    found += scan("mnx_callback_reconcile") > 0;
    printf("stack residue of a signer's keyed state after each call returns:\n");
    clear();
    probe_signer_init();
    found += scan_state("mnx_signer_init") > 0;
    clear();
    probe_signer_use();
    found += scan_state("mnx_signer_sign/sign_body/verify") > 0;
    clear();
    probe_signer_reader();
    found += scan_state("mnx_callback_parse_with") > 0;
    mnx_signer_wipe(&STATIC_SIGNER);
    if (found) {
        printf("key material left on the stack by %d of 10 probes\n", found);
        return 3;
    }
    printf("no key material found\n");
    return 0;
}
