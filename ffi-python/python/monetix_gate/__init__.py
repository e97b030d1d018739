"""Monetix Gate signatures, payouts and callbacks, byte for byte.

A thin, typed Python face on the ``monetix-gate`` Rust engine. Every function
here is implemented by the engine (``monetix_gate._native``); this package adds
only plain-Python classes: the exceptions (:mod:`monetix_gate.errors`), the
immutable result types and status enums, and the typed request fields
(:mod:`monetix_gate.models`).

Quick start::

    import monetix_gate as mg

    body = mg.cambodia_payout(fields, secret)      # signed request bytes
    cb = mg.parse_callback(request_body, secret)   # verified, typed callback
    if mg.reconcile(cb, fields):                   # not about this payout
        ...
    elif cb.outcome is mg.Outcome.FINAL_SUCCESS: ...

Ambiguous data (text with a ``;`` followed by a ``:``, keys with ``;`` or
``:``, integers beyond 64 bits, ...) is refused when signing and verifying
(:class:`AmbiguousDataError`). Every function that signs or verifies has the
keyword-only opt-in ``allow_ambiguous=True``; its risk: data signed or
verified with it can be re-split into a different, unambiguous body that then
verifies (and so can data signed by any other signer of the same key, such
as an official SDK).
"""

from monetix_gate._native import (
    CAMBODIA_CURRENCIES,
    CAMBODIA_PAYOUT_ENDPOINT,
    COLOMBIA_CURRENCIES,
    COLOMBIA_PAYOUT_ENDPOINT,
    CURRENCIES,
    ERROR_CODES,
    SIGNATURE_LEN,
    STATUS_ENDPOINT,
    BodyView,
    Signer,
    __version__,
    bank_by_id,
    bank_by_name,
    banks,
    cambodia_payout,
    canonical,
    colombia_payout,
    from_minor_units,
    minor_unit_digits,
    parse_callback,
    parse_signed_acknowledgement,
    parse_status_response,
    parse_status_response_unverified,
    parse_unsigned_acknowledgement,
    reconcile,
    search_banks,
    sign,
    sign_as_platform,
    sign_body,
    status_request,
    to_minor_units,
    verify,
)
from monetix_gate.errors import (
    AmbiguousDataError,
    AmountError,
    ArgumentTypeError,
    ArgumentValueError,
    BodyTypeError,
    ErrorCode,
    GateError,
    InternalError,
    InvalidInputError,
    SecretError,
    SignatureError,
    UnsignedElementError,
    ValidationError,
    Violation,
)
from monetix_gate.models import (
    Acknowledgement,
    Bank,
    Callback,
    CambodiaAccountFields,
    CambodiaCustomerFields,
    CambodiaFields,
    ColombiaAccountFields,
    ColombiaCustomerFields,
    ColombiaFields,
    ColombiaIdentifyFields,
    Customer,
    ErrorItem,
    Extras,
    ExtraValue,
    GeneralFields,
    JsonValue,
    Mismatch,
    Operation,
    Outcome,
    Payment,
    PaymentFields,
    PaymentStatus,
    PayoutFields,
    Provider,
    StatusFields,
    StatusGeneralFields,
    StatusResponse,
    Sum,
    Verdict,
)

__all__ = [
    # signatures
    "SIGNATURE_LEN",
    "Signer",
    "canonical",
    "sign",
    "sign_body",
    "verify",
    # requests
    "CAMBODIA_PAYOUT_ENDPOINT",
    "COLOMBIA_PAYOUT_ENDPOINT",
    "STATUS_ENDPOINT",
    "cambodia_payout",
    "colombia_payout",
    "status_request",
    "CambodiaFields",
    "CambodiaCustomerFields",
    "CambodiaAccountFields",
    "ColombiaFields",
    "ColombiaCustomerFields",
    "ColombiaIdentifyFields",
    "ColombiaAccountFields",
    "GeneralFields",
    "PaymentFields",
    "PayoutFields",
    "StatusFields",
    "StatusGeneralFields",
    "Extras",
    "ExtraValue",
    # callbacks and responses
    "parse_callback",
    "parse_unsigned_acknowledgement",
    "parse_signed_acknowledgement",
    "parse_status_response",
    "parse_status_response_unverified",
    "reconcile",
    "sign_as_platform",
    "BodyView",
    "JsonValue",
    # money and banks
    "CAMBODIA_CURRENCIES",
    "COLOMBIA_CURRENCIES",
    "CURRENCIES",
    "from_minor_units",
    "minor_unit_digits",
    "to_minor_units",
    "banks",
    "bank_by_id",
    "bank_by_name",
    "search_banks",
    # exceptions
    "ERROR_CODES",
    "AmbiguousDataError",
    "AmountError",
    "ArgumentTypeError",
    "ArgumentValueError",
    "BodyTypeError",
    "ErrorCode",
    "GateError",
    "InternalError",
    "InvalidInputError",
    "SecretError",
    "SignatureError",
    "UnsignedElementError",
    "ValidationError",
    "Violation",
    # models
    "Acknowledgement",
    "Bank",
    "Callback",
    "Customer",
    "ErrorItem",
    "Mismatch",
    "Operation",
    "Outcome",
    "Payment",
    "PaymentStatus",
    "Provider",
    "StatusResponse",
    "Sum",
    "Verdict",
    "__version__",
]
