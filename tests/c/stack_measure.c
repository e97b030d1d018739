/*
 * Measures the stack every entry point of the C API uses, with a painted
 * stack (as core/tests/stack.rs does): a function fills a large local array
 * with 0xA5 and returns; the entry point then runs from the same stack
 * depth, and the deepest byte it changed is found by reading the painted
 * region back through /proc/self/mem (under qemu-user, where that file
 * does not show the guest's addresses, directly: see main). Each entry
 * point runs with inputs
 * that take its deepest paths (the value and depth limits, escapes, extras,
 * every violation, tolerant verification of a mismatch, ...).
 *
 * Prints one line per entry point: "<name> <bytes used> <wipe bytes>".
 * Built against a library with the `measure-stack` cargo feature
 * (-DMEASURE_BUILD), the bytes are the call's own need (that library does
 * not overwrite the stack after a call) and the wipe is the size the call
 * asked for (mnx__stack_wipe_take); against the shipped library, the bytes
 * include the wipe, and the wipe column is "-". scripts/c-tests.sh runs
 * both and tests/c/stack_check.py checks that each wipe covers its call and
 * that each figure in the header ("Stack (x86_64): N KiB") holds;
 * scripts/arm-tests.sh does the same on armv7 and aarch64 under qemu-user.
 *
 * No sanitizers (they change frames and read the stack differently); Linux.
 */
#define _XOPEN_SOURCE 700
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "monetix_gate.h"

#if defined(__GNUC__) || defined(__clang__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

#ifdef MEASURE_BUILD
size_t mnx__stack_wipe_take(void);
#endif

/* Painted bytes below the measuring frame: far more than any call uses. */
#define PAINT (256 * 1024)
#define MARK 0xA5

static int failures = 0;

#define MUST(expr, want)                                                                       \
    do {                                                                                       \
        mnx_status got_ = (expr);                                                              \
        if (got_ != (want)) {                                                                  \
            fprintf(stderr, "stack_measure: %s:%d: %s gave %d, want %d\n", __FILE__, __LINE__, \
                    #expr, (int)got_, (int)(want));                                            \
            failures++;                                                                        \
        }                                                                                      \
    } while (0)

#define BYTES(s) (const uint8_t *)(s), strlen(s)

static const char S[] = "secret";
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

/* Inputs and outputs live in static memory, so that only the library's
 * frames are on the measured stack. */
static char deep[32768];      /* many values, the deepest nesting, escapes */
static uint8_t signed_deep[40000];
static size_t signed_deep_len;
static uint8_t platform_deep[40000];
static size_t platform_deep_len;
static char fields[8192];     /* a Cambodia payout with every extra */
static char bad_fields[8192]; /* a payout with violations everywhere */
static uint8_t out[65536];
static uint8_t scratch[65536];
static size_t len, needed;
static mnx_signer signer, init_signer;
static mnx_callback cb;
static mnx_ack ack;
static mnx_payment_status_response resp;
static mnx_violation violations[MNX_MAX_VIOLATIONS];
static mnx_violation_list vlist;
static mnx_mismatch_list mlist;
static mnx_bank banks[256];
static mnx_bank bank;
static mnx_order order;
static mnx_field field;
static int64_t minor;
static uint8_t digits;
static mnx_extra extras[MNX_MAX_EXTRAS];
static mnx_cambodia_payout kh;
static mnx_colombia_payout co;
static mnx_payment_status_request st;
static const mnx_options ALLOW = MNX_OPTIONS(MNX_ALLOW_AMBIGUOUS | MNX_ALLOW_UNLISTED_BANK);
static const mnx_options DEFAULTS = MNX_OPTIONS(0);
static const mnx_expected EXPECTED = {1234, MNX_STR("payment_47"), 5000000, MNX_STR("KHR"), 5000000, MNX_STR("KHR")};

static void setup(void) {
    size_t at = 0, i;
    /* 16 levels of nesting, operations for the status response, and string
     * members with escapes up to about 500 values in all. */
    at += (size_t)sprintf(deep + at,
                          "{\"project_id\":1234,\"payment\":{\"id\":\"payment\\u005f47\",\"status\":\"success\","
                          "\"sum\":{\"amount\":5000000,\"currency\":\"KHR\"}},"
                          "\"operations\":[{\"id\":1,\"status\":\"success\",\"code\":0,"
                          "\"sum_initial\":{\"amount\":5000000,\"currency\":\"KHR\"}}],"
                          "\"errors\":[{\"code\":1,\"message\":\"m\\/1\"},{\"code\":\"2\",\"description\":\"d\"}],"
                          "\"n\":");
    for (i = 0; i < 13; i++) at += (size_t)sprintf(deep + at, "{\"n%lu\":", (unsigned long)i);
    at += (size_t)sprintf(deep + at, "\"x\\/y\"");
    for (i = 0; i < 13; i++) at += (size_t)sprintf(deep + at, "}");
    for (i = 0; i < 260; i++) {
        at += (size_t)sprintf(deep + at, ",\"k%lu\":%s", (unsigned long)i,
                              i % 3 == 0 ? "\"v\\/\\u00e9\"" : i % 3 == 1 ? "12345.5e3" : "[1,\"a\"]");
    }
    sprintf(deep + at, "}");
    MUST(mnx_sign_body(BYTES(deep), BYTES(S), signed_deep, sizeof signed_deep, &signed_deep_len), MNX_STATUS_OK);
    MUST(mnx_sign_as_platform(BYTES(deep), BYTES(S), platform_deep, sizeof platform_deep, &platform_deep_len),
         MNX_STATUS_OK);
    MUST(mnx_signer_init(&signer, BYTES(S), MNX_ALLOW_AMBIGUOUS), MNX_STATUS_OK);

    /* Payouts with every extra parameter. */
    for (i = 0; i < MNX_MAX_EXTRAS; i++) {
        static char paths[MNX_MAX_EXTRAS][32];
        sprintf(paths[i], "customer.extra%lu.deep.x", (unsigned long)i);
        extras[i].path.ptr = paths[i];
        extras[i].path.len = strlen(paths[i]);
        extras[i].kind = MNX_EXTRA_KIND_STR;
        extras[i].str_value.ptr = "a \"quoted\" value";
        extras[i].str_value.len = strlen("a \"quoted\" value");
    }
    {
        mnx_cambodia_payout p = {
            {1234, MNX_STR("payment_47"), MNX_STR("https://example.com/callback")},
            {MNX_STR("customer_1234"), MNX_STR("2001:db8::1"), MNX_STR("johndoe@example.com"), MNX_STR("123456789")},
            {MNX_STR("1234567890"), 61021, MNX_STR("B"), MNX_STR("C"), MNX_STR("P"), MNX_STR("John Doe")},
            {MNX_STR("KHR"), 5000000, MNX_STR("d")},
            extras,
            MNX_MAX_EXTRAS,
            0,
        };
        mnx_colombia_payout q = {
            {1234, MNX_STR("payment_47"), {NULL, 0}},
            {MNX_STR("customer_123"), MNX_STR("198.51.100.47"), MNX_STR("John"), MNX_STR("Doe"),
             MNX_STR("johndoe@example.com"), MNX_STR("1234567890"), {MNX_STR("1234567"), MNX_STR("CC")}},
            {MNX_STR("1234567890"), MNX_STR("CACC"), 12345},
            {MNX_STR("COP"), 10000, {NULL, 0}},
            extras,
            MNX_MAX_EXTRAS,
            MNX_PAYOUT_ALLOW_UNLISTED_BANK,
        };
        mnx_payment_status_request r = {1234, MNX_STR("payment_47")};
        kh = p;
        co = q;
        st = r;
    }

    /* JSON fields: every extra, escapes; and fields with violations everywhere. */
    at = (size_t)sprintf(fields,
                         "{\"general\":{\"project_id\":1234,\"payment_id\":\"payment\\u005f47\","
                         "\"merchant_callback_url\":\"https://example.com/cb\"},"
                         "\"customer\":{\"id\":\"customer_1234\",\"ip_address\":\"2001:db8::1\","
                         "\"email\":\"johndoe@example.com\",\"phone\":\"123456789\"},"
                         "\"account\":{\"number\":\"1234567890\",\"bank_id\":61021,\"branch\":\"B\\/1\","
                         "\"city\":\"C\",\"province\":\"P\",\"customer_name\":\"John Doe\"},"
                         "\"payment\":{\"currency\":\"KHR\",\"amount\":5000000,\"description\":\"d\"},"
                         "\"extras\":{");
    for (i = 0; i < MNX_MAX_EXTRAS; i++) {
        at += (size_t)sprintf(fields + at, "%s\"customer.extra%lu.deep.x\":\"a \\\"quoted\\\" value\"",
                              i ? "," : "", (unsigned long)i);
    }
    sprintf(fields + at, "}}");
    at = (size_t)sprintf(bad_fields,
                         "{\"general\":{\"project_id\":\"1\",\"paymnet_id\":1},"
                         "\"customer\":{\"id\":\"\",\"ip_adress\":\"x\",\"email\":\"@\",\"phone\":\"+1\"},"
                         "\"account\":{\"number\":\"\",\"bank_id\":99,\"brnch\":\"\"},"
                         "\"payment\":{\"currency\":\"COPPER-COLOURED-CURRENCY\",\"amount\":-1},"
                         "\"custmer\":{},\"extras\":{");
    for (i = 0; i < 20; i++) {
        at += (size_t)sprintf(bad_fields + at, "%s\"customer.x%lu..y\":[1]", i ? "," : "", (unsigned long)i);
    }
    sprintf(bad_fields + at, "}}");
}

/* ---- one function per entry point ------------------------------------------ */

static void op_version(void) { (void)mnx_version(); }
static void op_status_str(void) { (void)mnx_status_str(MNX_STATUS_UNSIGNED_ELEMENT); }
static void op_status_is_calling_error(void) { (void)mnx_status_is_calling_error(101); }
static void op_status_is_validation(void) { (void)mnx_status_is_validation(200); }
static void op_status_is_signature(void) { (void)mnx_status_is_signature(300); }
static void op_status_is_parse(void) { (void)mnx_status_is_parse(400); }
static void op_field_path(void) { (void)mnx_field_path(MNX_FIELD_PAYMENT_DESCRIPTION); }
static void op_reason_str(void) { (void)mnx_reason_str(MNX_REASON_MORE); }

static void op_canonical(void) {
    MUST(mnx_canonical(signed_deep, signed_deep_len, out, sizeof out, &len), MNX_STATUS_OK);
}
static void op_sign(void) { MUST(mnx_sign(BYTES(deep), BYTES(S), out, sizeof out, &len), MNX_STATUS_OK); }
static void op_sign_opt(void) { MUST(mnx_sign_opt(BYTES(deep), BYTES(S), &ALLOW, out, sizeof out, &len), MNX_STATUS_OK); }
static void op_sign_body(void) {
    MUST(mnx_sign_body(BYTES(deep), BYTES(S), out, sizeof out, &len), MNX_STATUS_OK);
    MUST(mnx_sign_body(signed_deep, signed_deep_len, BYTES(S), out, sizeof out, &len), MNX_STATUS_OK);
}
static void op_sign_body_opt(void) {
    MUST(mnx_sign_body_opt(BYTES(deep), BYTES(S), &ALLOW, out, sizeof out, &len), MNX_STATUS_OK);
}
static void op_sign_as_platform(void) {
    MUST(mnx_sign_as_platform(BYTES(deep), BYTES(S), out, sizeof out, &len), MNX_STATUS_OK);
    MUST(mnx_sign_as_platform(platform_deep, platform_deep_len, BYTES(S), out, sizeof out, &len), MNX_STATUS_OK);
}
/* Tolerant verification of a wrong signature tries every order: the deepest. */
static void op_verify(void) {
    MUST(mnx_verify(signed_deep, signed_deep_len, BYTES(S), true), MNX_STATUS_OK);
    MUST(mnx_verify(signed_deep, signed_deep_len, BYTES("wrong"), false), MNX_STATUS_SIGNATURE_MISMATCH);
}
static void op_verify_ex(void) {
    MUST(mnx_verify_ex(platform_deep, platform_deep_len, BYTES(S), false, &order), MNX_STATUS_OK);
    MUST(mnx_verify_ex(signed_deep, signed_deep_len, BYTES("wrong"), false, &order), MNX_STATUS_SIGNATURE_MISMATCH);
}
static void op_verify_opt(void) {
    MUST(mnx_verify_opt(signed_deep, signed_deep_len, BYTES("wrong"), false, &ALLOW, &order),
         MNX_STATUS_SIGNATURE_MISMATCH);
}
static void op_ambiguity_explain(void) {
    MUST(mnx_ambiguity_explain(BYTES(deep), out, sizeof out, &len), MNX_STATUS_OK);
    MUST(mnx_ambiguity_explain(BYTES("{\"a\":{\"b\":[{\"c\":\"x;y:z\"}]}}"), out, sizeof out, &len), MNX_STATUS_OK);
}
static void op_json_explain(void) {
    MUST(mnx_json_explain(BYTES(deep), out, sizeof out, &len), MNX_STATUS_OK);
    MUST(mnx_json_explain(BYTES("{\"a\":[1,2,{\"b\":1,\"b\":2}]}"), out, sizeof out, &len), MNX_STATUS_OK);
}
static void op_signer_init(void) { MUST(mnx_signer_init(&init_signer, BYTES(S), 0), MNX_STATUS_OK); }
static void op_signer_wipe(void) { mnx_signer_wipe(&init_signer); }
static void op_signer_sign(void) {
    MUST(mnx_signer_sign(&signer, BYTES(deep), out, sizeof out, &len), MNX_STATUS_OK);
}
static void op_signer_sign_body(void) {
    MUST(mnx_signer_sign_body(&signer, BYTES(deep), out, sizeof out, &len), MNX_STATUS_OK);
}
static void op_signer_verify(void) {
    MUST(mnx_signer_verify(&signer, signed_deep, signed_deep_len, false, &order), MNX_STATUS_OK);
    MUST(mnx_signer_verify(&signer, platform_deep, platform_deep_len - 3, false, &order), MNX_STATUS_MALFORMED_JSON);
}

static void op_callback_parse(void) {
    MUST(mnx_callback_parse(signed_deep, signed_deep_len, BYTES(S), false, scratch, sizeof scratch, &needed, &cb),
         MNX_STATUS_OK);
    MUST(mnx_callback_parse(BYTES(CALLBACK), BYTES("wrong"), false, scratch, sizeof scratch, &needed, &cb),
         MNX_STATUS_SIGNATURE_MISMATCH);
}
static void op_callback_parse_with(void) {
    MUST(mnx_callback_parse_with(&signer, platform_deep, platform_deep_len, false, scratch, sizeof scratch, &needed,
                                 &cb),
         MNX_STATUS_OK);
}
static void op_ack_parse(void) {
    MUST(mnx_ack_parse(signed_deep, signed_deep_len, scratch, sizeof scratch, &needed, &ack), MNX_STATUS_OK);
}
static void op_ack_parse_verified(void) {
    MUST(mnx_ack_parse_verified(&signer, platform_deep, platform_deep_len, false, scratch, sizeof scratch, &needed,
                                &ack),
         MNX_STATUS_OK);
}
static void op_payment_status_response_parse(void) {
    MUST(mnx_payment_status_response_parse(&signer, platform_deep, platform_deep_len, false, scratch, sizeof scratch,
                                           &needed, &resp),
         MNX_STATUS_OK);
}
static void op_callback_reconcile(void) {
    MUST(mnx_callback_reconcile(platform_deep, platform_deep_len, BYTES(S), false, &EXPECTED, scratch,
                                sizeof scratch, &needed, &mlist),
         MNX_STATUS_OK);
    MUST(mnx_callback_reconcile(BYTES(CALLBACK), BYTES(S), true, &EXPECTED, NULL, 0, &needed, &mlist), MNX_STATUS_OK);
}
static void op_payment_status_response_reconcile(void) {
    MUST(mnx_payment_status_response_reconcile(&signer, platform_deep, platform_deep_len, false, &EXPECTED, scratch,
                                               sizeof scratch, &needed, &mlist),
         MNX_STATUS_OK);
}

static void op_payout_sign_json(void) {
    MUST(mnx_payout_sign_json(MNX_METHOD_CAMBODIA, BYTES(fields), BYTES(S), &DEFAULTS, scratch, sizeof scratch,
                              &needed, out, sizeof out, &len, &vlist),
         MNX_STATUS_OK);
    MUST(mnx_payout_sign_json(MNX_METHOD_COLOMBIA, BYTES(bad_fields), BYTES(S), &DEFAULTS, scratch, sizeof scratch,
                              &needed, out, sizeof out, &len, &vlist),
         MNX_STATUS_INVALID);
    MUST(mnx_payout_sign_json(MNX_METHOD_CAMBODIA, BYTES(bad_fields), BYTES(S), &ALLOW, scratch, sizeof scratch,
                              &needed, out, sizeof out, &len, &vlist),
         MNX_STATUS_INVALID);
}
static void op_payment_status_request_sign_json(void) {
    MUST(mnx_payment_status_request_sign_json(BYTES("{\"general\":{\"project_id\":1,\"payment_id\":\"p\\/1\"}}"),
                                              BYTES(S), &DEFAULTS, scratch, sizeof scratch, &needed, out,
                                              sizeof out, &len, &vlist),
         MNX_STATUS_OK);
    MUST(mnx_payment_status_request_sign_json(BYTES(bad_fields), BYTES(S), &DEFAULTS, scratch, sizeof scratch,
                                              &needed, out, sizeof out, &len, &vlist),
         MNX_STATUS_INVALID);
}
static void op_violation_message(void) {
    size_t i;
    for (i = 0; i < vlist.len; i++) {
        MUST(mnx_violation_message(&vlist.items[i], out, sizeof out, &len), MNX_STATUS_OK);
    }
}

static void op_cambodia_payout_validate(void) {
    MUST(mnx_cambodia_payout_validate(&kh, violations, MNX_MAX_VIOLATIONS, &len), MNX_STATUS_OK);
}
static void op_cambodia_payout_validate_opt(void) {
    MUST(mnx_cambodia_payout_validate_opt(&kh, &ALLOW, violations, MNX_MAX_VIOLATIONS, &len), MNX_STATUS_OK);
}
static void op_cambodia_payout_sign(void) {
    MUST(mnx_cambodia_payout_sign(&kh, BYTES(S), out, sizeof out, &len, &field), MNX_STATUS_OK);
}
static void op_cambodia_payout_sign_opt(void) {
    MUST(mnx_cambodia_payout_sign_opt(&kh, BYTES(S), &ALLOW, out, sizeof out, &len, &field), MNX_STATUS_OK);
}
static void op_cambodia_payout_sign_with(void) {
    MUST(mnx_cambodia_payout_sign_with(&kh, &signer, out, sizeof out, &len, &field), MNX_STATUS_OK);
}
static void op_colombia_payout_validate(void) {
    MUST(mnx_colombia_payout_validate(&co, violations, MNX_MAX_VIOLATIONS, &len), MNX_STATUS_OK);
}
static void op_colombia_payout_validate_opt(void) {
    MUST(mnx_colombia_payout_validate_opt(&co, &ALLOW, violations, MNX_MAX_VIOLATIONS, &len), MNX_STATUS_OK);
}
static void op_colombia_payout_sign(void) {
    MUST(mnx_colombia_payout_sign(&co, BYTES(S), out, sizeof out, &len, &field), MNX_STATUS_OK);
}
static void op_colombia_payout_sign_opt(void) {
    MUST(mnx_colombia_payout_sign_opt(&co, BYTES(S), &ALLOW, out, sizeof out, &len, &field), MNX_STATUS_OK);
}
static void op_colombia_payout_sign_with(void) {
    MUST(mnx_colombia_payout_sign_with(&co, &signer, out, sizeof out, &len, &field), MNX_STATUS_OK);
}
static void op_payment_status_request_validate(void) {
    MUST(mnx_payment_status_request_validate(&st, violations, MNX_MAX_VIOLATIONS, &len), MNX_STATUS_OK);
}
static void op_payment_status_request_validate_opt(void) {
    MUST(mnx_payment_status_request_validate_opt(&st, &ALLOW, violations, MNX_MAX_VIOLATIONS, &len), MNX_STATUS_OK);
}
static void op_payment_status_request_sign(void) {
    MUST(mnx_payment_status_request_sign(&st, BYTES(S), out, sizeof out, &len, &field), MNX_STATUS_OK);
}
static void op_payment_status_request_sign_opt(void) {
    MUST(mnx_payment_status_request_sign_opt(&st, BYTES(S), &ALLOW, out, sizeof out, &len, &field), MNX_STATUS_OK);
}
static void op_payment_status_request_sign_with(void) {
    MUST(mnx_payment_status_request_sign_with(&st, &signer, out, sizeof out, &len, &field), MNX_STATUS_OK);
}

static void op_banks(void) {
    MUST(mnx_banks(MNX_METHOD_COLOMBIA, banks, sizeof banks / sizeof banks[0], &len), MNX_STATUS_OK);
}
static void op_bank_by_id(void) { MUST(mnx_bank_by_id(MNX_METHOD_COLOMBIA, 1, &bank), MNX_STATUS_UNKNOWN_BANK); }
static void op_bank_by_name(void) {
    MUST(mnx_bank_by_name(MNX_METHOD_COLOMBIA, BYTES("BANCO DE BOGOT\xc3\x81 \xc3\x89\xc3\x89\xc3\x89"), &bank),
         MNX_STATUS_UNKNOWN_BANK);
}
static void op_to_minor_units(void) {
    MUST(mnx_to_minor_units(BYTES("1,234,567,890.12e-2"), BYTES("CLF"), &minor), MNX_STATUS_OK);
}
static void op_minor_unit_digits(void) { MUST(mnx_minor_unit_digits(BYTES("ZWG"), &digits), MNX_STATUS_OK); }
static void op_from_minor_units(void) {
    MUST(mnx_from_minor_units(INT64_MIN, BYTES("CLF"), out, sizeof out, &len), MNX_STATUS_OK);
}

/* ---- the measurement --------------------------------------------------------- */

static uint8_t readback[PAINT];

/* Fills PAINT bytes of this frame with MARK; returns their lowest address. */
static NOINLINE uintptr_t paint(void) {
    volatile unsigned char area[PAINT];
    size_t i;
    for (i = 0; i < PAINT; i++) area[i] = MARK;
    return (uintptr_t)&area[0];
}

/* Runs `op` from the depth paint() ran at; returns the bytes it used below
 * that depth: from the top of the painted area down to the deepest byte
 * that is no longer MARK. Reads the area through /proc/self/mem (`mem`), or
 * with `mem` < 0 directly through volatile loads (in this frame, which lies
 * above the area, and with no call that could use the stack below it). */
static NOINLINE size_t measure(void (*op)(void), int mem) {
    uintptr_t low = paint();
    size_t i;
    op();
    if (mem < 0) {
        const volatile unsigned char *area = (const volatile unsigned char *)low;
        for (i = 0; i < PAINT && area[i] == MARK; i++) {
        }
        return PAINT - i;
    }
    if (pread(mem, readback, PAINT, (off_t)low) != PAINT) {
        perror("stack_measure: pread /proc/self/mem");
        exit(2);
    }
    for (i = 0; i < PAINT && readback[i] == MARK; i++) {
    }
    return PAINT - i;
}

/* Whether /proc/self/mem shows this process's stack at its own addresses:
 * the deepest painted bytes (far below pread's frame) read back painted. */
static NOINLINE int mem_shows_stack(int mem) {
    uintptr_t low = paint();
    size_t i;
    if (pread(mem, readback, 64, (off_t)low) != 64) return 0;
    for (i = 0; i < 64; i++) {
        if (readback[i] != MARK) return 0;
    }
    return 1;
}

#define ENTRY(name) {#name, op_##name}
static const struct {
    const char *name;
    void (*op)(void);
} ENTRIES[] = {
    ENTRY(version), ENTRY(status_str), ENTRY(status_is_calling_error), ENTRY(status_is_validation),
    ENTRY(status_is_signature), ENTRY(status_is_parse), ENTRY(field_path), ENTRY(reason_str),
    ENTRY(canonical), ENTRY(sign), ENTRY(sign_opt), ENTRY(sign_body), ENTRY(sign_body_opt),
    ENTRY(sign_as_platform), ENTRY(verify), ENTRY(verify_ex), ENTRY(verify_opt), ENTRY(ambiguity_explain),
    ENTRY(json_explain), ENTRY(signer_init), ENTRY(signer_wipe), ENTRY(signer_sign), ENTRY(signer_sign_body),
    ENTRY(signer_verify), ENTRY(callback_parse), ENTRY(callback_parse_with), ENTRY(ack_parse),
    ENTRY(ack_parse_verified), ENTRY(payment_status_response_parse), ENTRY(callback_reconcile),
    ENTRY(payment_status_response_reconcile), ENTRY(payout_sign_json), ENTRY(payment_status_request_sign_json),
    ENTRY(violation_message), ENTRY(cambodia_payout_validate), ENTRY(cambodia_payout_validate_opt),
    ENTRY(cambodia_payout_sign), ENTRY(cambodia_payout_sign_opt), ENTRY(cambodia_payout_sign_with),
    ENTRY(colombia_payout_validate), ENTRY(colombia_payout_validate_opt), ENTRY(colombia_payout_sign),
    ENTRY(colombia_payout_sign_opt), ENTRY(colombia_payout_sign_with), ENTRY(payment_status_request_validate),
    ENTRY(payment_status_request_validate_opt), ENTRY(payment_status_request_sign),
    ENTRY(payment_status_request_sign_opt), ENTRY(payment_status_request_sign_with), ENTRY(banks),
    ENTRY(bank_by_id), ENTRY(bank_by_name), ENTRY(to_minor_units), ENTRY(minor_unit_digits),
    ENTRY(from_minor_units),
};

int main(void) {
    size_t i;
    int mem = open("/proc/self/mem", O_RDONLY);
    if (mem < 0) {
        perror("stack_measure: open /proc/self/mem");
        return 2;
    }
    /* qemu-user with a guest base (qemu-arm on a 64-bit host) passes
     * /proc/self/mem through to the host's memory, where the guest's
     * addresses are not: the painted area then does not read back (as
     * painted), and it is read directly instead. */
    if (!mem_shows_stack(mem)) {
        fprintf(stderr, "stack_measure: /proc/self/mem does not show this process's stack (qemu-user?): "
                        "reading the painted stack directly\n");
        close(mem);
        mem = -1;
    }
    setup();
    /* Every call once first: the first call of anything may run one-time
     * work (lazy binding of libc symbols) that is not the entry point's. */
    for (i = 0; i < sizeof ENTRIES / sizeof ENTRIES[0]; i++) ENTRIES[i].op();
    (void)measure(ENTRIES[0].op, mem); /* and the measurement's own pread */
    if (failures) return 1;
    for (i = 0; i < sizeof ENTRIES / sizeof ENTRIES[0]; i++) {
        size_t used;
#ifdef MEASURE_BUILD
        (void)mnx__stack_wipe_take();
#endif
        used = measure(ENTRIES[i].op, mem);
#ifdef MEASURE_BUILD
        printf("mnx_%s %lu %lu\n", ENTRIES[i].name, (unsigned long)used, (unsigned long)mnx__stack_wipe_take());
#else
        printf("mnx_%s %lu -\n", ENTRIES[i].name, (unsigned long)used);
#endif
    }
    if (mem >= 0) close(mem);
    return failures ? 1 : 0;
}
