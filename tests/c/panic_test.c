/*
 * Proves from C that a panic inside the library comes back as
 * MNX_STATUS_PANIC instead of unwinding into C (or aborting the process),
 * and that the output buffer is zeroed.
 *
 * Needs the library built with the `test-panic` cargo feature, which adds
 * the hidden export below (it is not in the header and never in a shipped
 * build): scripts/c-tests.sh builds that variant in its own target dir.
 */
#include "check.h"

mnx_status mnx__test_panic(uint8_t *out, size_t out_cap);

int main(void) {
    uint8_t buf[32];
    memset(buf, 0x55, sizeof buf);
    CHECK_STATUS(mnx__test_panic(buf, sizeof buf), MNX_STATUS_PANIC);
    CHECK(all_bytes(buf, sizeof buf, 0));
    CHECK_STATUS(mnx__test_panic(NULL, 0), MNX_STATUS_PANIC);
    /* The library still works after a caught panic. */
    CHECK(strcmp(mnx_status_str(MNX_STATUS_PANIC), "internal error: the library panicked (please report)") == 0);
    return finish("panic_test");
}
