// The header compiled as C++ (extern "C", typed enums): one translation unit
// that includes it and calls the library.
#include <cstdio>
#include <cstring>

#include "monetix_gate.h"

int main() {
    static const char body[] = "{\"general\":{\"project_id\":1}}";
    static const char secret[] = "secret";
    uint8_t sig[MNX_SIGNATURE_LEN];
    size_t len = 0;
    mnx_status s = mnx_sign(reinterpret_cast<const uint8_t *>(body), std::strlen(body),
                            reinterpret_cast<const uint8_t *>(secret), std::strlen(secret),
                            sig, sizeof sig, &len);
    if (s != MNX_STATUS_OK || len != MNX_SIGNATURE_LEN) {
        std::fprintf(stderr, "cpp_smoke: %s\n", mnx_status_str(s));
        return 1;
    }
    mnx_str lit = MNX_STR("literal");
    mnx_signer signer = {};
    static_assert(sizeof(mnx_signer) == MNX_SIGNER_SIZE, "mnx_signer size");
    static_assert(alignof(mnx_signer) == MNX_SIGNER_ALIGN, "mnx_signer alignment");
    if (lit.len != 7 || mnx_signer_sign(&signer, sig, 0, nullptr, 0, &len) != MNX_STATUS_SIGNER_UNINITIALIZED) {
        std::fprintf(stderr, "cpp_smoke: unexpected\n");
        return 1;
    }
    // The options struct and the opt-in from C++.
    mnx_options opt = MNX_OPTIONS(MNX_ALLOW_AMBIGUOUS);
    static const char amb[] = "{\"a\":\"x;y:z\"}";
    uint8_t sig2[MNX_SIGNATURE_LEN];
    size_t len2 = 0;
    if (mnx_sign(reinterpret_cast<const uint8_t *>(amb), std::strlen(amb), reinterpret_cast<const uint8_t *>(secret),
                 std::strlen(secret), sig2, sizeof sig2, &len2) != MNX_STATUS_AMBIGUOUS ||
        mnx_sign_opt(reinterpret_cast<const uint8_t *>(amb), std::strlen(amb), reinterpret_cast<const uint8_t *>(secret),
                     std::strlen(secret), &opt, sig2, sizeof sig2, &len2) != MNX_STATUS_OK) {
        std::fprintf(stderr, "cpp_smoke: the ambiguity opt-in\n");
        return 1;
    }
    std::printf("cpp_smoke: %.*s (library %s)\n", static_cast<int>(len), reinterpret_cast<const char *>(sig),
                mnx_version());
    return 0;
}
