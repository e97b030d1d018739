"""Monetix Gate signatures, payouts and callbacks, byte for byte.

A thin, typed Python face on the ``monetix-gate`` Rust engine: every function
here is implemented by the engine (``monetix_gate._native``); this package adds
only the exception classes (:mod:`monetix_gate.errors`) and the type stubs.
"""

from monetix_gate._native import (
    SIGNATURE_LEN,
    Signer,
    __version__,
    canonical,
    sign,
    sign_body,
    verify,
)
from monetix_gate.errors import (
    AmountError,
    BodyTypeError,
    GateError,
    InternalError,
    InvalidInputError,
    SecretError,
    SignatureError,
    ErrorCode,
    ValidationError,
)

__all__ = [
    "SIGNATURE_LEN",
    "Signer",
    "__version__",
    "canonical",
    "sign",
    "sign_body",
    "verify",
    "AmountError",
    "BodyTypeError",
    "GateError",
    "InternalError",
    "InvalidInputError",
    "SecretError",
    "SignatureError",
    "ErrorCode",
    "ValidationError",
]
