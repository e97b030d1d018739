/*
 * The signer fails closed.
 *
 *  1. Race: one thread signs and verifies with a shared mnx_signer in a
 *     loop while another re-initialises it (two keys, in turn) and wipes it.
 *     No call may ever accept a forged body (a body signed with a third key,
 *     and one with a wrong signature), and every signature it makes must be
 *     one of the two keys' signatures (a half-written, keyless or all-zero
 *     state would give another); a call that overlaps a write returns
 *     MNX_STATUS_SIGNER_UNINITIALIZED. Bounded iterations. Each time the
 *     reader has seen the writer's work (K2's signature or an uninitialised
 *     signer), the writer leaves K1 in place and waits until the reader has
 *     signed once with it: a handshake, so that "the signer still signs
 *     mid-race" does not depend on how threads are scheduled (under valgrind
 *     they run one at a time, and every sign overlaps some write), while the
 *     writer never pauses before the reader has seen its work (on one CPU a
 *     writer that paused on a schedule would finish its writes within its
 *     time slice and hide them).
 *  2. Corruption: an initialised signer with any one byte changed, or with
 *     every byte but its marker overwritten, gives a status (never OK, never
 *     a crash) and writes nothing.
 *  3. The opt-in flag: a signer with MNX_ALLOW_AMBIGUOUS signs and verifies
 *     ambiguous data, one without refuses it; unknown flag bits refused.
 */
#define _POSIX_C_SOURCE 200112L
#include <pthread.h>
#include <sched.h>
#include <stdint.h>

#include "check.h"

/* The reader runs at least MIN_ROUNDS rounds, and on until it has seen the
 * writer's effects (K2's signature or an uninitialised signer) in at least
 * WANT_SEEN rounds, at most MAX_ROUNDS. The writer writes until the reader
 * is done (at most MAX_WRITES). */
#define MIN_ROUNDS 2000
#define MAX_ROUNDS 200000
#define WANT_SEEN 50
#define MAX_WRITES 50000000L

static const char BODY[] = "{\"project_id\":7,\"payment\":{\"id\":\"p_1\",\"status\":\"success\"},"
                           "\"operation\":{\"id\":5,\"status\":\"success\",\"code\":0}}";
static const char K1[] = "secret-one";
static const char K2[] = "secret-two";
static const char K3[] = "secret-three";

static mnx_signer shared;
static uint8_t sig1[MNX_SIGNATURE_LEN], sig2[MNX_SIGNATURE_LEN];
static uint8_t genuine1[512], forged3[512], wrong[512];
static size_t genuine1_len, forged3_len, wrong_len;

static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cond = PTHREAD_COND_INITIALIZER;
static int gate_open = 0;

/* Results of the reader (written by the reader thread only, read after join). */
static long accepted_forgery, foreign_signature, unexpected_status;
static long sign_ok, sign_uninit, sign_k2, verify_ok, verify_uninit, rounds;
static long writes;
static int reader_done = 0;
/* The handshake (under gate_lock): the reader sets effect_seen when it sees
 * the writer's work; the writer then puts K1 in place, sets quiet_wanted and
 * clears effect_seen; the reader signs once, counts, clears quiet_wanted. */
static int effect_seen = 0;
static int quiet_wanted = 0;
static long quiet_rounds, quiet_k1;

static void wait_gate(void) {
    pthread_mutex_lock(&gate_lock);
    while (!gate_open) {
        pthread_cond_wait(&gate_cond, &gate_lock);
    }
    pthread_mutex_unlock(&gate_lock);
}

static void seen_writer(void) {
    pthread_mutex_lock(&gate_lock);
    effect_seen = 1;
    pthread_mutex_unlock(&gate_lock);
}

static void *reader(void *arg) {
    long i;
    (void)arg;
    wait_gate();
    for (i = 0; i < MAX_ROUNDS && (i < MIN_ROUNDS || sign_k2 + sign_uninit < WANT_SEEN || quiet_rounds == 0);
         i++) {
        uint8_t sig[MNX_SIGNATURE_LEN];
        size_t len = 0;
        mnx_order order;
        mnx_status s;

        pthread_mutex_lock(&gate_lock);
        if (quiet_wanted) {
            /* The writer waits with K1 in place: this sign must be K1's. */
            s = mnx_signer_sign(&shared, BYTES(BODY), sig, sizeof sig, &len);
            quiet_rounds++;
            if (s == MNX_STATUS_OK && len == MNX_SIGNATURE_LEN && memcmp(sig, sig1, sizeof sig) == 0) {
                quiet_k1++;
            }
            quiet_wanted = 0;
            pthread_cond_broadcast(&gate_cond);
        }
        pthread_mutex_unlock(&gate_lock);
        if (quiet_rounds == 0 && i >= MIN_ROUNDS) {
            /* Under valgrind threads run one at a time: let the writer
             * reach its first handshake. */
            sched_yield();
        }

        s = mnx_signer_sign(&shared, BYTES(BODY), sig, sizeof sig, &len);
        if (s == MNX_STATUS_OK) {
            sign_ok++;
            if (len == MNX_SIGNATURE_LEN && memcmp(sig, sig2, sizeof sig) == 0) {
                sign_k2++;
                seen_writer();
            } else if (len != MNX_SIGNATURE_LEN || memcmp(sig, sig1, sizeof sig) != 0) {
                foreign_signature++;
            }
        } else if (s == MNX_STATUS_SIGNER_UNINITIALIZED) {
            sign_uninit++;
            seen_writer();
        } else {
            unexpected_status++;
        }

        s = mnx_signer_verify(&shared, forged3, forged3_len, false, &order);
        if (s == MNX_STATUS_OK) {
            accepted_forgery++;
        } else if (s != MNX_STATUS_SIGNATURE_MISMATCH && s != MNX_STATUS_SIGNER_UNINITIALIZED) {
            unexpected_status++;
        }
        s = mnx_signer_verify(&shared, wrong, wrong_len, true, &order);
        if (s == MNX_STATUS_OK) {
            accepted_forgery++;
        } else if (s != MNX_STATUS_SIGNATURE_MISMATCH && s != MNX_STATUS_SIGNER_UNINITIALIZED) {
            unexpected_status++;
        }
        /* The genuine body of K1: OK under K1, a mismatch under K2. */
        s = mnx_signer_verify(&shared, genuine1, genuine1_len, true, &order);
        if (s == MNX_STATUS_OK) {
            verify_ok++;
        } else if (s == MNX_STATUS_SIGNER_UNINITIALIZED) {
            verify_uninit++;
        } else if (s != MNX_STATUS_SIGNATURE_MISMATCH) {
            unexpected_status++;
        }
    }
    rounds = i;
    pthread_mutex_lock(&gate_lock);
    reader_done = 1;
    pthread_cond_broadcast(&gate_cond);
    pthread_mutex_unlock(&gate_lock);
    return NULL;
}

static void *writer(void *arg) {
    long i;
    long bad = 0;
    (void)arg;
    wait_gate();
    for (i = 0; i < MAX_WRITES; i++) {
        int done, quiet;
        pthread_mutex_lock(&gate_lock);
        done = reader_done;
        quiet = effect_seen;
        pthread_mutex_unlock(&gate_lock);
        if (done) {
            break;
        }
        if (quiet) {
            /* The reader has seen this writer's work: K1 in place until the
             * reader has signed with it. */
            bad += mnx_signer_init(&shared, BYTES(K1), 0) != MNX_STATUS_OK;
            pthread_mutex_lock(&gate_lock);
            effect_seen = 0;
            quiet_wanted = 1;
            while (quiet_wanted && !reader_done) {
                pthread_cond_wait(&gate_cond, &gate_lock);
            }
            quiet_wanted = 0;
            pthread_mutex_unlock(&gate_lock);
        }
        switch (i % 3) {
        case 0:
            bad += mnx_signer_init(&shared, BYTES(K1), 0) != MNX_STATUS_OK;
            break;
        case 1:
            bad += mnx_signer_init(&shared, BYTES(K2), 0) != MNX_STATUS_OK;
            break;
        default:
            mnx_signer_wipe(&shared);
            break;
        }
    }
    writes = i;
    /* Leave it initialised with K1. */
    bad += mnx_signer_init(&shared, BYTES(K1), 0) != MNX_STATUS_OK;
    return (void *)(intptr_t)bad;
}

static void test_race(void) {
    pthread_t r, w;
    void *bad = NULL;
    size_t len = 0;
    char *p;

    CHECK_STATUS(mnx_sign(BYTES(BODY), BYTES(K1), sig1, sizeof sig1, &len), MNX_STATUS_OK);
    CHECK_STATUS(mnx_sign(BYTES(BODY), BYTES(K2), sig2, sizeof sig2, &len), MNX_STATUS_OK);
    CHECK(memcmp(sig1, sig2, sizeof sig1) != 0);
    CHECK_STATUS(mnx_sign_body(BYTES(BODY), BYTES(K1), genuine1, sizeof genuine1, &genuine1_len), MNX_STATUS_OK);
    CHECK_STATUS(mnx_sign_body(BYTES(BODY), BYTES(K3), forged3, sizeof forged3, &forged3_len), MNX_STATUS_OK);
    /* A wrong signature: K1's signed body with one base64 character changed. */
    memcpy(wrong, genuine1, genuine1_len);
    wrong_len = genuine1_len;
    p = strstr((char *)wrong, "\"signature\":\"");
    CHECK(p != NULL);
    if (p) {
        p += strlen("\"signature\":\"");
        *p = (char)(*p == 'A' ? 'B' : 'A');
    }
    CHECK_STATUS(mnx_verify(wrong, wrong_len, BYTES(K1), true), MNX_STATUS_SIGNATURE_MISMATCH);
    CHECK_STATUS(mnx_verify(forged3, forged3_len, BYTES(K1), true), MNX_STATUS_SIGNATURE_MISMATCH);
    CHECK_STATUS(mnx_verify(genuine1, genuine1_len, BYTES(K1), true), MNX_STATUS_OK);

    CHECK_STATUS(mnx_signer_init(&shared, BYTES(K1), 0), MNX_STATUS_OK);
    CHECK(pthread_create(&r, NULL, reader, NULL) == 0);
    CHECK(pthread_create(&w, NULL, writer, NULL) == 0);
    pthread_mutex_lock(&gate_lock);
    gate_open = 1;
    pthread_cond_broadcast(&gate_cond);
    pthread_mutex_unlock(&gate_lock);
    CHECK(pthread_join(w, &bad) == 0);
    CHECK(pthread_join(r, NULL) == 0);
    CHECK(bad == NULL); /* every init succeeded */

    printf("race: %ld reader rounds, %ld writes; sign ok %ld (key 2: %ld) / uninitialised %ld, "
           "genuine verify ok %ld / uninitialised %ld; quiet rounds %ld (key 1: %ld)\n",
           rounds, writes, sign_ok, sign_k2, sign_uninit, verify_ok, verify_uninit, quiet_rounds, quiet_k1);
    CHECK(accepted_forgery == 0);
    CHECK(foreign_signature == 0);
    CHECK(unexpected_status == 0);
    CHECK(sign_ok + sign_uninit == rounds);
    /* The race happened: the reader saw the writer's work. */
    CHECK(sign_k2 + sign_uninit >= WANT_SEEN);
    /* Mid-race, with K1 left in place, the signer signs with K1. */
    CHECK(quiet_rounds > 0);
    CHECK(quiet_k1 == quiet_rounds);

    /* After the race: the signer holds K1 and works. */
    CHECK_STATUS(mnx_signer_verify(&shared, genuine1, genuine1_len, true, NULL), MNX_STATUS_NULL_ARGUMENT);
    {
        mnx_order order = (mnx_order)-1;
        CHECK_STATUS(mnx_signer_verify(&shared, genuine1, genuine1_len, true, &order), MNX_STATUS_OK);
        CHECK(order == MNX_ORDER_NATURAL);
    }
    mnx_signer_wipe(&shared);
}

/* The offset of the signer's marker ("mnxsignr"), or -1. */
static long marker_at(const mnx_signer *s) {
    const unsigned char *b = (const unsigned char *)s;
    size_t i;
    for (i = 0; i + 8 <= sizeof *s; i++) {
        if (memcmp(b + i, "mnxsignr", 8) == 0) {
            return (long)i;
        }
    }
    return -1;
}

/* A corrupted signer: a status that is not OK, and nothing written. */
static void check_refused(const mnx_signer *s, const char *what, size_t at) {
    uint8_t sig[MNX_SIGNATURE_LEN];
    size_t len = 0xDEADBEEF;
    mnx_order order = (mnx_order)-1;
    mnx_status a, b;
    memset(sig, 0xAA, sizeof sig);
    a = mnx_signer_sign(s, BYTES(BODY), sig, sizeof sig, &len);
    b = mnx_signer_verify(s, genuine1, genuine1_len, true, &order);
    if (!((a == MNX_STATUS_INVALID_ARGUMENT || a == MNX_STATUS_SIGNER_UNINITIALIZED) &&
          (b == MNX_STATUS_INVALID_ARGUMENT || b == MNX_STATUS_SIGNER_UNINITIALIZED) &&
          all_bytes(sig, sizeof sig, 0xAA) && len == 0xDEADBEEF && order == (mnx_order)-1)) {
        fprintf(stderr, "corrupted signer (%s, byte %lu): sign %d, verify %d\n", what, (unsigned long)at, (int)a,
                (int)b);
        failures++;
    }
    checks++;
}

static void test_corruption(void) {
    mnx_signer good = {0}, bad;
    long at;
    size_t i;
    unsigned seed = 12345u;
    int round;

    CHECK_STATUS(mnx_signer_init(&good, BYTES(K1), 0), MNX_STATUS_OK);
    at = marker_at(&good);
    CHECK(at >= 0);
    /* A plain copy works. */
    memcpy(&bad, &good, sizeof bad);
    CHECK_STATUS(mnx_signer_verify(&bad, genuine1, genuine1_len, true, NULL), MNX_STATUS_NULL_ARGUMENT);
    {
        mnx_order order;
        CHECK_STATUS(mnx_signer_verify(&bad, genuine1, genuine1_len, true, &order), MNX_STATUS_OK);
    }
    /* Any one byte changed, two ways. */
    for (i = 0; i < sizeof good; i++) {
        memcpy(&bad, &good, sizeof bad);
        ((unsigned char *)&bad)[i] ^= 0x01;
        check_refused(&bad, "low bit", i);
        memcpy(&bad, &good, sizeof bad);
        ((unsigned char *)&bad)[i] ^= 0xFF;
        check_refused(&bad, "all bits", i);
    }
    /* Everything but the marker overwritten: 0x00, 0xFF, pseudo-random bytes. */
    for (round = 0; round < 66 && at >= 0; round++) {
        unsigned char *b = (unsigned char *)&bad;
        for (i = 0; i < sizeof bad; i++) {
            seed = seed * 1103515245u + 12345u;
            b[i] = round == 0 ? 0x00 : round == 1 ? 0xFF : (unsigned char)(seed >> 16);
        }
        memcpy(b + at, "mnxsignr", 8);
        check_refused(&bad, round == 0 ? "zeros + marker" : round == 1 ? "0xFF + marker" : "random + marker",
                      (size_t)round);
    }
    /* The original is intact and still works. */
    {
        mnx_order order;
        CHECK_STATUS(mnx_signer_verify(&good, genuine1, genuine1_len, true, &order), MNX_STATUS_OK);
    }
    mnx_signer_wipe(&good);
}

static void test_flags(void) {
    static const char AMB[] = "{\"general\":{\"project_id\":1,\"payment_id\":\"p;x:y\"}}";
    mnx_signer s = {0};
    uint8_t sig[MNX_SIGNATURE_LEN], ref[MNX_SIGNATURE_LEN], body[256];
    size_t len = 0xDEADBEEF, n = 0;
    mnx_order order = (mnx_order)-1;
    mnx_options allow = MNX_OPTIONS(MNX_ALLOW_AMBIGUOUS);

    CHECK(MNX_SECRET_ALLOW_ANY == 1 && MNX_ALLOW_AMBIGUOUS == 2);
    CHECK_STATUS(mnx_signer_init(&s, BYTES(K1), 4), MNX_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mnx_signer_init(&s, BYTES(K1), 0x80000000u), MNX_STATUS_INVALID_ARGUMENT);
    CHECK(all_bytes(&s, sizeof s, 0));

    /* Default: refused, nothing written (not even out_len). */
    CHECK_STATUS(mnx_signer_init(&s, BYTES(K1), 0), MNX_STATUS_OK);
    memset(sig, 0xAA, sizeof sig);
    CHECK_STATUS(mnx_signer_sign(&s, BYTES(AMB), sig, sizeof sig, &len), MNX_STATUS_AMBIGUOUS);
    CHECK(len == 0xDEADBEEF && all_bytes(sig, sizeof sig, 0xAA));
    CHECK_STATUS(mnx_signer_sign_body(&s, BYTES(AMB), NULL, 0, &len), MNX_STATUS_AMBIGUOUS);
    CHECK(len == 0xDEADBEEF);

    /* Opt-in: signs; the signature is mnx_sign_opt's; verification of the
     * signed copy needs the opt-in too. */
    CHECK_STATUS(mnx_signer_init(&s, BYTES(K1), MNX_ALLOW_AMBIGUOUS), MNX_STATUS_OK);
    CHECK_STATUS(mnx_signer_sign(&s, BYTES(AMB), sig, sizeof sig, &len), MNX_STATUS_OK);
    CHECK_STATUS(mnx_sign_opt(BYTES(AMB), BYTES(K1), &allow, ref, sizeof ref, &len), MNX_STATUS_OK);
    CHECK(memcmp(sig, ref, sizeof sig) == 0);
    CHECK_STATUS(mnx_signer_sign_body(&s, BYTES(AMB), body, sizeof body, &n), MNX_STATUS_OK);
    CHECK_STATUS(mnx_signer_verify(&s, body, n, true, &order), MNX_STATUS_OK);
    CHECK(order == MNX_ORDER_NATURAL);
    CHECK_STATUS(mnx_verify(body, n, BYTES(K1), true), MNX_STATUS_AMBIGUOUS);
    CHECK_STATUS(mnx_verify_opt(body, n, BYTES(K1), true, &allow, &order), MNX_STATUS_OK);

    /* Both flags together: an unusual secret and ambiguous data. */
    CHECK_STATUS(mnx_signer_init(&s, BYTES("secret "), MNX_SECRET_ALLOW_ANY | MNX_ALLOW_AMBIGUOUS), MNX_STATUS_OK);
    CHECK_STATUS(mnx_signer_sign(&s, BYTES(AMB), sig, sizeof sig, &len), MNX_STATUS_OK);
    mnx_signer_wipe(&s);
}

int main(void) {
    test_race();
    test_corruption();
    test_flags();
    return finish("signer_test");
}
