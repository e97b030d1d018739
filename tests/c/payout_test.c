/*
 * The typed builders from C: both seed payouts give the shared vectors'
 * signatures (seed_cambodia_payout_request, seed_colombia_payout_request,
 * secret "secret"); the status request; every violation listed with its
 * field named; conversion errors (NULL, invalid UTF-8, bad kinds, flags);
 * size query and too-small buffers; banks and amounts.
 */
#include <stdlib.h>

#include "check.h"

static const char SECRET[] = "secret";
#define SEED_CAMBODIA_SIG "rjzKXvew/QBk8Ja8TzamTnJXMmECh9RvDzZqFI4s5CCZoHYd+yoUsXYOyG7uP+hXZSP+QHdutyagJZ7nQfxMlQ=="
#define SEED_COLOMBIA_SIG "ik7Sk3YnGXNYyRiTzhVt76hr7dzsStuKK5zHU3wkCpDX33q+KgvgJ7gPm28Qfu+v4tfKJqS69U/k8zKCpNVQxg=="
#define SEED_CAMBODIA_CANONICAL                                                                              \
    "account:bank_id:61021;account:branch:Banteay Meanchey Branch;account:city:Serei Saophoan;"            \
    "account:customer_name:John Doe;account:number:1234567890;account:province:Banteay Meanchey;"          \
    "customer:email:johndoe@example.com;customer:id:customer_1234;customer:ip_address:198.51.100.47;"      \
    "customer:phone:123456789;general:payment_id:payment_47;general:project_id:1234;"                      \
    "payment:amount:5000000;payment:currency:KHR"

#define UNSET ((size_t)0xDEADBEEF)

static mnx_cambodia_payout seed_cambodia(void) {
    mnx_cambodia_payout p = {
        {1234, MNX_STR("payment_47"), {NULL, 0}},
        {MNX_STR("customer_1234"), MNX_STR("198.51.100.47"), MNX_STR("johndoe@example.com"), MNX_STR("123456789")},
        {MNX_STR("1234567890"), 61021, MNX_STR("Banteay Meanchey Branch"), MNX_STR("Serei Saophoan"),
         MNX_STR("Banteay Meanchey"), MNX_STR("John Doe")},
        {MNX_STR("KHR"), 5000000, {NULL, 0}},
        NULL,
        0,
        0,
    };
    return p;
}

static mnx_colombia_payout seed_colombia(void) {
    mnx_colombia_payout p = {
        {1234, MNX_STR("payment_47"), {NULL, 0}},
        {MNX_STR("customer_123"), MNX_STR("198.51.100.47"), MNX_STR("John"), MNX_STR("Doe"),
         MNX_STR("johndoe@example.com"), MNX_STR("1234567890"), {MNX_STR("1234567"), MNX_STR("CC")}},
        {MNX_STR("1234567890"), MNX_STR("CACC"), 12345},
        {MNX_STR("COP"), 10000, {NULL, 0}},
        NULL,
        0,
        /* The seed's own example uses bank 12345, which is not in its table. */
        MNX_PAYOUT_ALLOW_UNLISTED_BANK,
    };
    return p;
}

/* The value of "signature":"..." in a body, or NULL. */
static const char *signature_in(const uint8_t *body, size_t len) {
    static char copy[MNX_MAX_CAMBODIA_PAYOUT_LEN + 1];
    const char *at;
    if (len >= sizeof copy) return NULL;
    memcpy(copy, body, len);
    copy[len] = '\0';
    at = strstr(copy, "\"signature\":\"");
    return at ? at + strlen("\"signature\":\"") : NULL;
}

static int str_eq(mnx_str s, const char *want) {
    return s.len == strlen(want) && memcmp(s.ptr, want, s.len) == 0;
}

static void test_seed_cambodia(void) {
    static uint8_t out[MNX_MAX_CAMBODIA_PAYOUT_LEN];
    uint8_t canonical[1024];
    size_t len = UNSET, needed = UNSET, clen = 0;
    mnx_field field = MNX_FIELD_NONE;
    mnx_violation violations[MNX_MAX_VIOLATIONS];
    mnx_cambodia_payout p = seed_cambodia();
    const char *sig;
    mnx_signer signer = {0};

    CHECK_STATUS(mnx_cambodia_payout_validate(&p, violations, MNX_MAX_VIOLATIONS, &len), MNX_STATUS_OK);
    CHECK(len == 0);
    CHECK_STATUS(mnx_cambodia_payout_validate(&p, NULL, 0, &len), MNX_STATUS_OK); /* nothing to write */
    CHECK(len == 0);

    len = UNSET;
    CHECK_STATUS(mnx_cambodia_payout_sign(&p, BYTES(SECRET), out, sizeof out, &len, &field), MNX_STATUS_OK);
    CHECK(field == MNX_FIELD_NONE);
    sig = signature_in(out, len);
    CHECK(sig != NULL && strncmp(sig, SEED_CAMBODIA_SIG, MNX_SIGNATURE_LEN) == 0);
    CHECK_STATUS(mnx_verify(out, len, BYTES(SECRET), true), MNX_STATUS_OK);
    CHECK_STATUS(mnx_canonical(out, len, canonical, sizeof canonical, &clen), MNX_STATUS_OK);
    CHECK(clen == strlen(SEED_CAMBODIA_CANONICAL) && memcmp(canonical, SEED_CAMBODIA_CANONICAL, clen) == 0);
    CHECK(len <= MNX_MAX_CAMBODIA_PAYOUT_LEN_WITHOUT_EXTRAS);

    /* Size query, one byte short (buffer untouched), exact. */
    CHECK_STATUS(mnx_cambodia_payout_sign(&p, BYTES(SECRET), NULL, 0, &needed, NULL), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(needed == len);
    {
        uint8_t *exact = (uint8_t *)malloc(needed);
        size_t n = UNSET;
        memset(exact, 0xAA, needed);
        CHECK_STATUS(mnx_cambodia_payout_sign(&p, BYTES(SECRET), exact, needed - 1, &n, NULL),
                     MNX_STATUS_BUFFER_TOO_SMALL);
        CHECK(n == needed && all_bytes(exact, needed, 0xAA));
        CHECK_STATUS(mnx_cambodia_payout_sign(&p, BYTES(SECRET), exact, needed, &n, NULL), MNX_STATUS_OK);
        CHECK(n == needed && memcmp(exact, out, n) == 0);
        free(exact);
    }

    /* With a signer: the same bytes. */
    CHECK_STATUS(mnx_signer_init(&signer, BYTES(SECRET), 0), MNX_STATUS_OK);
    {
        static uint8_t again[MNX_MAX_CAMBODIA_PAYOUT_LEN];
        size_t n = 0;
        CHECK_STATUS(mnx_cambodia_payout_sign_with(&p, &signer, again, sizeof again, &n, NULL), MNX_STATUS_OK);
        CHECK(n == len && memcmp(again, out, n) == 0);
    }
    mnx_signer_wipe(&signer);
    CHECK_STATUS(mnx_cambodia_payout_sign_with(&p, &signer, out, sizeof out, &len, NULL),
                 MNX_STATUS_SIGNER_UNINITIALIZED);
    CHECK_STATUS(mnx_cambodia_payout_sign_with(&p, NULL, out, sizeof out, &len, NULL), MNX_STATUS_NULL_ARGUMENT);
}

static void test_seed_colombia(void) {
    static uint8_t out[MNX_MAX_COLOMBIA_PAYOUT_LEN];
    size_t len = UNSET;
    mnx_field field = MNX_FIELD_NONE;
    mnx_colombia_payout p = seed_colombia();
    const char *sig;

    CHECK_STATUS(mnx_colombia_payout_sign(&p, BYTES(SECRET), out, sizeof out, &len, &field), MNX_STATUS_OK);
    sig = signature_in(out, len);
    CHECK(sig != NULL && strncmp(sig, SEED_COLOMBIA_SIG, MNX_SIGNATURE_LEN) == 0);
    CHECK_STATUS(mnx_verify(out, len, BYTES(SECRET), true), MNX_STATUS_OK);

    /* Without the flag, bank 12345 is not in the table. */
    p.flags = 0;
    len = UNSET;
    CHECK_STATUS(mnx_colombia_payout_sign(&p, BYTES(SECRET), out, sizeof out, &len, &field), MNX_STATUS_INVALID);
    CHECK(field == MNX_FIELD_ACCOUNT_BANK_ID && len == UNSET);
    p.account.bank_id = 71142; /* Bancolombia */
    CHECK_STATUS(mnx_colombia_payout_sign(&p, BYTES(SECRET), out, sizeof out, &len, &field), MNX_STATUS_OK);
    p.flags = 4;
    CHECK_STATUS(mnx_colombia_payout_sign(&p, BYTES(SECRET), out, sizeof out, &len, NULL), MNX_STATUS_INVALID_ARGUMENT);
}

static void test_validation(void) {
    static uint8_t out[MNX_MAX_CAMBODIA_PAYOUT_LEN];
    mnx_violation v[MNX_MAX_VIOLATIONS];
    size_t len = UNSET, n = UNSET;
    mnx_field field = MNX_FIELD_NONE;
    mnx_cambodia_payout p = seed_cambodia();
    mnx_colombia_payout c = seed_colombia();
    mnx_str bad_phone = MNX_STR("+855 12"), bad_email = MNX_STR("not-an-email"), empty = MNX_STR("");

    /* Three violations: all listed, in body order, the first one named by sign. */
    p.general.project_id = 0;
    p.customer.email = bad_email;
    p.customer.phone = bad_phone;
    memset(out, 0xAA, sizeof out);
    CHECK_STATUS(mnx_cambodia_payout_sign(&p, BYTES(SECRET), out, sizeof out, &len, &field), MNX_STATUS_INVALID);
    CHECK(field == MNX_FIELD_GENERAL_PROJECT_ID);
    CHECK(len == UNSET && all_bytes(out, sizeof out, 0xAA));
    /* Validation comes before the size query. */
    CHECK_STATUS(mnx_cambodia_payout_sign(&p, BYTES(SECRET), NULL, 0, &len, NULL), MNX_STATUS_INVALID);
    CHECK(len == UNSET);

    CHECK_STATUS(mnx_cambodia_payout_validate(&p, v, MNX_MAX_VIOLATIONS, &n), MNX_STATUS_OK);
    CHECK(n == 3);
    CHECK(v[0].field == MNX_FIELD_GENERAL_PROJECT_ID && v[0].reason == MNX_REASON_NOT_POSITIVE);
    CHECK(str_eq(v[0].path, "general.project_id"));
    CHECK(str_eq(v[0].message, "must be greater than zero"));
    CHECK(v[1].field == MNX_FIELD_CUSTOMER_EMAIL && v[1].reason == MNX_REASON_EMAIL);
    CHECK(v[2].field == MNX_FIELD_CUSTOMER_PHONE && v[2].reason == MNX_REASON_DIGITS);
    CHECK(str_eq(v[2].path, "customer.phone"));
    /* Size query and a too-small array: the count, nothing written. */
    n = UNSET;
    CHECK_STATUS(mnx_cambodia_payout_validate(&p, NULL, 0, &n), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(n == 3);
    memset(v, 0xAA, sizeof v);
    CHECK_STATUS(mnx_cambodia_payout_validate(&p, v, 2, &n), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(n == 3 && all_bytes(v, sizeof v, 0xAA));
    CHECK_STATUS(mnx_cambodia_payout_validate(&p, NULL, 5, &n), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_cambodia_payout_validate(&p, v, 5, NULL), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_cambodia_payout_validate(NULL, v, 5, &n), MNX_STATUS_NULL_ARGUMENT);

    /* Paths and reasons as static strings. */
    CHECK(str_eq(mnx_field_path(MNX_FIELD_CUSTOMER_IDENTIFY_DOC_NUMBER), "customer.identify.doc_number"));
    CHECK(mnx_field_path(MNX_FIELD_NONE).ptr == NULL && mnx_field_path(12345).len == 0);
    CHECK(str_eq(mnx_reason_str(MNX_REASON_TEN_DIGITS), "must be exactly 10 digits, without +, spaces or punctuation"));
    CHECK(mnx_reason_str(-3).ptr == NULL);

    /* Optional fields: { NULL, 0 } is absent, { "", 0 } is present and empty. */
    p = seed_cambodia();
    p.account.city = empty;
    CHECK_STATUS(mnx_cambodia_payout_sign(&p, BYTES(SECRET), out, sizeof out, &len, &field), MNX_STATUS_INVALID);
    CHECK(field == MNX_FIELD_ACCOUNT_CITY);
    p.account.city.ptr = NULL;
    CHECK_STATUS(mnx_cambodia_payout_sign(&p, BYTES(SECRET), out, sizeof out, &len, &field), MNX_STATUS_OK);
    p.payment.currency.ptr = "COP"; /* not a Cambodia currency */
    CHECK_STATUS(mnx_cambodia_payout_sign(&p, BYTES(SECRET), out, sizeof out, &len, &field), MNX_STATUS_INVALID);
    CHECK(field == MNX_FIELD_PAYMENT_CURRENCY);

    /* Colombia: phone must be 10 digits, doc type CC or NIT, account type CACC or SVGS. */
    c.customer.phone.len = 9;
    c.customer.identify.doc_type.ptr = "XX";
    c.account.type.ptr = "ABCD";
    CHECK_STATUS(mnx_colombia_payout_validate(&c, v, MNX_MAX_VIOLATIONS, &n), MNX_STATUS_OK);
    CHECK(n == 3 && v[0].field == MNX_FIELD_CUSTOMER_PHONE && v[0].reason == MNX_REASON_TEN_DIGITS &&
          v[1].field == MNX_FIELD_CUSTOMER_IDENTIFY_DOC_TYPE && v[1].reason == MNX_REASON_DOC_TYPE &&
          v[2].field == MNX_FIELD_ACCOUNT_TYPE && v[2].reason == MNX_REASON_ACCOUNT_TYPE);
}

static void test_conversion_errors(void) {
    static uint8_t out[MNX_MAX_CAMBODIA_PAYOUT_LEN];
    size_t len = UNSET, n = UNSET;
    mnx_field field = MNX_FIELD_NONE;
    mnx_cambodia_payout p = seed_cambodia();
    mnx_violation v[MNX_MAX_VIOLATIONS];

    /* Invalid UTF-8 in a field: its own status, the field named. */
    p.account.customer_name.ptr = "John \xff Doe";
    p.account.customer_name.len = 10;
    memset(out, 0xAA, sizeof out);
    CHECK_STATUS(mnx_cambodia_payout_sign(&p, BYTES(SECRET), out, sizeof out, &len, &field), MNX_STATUS_INVALID_UTF8);
    CHECK(field == MNX_FIELD_ACCOUNT_CUSTOMER_NAME && len == UNSET && all_bytes(out, sizeof out, 0xAA));
    CHECK_STATUS(mnx_cambodia_payout_validate(&p, v, MNX_MAX_VIOLATIONS, &n), MNX_STATUS_INVALID_UTF8);
    /* A NULL string with a length. */
    p = seed_cambodia();
    p.customer.id.ptr = NULL;
    field = MNX_FIELD_NONE;
    CHECK_STATUS(mnx_cambodia_payout_sign(&p, BYTES(SECRET), out, sizeof out, &len, &field), MNX_STATUS_NULL_ARGUMENT);
    CHECK(field == MNX_FIELD_CUSTOMER_ID);
    /* A required field { NULL, 0 } is the empty string: a violation. */
    p.customer.id.len = 0;
    CHECK_STATUS(mnx_cambodia_payout_sign(&p, BYTES(SECRET), out, sizeof out, &len, &field), MNX_STATUS_INVALID);
    CHECK(field == MNX_FIELD_CUSTOMER_ID);
    /* NULL request, NULL out_len, unknown flags, secret errors. */
    p = seed_cambodia();
    CHECK_STATUS(mnx_cambodia_payout_sign(NULL, BYTES(SECRET), out, sizeof out, &len, &field), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_cambodia_payout_sign(&p, BYTES(SECRET), out, sizeof out, NULL, &field), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_cambodia_payout_sign(&p, BYTES(SECRET), NULL, 10, &len, &field), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_cambodia_payout_sign(&p, NULL, 0, out, sizeof out, &len, &field), MNX_STATUS_EMPTY_SECRET);
    CHECK_STATUS(mnx_cambodia_payout_sign(&p, BYTES("secret\t"), out, sizeof out, &len, &field),
                 MNX_STATUS_SUSPICIOUS_SECRET);
    p.flags = 0x80;
    CHECK_STATUS(mnx_cambodia_payout_sign(&p, BYTES(SECRET), out, sizeof out, &len, &field),
                 MNX_STATUS_INVALID_ARGUMENT);
    CHECK(len == UNSET && all_bytes(out, sizeof out, 0xAA));
}

static void test_extras(void) {
    static uint8_t out[MNX_MAX_CAMBODIA_PAYOUT_LEN];
    size_t len = 0, n = 0, i;
    mnx_field field = MNX_FIELD_NONE;
    mnx_cambodia_payout p = seed_cambodia();
    mnx_violation v[MNX_MAX_VIOLATIONS];
    mnx_extra extras[MNX_MAX_EXTRAS + 3];
    const char *at;

    memset(extras, 0, sizeof extras);
    extras[0].path = (mnx_str)MNX_STR("customer.country");
    extras[0].kind = MNX_EXTRA_KIND_STR;
    extras[0].str_value = (mnx_str)MNX_STR("KH");
    extras[1].path = (mnx_str)MNX_STR("device.terminal_id");
    extras[1].kind = MNX_EXTRA_KIND_INT;
    extras[1].int_value = 42;
    extras[2].path = (mnx_str)MNX_STR("device.attended");
    extras[2].kind = MNX_EXTRA_KIND_BOOL;
    extras[2].bool_value = true;
    p.extras = extras;
    p.extras_len = 3;
    CHECK_STATUS(mnx_cambodia_payout_sign(&p, BYTES(SECRET), out, sizeof out, &len, &field), MNX_STATUS_OK);
    out[len < sizeof out ? len : sizeof out - 1] = 0;
    at = strstr((const char *)out, "\"country\":\"KH\"");
    CHECK(at != NULL);
    CHECK(strstr((const char *)out, "\"device\":{\"terminal_id\":42,\"attended\":true}") != NULL);
    CHECK_STATUS(mnx_verify(out, len, BYTES(SECRET), true), MNX_STATUS_OK);

    /* A bad kind, an extra clashing with a typed field, a repeated path. */
    extras[1].kind = 7;
    CHECK_STATUS(mnx_cambodia_payout_sign(&p, BYTES(SECRET), out, sizeof out, &len, &field), MNX_STATUS_INVALID_ARGUMENT);
    CHECK(field == MNX_FIELD_EXTRA);
    extras[1].kind = MNX_EXTRA_KIND_INT;
    extras[2].path = (mnx_str)MNX_STR("customer.phone");
    CHECK_STATUS(mnx_cambodia_payout_validate(&p, v, MNX_MAX_VIOLATIONS, &n), MNX_STATUS_OK);
    CHECK(n == 1 && v[0].field == MNX_FIELD_EXTRA && str_eq(v[0].path, "customer.phone"));
    extras[2].path = (mnx_str)MNX_STR("customer.country");
    CHECK_STATUS(mnx_cambodia_payout_validate(&p, v, MNX_MAX_VIOLATIONS, &n), MNX_STATUS_OK);
    CHECK(n == 1 && v[0].reason == MNX_REASON_DUPLICATE);
    /* Too many extras. */
    for (i = 0; i < MNX_MAX_EXTRAS + 3; i++) {
        static char names[MNX_MAX_EXTRAS + 3][16];
        sprintf(names[i], "x.k%u", (unsigned)i);
        extras[i].path.ptr = names[i];
        extras[i].path.len = strlen(names[i]);
        extras[i].kind = MNX_EXTRA_KIND_INT;
    }
    p.extras_len = MNX_MAX_EXTRAS + 3;
    CHECK_STATUS(mnx_cambodia_payout_validate(&p, v, MNX_MAX_VIOLATIONS, &n), MNX_STATUS_OK);
    CHECK(n >= 1 && v[0].reason == MNX_REASON_TOO_MANY && str_eq(v[0].path, "extras"));
    p.extras_len = MNX_MAX_EXTRAS;
    CHECK_STATUS(mnx_cambodia_payout_validate(&p, v, MNX_MAX_VIOLATIONS, &n), MNX_STATUS_OK);
    CHECK(n == 0);
    p.extras = NULL;
    CHECK_STATUS(mnx_cambodia_payout_validate(&p, v, MNX_MAX_VIOLATIONS, &n), MNX_STATUS_NULL_ARGUMENT);
}

static void test_status_request(void) {
    uint8_t out[MNX_MAX_PAYMENT_STATUS_REQUEST_LEN];
    size_t len = UNSET;
    mnx_field field = MNX_FIELD_NONE;
    mnx_payment_status_request r = {1234, MNX_STR("payment_47")};
    static const char prefix[] = "{\"general\":{\"project_id\":1234,\"payment_id\":\"payment_47\",\"signature\":\"";

    CHECK_STATUS(mnx_payment_status_request_sign(&r, BYTES(SECRET), out, sizeof out, &len, &field), MNX_STATUS_OK);
    CHECK(len == strlen(prefix) + MNX_SIGNATURE_LEN + 3 && memcmp(out, prefix, strlen(prefix)) == 0);
    CHECK_STATUS(mnx_verify(out, len, BYTES(SECRET), true), MNX_STATUS_OK);
    CHECK(strlen(MNX_PAYMENT_STATUS_ENDPOINT) > 0 && strcmp(MNX_CAMBODIA_PAYOUT_ENDPOINT, "/v2/payment/banks/cambodia/payout") == 0);
    r.payment_id.len = 0;
    r.project_id = -1;
    CHECK_STATUS(mnx_payment_status_request_sign(&r, BYTES(SECRET), out, sizeof out, &len, &field), MNX_STATUS_INVALID);
    CHECK(field == MNX_FIELD_GENERAL_PROJECT_ID);
    {
        mnx_violation v[2];
        size_t n = 0;
        CHECK_STATUS(mnx_payment_status_request_validate(&r, v, 2, &n), MNX_STATUS_OK);
        CHECK(n == 2 && v[1].field == MNX_FIELD_GENERAL_PAYMENT_ID && v[1].reason == MNX_REASON_MISSING);
    }
    CHECK_STATUS(mnx_payment_status_request_sign(NULL, BYTES(SECRET), out, sizeof out, &len, &field), MNX_STATUS_NULL_ARGUMENT);
}

static void test_banks_and_money(void) {
    mnx_bank banks[64], bank = {0, {NULL, 0}};
    size_t n = UNSET;
    int64_t minor = -1;

    CHECK_STATUS(mnx_banks(MNX_METHOD_CAMBODIA, NULL, 0, &n), MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(n == 3);
    CHECK_STATUS(mnx_banks(MNX_METHOD_CAMBODIA, banks, 64, &n), MNX_STATUS_OK);
    CHECK(n == 3 && banks[0].id == 60891 && str_eq(banks[0].name, "ABA Bank"));
    CHECK_STATUS(mnx_banks(MNX_METHOD_COLOMBIA, banks, 64, &n), MNX_STATUS_OK);
    CHECK(n > 20);
    CHECK_STATUS(mnx_banks(3, banks, 64, &n), MNX_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mnx_bank_by_id(MNX_METHOD_CAMBODIA, 61021, &bank), MNX_STATUS_OK);
    CHECK(str_eq(bank.name, "Wing Bank"));
    CHECK_STATUS(mnx_bank_by_id(MNX_METHOD_CAMBODIA, 12345, &bank), MNX_STATUS_UNKNOWN_BANK);
    CHECK_STATUS(mnx_bank_by_id(MNX_METHOD_CAMBODIA, 61021, NULL), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_bank_by_name(MNX_METHOD_COLOMBIA, BYTES("BANCO DE BOGOT\xc3\x81"), &bank), MNX_STATUS_OK);
    CHECK(bank.id == 71072);
    CHECK_STATUS(mnx_bank_by_name(MNX_METHOD_COLOMBIA, BYTES("\xff"), &bank), MNX_STATUS_INVALID_UTF8);
    CHECK_STATUS(mnx_bank_by_name(MNX_METHOD_COLOMBIA, BYTES("Nope"), &bank), MNX_STATUS_UNKNOWN_BANK);

    CHECK_STATUS(mnx_to_minor_units(BYTES("50,000.00"), BYTES("KHR"), &minor), MNX_STATUS_OK);
    CHECK(minor == 5000000);
    minor = -1;
    /* Extra zero decimals are exact; a non-zero digit past the minor unit
     * would have to be rounded, which the library never does. */
    CHECK_STATUS(mnx_to_minor_units(BYTES("1.001"), BYTES("USD"), &minor), MNX_STATUS_AMOUNT_TOO_MANY_DECIMALS);
    CHECK_STATUS(mnx_to_minor_units(BYTES("1.5"), BYTES("JPY"), &minor), MNX_STATUS_AMOUNT_TOO_MANY_DECIMALS);
    CHECK_STATUS(mnx_to_minor_units(BYTES("1,00"), BYTES("USD"), &minor), MNX_STATUS_AMOUNT_SEPARATOR);
    CHECK_STATUS(mnx_to_minor_units(BYTES("abc"), BYTES("USD"), &minor), MNX_STATUS_AMOUNT_SYNTAX);
    CHECK_STATUS(mnx_to_minor_units(BYTES("-1"), BYTES("USD"), &minor), MNX_STATUS_AMOUNT_NEGATIVE);
    CHECK_STATUS(mnx_to_minor_units(BYTES("99999999999999999999"), BYTES("USD"), &minor), MNX_STATUS_AMOUNT_OVERFLOW);
    CHECK_STATUS(mnx_to_minor_units(BYTES("1"), BYTES("XXQ"), &minor), MNX_STATUS_UNKNOWN_CURRENCY);
    CHECK_STATUS(mnx_to_minor_units(BYTES("1e400"), BYTES("KHR"), &minor), MNX_STATUS_AMOUNT_OVERFLOW);
    CHECK_STATUS(mnx_to_minor_units(BYTES("1"), BYTES("USD"), NULL), MNX_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(mnx_to_minor_units(NULL, 0, BYTES("USD"), &minor), MNX_STATUS_AMOUNT_SYNTAX);
    CHECK(minor == -1);
    /* Every active ISO 4217 currency, exponents, exact extra zeros. */
    CHECK_STATUS(mnx_to_minor_units(BYTES("1.000"), BYTES("USD"), &minor), MNX_STATUS_OK);
    CHECK(minor == 100);
    CHECK_STATUS(mnx_to_minor_units(BYTES("1"), BYTES("EUR"), &minor), MNX_STATUS_OK);
    CHECK(minor == 100);
    CHECK_STATUS(mnx_to_minor_units(BYTES("5E+4"), BYTES("KHR"), &minor), MNX_STATUS_OK);
    CHECK(minor == 5000000);
}

/* Ambiguous text in a builder: a violation (MNX_REASON_AMBIGUOUS) unless the
 * call opts in (the *_opt functions' options, or the signer's flag). */
static void test_ambiguous(void) {
    static const char NAME[] = "John;operation:status:success";
    mnx_cambodia_payout p = seed_cambodia();
    mnx_colombia_payout c = seed_colombia();
    mnx_payment_status_request r = {1234, MNX_STR("p_1;payment:status:success")};
    mnx_violation v[MNX_MAX_VIOLATIONS];
    uint8_t out[MNX_MAX_CAMBODIA_PAYOUT_LEN], out2[MNX_MAX_CAMBODIA_PAYOUT_LEN];
    size_t len = 0xDEADBEEF, len2 = 0, n = 0;
    mnx_field field = MNX_FIELD_NONE;
    mnx_options allow = MNX_OPTIONS(MNX_ALLOW_AMBIGUOUS), none = MNX_OPTIONS(0), small = MNX_OPTIONS(0);
    mnx_signer s = {0};
    mnx_order order = (mnx_order)-1;
    mnx_str why;

    p.account.customer_name.ptr = NAME;
    p.account.customer_name.len = strlen(NAME);
    c.customer.first_name.ptr = NAME;
    c.customer.first_name.len = strlen(NAME);
    small.size = sizeof small - 1;

    /* Refused by default: the first violation named, nothing written. */
    memset(out, 0xAA, sizeof out);
    CHECK_STATUS(mnx_cambodia_payout_sign(&p, BYTES(SECRET), out, sizeof out, &len, &field), MNX_STATUS_INVALID);
    CHECK(field == MNX_FIELD_ACCOUNT_CUSTOMER_NAME && len == 0xDEADBEEF && all_bytes(out, sizeof out, 0xAA));
    CHECK_STATUS(mnx_cambodia_payout_validate(&p, v, MNX_MAX_VIOLATIONS, &n), MNX_STATUS_OK);
    CHECK(n == 1 && v[0].field == MNX_FIELD_ACCOUNT_CUSTOMER_NAME && v[0].reason == MNX_REASON_AMBIGUOUS);
    why = mnx_reason_str(MNX_REASON_AMBIGUOUS);
    CHECK(MNX_REASON_AMBIGUOUS == 20 && why.len > 0 && v[0].message.len == why.len &&
          memcmp(v[0].message.ptr, why.ptr, why.len) == 0);
    CHECK_STATUS(mnx_cambodia_payout_validate_opt(&p, &none, v, MNX_MAX_VIOLATIONS, &n), MNX_STATUS_OK);
    CHECK(n == 1 && v[0].reason == MNX_REASON_AMBIGUOUS);
    field = MNX_FIELD_NONE;
    CHECK_STATUS(mnx_cambodia_payout_sign_opt(&p, BYTES(SECRET), &none, out, sizeof out, &len, &field),
                 MNX_STATUS_INVALID);
    CHECK(field == MNX_FIELD_ACCOUNT_CUSTOMER_NAME);
    CHECK_STATUS(mnx_colombia_payout_validate(&c, v, MNX_MAX_VIOLATIONS, &n), MNX_STATUS_OK);
    CHECK(n == 1 && v[0].field == MNX_FIELD_CUSTOMER_FIRST_NAME && v[0].reason == MNX_REASON_AMBIGUOUS);
    CHECK_STATUS(mnx_payment_status_request_validate(&r, v, MNX_MAX_VIOLATIONS, &n), MNX_STATUS_OK);
    CHECK(n == 1 && v[0].field == MNX_FIELD_GENERAL_PAYMENT_ID && v[0].reason == MNX_REASON_AMBIGUOUS);
    CHECK_STATUS(mnx_payment_status_request_sign(&r, BYTES(SECRET), out, sizeof out, &len, &field),
                 MNX_STATUS_INVALID);
    CHECK(field == MNX_FIELD_GENERAL_PAYMENT_ID && len == 0xDEADBEEF);
    CHECK_STATUS(mnx_signer_init(&s, BYTES(SECRET), 0), MNX_STATUS_OK);
    CHECK_STATUS(mnx_cambodia_payout_sign_with(&p, &s, out, sizeof out, &len, &field), MNX_STATUS_INVALID);
    CHECK_STATUS(mnx_payment_status_request_sign_with(&r, &s, out, sizeof out, &len, &field), MNX_STATUS_INVALID);

    /* The options struct is checked before anything else is used. */
    CHECK_STATUS(mnx_cambodia_payout_validate_opt(&p, &small, v, MNX_MAX_VIOLATIONS, &n), MNX_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mnx_cambodia_payout_sign_opt(&p, BYTES(SECRET), &small, out, sizeof out, &len, NULL),
                 MNX_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mnx_colombia_payout_sign_opt(&c, BYTES(SECRET), NULL, out, sizeof out, &len, NULL),
                 MNX_STATUS_NULL_ARGUMENT);
    CHECK(len == 0xDEADBEEF);

    /* The opt-in: valid, signed; the body verifies only through the opt-in;
     * the one-shot and the signer give the same body. */
    CHECK_STATUS(mnx_cambodia_payout_validate_opt(&p, &allow, v, MNX_MAX_VIOLATIONS, &n), MNX_STATUS_OK);
    CHECK(n == 0);
    CHECK_STATUS(mnx_cambodia_payout_sign_opt(&p, BYTES(SECRET), &allow, NULL, 0, &len, NULL),
                 MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK_STATUS(mnx_cambodia_payout_sign_opt(&p, BYTES(SECRET), &allow, out, len - 1, &len2, NULL),
                 MNX_STATUS_BUFFER_TOO_SMALL);
    CHECK(len2 == len);
    CHECK_STATUS(mnx_cambodia_payout_sign_opt(&p, BYTES(SECRET), &allow, out, sizeof out, &len, NULL), MNX_STATUS_OK);
    CHECK_STATUS(mnx_verify(out, len, BYTES(SECRET), true), MNX_STATUS_AMBIGUOUS);
    CHECK_STATUS(mnx_verify_opt(out, len, BYTES(SECRET), true, &allow, &order), MNX_STATUS_OK);
    CHECK(order == MNX_ORDER_NATURAL);
    CHECK_STATUS(mnx_signer_init(&s, BYTES(SECRET), MNX_ALLOW_AMBIGUOUS), MNX_STATUS_OK);
    CHECK_STATUS(mnx_cambodia_payout_sign_with(&p, &s, out2, sizeof out2, &len2, NULL), MNX_STATUS_OK);
    CHECK(len2 == len && memcmp(out, out2, len) == 0);
    CHECK_STATUS(mnx_colombia_payout_validate_opt(&c, &allow, v, MNX_MAX_VIOLATIONS, &n), MNX_STATUS_OK);
    CHECK(n == 0);
    CHECK_STATUS(mnx_colombia_payout_sign_opt(&c, BYTES(SECRET), &allow, out, sizeof out, &len, NULL), MNX_STATUS_OK);
    CHECK_STATUS(mnx_colombia_payout_sign_with(&c, &s, out2, sizeof out2, &len2, NULL), MNX_STATUS_OK);
    CHECK(len2 == len && memcmp(out, out2, len) == 0);
    CHECK_STATUS(mnx_payment_status_request_validate_opt(&r, &allow, v, MNX_MAX_VIOLATIONS, &n), MNX_STATUS_OK);
    CHECK(n == 0);
    CHECK_STATUS(mnx_payment_status_request_sign_opt(&r, BYTES(SECRET), &allow, out, sizeof out, &len, NULL),
                 MNX_STATUS_OK);
    CHECK_STATUS(mnx_payment_status_request_sign_with(&r, &s, out2, sizeof out2, &len2, NULL), MNX_STATUS_OK);
    CHECK(len2 == len && memcmp(out, out2, len) == 0);
    CHECK_STATUS(mnx_verify_opt(out, len, BYTES(SECRET), true, &allow, &order), MNX_STATUS_OK);

    /* MNX_SECRET_ALLOW_ANY through the options of a builder. */
    p = seed_cambodia();
    small.size = sizeof small;
    small.flags = MNX_SECRET_ALLOW_ANY;
    CHECK_STATUS(mnx_cambodia_payout_sign_opt(&p, BYTES("secret "), &none, out, sizeof out, &len, NULL),
                 MNX_STATUS_SUSPICIOUS_SECRET);
    CHECK_STATUS(mnx_cambodia_payout_sign_opt(&p, BYTES("secret "), &small, out, sizeof out, &len, NULL),
                 MNX_STATUS_OK);
    /* Without ambiguity, _opt with no flags is the pinned call. */
    CHECK_STATUS(mnx_cambodia_payout_sign_opt(&p, BYTES(SECRET), &none, out, sizeof out, &len, NULL), MNX_STATUS_OK);
    CHECK_STATUS(mnx_cambodia_payout_sign(&p, BYTES(SECRET), out2, sizeof out2, &len2, NULL), MNX_STATUS_OK);
    CHECK(len2 == len && memcmp(out, out2, len) == 0);
    mnx_signer_wipe(&s);
}

int main(void) {
    test_seed_cambodia();
    test_seed_colombia();
    test_validation();
    test_conversion_errors();
    test_extras();
    test_status_request();
    test_banks_and_money();
    test_ambiguous();
    return finish("payout_test");
}
