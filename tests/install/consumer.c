/*
 * A consumer of an installed libmonetix_gate (scripts/install-c.sh PREFIX):
 * built by tests/install/run.sh through CMake (find_package) and through
 * pkg-config, each linked statically and against the shared library.
 *
 * Signs the seed Banks of Cambodia payout request with the secret "secret",
 * checks the signature against the one every interface of this repository
 * gives for it, verifies the signed body, and prints the library version.
 * Exits 0 only if all of that holds.
 */
#include <stdio.h>
#include <string.h>

#include <monetix_gate.h>

#define SEED_CAMBODIA_SIG "rjzKXvew/QBk8Ja8TzamTnJXMmECh9RvDzZqFI4s5CCZoHYd+yoUsXYOyG7uP+hXZSP+QHdutyagJZ7nQfxMlQ=="

static const uint8_t SECRET[] = "secret";
#define SECRET_LEN (sizeof SECRET - 1)

int main(void) {
    mnx_cambodia_payout payout = {
        {1234, MNX_STR("payment_47"), {NULL, 0}},
        {MNX_STR("customer_1234"), MNX_STR("198.51.100.47"), MNX_STR("johndoe@example.com"), MNX_STR("123456789")},
        {MNX_STR("1234567890"), 61021, MNX_STR("Banteay Meanchey Branch"), MNX_STR("Serei Saophoan"),
         MNX_STR("Banteay Meanchey"), MNX_STR("John Doe")},
        {MNX_STR("KHR"), 5000000, {NULL, 0}},
        NULL, 0, /* no extra parameters */
        0,       /* flags */
    };
    uint8_t body[MNX_MAX_CAMBODIA_PAYOUT_LEN_WITHOUT_EXTRAS + 1]; /* + a NUL for strstr */
    size_t body_len = 0;
    mnx_field field = MNX_FIELD_NONE;
    const char *sig;
    const char *key = "\"signature\":\"";
    mnx_status status;

    status = mnx_cambodia_payout_sign(&payout, SECRET, SECRET_LEN, body, sizeof body - 1, &body_len, &field);
    if (status != MNX_STATUS_OK) {
        fprintf(stderr, "sign: %s (%d)\n", mnx_status_str(status), (int)status);
        return 1;
    }
    if (body_len >= sizeof body) {
        fprintf(stderr, "body too long\n");
        return 1;
    }
    body[body_len] = 0;
    sig = strstr((const char *)body, key);
    if (sig == NULL || strncmp(sig + strlen(key), SEED_CAMBODIA_SIG, MNX_SIGNATURE_LEN) != 0 ||
        sig[strlen(key) + MNX_SIGNATURE_LEN] != '"') {
        fprintf(stderr, "unexpected signature in %s\n", (const char *)body);
        return 1;
    }
    status = mnx_verify(body, body_len, SECRET, SECRET_LEN, true);
    if (status != MNX_STATUS_OK) {
        fprintf(stderr, "verify: %s (%d)\n", mnx_status_str(status), (int)status);
        return 1;
    }
    printf("libmonetix_gate %s: seed Cambodia payout signed %s, verified\n", mnx_version(), SEED_CAMBODIA_SIG);
    return 0;
}
