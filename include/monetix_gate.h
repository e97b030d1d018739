/*
 * monetix_gate.h: C API of monetix-gate (Monetix Gate request signing,
 * payouts and callbacks), for payment terminals.
 *
 * API CONTRACT
 *
 * 1. Results. Every fallible function returns an mnx_status. 0 is
 *    MNX_STATUS_OK. The values are stable and never renumbered, grouped by
 *    hundreds: 1xx calling/ABI errors, 2xx validation, 3xx signature and
 *    secret, 4xx parsing of a JSON body. mnx_status_str() gives a static
 *    message for any integer; mnx_status_is_*() test the category.
 * 2. Parameter order. The object first (an mnx_signer, a request struct),
 *    then inputs, then outputs.
 * 3. Inputs are pointer + length ("const uint8_t *body, size_t body_len"),
 *    never NUL-terminated. A length of 0 may come with a NULL pointer.
 *    Strings inside structs are mnx_str { ptr, len }: UTF-8, pointer +
 *    length, not NUL-terminated (MNX_STR("literal") fills one); text that is
 *    not UTF-8 gives MNX_STATUS_INVALID_UTF8. In an optional field
 *    { NULL, 0 } means "absent".
 * 4. Outputs are a caller buffer, its capacity and an out-length
 *    ("uint8_t *out, size_t out_cap, size_t *out_len"), or a pointer to a
 *    caller struct. No NUL is appended. Outputs must not overlap the inputs
 *    (body, secret, mnx_signer) nor each other: an output buffer, out_len,
 *    a reader's scratch or out struct that does, gives
 *    MNX_STATUS_INVALID_ARGUMENT (not checked for the strings a request
 *    struct points to).
 * 5. Outputs are written only on success. Documented exceptions:
 *    MNX_STATUS_BUFFER_TOO_SMALL sets *out_len (for the readers,
 *    *scratch_needed) to the exact size needed; the builders' optional
 *    out_field names the field on MNX_STATUS_INVALID (the first violation)
 *    and on a field that cannot be read (MNX_STATUS_INVALID_UTF8,
 *    MNX_STATUS_NULL_ARGUMENT, MNX_STATUS_INVALID_ARGUMENT); the *_sign_json
 *    functions write every violation with MNX_STATUS_INVALID, and with
 *    MNX_STATUS_BUFFER_TOO_SMALL always *scratch_needed (and *out_len when
 *    the scratch sufficed and the output is short). On any error the output
 *    buffer is left untouched.
 * 6. Size query: out == NULL with out_cap == 0 is legal and returns
 *    MNX_STATUS_BUFFER_TOO_SMALL with the size in *out_len (the same answer
 *    as any too-small buffer); an empty output fits, so the query then
 *    returns MNX_STATUS_OK with *out_len = 0. Errors in the inputs are
 *    reported before the buffer size. MNX_MAX_* constants let you size
 *    buffers at compile time.
 * 7. Every pointer is NULL-checked (MNX_STATUS_NULL_ARGUMENT) and
 *    alignment-checked. The only optional pointer is out_field;
 *    mnx_signer_wipe(NULL) does nothing.
 * 8. No global state, no heap allocation, nothing to free: every function is
 *    reentrant and thread-safe. Returned strings (mnx_status_str,
 *    mnx_version, mnx_str results) are static or point into your own input.
 *    The one state object, mnx_signer, is caller-owned (stack is fine) and
 *    wiped with mnx_signer_wipe.
 * 9. A panic never crosses into C: it is caught and returned as
 *    MNX_STATUS_PANIC (a library bug; the output buffer is zeroed).
 * 10. Stack: no heap, so the work happens on the caller's stack. Each
 *    function's documentation ends with its figure on x86_64 ("Stack
 *    (x86_64): N KiB", release build, measured with a painted stack):
 *    at most 47 KiB (mnx_payout_sign_json), signing and verifying about
 *    19-21 KiB, the typed payout builders 20-24 KiB, the readers
 *    21-29 KiB. Before returning, each call overwrites the stack it used
 *    (its measured x86_64 need plus at least 1/8, included in the figure),
 *    so that no key material stays behind. The x86_64 figures are checked
 *    to hold on armv7 and aarch64 Linux too (measured under qemu-user,
 *    where each wipe also covers its call): there every call takes 480 to
 *    1024 bytes less than its figure, at most 47280 bytes on armv7 and
 *    47504 on aarch64 (mnx_payout_sign_json). Other targets are not
 *    measured. tests/c/stack_test.c runs the deepest calls on a 64 KiB
 *    thread.
 * 11. Options. The functions ending in _opt (and the *_sign_json ones)
 *    take one const mnx_options * whose first member is its own size
 *    (MNX_OPTIONS(flags) fills it), so that later options need no new
 *    functions. A size smaller than the struct, or unknown flag bits, give
 *    MNX_STATUS_INVALID_ARGUMENT.
 * 12. What verification guarantees. MNX_STATUS_OK means the holder of the
 *    key signed exactly the canonical lines of this body. Ambiguous data,
 *    whose lines could be re-split into a different body with the same
 *    signature, is refused by default when signing and when verifying
 *    (MNX_STATUS_AMBIGUOUS; opt-in MNX_ALLOW_AMBIGUOUS, with its risk;
 *    mnx_ambiguity_explain names the member). Members that make no line are
 *    not signed: empty objects and arrays, frame_mode members, and the
 *    difference between null and "". See docs/signature.md.
 *
 * Link: see ffi-c/README.md (or `pkg-config --libs monetix_gate`).
 */


#ifndef MONETIX_GATE_H
#define MONETIX_GATE_H

/* Generated by cbindgen from ffi-c/src; do not edit. Regenerate: see ffi-c/cbindgen.toml. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#define MNX_VERSION_MAJOR 0
#define MNX_VERSION_MINOR 1
#define MNX_VERSION_PATCH 0

/* Endpoint paths of the requests (checked against core by a unit test). */
#define MNX_CAMBODIA_PAYOUT_ENDPOINT "/v2/payment/banks/cambodia/payout"
#define MNX_COLOMBIA_PAYOUT_ENDPOINT "/v2/payment/bank-transfer/colombia/payout"
#define MNX_PAYMENT_STATUS_ENDPOINT "/v2/payment/status"

/* Aligns the caller-owned state structs (mnx_signer). */
#if defined(__cplusplus) && __cplusplus >= 201103L
#define MNX_ALIGNED(n) alignas(n)
#elif defined(__GNUC__) || defined(__clang__)
#define MNX_ALIGNED(n) __attribute__((aligned(n)))
#elif defined(_MSC_VER)
#define MNX_ALIGNED(n) __declspec(align(n))
#else
#error "monetix_gate.h: no way to align mnx_signer with this compiler"
#endif

/* An mnx_str initialiser for a string literal: { "text", 4 }. */
#define MNX_STR(lit) { (lit), sizeof(lit) - 1 }

/* An mnx_options initialiser: mnx_options o = MNX_OPTIONS(MNX_ALLOW_AMBIGUOUS); */
#define MNX_OPTIONS(flags) { sizeof(mnx_options), (flags) }


/*
 Length of a signature: 64 bytes of HMAC-SHA512 as standard base64.
 */
#define MNX_SIGNATURE_LEN 88

/*
 Most JSON values (members plus array elements) a body may have.
 */
#define MNX_MAX_VALUES 512

/*
 Deepest nesting of objects and arrays in a body (the top level is 1).
 */
#define MNX_MAX_DEPTH 16

/*
 Most `errors[]` items a view keeps (the rest are only counted).
 */
#define MNX_MAX_ERRORS 8

/*
 Most mismatches one reconciliation reports.
 */
#define MNX_MAX_MISMATCHES 8

/*
 Flag of `mnx_signer_init` and of `mnx_options.flags`: use the secret's
 bytes as they are, without refusing leading/trailing whitespace or
 invisible characters (an empty secret is still refused).
 */
#define MNX_SECRET_ALLOW_ANY 1

/*
 Flag of `mnx_signer_init` and of `mnx_options.flags`: sign and verify
 ambiguous data (`MNX_STATUS_AMBIGUOUS` otherwise) as the platform's
 algorithm does. Risk: data signed or verified with it can be re-split
 into a different, unambiguous body that then verifies with the same
 signature, and so can data signed by any other signer of the same key.
 */
#define MNX_ALLOW_AMBIGUOUS 2

/*
 Flag of `mnx_options.flags`: accept an `account.bank_id` that is not in
 the payout method's bank table (the platform warns that its tables change
 without notice). It has an effect on the payout functions that take
 options (`mnx_payout_sign_json`, the builders' `*_opt` functions, where it
 does what the struct's `MNX_PAYOUT_ALLOW_UNLISTED_BANK` does) and none on
 the others.
 */
#define MNX_ALLOW_UNLISTED_BANK 4

/*
 Bytes of an `mnx_signer`.
 */
#define MNX_SIGNER_SIZE 512

/*
 Alignment of an `mnx_signer` (the header declares it with `MNX_ALIGNED`).
 */
#define MNX_SIGNER_ALIGN 16

/*
 Largest signed Cambodia payout body (with `MNX_MAX_EXTRAS` extras at their
 largest): a buffer this size always suffices.
 */
#define MNX_MAX_CAMBODIA_PAYOUT_LEN 16093

/*
 Largest signed Cambodia payout body without extras. With `n` extras:
 `MNX_MAX_CAMBODIA_PAYOUT_LEN_WITHOUT_EXTRAS + n * MNX_MAX_EXTRA_LEN`.
 */
#define MNX_MAX_CAMBODIA_PAYOUT_LEN_WITHOUT_EXTRAS 6493

/*
 Largest signed Colombia payout body (with `MNX_MAX_EXTRAS` extras).
 */
#define MNX_MAX_COLOMBIA_PAYOUT_LEN 15125

/*
 Largest signed Colombia payout body without extras.
 */
#define MNX_MAX_COLOMBIA_PAYOUT_LEN_WITHOUT_EXTRAS 5525

/*
 Largest signed payment status request body.
 */
#define MNX_MAX_PAYMENT_STATUS_REQUEST_LEN 678

/*
 Worst-case size one extra parameter adds to a body.
 */
#define MNX_MAX_EXTRA_LEN 600

/*
 Most extra parameters in one request.
 */
#define MNX_MAX_EXTRAS 16

/*
 Most violations one validation reports: an `mnx_violation` array of this
 length always suffices.
 */
#define MNX_MAX_VIOLATIONS 40

/*
 Longest `general.payment_id` / `customer.id`, in bytes.
 */
#define MNX_MAX_ID_LEN 255

/*
 Payout `flags`: accept an `account.bank_id` that is not in the method's
 bank table (the platform warns the table may change without notice).
 */
#define MNX_PAYOUT_ALLOW_UNLISTED_BANK 1

/*
 Longest text `mnx_from_minor_units` writes (a sign, 19 digits, a point
 and leading zeros): a buffer this size always suffices.
 */
#define MNX_MAX_DECIMAL_LEN 26

/*
 Result of every fallible function of the C API.

 `0` is success. The hundreds give the category: 1xx calling/ABI errors,
 2xx validation, 3xx signature and verification, 4xx parsing of a body.
 Functions that take a status as *input* take `int32_t` (any value is
 safe there); see `mnx_status_str` and the `mnx_status_is_*` predicates.
 */
enum mnx_status
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : int32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
  /*
   Success.
   */
  MNX_STATUS_OK = 0,
  /*
   A required pointer argument is NULL (or a NULL buffer with a non-zero length).
   */
  MNX_STATUS_NULL_ARGUMENT = 100,
  /*
   The output buffer is too small; `*out_len` holds the exact size needed.
   */
  MNX_STATUS_BUFFER_TOO_SMALL = 101,
  /*
   A text argument (a request field, a bank name, an amount) is not
   valid UTF-8. Secrets and bodies are bytes and never give this.
   */
  MNX_STATUS_INVALID_UTF8 = 102,
  /*
   The library panicked (a bug); the panic was caught at the boundary.
   Output buffers were zeroed where the function could tell.
   */
  MNX_STATUS_PANIC = 103,
  /*
   An argument is out of range: unknown flag bits, an unknown enum
   value, a length above `PTRDIFF_MAX`, an output buffer that overlaps
   an input (or another output), an `mnx_options` whose `size` is too
   small, an `mnx_signer` whose content is corrupted.
   */
  MNX_STATUS_INVALID_ARGUMENT = 104,
  /*
   The `mnx_signer` was never initialised with `mnx_signer_init`
   (or was wiped, or is being re-initialised or wiped by another thread).
   */
  MNX_STATUS_SIGNER_UNINITIALIZED = 105,
  /*
   The library returned an error this version of the C API has no code
   for (cannot happen with a matching header and library).
   */
  MNX_STATUS_UNKNOWN = 199,
  /*
   The request failed validation; the first violating field is reported
   through `out_field`, and `mnx_*_validate` lists every violation.
   */
  MNX_STATUS_INVALID = 200,
  /*
   The amount text is not a decimal number.
   */
  MNX_STATUS_AMOUNT_SYNTAX = 201,
  /*
   The amount has a non-zero digit past the currency's minor unit (the
   library never rounds; extra zero decimals are fine).
   */
  MNX_STATUS_AMOUNT_TOO_MANY_DECIMALS = 202,
  /*
   A thousands separator in the amount is misplaced.
   */
  MNX_STATUS_AMOUNT_SEPARATOR = 203,
  /*
   The amount is negative.
   */
  MNX_STATUS_AMOUNT_NEGATIVE = 204,
  /*
   The amount does not fit a signed 64-bit count of minor units.
   */
  MNX_STATUS_AMOUNT_OVERFLOW = 205,
  /*
   The currency code is not one this library knows.
   */
  MNX_STATUS_UNKNOWN_CURRENCY = 206,
  /*
   The bank is not in the payment method's bank table (`mnx_bank_by_*`).
   */
  MNX_STATUS_UNKNOWN_BANK = 207,
  /*
   The signature does not match the body (opaque: whatever is wrong with it).
   */
  MNX_STATUS_SIGNATURE_MISMATCH = 300,
  /*
   The body carries no signature (neither `signature` nor `general.signature`).
   */
  MNX_STATUS_MISSING_SIGNATURE = 301,
  /*
   The signature member is not a JSON string.
   */
  MNX_STATUS_SIGNATURE_NOT_STRING = 302,
  /*
   The secret key is empty.
   */
  MNX_STATUS_EMPTY_SECRET = 303,
  /*
   The secret has leading/trailing whitespace or an invisible character
   (opt out with `MNX_SECRET_ALLOW_ANY`).
   */
  MNX_STATUS_SUSPICIOUS_SECRET = 304,
  /*
   `general` is present but not an object, so no signature can go in it.
   */
  MNX_STATUS_GENERAL_NOT_OBJECT = 305,
  /*
   The body holds ambiguous data (a key with `;` or `:`, a value with a
   `;` followed by a `:`, a number whose signed text does not determine
   it): its signed lines could be re-split into a different body with
   the same signature. Refused when signing and verifying unless the
   caller opted in (`MNX_ALLOW_AMBIGUOUS`); `mnx_ambiguity_explain` names
   the member.
   */
  MNX_STATUS_AMBIGUOUS = 306,
  /*
   The body is not well-formed JSON.
   */
  MNX_STATUS_MALFORMED_JSON = 400,
  /*
   The body is not valid UTF-8.
   */
  MNX_STATUS_INVALID_UTF8_BODY = 401,
  /*
   A `\u` escape encodes a lone UTF-16 surrogate.
   */
  MNX_STATUS_LONE_SURROGATE = 402,
  /*
   The top level of the body is not a JSON object.
   */
  MNX_STATUS_NOT_AN_OBJECT = 403,
  /*
   An object has the same key twice.
   */
  MNX_STATUS_DUPLICATE_KEY = 404,
  /*
   A number is beyond the range of a 64-bit float.
   */
  MNX_STATUS_NUMBER_OUT_OF_RANGE = 405,
  /*
   Objects and arrays are nested deeper than the limit (16).
   */
  MNX_STATUS_TOO_DEEP = 406,
  /*
   The body has more JSON values than the limit (512).
   */
  MNX_STATUS_TOO_MANY_VALUES = 407,
  /*
   The body is 4 GiB or larger.
   */
  MNX_STATUS_TOO_LARGE = 408,
  /*
   A known field of a verified body has the wrong JSON type.
   */
  MNX_STATUS_FIELD_TYPE = 409,
  /*
   An array element of a verified body carries no signed line (such as
   `{}` appended to `operations`): the signature does not cover it.
   */
  MNX_STATUS_UNSIGNED_ELEMENT = 410,
  /*
   A number is a fraction, an exponent or beyond 64 bits in a build of
   the core without its `float` feature: its signed line cannot be
   produced (the shipped library has the feature; firmware builds may not).
   */
  MNX_STATUS_FLOAT_UNSUPPORTED = 411,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum mnx_status mnx_status;
#else
typedef int32_t mnx_status;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/*
 A payment or operation status as the platform spells it.
 */
enum mnx_payment_state
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : int32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
  /*
   The member is absent (or `null`, or `""`).
   */
  MNX_PAYMENT_STATE_ABSENT = 0,
  /*
   `success`
   */
  MNX_PAYMENT_STATE_SUCCESS = 1,
  /*
   `decline` (final)
   */
  MNX_PAYMENT_STATE_DECLINE = 2,
  /*
   `processing`
   */
  MNX_PAYMENT_STATE_PROCESSING = 3,
  /*
   `awaiting clarification`
   */
  MNX_PAYMENT_STATE_AWAITING_CLARIFICATION = 4,
  /*
   `awaiting retry`
   */
  MNX_PAYMENT_STATE_AWAITING_RETRY = 5,
  /*
   `awaiting customer`
   */
  MNX_PAYMENT_STATE_AWAITING_CUSTOMER = 6,
  /*
   `awaiting confirmation`
   */
  MNX_PAYMENT_STATE_AWAITING_CONFIRMATION = 7,
  /*
   `partially paid out` (or `partially_paid_out`)
   */
  MNX_PAYMENT_STATE_PARTIALLY_PAID_OUT = 8,
  /*
   `error`
   */
  MNX_PAYMENT_STATE_ERROR = 9,
  /*
   `internal error`
   */
  MNX_PAYMENT_STATE_INTERNAL_ERROR = 10,
  /*
   `external error`
   */
  MNX_PAYMENT_STATE_EXTERNAL_ERROR = 11,
  /*
   `cancelled`
   */
  MNX_PAYMENT_STATE_CANCELLED = 12,
  /*
   `canceled`
   */
  MNX_PAYMENT_STATE_CANCELED = 13,
  /*
   Any other value: see `raw`.
   */
  MNX_PAYMENT_STATE_OTHER = 99,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum mnx_payment_state mnx_payment_state;
#else
typedef int32_t mnx_payment_state;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/*
 How a code member was sent.
 */
enum mnx_code_kind
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : int32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
  /*
   Absent (or `null`, or `""`).
   */
  MNX_CODE_KIND_ABSENT = 0,
  /*
   A JSON string: `text`.
   */
  MNX_CODE_KIND_STR = 1,
  /*
   A JSON integer: `value`.
   */
  MNX_CODE_KIND_INT = 2,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum mnx_code_kind mnx_code_kind;
#else
typedef int32_t mnx_code_kind;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/*
 Which line order a signature matched (`docs/signature.md` section 3), from `mnx_verify_ex`.
 */
enum mnx_order
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : int32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
  /*
   The canonical (PHP natural) order: the one used for signing.
   */
  MNX_ORDER_NATURAL = 0,
  /*
   Byte order of the paths (tolerant mode only).
   */
  MNX_ORDER_BYTE_PATH = 1,
  /*
   Byte order of the whole `path:value` lines (tolerant mode only).
   */
  MNX_ORDER_BYTE_LINE = 2,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum mnx_order mnx_order;
#else
typedef int32_t mnx_order;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/*
 What a payout callback or status response means for the merchant.
 */
enum mnx_outcome
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : int32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
  /*
   Paid out: safe to credit as paid (both statuses `success`, code 0).
   */
  MNX_OUTCOME_FINAL_SUCCESS = 1,
  /*
   Failed for good (`decline`, `error`, `internal error`, `external
   error`, `cancelled`, `canceled`).
   */
  MNX_OUTCOME_FINAL_FAILURE = 2,
  /*
   Not final or not clear: settle it with a payment status request.
   */
  MNX_OUTCOME_PENDING = 3,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum mnx_outcome mnx_outcome;
#else
typedef int32_t mnx_outcome;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/*
 Whether the platform accepted a request.
 */
enum mnx_verdict
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : int32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
  /*
   Accepted for processing (the result comes in a callback).
   */
  MNX_VERDICT_ACCEPTED = 1,
  /*
   Rejected: `code`, `message`, `errors`, `reason` say why.
   */
  MNX_VERDICT_REJECTED = 2,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum mnx_verdict mnx_verdict;
#else
typedef int32_t mnx_verdict;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/*
 Which member of an `mnx_found` holds the value.
 */
enum mnx_found_kind
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : int32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
  /*
   The body lacks the member (or it is `null` or `""`).
   */
  MNX_FOUND_KIND_ABSENT = 0,
  /*
   An integer: `int_value`.
   */
  MNX_FOUND_KIND_INT = 1,
  /*
   A string: `str_value`.
   */
  MNX_FOUND_KIND_STR = 2,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum mnx_found_kind mnx_found_kind;
#else
typedef int32_t mnx_found_kind;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/*
 A request parameter, as named in validation results (`out_field`,
 `mnx_violation`). `mnx_field_path` gives its dotted path.
 */
enum mnx_field
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : int32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
  /*
   No field.
   */
  MNX_FIELD_NONE = 0,
  /*
   `general.project_id`
   */
  MNX_FIELD_GENERAL_PROJECT_ID = 1,
  /*
   `general.payment_id`
   */
  MNX_FIELD_GENERAL_PAYMENT_ID = 2,
  /*
   `general.merchant_callback_url`
   */
  MNX_FIELD_GENERAL_MERCHANT_CALLBACK_URL = 3,
  /*
   `customer.id`
   */
  MNX_FIELD_CUSTOMER_ID = 4,
  /*
   `customer.ip_address`
   */
  MNX_FIELD_CUSTOMER_IP_ADDRESS = 5,
  /*
   `customer.first_name`
   */
  MNX_FIELD_CUSTOMER_FIRST_NAME = 6,
  /*
   `customer.last_name`
   */
  MNX_FIELD_CUSTOMER_LAST_NAME = 7,
  /*
   `customer.email`
   */
  MNX_FIELD_CUSTOMER_EMAIL = 8,
  /*
   `customer.phone`
   */
  MNX_FIELD_CUSTOMER_PHONE = 9,
  /*
   `customer.identify.doc_number`
   */
  MNX_FIELD_CUSTOMER_IDENTIFY_DOC_NUMBER = 10,
  /*
   `customer.identify.doc_type`
   */
  MNX_FIELD_CUSTOMER_IDENTIFY_DOC_TYPE = 11,
  /*
   `account.number`
   */
  MNX_FIELD_ACCOUNT_NUMBER = 12,
  /*
   `account.type`
   */
  MNX_FIELD_ACCOUNT_TYPE = 13,
  /*
   `account.bank_id`
   */
  MNX_FIELD_ACCOUNT_BANK_ID = 14,
  /*
   `account.branch`
   */
  MNX_FIELD_ACCOUNT_BRANCH = 15,
  /*
   `account.city`
   */
  MNX_FIELD_ACCOUNT_CITY = 16,
  /*
   `account.province`
   */
  MNX_FIELD_ACCOUNT_PROVINCE = 17,
  /*
   `account.customer_name`
   */
  MNX_FIELD_ACCOUNT_CUSTOMER_NAME = 18,
  /*
   `payment.currency`
   */
  MNX_FIELD_PAYMENT_CURRENCY = 19,
  /*
   `payment.amount`
   */
  MNX_FIELD_PAYMENT_AMOUNT = 20,
  /*
   `payment.description`
   */
  MNX_FIELD_PAYMENT_DESCRIPTION = 21,
  /*
   One of the extra parameters (the violation's `path` says which), or
   the list as a whole (`extras`).
   */
  MNX_FIELD_EXTRA = 22,
  /*
   A field this version of the C API has no value for.
   */
  MNX_FIELD_OTHER = 99,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum mnx_field mnx_field;
#else
typedef int32_t mnx_field;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/*
 Why a parameter is invalid (`mnx_violation.reason`); `mnx_reason_str`
 gives the words.
 */
enum mnx_reason
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : int32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
  /*
   A required parameter is empty or only whitespace.
   */
  MNX_REASON_MISSING = 1,
  /*
   An optional parameter is present but empty (leave it out instead).
   */
  MNX_REASON_EMPTY = 2,
  /*
   Longer than the library's bound for the field.
   */
  MNX_REASON_TOO_LONG = 3,
  /*
   Contains a control character.
   */
  MNX_REASON_CONTROL = 4,
  /*
   An integer that must be greater than zero is not.
   */
  MNX_REASON_NOT_POSITIVE = 5,
  /*
   Not an email address.
   */
  MNX_REASON_EMAIL = 6,
  /*
   Not an IPv4 or IPv6 address.
   */
  MNX_REASON_IP_ADDRESS = 7,
  /*
   Not only the ASCII digits 0-9.
   */
  MNX_REASON_DIGITS = 8,
  /*
   Not exactly 10 ASCII digits (Colombia `customer.phone`).
   */
  MNX_REASON_TEN_DIGITS = 9,
  /*
   Not `CC` or `NIT`.
   */
  MNX_REASON_DOC_TYPE = 10,
  /*
   Not `CACC` or `SVGS`.
   */
  MNX_REASON_ACCOUNT_TYPE = 11,
  /*
   Not one of the payment method's currencies.
   */
  MNX_REASON_CURRENCY = 12,
  /*
   Not in the payment method's bank table (see `MNX_PAYOUT_ALLOW_UNLISTED_BANK`).
   */
  MNX_REASON_UNKNOWN_BANK = 13,
  /*
   Not an absolute http(s) URL.
   */
  MNX_REASON_URL = 14,
  /*
   The path of an extra parameter is malformed.
   */
  MNX_REASON_EXTRA_PATH = 15,
  /*
   The path is reserved (the signature, `frame_mode`, a typed field).
   */
  MNX_REASON_RESERVED = 16,
  /*
   The parameter is given more than once.
   */
  MNX_REASON_DUPLICATE = 17,
  /*
   The path is both a value and an object.
   */
  MNX_REASON_CONFLICT = 18,
  /*
   More than `MNX_MAX_EXTRAS` extra parameters.
   */
  MNX_REASON_TOO_MANY = 19,
  /*
   Ambiguous text: a `;` followed later by a `:` could forge a signed
   line (refused unless the caller opted in with `MNX_ALLOW_AMBIGUOUS`).
   */
  MNX_REASON_AMBIGUOUS = 20,
  /*
   A required parameter is absent (or `null`) in the JSON fields.
   */
  MNX_REASON_REQUIRED = 21,
  /*
   Not a JSON string.
   */
  MNX_REASON_NOT_STRING = 22,
  /*
   Not a JSON integer within the signed 64-bit range.
   */
  MNX_REASON_NOT_INTEGER = 23,
  /*
   Not a JSON integer from 0 to 4294967295 (a bank ID).
   */
  MNX_REASON_NOT_BANK_ID = 24,
  /*
   Not a JSON object.
   */
  MNX_REASON_NOT_OBJECT = 25,
  /*
   Not a parameter of this request (`hint` may name a close one); other
   Gate parameters go in the top-level `"extras"` object.
   */
  MNX_REASON_UNKNOWN = 26,
  /*
   An extra parameter's value is not a string, an integer or a boolean.
   */
  MNX_REASON_EXTRA_VALUE = 27,
  /*
   More violations were found than a list holds: this entry, last,
   stands for the rest.
   */
  MNX_REASON_MORE = 28,
  /*
   A reason this version of the C API has no value for (see `message`).
   */
  MNX_REASON_OTHER = 99,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum mnx_reason mnx_reason;
#else
typedef int32_t mnx_reason;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/*
 Kind of an extra parameter's value.
 */
enum mnx_extra_kind
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : int32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
  /*
   A JSON string (`str_value`).
   */
  MNX_EXTRA_KIND_STR = 0,
  /*
   A JSON integer (`int_value`).
   */
  MNX_EXTRA_KIND_INT = 1,
  /*
   A JSON boolean (`bool_value`; signed as 1 / 0).
   */
  MNX_EXTRA_KIND_BOOL = 2,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum mnx_extra_kind mnx_extra_kind;
#else
typedef int32_t mnx_extra_kind;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/*
 A payout method with a bank table.
 */
enum mnx_method
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : int32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
  /*
   Banks of Cambodia.
   */
  MNX_METHOD_CAMBODIA = 1,
  /*
   Bank transfers in Colombia.
   */
  MNX_METHOD_COLOMBIA = 2,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum mnx_method mnx_method;
#else
typedef int32_t mnx_method;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/*
 What the `method`, `bank_id` and `currency` of an `mnx_violation_ex`
 hold, for its message.
 */
enum mnx_detail
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : int32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
  /*
   Nothing beyond the path, the reason and the hint.
   */
  MNX_DETAIL_NONE = 0,
  /*
   `account.bank_id` (`bank_id`) is not in `method`'s bank table.
   */
  MNX_DETAIL_BANK = 1,
  /*
   `payment.currency` (`currency`, as given) is not one of `method`'s.
   */
  MNX_DETAIL_CURRENCY = 2,
  /*
   A detail this version of the C API has no value for.
   */
  MNX_DETAIL_OTHER = 99,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum mnx_detail mnx_detail;
#else
typedef int32_t mnx_detail;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/*
 A string borrowed as pointer + length: UTF-8, **not** NUL-terminated.

 Every string the C API takes inside a struct, and every string it hands
 back (field paths, reasons, callback values), is an `mnx_str`. For a
 string literal, `MNX_STR("text")` (in the header) fills both members.
 `{ NULL, 0 }` is the empty string; in an *optional* field it means
 "absent".
 */
typedef struct mnx_str {
  /*
   First byte (may be NULL when `len` is 0).
   */
  const char *ptr;
  /*
   Length in bytes, without any terminator.
   */
  size_t len;
} mnx_str;

/*
 A status member: the enum and the raw text as received.
 */
typedef struct mnx_state {
  /*
   Which status (`MNX_PAYMENT_STATE_ABSENT` if the member is absent).
   */
  mnx_payment_state state;
  /*
   The text as received (decoded); `{ NULL, 0 }` when absent.
   */
  struct mnx_str raw;
} mnx_state;

/*
 An amount with its currency.
 */
typedef struct mnx_sum {
  /*
   Whether the object is present.
   */
  bool present;
  /*
   Whether `amount` is present.
   */
  bool has_amount;
  /*
   `amount`, in minor units.
   */
  int64_t amount;
  /*
   `currency`.
   */
  struct mnx_str currency;
} mnx_sum;

/*
 The `payment` object of a callback or status response.
 */
typedef struct mnx_cb_payment {
  /*
   Whether the object is present.
   */
  bool present;
  /*
   `payment.id`: the merchant's payment ID.
   */
  struct mnx_str id;
  /*
   `payment.type`, e.g. `payout`.
   */
  struct mnx_str type;
  /*
   `payment.status`.
   */
  struct mnx_state status;
  /*
   `payment.date`, as sent.
   */
  struct mnx_str date;
  /*
   `payment.method`.
   */
  struct mnx_str method;
  /*
   `payment.sum`.
   */
  struct mnx_sum sum;
  /*
   `payment.description`.
   */
  struct mnx_str description;
} mnx_cb_payment;

/*
 A member the platform sends as a string or an integer (`operation.code`,
 `errors[].code`, `operation.provider.id`).
 */
typedef struct mnx_code {
  /*
   How it was sent.
   */
  mnx_code_kind kind;
  /*
   The text when `kind` is `MNX_CODE_KIND_STR`.
   */
  struct mnx_str text;
  /*
   The integer: when `kind` is `MNX_CODE_KIND_INT`, or a string that is
   a decimal integer (`has_value` says whether there is one).
   */
  int64_t value;
  /*
   Whether `value` holds the code as an integer.
   */
  bool has_value;
  /*
   The platform's "no error": the integer 0 or a string of only `0`s.
   */
  bool is_zero;
} mnx_code;

/*
 The `operation.provider` object.
 */
typedef struct mnx_provider {
  /*
   Whether the object is present.
   */
  bool present;
  /*
   `provider.id` (an integer in the platform's examples).
   */
  struct mnx_code id;
  /*
   `provider.payment_id`.
   */
  struct mnx_str payment_id;
  /*
   `provider.auth_code`.
   */
  struct mnx_str auth_code;
} mnx_provider;

/*
 An operation (`operation`, or the last of `operations[]`).
 */
typedef struct mnx_operation {
  /*
   Whether the object is present.
   */
  bool present;
  /*
   Whether `id` is present.
   */
  bool has_id;
  /*
   `operation.id`.
   */
  uint64_t id;
  /*
   `operation.type`, e.g. `payout`.
   */
  struct mnx_str type;
  /*
   `operation.status`.
   */
  struct mnx_state status;
  /*
   `operation.date`, as sent.
   */
  struct mnx_str date;
  /*
   `operation.created_date`, as sent.
   */
  struct mnx_str created_date;
  /*
   `operation.request_id`.
   */
  struct mnx_str request_id;
  /*
   `operation.sum_initial`.
   */
  struct mnx_sum sum_initial;
  /*
   `operation.sum_converted`.
   */
  struct mnx_sum sum_converted;
  /*
   `operation.code`: zero means no error.
   */
  struct mnx_code code;
  /*
   `operation.message`.
   */
  struct mnx_str message;
  /*
   `operation.provider`.
   */
  struct mnx_provider provider;
} mnx_operation;

/*
 One item of an `errors` array.
 */
typedef struct mnx_error_item {
  /*
   `code`.
   */
  struct mnx_code code;
  /*
   `field`: the request field at fault, if any.
   */
  struct mnx_str field;
  /*
   `message`.
   */
  struct mnx_str message;
  /*
   `description`.
   */
  struct mnx_str description;
} mnx_error_item;

/*
 The `errors` array: the first `MNX_MAX_ERRORS` items, and the count.
 */
typedef struct mnx_errors {
  /*
   The items kept, in document order.
   */
  struct mnx_error_item items[MNX_MAX_ERRORS];
  /*
   Number of `items` filled.
   */
  size_t len;
  /*
   Number of items in the body (more than `len` when truncated).
   */
  size_t total;
} mnx_errors;

/*
 A verified payout callback.
 */
typedef struct mnx_callback {
  /*
   Whether `project_id` is present.
   */
  bool has_project_id;
  /*
   `project_id` (or `general.project_id`).
   */
  uint64_t project_id;
  /*
   `payment`.
   */
  struct mnx_cb_payment payment;
  /*
   `customer.id`.
   */
  struct mnx_str customer_id;
  /*
   `operation`.
   */
  struct mnx_operation operation;
  /*
   `errors[]`.
   */
  struct mnx_errors errors;
  /*
   The line order the signature matched.
   */
  mnx_order order;
  /*
   Final success, final failure or pending.
   */
  mnx_outcome outcome;
} mnx_callback;

/*
 A reusable signer, owned by the caller: the HMAC key set up once by
 `mnx_signer_init`, used by `mnx_signer_*` and the `*_with` functions,
 wiped by `mnx_signer_wipe`. It can live on the stack or in a static; it
 holds no pointers and nothing to free. Do not copy an initialised signer
 (a copy is a second copy of the key state that `mnx_signer_wipe` of the
 original does not reach). Declare it zero-initialised (`= {0}`) so that a
 forgotten `mnx_signer_init` is reported as
 `MNX_STATUS_SIGNER_UNINITIALIZED`.

 Signing and verifying with one signer from several threads at once is
 safe. A call that overlaps `mnx_signer_init` or `mnx_signer_wipe` of the
 same signer in another thread fails closed: it uses the old key or the
 new one, or returns `MNX_STATUS_SIGNER_UNINITIALIZED`, never a half-written
 state. Two `init`/`wipe` calls on one signer must not overlap each other.
 A signer whose bytes were changed by anything else gives
 `MNX_STATUS_INVALID_ARGUMENT`.
 */
typedef struct MNX_ALIGNED(16) mnx_signer {
  /*
   Opaque.
   */
  uint64_t _private[64];
} mnx_signer;

/*
 The acknowledgement of a payout request.
 */
typedef struct mnx_ack {
  /*
   `status` (`success` when accepted).
   */
  struct mnx_state status;
  /*
   `request_id`.
   */
  struct mnx_str request_id;
  /*
   Whether `project_id` is present.
   */
  bool has_project_id;
  /*
   `project_id`.
   */
  uint64_t project_id;
  /*
   `payment_id`.
   */
  struct mnx_str payment_id;
  /*
   `code`.
   */
  struct mnx_code code;
  /*
   `message`.
   */
  struct mnx_str message;
  /*
   `errors[]`.
   */
  struct mnx_errors errors;
  /*
   Whether the body was verified (`mnx_ack_parse_verified`).
   */
  bool verified;
  /*
   The order the signature matched, when `verified`.
   */
  mnx_order order;
  /*
   Accepted only if `status` is `success`, `code` absent or zero and
   `errors` empty.
   */
  mnx_verdict verdict;
  /*
   A reason for a rejection: `message`, else the first error's
   `message` or `description`; `{ NULL, 0 }` if none.
   */
  struct mnx_str reason;
} mnx_ack;

/*
 The verified response of the payment status request.
 */
typedef struct mnx_payment_status_response {
  /*
   Whether `project_id` is present.
   */
  bool has_project_id;
  /*
   `project_id`.
   */
  uint64_t project_id;
  /*
   `payment`.
   */
  struct mnx_cb_payment payment;
  /*
   `customer.id`.
   */
  struct mnx_str customer_id;
  /*
   The last element of `operations` (or the `operation` object).
   */
  struct mnx_operation operation;
  /*
   Number of elements in `operations`.
   */
  size_t operation_count;
  /*
   `errors[]`.
   */
  struct mnx_errors errors;
  /*
   The order the signature matched.
   */
  mnx_order order;
  /*
   Final success, final failure or pending, for the last operation.
   */
  mnx_outcome outcome;
} mnx_payment_status_response;

/*
 What the payout request said, for `mnx_callback_reconcile` and
 `mnx_payment_status_response_reconcile`.
 */
typedef struct mnx_expected {
  /*
   The request's `general.project_id`.
   */
  int64_t project_id;
  /*
   The request's `general.payment_id`.
   */
  struct mnx_str payment_id;
  /*
   The request's `payment.amount`, in minor units.
   */
  int64_t amount;
  /*
   The request's `payment.currency`.
   */
  struct mnx_str currency;
  /*
   The converted amount to expect in `operation.sum_converted`, in minor
   units (only when `converted_currency` is given).
   */
  int64_t converted_amount;
  /*
   The converted sum's currency; `{ NULL, 0 }` leaves
   `operation.sum_converted` unchecked.
   */
  struct mnx_str converted_currency;
} mnx_expected;

/*
 A value of a mismatch: what the request said or what the body says.
 */
typedef struct mnx_found {
  /*
   Which member holds the value.
   */
  mnx_found_kind kind;
  /*
   The integer (`MNX_FOUND_KIND_INT`).
   */
  int64_t int_value;
  /*
   The string (`MNX_FOUND_KIND_STR`), pointing into the body, the
   scratch or the `mnx_expected`'s strings.
   */
  struct mnx_str str_value;
} mnx_found;

/*
 One difference between the verified body and the request.
 */
typedef struct mnx_mismatch {
  /*
   The dotted path in the body (static): `project_id`, `payment.id`,
   `payment.sum.amount`, `payment.sum.currency`,
   `operation.sum_initial.amount`, `operation.sum_initial.currency`,
   `operation.sum_converted.amount`, `operation.sum_converted.currency`.
   */
  struct mnx_str path;
  /*
   What the request said.
   */
  struct mnx_found expected;
  /*
   What the body says.
   */
  struct mnx_found found;
} mnx_mismatch;

/*
 Every mismatch of one reconciliation: `items[0 .. len]`, in the order of
 the paths above; `len == 0` means the body answers the request.
 */
typedef struct mnx_mismatch_list {
  /*
   The mismatches.
   */
  struct mnx_mismatch items[MNX_MAX_MISMATCHES];
  /*
   Number of `items` filled.
   */
  size_t len;
} mnx_mismatch_list;

/*
 Options of the `*_opt` functions. Set `size` to `sizeof(mnx_options)`
 (`MNX_OPTIONS(flags)` in the header fills both members): options added
 in later versions go after `flags`, and `size` tells the library which
 ones the caller knows. A `size` smaller than this struct gives
 `MNX_STATUS_INVALID_ARGUMENT`; a larger one (a caller built against a
 newer header) is accepted if every byte this version does not know is
 zero.
 */
typedef struct mnx_options {
  /*
   `sizeof(mnx_options)`.
   */
  size_t size;
  /*
   0 (the defaults: strict secret check, ambiguous data refused, bank
   IDs from the method's table), or any of `MNX_SECRET_ALLOW_ANY`,
   `MNX_ALLOW_AMBIGUOUS` and `MNX_ALLOW_UNLISTED_BANK`; other bits give
   `MNX_STATUS_INVALID_ARGUMENT`.
   */
  uint32_t flags;
} mnx_options;

/*
 One violation found reading a request from JSON fields: everything core
 knows about it, so that `mnx_violation_message` can give its line.

 The enum members are `int32_t` (the struct is also an input of
 `mnx_violation_message`, where any value is safe); compare them with the
 enum constants. Strings point into the caller's fields and scratch (or
 are static): keep both while you use the violation.
 */
typedef struct mnx_violation_ex {
  /*
   An `mnx_field`: the parameter (`MNX_FIELD_EXTRA` for an extra
   parameter, a member the request does not have, or the list as a whole).
   */
  int32_t field;
  /*
   An `mnx_reason`: what is wrong (`mnx_reason_str` gives the words).
   */
  int32_t reason;
  /*
   The dotted path, e.g. `customer.emial` (empty for the last entry of
   a full list, `MNX_REASON_MORE`).
   */
  struct mnx_str path;
  /*
   For an unknown member, the path of a known one with a close name
   (`customer.email`), static; `{ NULL, 0 }` if none.
   */
  struct mnx_str hint;
  /*
   An `mnx_detail`: which of the next three members hold something.
   */
  int32_t detail;
  /*
   The payout method (`mnx_method`) of `MNX_DETAIL_BANK` and
   `MNX_DETAIL_CURRENCY`; 0 otherwise.
   */
  int32_t method;
  /*
   The bank ID given (`MNX_DETAIL_BANK`).
   */
  uint32_t bank_id;
  /*
   The currency given (`MNX_DETAIL_CURRENCY`; empty if unknown).
   */
  struct mnx_str currency;
} mnx_violation_ex;

/*
 Every violation of one read: `items[0 .. len]`, in the order found (a
 full list ends with an `MNX_REASON_MORE` entry standing for the rest).
 */
typedef struct mnx_violation_list {
  /*
   The violations.
   */
  struct mnx_violation_ex items[MNX_MAX_VIOLATIONS];
  /*
   Number of `items` filled.
   */
  size_t len;
} mnx_violation_list;

/*
 `general` of a request (its `signature` is added when signing).
 */
typedef struct mnx_general {
  /*
   `general.project_id`: must be > 0.
   */
  int64_t project_id;
  /*
   `general.payment_id`: required, unique within the project.
   */
  struct mnx_str payment_id;
  /*
   `general.merchant_callback_url`: optional absolute http(s) URL.
   */
  struct mnx_str merchant_callback_url;
} mnx_general;

/*
 `customer` of a Cambodia payout (all required).
 */
typedef struct mnx_cambodia_customer {
  /*
   `customer.id`.
   */
  struct mnx_str id;
  /*
   `customer.ip_address`: IPv4 or IPv6.
   */
  struct mnx_str ip_address;
  /*
   `customer.email`.
   */
  struct mnx_str email;
  /*
   `customer.phone`: digits only.
   */
  struct mnx_str phone;
} mnx_cambodia_customer;

/*
 `account` of a Cambodia payout.
 */
typedef struct mnx_cambodia_account {
  /*
   `account.number`: required.
   */
  struct mnx_str number;
  /*
   `account.bank_id`: required, from the bank table (`mnx_bank_*`).
   */
  uint32_t bank_id;
  /*
   `account.branch`: optional.
   */
  struct mnx_str branch;
  /*
   `account.city`: optional.
   */
  struct mnx_str city;
  /*
   `account.province`: optional.
   */
  struct mnx_str province;
  /*
   `account.customer_name`: required.
   */
  struct mnx_str customer_name;
} mnx_cambodia_account;

/*
 `payment` of a payout request.
 */
typedef struct mnx_payment {
  /*
   `payment.currency`: ISO 4217 code, one of the method's currencies.
   */
  struct mnx_str currency;
  /*
   `payment.amount` in minor units (`50,000.00 KHR` is 5000000; see
   `mnx_to_minor_units`); must be > 0.
   */
  int64_t amount;
  /*
   `payment.description`: optional.
   */
  struct mnx_str description;
} mnx_payment;

/*
 Any other Gate parameter, by dotted path (`customer.country`).
 */
typedef struct mnx_extra {
  /*
   Dot-separated names of ASCII letters, digits and `_`.
   */
  struct mnx_str path;
  /*
   An `mnx_extra_kind` (other values: `MNX_STATUS_INVALID_ARGUMENT`).
   */
  int32_t kind;
  /*
   The value when `kind` is `MNX_EXTRA_KIND_STR`.
   */
  struct mnx_str str_value;
  /*
   The value when `kind` is `MNX_EXTRA_KIND_INT`.
   */
  int64_t int_value;
  /*
   The value when `kind` is `MNX_EXTRA_KIND_BOOL`.
   */
  bool bool_value;
} mnx_extra;

/*
 A Banks of Cambodia payout request (`POST MNX_CAMBODIA_PAYOUT_ENDPOINT`).
 */
typedef struct mnx_cambodia_payout {
  /*
   `general`.
   */
  struct mnx_general general;
  /*
   `customer`.
   */
  struct mnx_cambodia_customer customer;
  /*
   `account`.
   */
  struct mnx_cambodia_account account;
  /*
   `payment` (currency KHR or USD).
   */
  struct mnx_payment payment;
  /*
   Extra parameters (may be NULL when `extras_len` is 0).
   */
  const struct mnx_extra *extras;
  /*
   Number of `extras` (more than `MNX_MAX_EXTRAS` is a violation).
   */
  size_t extras_len;
  /*
   0 or `MNX_PAYOUT_ALLOW_UNLISTED_BANK`.
   */
  uint32_t flags;
} mnx_cambodia_payout;

/*
 One violation of a validation rule.
 */
typedef struct mnx_violation {
  /*
   The parameter (`MNX_FIELD_EXTRA` for an extra parameter).
   */
  mnx_field field;
  /*
   Why it is invalid.
   */
  mnx_reason reason;
  /*
   The dotted path, e.g. `customer.phone`; for an extra, its own path
   (pointing into the request's `mnx_extra`), or `extras` for the list.
   */
  struct mnx_str path;
  /*
   The reason in words (static), e.g. `must contain only the digits 0-9`.
   */
  struct mnx_str message;
} mnx_violation;

/*
 `customer.identify` of a Colombia payout.
 */
typedef struct mnx_colombia_identify {
  /*
   `customer.identify.doc_number`: digits.
   */
  struct mnx_str doc_number;
  /*
   `customer.identify.doc_type`: `CC` or `NIT`.
   */
  struct mnx_str doc_type;
} mnx_colombia_identify;

/*
 `customer` of a Colombia payout (all required).
 */
typedef struct mnx_colombia_customer {
  /*
   `customer.id`.
   */
  struct mnx_str id;
  /*
   `customer.ip_address`: IPv4 or IPv6.
   */
  struct mnx_str ip_address;
  /*
   `customer.first_name`.
   */
  struct mnx_str first_name;
  /*
   `customer.last_name`.
   */
  struct mnx_str last_name;
  /*
   `customer.email`.
   */
  struct mnx_str email;
  /*
   `customer.phone`: exactly 10 digits.
   */
  struct mnx_str phone;
  /*
   `customer.identify`.
   */
  struct mnx_colombia_identify identify;
} mnx_colombia_customer;

/*
 `account` of a Colombia payout (all required).
 */
typedef struct mnx_colombia_account {
  /*
   `account.number`.
   */
  struct mnx_str number;
  /*
   `account.type`: `CACC` or `SVGS`.
   */
  struct mnx_str type;
  /*
   `account.bank_id`: from the bank table (`mnx_bank_*`).
   */
  uint32_t bank_id;
} mnx_colombia_account;

/*
 A Bank transfers in Colombia payout request (`POST MNX_COLOMBIA_PAYOUT_ENDPOINT`).
 */
typedef struct mnx_colombia_payout {
  /*
   `general`.
   */
  struct mnx_general general;
  /*
   `customer`.
   */
  struct mnx_colombia_customer customer;
  /*
   `account`.
   */
  struct mnx_colombia_account account;
  /*
   `payment` (currency COP or USD).
   */
  struct mnx_payment payment;
  /*
   Extra parameters (may be NULL when `extras_len` is 0).
   */
  const struct mnx_extra *extras;
  /*
   Number of `extras` (more than `MNX_MAX_EXTRAS` is a violation).
   */
  size_t extras_len;
  /*
   0 or `MNX_PAYOUT_ALLOW_UNLISTED_BANK`.
   */
  uint32_t flags;
} mnx_colombia_payout;

/*
 The payment status request (`POST MNX_PAYMENT_STATUS_ENDPOINT`).
 */
typedef struct mnx_payment_status_request {
  /*
   `general.project_id`: must be > 0.
   */
  int64_t project_id;
  /*
   `general.payment_id`: the payment to ask about.
   */
  struct mnx_str payment_id;
} mnx_payment_status_request;

/*
 A bank of a method's table.
 */
typedef struct mnx_bank {
  /*
   The ID to send in `account.bank_id`.
   */
  uint32_t id;
  /*
   The bank's name as the platform spells it (static, UTF-8).
   */
  struct mnx_str name;
} mnx_bank;

#ifdef __cplusplus
extern "C" {
#endif // __cplusplus

/*
 The library version, e.g. `"0.1.0"`: a static NUL-terminated string
 (compare with `MNX_VERSION_MAJOR/MINOR/PATCH` of the header you compiled
 against).

 Stack (x86_64): 3 KiB.
 */
const char *mnx_version(void);

/*
 Verifies a payout callback with `secret`, then reads it into `*out`.

 `strict` accepts only the canonical line order. Strings with JSON
 escapes are decoded into `scratch` (a scratch of `body_len` bytes always
 suffices; a body without escapes in the known fields needs none: NULL,
 0 is fine). With `MNX_STATUS_BUFFER_TOO_SMALL`, `*scratch_needed` gets
 the scratch size needed (it is written in no other case). The strings
 of `*out` point into `body` and `scratch`: keep both while you use it.
 Nothing is written to `*out` unless the signature verifies and every
 known field has its type (`MNX_STATUS_FIELD_TYPE` otherwise). The secret
 is checked strictly, as `mnx_sign`.

 Stack (x86_64): 29 KiB.
 */
mnx_status mnx_callback_parse(const uint8_t *body,
                              size_t body_len,
                              const uint8_t *secret,
                              size_t secret_len,
                              bool strict,
                              uint8_t *scratch,
                              size_t scratch_cap,
                              size_t *scratch_needed,
                              struct mnx_callback *out);

/*
 As `mnx_callback_parse`, with the key of an initialised `signer`.

 Stack (x86_64): 28 KiB.
 */
mnx_status mnx_callback_parse_with(const struct mnx_signer *signer,
                                   const uint8_t *body,
                                   size_t body_len,
                                   bool strict,
                                   uint8_t *scratch,
                                   size_t scratch_cap,
                                   size_t *scratch_needed,
                                   struct mnx_callback *out);

/*
 Reads a payout request's acknowledgement (the platform's synchronous
 answer) **without** verification: the platform's examples are not
 signed. Scratch, `*scratch_needed` and `*out` as `mnx_callback_parse`.

 Stack (x86_64): 21 KiB.
 */
mnx_status mnx_ack_parse(const uint8_t *body,
                         size_t body_len,
                         uint8_t *scratch,
                         size_t scratch_cap,
                         size_t *scratch_needed,
                         struct mnx_ack *out);

/*
 Verifies a signed acknowledgement with an initialised `signer`, then
 reads it (`MNX_STATUS_MISSING_SIGNATURE` if it is not signed).

 Stack (x86_64): 25 KiB.
 */
mnx_status mnx_ack_parse_verified(const struct mnx_signer *signer,
                                  const uint8_t *body,
                                  size_t body_len,
                                  bool strict,
                                  uint8_t *scratch,
                                  size_t scratch_cap,
                                  size_t *scratch_needed,
                                  struct mnx_ack *out);

/*
 Verifies the response of a payment status request with an initialised
 `signer`, then reads it (the payment and its last operation, with the
 outcome). Scratch, `*scratch_needed` and `*out` as `mnx_callback_parse`.

 Stack (x86_64): 25 KiB.
 */
mnx_status mnx_payment_status_response_parse(const struct mnx_signer *signer,
                                             const uint8_t *body,
                                             size_t body_len,
                                             bool strict,
                                             uint8_t *scratch,
                                             size_t scratch_cap,
                                             size_t *scratch_needed,
                                             struct mnx_payment_status_response *out);

/*
 Verifies a payout callback with `secret` (as `mnx_callback_parse`), then
 compares it with the request it should answer (core's reconciliation)
 and writes every mismatch by path into `*out`: the project ID, the
 payment ID, `payment.sum` and `operation.sum_initial` (amount and
 currency) against the request's amount and currency, and
 `operation.sum_converted` when `expected` gives a converted currency. A
 member the body lacks is a mismatch too (`MNX_FOUND_KIND_ABSENT`).

 `MNX_STATUS_OK` with `out->len == 0`: the callback answers this payout;
 `MNX_STATUS_OK` with `out->len > 0`: it does not (do not act on it). A
 valid signature only proves the platform sent the body, not that it is
 about this payout with this amount. Errors as `mnx_callback_parse`
 (`MNX_STATUS_INVALID_UTF8` for a string of `expected`); scratch and
 `*scratch_needed` as there; `*out` written only on success.

 Stack (x86_64): 27 KiB.
 */
mnx_status mnx_callback_reconcile(const uint8_t *body,
                                  size_t body_len,
                                  const uint8_t *secret,
                                  size_t secret_len,
                                  bool strict,
                                  const struct mnx_expected *expected,
                                  uint8_t *scratch,
                                  size_t scratch_cap,
                                  size_t *scratch_needed,
                                  struct mnx_mismatch_list *out);

/*
 As `mnx_callback_reconcile`, for the response of a payment status
 request (its last operation), verified with an initialised `signer` (as
 `mnx_payment_status_response_parse`).

 Stack (x86_64): 24 KiB.
 */
mnx_status mnx_payment_status_response_reconcile(const struct mnx_signer *signer,
                                                 const uint8_t *body,
                                                 size_t body_len,
                                                 bool strict,
                                                 const struct mnx_expected *expected,
                                                 uint8_t *scratch,
                                                 size_t scratch_cap,
                                                 size_t *scratch_needed,
                                                 struct mnx_mismatch_list *out);

/*
 Writes the canonical signing string of a JSON body (both signature
 members and `frame_mode` left out, natural order) into `out`.

 No NUL is appended. Errors in `body` take precedence over the buffer
 size; then `MNX_STATUS_BUFFER_TOO_SMALL` sets `*out_len` to the size
 needed and leaves `out` untouched. The canonical string is never refused
 for ambiguous data (it is what the platform computes).

 Stack (x86_64): 23 KiB.
 */
mnx_status mnx_canonical(const uint8_t *body,
                         size_t body_len,
                         uint8_t *out,
                         size_t out_cap,
                         size_t *out_len);

/*
 Signs a request body with `secret`: writes the 88-character base64
 signature (`MNX_SIGNATURE_LEN`, no NUL) into `out`.

 The secret is checked strictly (`MNX_STATUS_EMPTY_SECRET`,
 `MNX_STATUS_SUSPICIOUS_SECRET`) and ambiguous data is refused
 (`MNX_STATUS_AMBIGUOUS`); `mnx_sign_opt` takes the opt-outs. Errors in the
 inputs take precedence over the buffer size.

 Stack (x86_64): 19 KiB.
 */
mnx_status mnx_sign(const uint8_t *body,
                    size_t body_len,
                    const uint8_t *secret,
                    size_t secret_len,
                    uint8_t *out,
                    size_t out_cap,
                    size_t *out_len);

/*
 As `mnx_sign`, with `options` (`MNX_SECRET_ALLOW_ANY`,
 `MNX_ALLOW_AMBIGUOUS`; see `mnx_options`).

 Stack (x86_64): 19 KiB.
 */
mnx_status mnx_sign_opt(const uint8_t *body,
                        size_t body_len,
                        const uint8_t *secret,
                        size_t secret_len,
                        const struct mnx_options *options,
                        uint8_t *out,
                        size_t out_cap,
                        size_t *out_len);

/*
 Writes a signed copy of a request body into `out`: a top-level
 `signature` is removed, `general.signature` set (`general` created if
 absent), every other byte kept. The size needed never depends on the
 secret. Secret checked strictly and ambiguous data refused, as `mnx_sign`.

 Stack (x86_64): 20 KiB.
 */
mnx_status mnx_sign_body(const uint8_t *body,
                         size_t body_len,
                         const uint8_t *secret,
                         size_t secret_len,
                         uint8_t *out,
                         size_t out_cap,
                         size_t *out_len);

/*
 As `mnx_sign_body`, with `options` (see `mnx_options`).

 Stack (x86_64): 20 KiB.
 */
mnx_status mnx_sign_body_opt(const uint8_t *body,
                             size_t body_len,
                             const uint8_t *secret,
                             size_t secret_len,
                             const struct mnx_options *options,
                             uint8_t *out,
                             size_t out_cap,
                             size_t *out_len);

/*
 **A test-side tool** (fake platforms, simulators, fixtures): writes a
 copy of a callback or response body signed **as the platform signs it**
 into `out`: the signature in the top-level `signature` member (its value
 replaced, or the member appended), over every other line
 (`general.signature`, if any, is ordinary data there). A merchant signs
 requests with `mnx_sign_body` or the builders, never with this.

 Secret checked strictly and ambiguous data refused, as `mnx_sign`;
 errors in the body before the buffer size; size query and
 `MNX_STATUS_BUFFER_TOO_SMALL` as everywhere.

 Stack (x86_64): 20 KiB.
 */
mnx_status mnx_sign_as_platform(const uint8_t *body,
                                size_t body_len,
                                const uint8_t *secret,
                                size_t secret_len,
                                uint8_t *out,
                                size_t out_cap,
                                size_t *out_len);

/*
 Verifies a signed body (callback or signed response) with `secret`.

 Returns `MNX_STATUS_OK` if the signature matches,
 `MNX_STATUS_SIGNATURE_MISMATCH` if it does not (whatever is wrong with
 it), `MNX_STATUS_AMBIGUOUS` for ambiguous data (checked before any MAC),
 or an input error. `strict` accepts only the canonical line order;
 otherwise the two byte orders of the spec are accepted too.

 A match means the holder of the key signed exactly these lines. Members
 that make no line are not signed: empty objects and arrays, `frame_mode`
 members, and the difference between `null` and `""`.

 Stack (x86_64): 21 KiB.
 */
mnx_status mnx_verify(const uint8_t *body,
                      size_t body_len,
                      const uint8_t *secret,
                      size_t secret_len,
                      bool strict);

/*
 As `mnx_verify`, and on success writes the line order that matched to
 `*out_order`.

 Stack (x86_64): 21 KiB.
 */
mnx_status mnx_verify_ex(const uint8_t *body,
                         size_t body_len,
                         const uint8_t *secret,
                         size_t secret_len,
                         bool strict,
                         mnx_order *out_order);

/*
 As `mnx_verify_ex`, with `options` (see `mnx_options`).

 Stack (x86_64): 21 KiB.
 */
mnx_status mnx_verify_opt(const uint8_t *body,
                          size_t body_len,
                          const uint8_t *secret,
                          size_t secret_len,
                          bool strict,
                          const struct mnx_options *options,
                          mnx_order *out_order);

/*
 Says which member of `body` makes it ambiguous, as signing and
 verification check it (no key needed): writes core's explanation into
 `out`, e.g. `customer.id: a ';' followed by ':' could forge a signed
 line` (UTF-8, no NUL).

 `MNX_STATUS_OK` with `*out_len == 0` when nothing is ambiguous; the
 parse errors of `body` as the other functions report them. Size query
 and `MNX_STATUS_BUFFER_TOO_SMALL` as everywhere (`*out_len` = the exact
 size needed, `out` untouched).

 Stack (x86_64): 18 KiB.
 */
mnx_status mnx_ambiguity_explain(const uint8_t *body,
                                 size_t body_len,
                                 uint8_t *out,
                                 size_t out_cap,
                                 size_t *out_len);

/*
 Says why `body` is not a JSON body this library accepts, as core words
 it, with the byte offset: e.g. `duplicate key in one object at byte 30`
 for the `MNX_STATUS_DUPLICATE_KEY` of a reader, a verification or
 `mnx_payout_sign_json` (UTF-8, no NUL). The limits are the library's
 (`MNX_MAX_VALUES` values, depth `MNX_MAX_DEPTH`).

 `MNX_STATUS_OK` with `*out_len == 0` when the body parses. Size query
 and `MNX_STATUS_BUFFER_TOO_SMALL` as everywhere.

 Stack (x86_64): 18 KiB.
 */
mnx_status mnx_json_explain(const uint8_t *body,
                            size_t body_len,
                            uint8_t *out,
                            size_t out_cap,
                            size_t *out_len);

/*
 Sets up `signer` with `secret`. `flags` is 0 (strict secret check,
 ambiguous data refused) or any of `MNX_SECRET_ALLOW_ANY` and
 `MNX_ALLOW_AMBIGUOUS` (see its risk); other bits give
 `MNX_STATUS_INVALID_ARGUMENT`.

 On success the previous content of `signer` (an older key) is wiped and
 replaced; on error `signer` is left as it was. The library keeps no copy
 of `secret`.

 Stack (x86_64): 8 KiB.
 */
mnx_status mnx_signer_init(struct mnx_signer *signer,
                           const uint8_t *secret,
                           size_t secret_len,
                           uint32_t flags);

/*
 Wipes the key state of `signer`. Afterwards it must be initialised again
 before use (`MNX_STATUS_SIGNER_UNINITIALIZED`). A NULL (or misaligned)
 `signer` is ignored. Every byte of the key state is zeroed; an internal
 8-byte sequence number stays, so that a call racing with the wipe in
 another thread fails closed.

 Stack (x86_64): 3 KiB.
 */
void mnx_signer_wipe(struct mnx_signer *signer);

/*
 As `mnx_sign`, with the key (and policies) of an initialised `signer`.

 Stack (x86_64): 19 KiB.
 */
mnx_status mnx_signer_sign(const struct mnx_signer *signer,
                           const uint8_t *body,
                           size_t body_len,
                           uint8_t *out,
                           size_t out_cap,
                           size_t *out_len);

/*
 As `mnx_sign_body`, with the key (and policies) of an initialised `signer`.

 Stack (x86_64): 19 KiB.
 */
mnx_status mnx_signer_sign_body(const struct mnx_signer *signer,
                                const uint8_t *body,
                                size_t body_len,
                                uint8_t *out,
                                size_t out_cap,
                                size_t *out_len);

/*
 As `mnx_verify_ex`, with the key (and policies) of an initialised `signer`.

 Stack (x86_64): 20 KiB.
 */
mnx_status mnx_signer_verify(const struct mnx_signer *signer,
                             const uint8_t *body,
                             size_t body_len,
                             bool strict,
                             mnx_order *out_order);

/*
 Writes the line of a violation as core prints it into `out` (UTF-8, no
 NUL): `path: reason`, the facts that lead to the fix (the unlisted bank's
 ID and the switch that allows it, the currencies a method takes) and the
 hint (`customer.emial: unknown parameter (...); did you mean
 customer.email?`). The same line as the command line and Python give.

 The strings of `*violation` must still be valid (the fields and scratch
 of the call that filled it). Size query and `MNX_STATUS_BUFFER_TOO_SMALL`
 as everywhere. A member out of range (an unknown field, reason, detail or
 method value) gives `MNX_STATUS_INVALID_ARGUMENT`; a string that is not
 UTF-8, `MNX_STATUS_INVALID_UTF8`.

 Stack (x86_64): 3 KiB.
 */
mnx_status mnx_violation_message(const struct mnx_violation_ex *violation,
                                 uint8_t *out,
                                 size_t out_cap,
                                 size_t *out_len);

/*
 Reads a payout of `method` (an `mnx_method`) from JSON `fields` in the
 shape of its body, as the platform's examples print it
 (`{"general":{...},"customer":{...},"account":{...},"payment":{...}}`),
 validates it and writes its signed body (as `mnx_cambodia_payout_sign`
 does) into `out`.

 Core's request reader decides, as for the command line and Python:
 an absent (or `null`) required field is `MNX_REASON_REQUIRED`, a value
 of the wrong type `MNX_REASON_NOT_STRING` / `NOT_INTEGER` /
 `NOT_BANK_ID` / `NOT_OBJECT`, a member the request does not have
 `MNX_REASON_UNKNOWN` (with a `hint` when a known name is close), a
 signature or `frame_mode` member `MNX_REASON_RESERVED`. Extra Gate
 parameters go only in a top-level `"extras"` object mapping dotted paths
 to strings, integers or booleans (`{"customer.country":"KH"}`).

 `options` (required; `MNX_OPTIONS(0)` for the defaults): `MNX_ALLOW_UNLISTED_BANK`,
 `MNX_ALLOW_AMBIGUOUS`, `MNX_SECRET_ALLOW_ANY`.

 Results, in this order: argument errors; the parse errors of `fields`
 (`MNX_STATUS_MALFORMED_JSON`, `MNX_STATUS_DUPLICATE_KEY`, ...;
 `mnx_json_explain` gives the message with its byte offset); a scratch too
 small; `MNX_STATUS_INVALID` with **every** violation in `*violations`
 (`mnx_violation_message` gives each line); `out` too small; the
 secret's errors; `MNX_STATUS_OK` with the body in `out`.

 Strings with JSON escapes and the paths of unknown members are written
 into `scratch` (fields without escapes or unknown members need none:
 NULL, 0); the violations point into `fields` and `scratch`.
 `MNX_STATUS_BUFFER_TOO_SMALL` always sets `*scratch_needed` to the exact
 scratch these fields need; when `scratch_cap` is at least that, it is
 `out` that is short and `*out_len` gets its exact size
 (`MNX_MAX_CAMBODIA_PAYOUT_LEN` / `MNX_MAX_COLOMBIA_PAYOUT_LEN` always
 suffice). `*violations` is written only with `MNX_STATUS_INVALID`.

 Stack (x86_64): 47 KiB.
 */
mnx_status mnx_payout_sign_json(int32_t method,
                                const uint8_t *fields,
                                size_t fields_len,
                                const uint8_t *secret,
                                size_t secret_len,
                                const struct mnx_options *options,
                                uint8_t *scratch,
                                size_t scratch_cap,
                                size_t *scratch_needed,
                                uint8_t *out,
                                size_t out_cap,
                                size_t *out_len,
                                struct mnx_violation_list *violations);

/*
 As `mnx_payout_sign_json`, for the payment status request: its fields
 are `{"general":{"project_id":...,"payment_id":"..."}}` (it takes no
 extras); `MNX_MAX_PAYMENT_STATUS_REQUEST_LEN` always suffices for `out`.

 Stack (x86_64): 46 KiB.
 */
mnx_status mnx_payment_status_request_sign_json(const uint8_t *fields,
                                                size_t fields_len,
                                                const uint8_t *secret,
                                                size_t secret_len,
                                                const struct mnx_options *options,
                                                uint8_t *scratch,
                                                size_t scratch_cap,
                                                size_t *scratch_needed,
                                                uint8_t *out,
                                                size_t out_cap,
                                                size_t *out_len,
                                                struct mnx_violation_list *violations);

/*
 The dotted path of a field (`"customer.phone"`, static, not
 NUL-terminated); `{ NULL, 0 }` for `MNX_FIELD_NONE`, `MNX_FIELD_OTHER` and
 any value that is not an `mnx_field`.

 Stack (x86_64): 3 KiB.
 */
struct mnx_str mnx_field_path(int32_t field);

/*
 The words for a reason (static, not NUL-terminated); `{ NULL, 0 }` for a
 value that is not an `mnx_reason` (or `MNX_REASON_OTHER`).

 Stack (x86_64): 3 KiB.
 */
struct mnx_str mnx_reason_str(int32_t reason);

/*
 Validates a Cambodia payout and writes **every** violation, in body order,
 into `out` (an array of `out_cap`; `MNX_MAX_VIOLATIONS` always suffices).

 `MNX_STATUS_OK` with `*out_len == 0` means valid; `MNX_STATUS_OK` with
 `*out_len > 0` means invalid, the list written. `MNX_STATUS_BUFFER_TOO_SMALL`
 sets `*out_len` to the number of violations. A field that is not UTF-8
 gives `MNX_STATUS_INVALID_UTF8` (use `mnx_cambodia_payout_sign`'s
 `out_field` to learn which).

 Stack (x86_64): 10 KiB.
 */
mnx_status mnx_cambodia_payout_validate(const struct mnx_cambodia_payout *payout,
                                        struct mnx_violation *out,
                                        size_t out_cap,
                                        size_t *out_len);

/*
 Validates a Cambodia payout, then writes its JSON body with
 `general.signature` set into `out` (ready to POST to
 `MNX_CAMBODIA_PAYOUT_ENDPOINT`). `MNX_MAX_CAMBODIA_PAYOUT_LEN` always
 suffices.

 Invalid: `MNX_STATUS_INVALID` and the first violating field in
 `*out_field` (optional, may be NULL); `mnx_cambodia_payout_validate`
 lists them all. A field that cannot be read (`MNX_STATUS_INVALID_UTF8`,
 `MNX_STATUS_NULL_ARGUMENT` for a NULL string with a length) is named the
 same way. The secret is checked strictly, as `mnx_sign`.

 Stack (x86_64): 24 KiB.
 */
mnx_status mnx_cambodia_payout_sign(const struct mnx_cambodia_payout *payout,
                                    const uint8_t *secret,
                                    size_t secret_len,
                                    uint8_t *out,
                                    size_t out_cap,
                                    size_t *out_len,
                                    mnx_field *out_field);

/*
 As `mnx_cambodia_payout_sign`, with the key of an initialised `signer`,
 under the signer's flags (`MNX_SECRET_ALLOW_ANY`, `MNX_ALLOW_AMBIGUOUS`).

 Stack (x86_64): 24 KiB.
 */
mnx_status mnx_cambodia_payout_sign_with(const struct mnx_cambodia_payout *payout,
                                         const struct mnx_signer *signer,
                                         uint8_t *out,
                                         size_t out_cap,
                                         size_t *out_len,
                                         mnx_field *out_field);

/*
 As `mnx_cambodia_payout_validate`, with `options`: `MNX_ALLOW_AMBIGUOUS` accepts
 ambiguous text (no `MNX_REASON_AMBIGUOUS` violations); see `mnx_options`.

 Stack (x86_64): 10 KiB.
 */
mnx_status mnx_cambodia_payout_validate_opt(const struct mnx_cambodia_payout *payout,
                                            const struct mnx_options *options,
                                            struct mnx_violation *out,
                                            size_t out_cap,
                                            size_t *out_len);

/*
 As `mnx_cambodia_payout_sign`, with `options` (`MNX_SECRET_ALLOW_ANY`,
 `MNX_ALLOW_AMBIGUOUS`; see `mnx_options`). `mnx_cambodia_payout_sign_with`
 follows the signer's own flags instead.

 Stack (x86_64): 24 KiB.
 */
mnx_status mnx_cambodia_payout_sign_opt(const struct mnx_cambodia_payout *payout,
                                        const uint8_t *secret,
                                        size_t secret_len,
                                        const struct mnx_options *options,
                                        uint8_t *out,
                                        size_t out_cap,
                                        size_t *out_len,
                                        mnx_field *out_field);

/*
 As `mnx_cambodia_payout_validate`, for a Colombia payout.

 Stack (x86_64): 10 KiB.
 */
mnx_status mnx_colombia_payout_validate(const struct mnx_colombia_payout *payout,
                                        struct mnx_violation *out,
                                        size_t out_cap,
                                        size_t *out_len);

/*
 As `mnx_cambodia_payout_sign`, for a Colombia payout
 (`MNX_COLOMBIA_PAYOUT_ENDPOINT`, `MNX_MAX_COLOMBIA_PAYOUT_LEN`).

 Stack (x86_64): 24 KiB.
 */
mnx_status mnx_colombia_payout_sign(const struct mnx_colombia_payout *payout,
                                    const uint8_t *secret,
                                    size_t secret_len,
                                    uint8_t *out,
                                    size_t out_cap,
                                    size_t *out_len,
                                    mnx_field *out_field);

/*
 As `mnx_colombia_payout_sign`, with the key of an initialised `signer`,
 under the signer's flags.

 Stack (x86_64): 24 KiB.
 */
mnx_status mnx_colombia_payout_sign_with(const struct mnx_colombia_payout *payout,
                                         const struct mnx_signer *signer,
                                         uint8_t *out,
                                         size_t out_cap,
                                         size_t *out_len,
                                         mnx_field *out_field);

/*
 As `mnx_colombia_payout_validate`, with `options`: `MNX_ALLOW_AMBIGUOUS` accepts
 ambiguous text (no `MNX_REASON_AMBIGUOUS` violations); see `mnx_options`.

 Stack (x86_64): 10 KiB.
 */
mnx_status mnx_colombia_payout_validate_opt(const struct mnx_colombia_payout *payout,
                                            const struct mnx_options *options,
                                            struct mnx_violation *out,
                                            size_t out_cap,
                                            size_t *out_len);

/*
 As `mnx_colombia_payout_sign`, with `options` (`MNX_SECRET_ALLOW_ANY`,
 `MNX_ALLOW_AMBIGUOUS`; see `mnx_options`). `mnx_colombia_payout_sign_with`
 follows the signer's own flags instead.

 Stack (x86_64): 24 KiB.
 */
mnx_status mnx_colombia_payout_sign_opt(const struct mnx_colombia_payout *payout,
                                        const uint8_t *secret,
                                        size_t secret_len,
                                        const struct mnx_options *options,
                                        uint8_t *out,
                                        size_t out_cap,
                                        size_t *out_len,
                                        mnx_field *out_field);

/*
 As `mnx_cambodia_payout_validate`, for a payment status request.

 Stack (x86_64): 8 KiB.
 */
mnx_status mnx_payment_status_request_validate(const struct mnx_payment_status_request *request,
                                               struct mnx_violation *out,
                                               size_t out_cap,
                                               size_t *out_len);

/*
 Validates a payment status request and writes its signed body
 (`{"general":{"project_id":…,"payment_id":"…","signature":"…"}}`, for
 `MNX_PAYMENT_STATUS_ENDPOINT`) into `out`; `MNX_MAX_PAYMENT_STATUS_REQUEST_LEN`
 always suffices. Errors as `mnx_cambodia_payout_sign`.

 Stack (x86_64): 20 KiB.
 */
mnx_status mnx_payment_status_request_sign(const struct mnx_payment_status_request *request,
                                           const uint8_t *secret,
                                           size_t secret_len,
                                           uint8_t *out,
                                           size_t out_cap,
                                           size_t *out_len,
                                           mnx_field *out_field);

/*
 As `mnx_payment_status_request_sign`, with the key of an initialised
 `signer`, under the signer's flags.

 Stack (x86_64): 21 KiB.
 */
mnx_status mnx_payment_status_request_sign_with(const struct mnx_payment_status_request *request,
                                                const struct mnx_signer *signer,
                                                uint8_t *out,
                                                size_t out_cap,
                                                size_t *out_len,
                                                mnx_field *out_field);

/*
 As `mnx_payment_status_request_validate`, with `options`: `MNX_ALLOW_AMBIGUOUS` accepts
 ambiguous text (no `MNX_REASON_AMBIGUOUS` violations); see `mnx_options`.

 Stack (x86_64): 8 KiB.
 */
mnx_status mnx_payment_status_request_validate_opt(const struct mnx_payment_status_request *request,
                                                   const struct mnx_options *options,
                                                   struct mnx_violation *out,
                                                   size_t out_cap,
                                                   size_t *out_len);

/*
 As `mnx_payment_status_request_sign`, with `options` (`MNX_SECRET_ALLOW_ANY`,
 `MNX_ALLOW_AMBIGUOUS`; see `mnx_options`). `mnx_payment_status_request_sign_with`
 follows the signer's own flags instead.

 Stack (x86_64): 20 KiB.
 */
mnx_status mnx_payment_status_request_sign_opt(const struct mnx_payment_status_request *request,
                                               const uint8_t *secret,
                                               size_t secret_len,
                                               const struct mnx_options *options,
                                               uint8_t *out,
                                               size_t out_cap,
                                               size_t *out_len,
                                               mnx_field *out_field);

/*
 Writes a method's whole bank table (in the platform's order) into `out`.
 `method` is an `mnx_method`; the size query gives the number of banks.

 Stack (x86_64): 3 KiB.
 */
mnx_status mnx_banks(int32_t method, struct mnx_bank *out, size_t out_cap, size_t *out_len);

/*
 Looks up a bank by `account.bank_id`: `MNX_STATUS_OK` and `*out_bank`, or
 `MNX_STATUS_UNKNOWN_BANK`.

 Stack (x86_64): 3 KiB.
 */
mnx_status mnx_bank_by_id(int32_t method, uint32_t bank_id, struct mnx_bank *out_bank);

/*
 Looks up a bank by its whole name, ignoring case (`"aba bank"`,
 `"BANCO DE BOGOTÁ"`): `MNX_STATUS_OK` and `*out_bank`, or
 `MNX_STATUS_UNKNOWN_BANK`. `name` is UTF-8 (not NUL-terminated).

 Stack (x86_64): 3 KiB.
 */
mnx_status mnx_bank_by_name(int32_t method,
                            const uint8_t *name,
                            size_t name_len,
                            struct mnx_bank *out_bank);

/*
 Converts a decimal amount in major units of `currency` exactly into the
 integer minor units `payment.amount` takes: `"50,000.00"` KHR is
 `5000000`. Never rounds.

 `currency` is any active ISO 4217 alpha-3 code (upper case: `"KHR"`,
 `"USD"`, `"COP"`, `"JPY"`, `"BHD"`, ...; `mnx_minor_unit_digits` gives its
 minor unit). `amount` is ASCII digits with an optional fraction after one
 `.` and an optional exponent (`"5E+4"`, `"1.5e3"`); the integer part may
 group digits with `,` (`"1,234,567.89"`: every group after the first has
 three digits). Digits beyond the currency's minor unit are accepted when
 they are zeros (`"100.500"` USD is 10050) and refused otherwise. Both
 texts are UTF-8, not NUL-terminated.

 Errors, the first that applies: `MNX_STATUS_UNKNOWN_CURRENCY`;
 `MNX_STATUS_AMOUNT_SYNTAX` (not that shape), `MNX_STATUS_AMOUNT_SEPARATOR`
 (a misplaced `,`), `MNX_STATUS_AMOUNT_NEGATIVE` (a leading `-`, also on
 zero), `MNX_STATUS_AMOUNT_TOO_MANY_DECIMALS` (a non-zero digit past the
 minor unit), `MNX_STATUS_AMOUNT_OVERFLOW` (beyond a signed 64-bit count).

 Stack (x86_64): 3 KiB.
 */
mnx_status mnx_to_minor_units(const uint8_t *amount,
                              size_t amount_len,
                              const uint8_t *currency,
                              size_t currency_len,
                              int64_t *out_minor);

/*
 Writes the number of minor-unit digits of an ISO 4217 currency to
 `*out_digits`: 2 for KHR, USD and COP, 0 for JPY, 3 for BHD, 4 for CLF.
 `MNX_STATUS_UNKNOWN_CURRENCY` for a code that is not an active ISO 4217
 currency with minor units (the match is exact: upper case).

 Stack (x86_64): 3 KiB.
 */
mnx_status mnx_minor_unit_digits(const uint8_t *currency, size_t currency_len, uint8_t *out_digits);

/*
 Writes `amount` minor units of `currency` as a decimal in major units
 into `out` (ASCII, no NUL), for display: `5000000` KHR is `50000.00`,
 `500` JPY is `500`, `-1` USD is `-0.01`. The inverse of
 `mnx_to_minor_units`. `MNX_MAX_DECIMAL_LEN` always suffices; size query
 and `MNX_STATUS_BUFFER_TOO_SMALL` as everywhere;
 `MNX_STATUS_UNKNOWN_CURRENCY` first.

 Stack (x86_64): 3 KiB.
 */
mnx_status mnx_from_minor_units(int64_t amount,
                                const uint8_t *currency,
                                size_t currency_len,
                                uint8_t *out,
                                size_t out_cap,
                                size_t *out_len);

/*
 Static, NUL-terminated description of a status code. Accepts any integer:
 codes this library does not define give `"unknown status"`. Never NULL;
 the string must not be freed.

 Stack (x86_64): 3 KiB.
 */
const char *mnx_status_str(int32_t status);

/*
 Whether `status` is a calling/ABI error (1xx): a bug in the caller's use
 of the API (NULL pointer, bad flag, small buffer) or in the library (panic).

 Stack (x86_64): 1 KiB.
 */
bool mnx_status_is_calling_error(int32_t status);

/*
 Whether `status` is a validation error (2xx): the request's content is wrong.

 Stack (x86_64): 1 KiB.
 */
bool mnx_status_is_validation(int32_t status);

/*
 Whether `status` is a signature or secret error (3xx).

 Stack (x86_64): 1 KiB.
 */
bool mnx_status_is_signature(int32_t status);

/*
 Whether `status` is a parse error of a JSON body (4xx).

 Stack (x86_64): 1 KiB.
 */
bool mnx_status_is_parse(int32_t status);

#ifdef __cplusplus
}  // extern "C"
#endif  // __cplusplus

#endif  /* MONETIX_GATE_H */
