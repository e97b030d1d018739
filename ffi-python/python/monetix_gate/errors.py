"""Exceptions raised by :mod:`monetix_gate`.

They are defined here, in plain Python, so their hierarchy, docstrings and
attributes are ordinary typed Python; the native extension imports them
(``pyo3::import_exception!``) and raises them. This module must never import
``monetix_gate._native`` (that would be an import cycle).

Every exception derives from :class:`GateError`, whose ``code`` is the number
of the C library's ``mnx_status`` for the same error, so logs read the same in
every language: ``1xx`` calling errors, ``2xx`` validation, ``3xx``
signature and verification, ``4xx`` parsing. The numbers are also available by
name in :class:`ErrorCode`.
"""

from __future__ import annotations

import enum
from typing import Any, List, Optional, Tuple

__all__ = [
    "ErrorCode",
    "GateError",
    "InvalidInputError",
    "BodyTypeError",
    "SignatureError",
    "SecretError",
    "ValidationError",
    "AmountError",
    "InternalError",
]


class ErrorCode(enum.IntEnum):
    """The C library's ``mnx_status`` codes (``MNX_STATUS_<NAME>`` in
    ``include/monetix_gate.h``), by name. Never renumbered.

    ``NULL_ARGUMENT``, ``PANIC``, ``SIGNER_UNINITIALIZED`` and ``UNKNOWN_BANK``
    are never raised in Python (bank lookups return ``None`` there); they are
    listed so the table is the C one, whole.
    """

    OK = 0
    # 1xx: calling errors
    NULL_ARGUMENT = 100
    BUFFER_TOO_SMALL = 101
    INVALID_UTF8 = 102
    PANIC = 103
    INVALID_ARGUMENT = 104
    SIGNER_UNINITIALIZED = 105
    UNKNOWN = 199
    # 2xx: validation
    INVALID = 200
    AMOUNT_SYNTAX = 201
    AMOUNT_TOO_MANY_DECIMALS = 202
    AMOUNT_SEPARATOR = 203
    AMOUNT_NEGATIVE = 204
    AMOUNT_OVERFLOW = 205
    UNKNOWN_CURRENCY = 206
    UNKNOWN_BANK = 207
    # 3xx: signature and verification
    SIGNATURE_MISMATCH = 300
    MISSING_SIGNATURE = 301
    SIGNATURE_NOT_STRING = 302
    EMPTY_SECRET = 303
    SUSPICIOUS_SECRET = 304
    GENERAL_NOT_OBJECT = 305
    # 4xx: parsing
    MALFORMED_JSON = 400
    INVALID_UTF8_BODY = 401
    LONE_SURROGATE = 402
    NOT_AN_OBJECT = 403
    DUPLICATE_KEY = 404
    NUMBER_OUT_OF_RANGE = 405
    TOO_DEEP = 406
    TOO_MANY_VALUES = 407
    TOO_LARGE = 408
    FIELD_TYPE = 409

class GateError(Exception):
    """Base class of every error this library raises.

    ``code`` is the C library's ``mnx_status`` number for the same error
    (see :class:`ErrorCode`); ``str(err)`` is a static description of the error
    kind, never anything derived from a secret.
    """

    code: int

    def __init__(self, message: str, code: int = ErrorCode.UNKNOWN) -> None:
        super().__init__(message)
        self.code = code

    def __reduce__(self) -> Tuple[Any, ...]:
        # Keep `code` (and subclass attributes) across pickling, e.g. between
        # worker processes.
        return (type(self), (self.args[0], self.code), self.__dict__)


class InvalidInputError(GateError, ValueError):
    """The body is not usable: malformed JSON, invalid UTF-8, a lone
    surrogate, duplicate keys, too deep or too large, a top level that is not
    an object, a ``general`` that is not an object, or a callback field of the
    wrong JSON type.

    ``offset`` is the byte offset in the body where the problem was found,
    when there is one.
    """

    offset: Optional[int]

    def __init__(
        self, message: str, code: int = ErrorCode.UNKNOWN, offset: Optional[int] = None
    ) -> None:
        super().__init__(message, code)
        self.offset = offset


class BodyTypeError(GateError, TypeError):
    """A request mapping holds something that is not a JSON value of the
    ``json`` module's rules (``str``, ``int``, ``bool``, ``None``, ``list``,
    ``tuple``, ``dict`` with ``str`` keys), or a ``float``, which requests
    never carry (amounts are integers of minor units).

    ``path`` names the offending value, e.g. ``payment.amount``.
    """

    path: str

    def __init__(self, message: str, code: int = ErrorCode.UNKNOWN, path: str = "") -> None:
        super().__init__(message, code)
        self.path = path


class SignatureError(GateError):
    """A body is not verified: the signature does not match (opaque by
    design: wrong value, empty, not base64 and wrong length look alike), is
    missing, or is not a JSON string. ``code`` tells these three apart."""


class SecretError(GateError, ValueError):
    """The secret key is empty, or (unless ``allow_suspicious_secret=True``)
    starts or ends with whitespace or holds an invisible character such as a
    soft hyphen, a zero-width space or a byte-order mark: almost always a
    copy-paste accident, and a known cause of signature mismatches."""


class ValidationError(GateError, ValueError):
    """A request failed validation.

    ``errors`` lists **every** violation as ``(path, reason)`` pairs in body
    order, e.g. ``("customer.phone", "must contain only the digits 0-9")``.
    """

    errors: List[Tuple[str, str]]

    def __init__(
        self,
        message: str,
        code: int = ErrorCode.INVALID,
        errors: Optional[List[Tuple[str, str]]] = None,
    ) -> None:
        super().__init__(message, code)
        self.errors = list(errors) if errors is not None else []

    def __str__(self) -> str:
        lines = "; ".join(f"{path}: {reason}" for path, reason in self.errors)
        return f"{self.args[0]}: {lines}" if lines else str(self.args[0])


class AmountError(GateError, ValueError):
    """An amount or currency given to :func:`monetix_gate.to_minor_units` is
    not usable: not a decimal number, too many decimals, a misplaced
    thousands separator, negative, beyond 64 bits, or an unknown currency."""


class InternalError(GateError):
    """Something that cannot happen did (e.g. an output buffer the binding
    sized itself was too small). Please report it."""
