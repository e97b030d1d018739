"""Exceptions raised by :mod:`monetix_gate`.

They are defined here, in plain Python, so their hierarchy, docstrings and
attributes are ordinary typed Python; the native extension imports them
(``pyo3::import_exception!``) and raises them. This module must never import
``monetix_gate._native`` (that would be an import cycle).

Every exception derives from :class:`GateError`, whose ``code`` is the
engine's status number for the same error (the one table every interface
shares: the C library's ``mnx_status``, the CLI's JSON errors), so logs read
the same in every language: ``1xx`` calling errors, ``2xx`` validation,
``3xx`` signature and verification, ``4xx`` parsing. The numbers are also
available by name in :class:`ErrorCode`.
"""

from __future__ import annotations

import enum
from typing import Any, Iterable, List, NamedTuple, Optional, Tuple

__all__ = [
    "ErrorCode",
    "Violation",
    "GateError",
    "InvalidInputError",
    "UnsignedElementError",
    "ArgumentTypeError",
    "ArgumentValueError",
    "BodyTypeError",
    "SignatureError",
    "AmbiguousDataError",
    "SecretError",
    "ValidationError",
    "AmountError",
    "InternalError",
]


class ErrorCode(enum.IntEnum):
    """The engine's status numbers by name (core's ``ERROR_CODES``, also
    ``monetix_gate.ERROR_CODES`` with their messages; the C library's
    ``MNX_STATUS_<NAME>``). Never renumbered. ``tests/python/test_errors.py``
    checks this enum against the engine's table, name for name.

    ``NULL_ARGUMENT``, ``PANIC``, ``SIGNER_UNINITIALIZED`` and ``UNKNOWN_BANK``
    are never raised in Python (bank lookups return ``None`` there), nor is
    ``FLOAT_UNSUPPORTED`` (only an engine built without its ``float`` feature
    gives it; the wheel has it); they are listed so the table is whole.
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
    AMBIGUOUS = 306
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
    UNSIGNED_ELEMENT = 410
    FLOAT_UNSUPPORTED = 411

class GateError(Exception):
    """Base class of every error this library raises.

    Every failure of a call is one, whatever the input: a body, secret or
    mapping of any type or content, including exceptions raised by a user's
    mapping while it is read (kept as ``__cause__``). Only ``MemoryError``,
    ``KeyboardInterrupt`` and ``SystemExit`` pass through, and the
    ``TypeError`` Python itself raises for a call that does not fit the
    signature (a missing argument, an unknown keyword, a non-``bool`` flag).

    ``code`` is the engine's status number for the same error (see
    :class:`ErrorCode`); ``str(err)`` describes the error kind, never
    anything derived from a secret (an :class:`AmbiguousDataError` also names
    the offending member's path, a :class:`BodyTypeError` the value's path).
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


class UnsignedElementError(InvalidInputError):
    """A verified body has an array element that makes no signed line (such
    as ``{}`` appended to ``operations`` or ``errors``): the signature does
    not cover it, so a forger could have added it, and the typed view refuses
    the body. ``path`` names the array's elements, e.g. ``operations[]``;
    ``code`` is ``UNSIGNED_ELEMENT``.
    """

    path: str

    def __init__(
        self,
        message: str,
        code: int = ErrorCode.UNSIGNED_ELEMENT,
        offset: Optional[int] = None,
        path: str = "",
    ) -> None:
        super().__init__(message, code, offset)
        self.path = path


class ArgumentTypeError(GateError, TypeError):
    """An argument of the wrong Python type: a body that is not ``bytes``,
    ``bytearray``, ``str`` or a mapping (a signed body: not a mapping either),
    a secret that is not ``str``, ``bytes`` or ``bytearray``, request fields
    that are not a mapping, an amount that is not ``str``, ``int`` or
    ``Decimal``, a currency that is not a ``str``. ``code`` is
    ``INVALID_ARGUMENT``."""

    def __init__(self, message: str, code: int = ErrorCode.INVALID_ARGUMENT) -> None:
        super().__init__(message, code)


class ArgumentValueError(GateError, ValueError):
    """An argument outside its documented values, e.g. a payout method other
    than ``"cambodia"`` and ``"colombia"``. ``code`` is ``INVALID_ARGUMENT``."""

    def __init__(self, message: str, code: int = ErrorCode.INVALID_ARGUMENT) -> None:
        super().__init__(message, code)


class BodyTypeError(ArgumentTypeError):
    """A body given as a mapping (to ``sign``, ``sign_body``, ...) holds
    something that is not a JSON value of the ``json`` module's rules
    (``str``, ``int``, ``bool``, ``None``, ``list``, ``tuple``, ``dict`` with
    ``str`` keys), or a ``float``, which requests never carry (amounts are
    integers of minor units); or a mapping, a body's or request fields', has
    a key that is not a ``str`` or raised an exception while it was read
    (that exception is the ``__cause__``). (A request's fields of the wrong
    type are violations: :class:`ValidationError`.)

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


class AmbiguousDataError(GateError, ValueError):
    """Ambiguous data, refused when signing or verifying (``code``
    ``AMBIGUOUS``).

    The platform's canonical string does not escape ``;`` or ``:``, so data
    such as the text ``limit; code: 51``, a key with ``:``, or an integer
    beyond 64 bits could be re-split into a different body that the same
    signature verifies. Verification refuses it before any MAC is computed,
    so the refusal says nothing about whether the signature matched.

    ``str(err)`` is the engine's explanation, the path of the first offending
    member and the rule, e.g. ``errors.0.message: a ';' followed by ':' could
    forge a signed line``. ``path`` is that member's dotted path with its keys
    decoded (control characters escaped, as in the message) and array indices
    as numbers (``errors.0.message``). For a key
    problem the message quotes the offending key (``key a.":b": ...``, since
    the key itself may hold ``.``, ``:`` or nothing at all) while ``path`` is
    the plain path ending with that key (``a.:b``). A key longer than 200
    bytes is cut there and ends with ``...`` in both. ``reason`` names the
    rule: ``key``, ``separator``, ``integer_range``, ``digits`` or ``tiny``;
    ``offset`` is the member's byte offset in the body.

    The keyword ``allow_ambiguous=True`` accepts such data. Its risk: data
    signed or verified with it can be re-split into a different, unambiguous
    body that then verifies (and so can data signed by any other signer of
    the same key, such as an official SDK).
    """

    path: str
    reason: str
    offset: Optional[int]

    def __init__(
        self,
        message: str,
        code: int = ErrorCode.AMBIGUOUS,
        path: str = "",
        reason: str = "",
        offset: Optional[int] = None,
    ) -> None:
        super().__init__(message, code)
        self.path = path
        self.reason = reason
        self.offset = offset


class SecretError(GateError, ValueError):
    """The secret key is empty, or (unless ``allow_suspicious_secret=True``)
    starts or ends with whitespace or holds an invisible character such as a
    soft hyphen, a zero-width space or a byte-order mark: almost always a
    copy-paste accident, and a known cause of signature mismatches."""


class Violation(NamedTuple):
    """One violation of a request, as the engine's request reader reports it.

    ``str(v)`` is the engine's line, the same in every interface:
    ``customer.phone: must contain only the digits 0-9``, with a hint for a
    misspelled member (``customer.emial: unknown parameter (other Gate
    parameters go in "extras"); did you mean customer.email?``), or the
    message that leads to the fix for an unlisted bank or a currency of
    another method.
    """

    #: The dotted path (``customer.phone``; ``""`` for the request as a whole).
    path: str
    #: The reason in words (``must contain only the digits 0-9``).
    reason: str
    #: The whole line (what ``str()`` gives).
    message: str
    #: For an unknown member: the known path it is probably a typo of.
    hint: Optional[str] = None

    def __str__(self) -> str:
        return self.message


class ValidationError(GateError, ValueError):
    """A request failed validation.

    ``violations`` lists **every** violation (:class:`Violation`) the
    engine's request reader found, in body order: absent and misspelled
    members, values of the wrong type, every validation rule. ``str(err)``
    and ``repr(err)`` show them all.
    """

    violations: Tuple[Violation, ...]

    def __init__(
        self,
        message: str,
        code: int = ErrorCode.INVALID,
        violations: Iterable[Violation] = (),
    ) -> None:
        super().__init__(message, code)
        self.violations = tuple(violations)

    @property
    def errors(self) -> List[Tuple[str, str]]:
        """The ``(path, reason)`` of each violation (the form the repository
        README's quick start prints; ``violations`` has the whole lines)."""
        return [(v.path, v.reason) for v in self.violations]

    def __str__(self) -> str:
        lines = "; ".join(str(v) for v in self.violations)
        return f"{self.args[0]}: {lines}" if lines else str(self.args[0])

    def __repr__(self) -> str:
        return f"ValidationError({self.args[0]!r}, violations={[str(v) for v in self.violations]!r})"


class AmountError(GateError, ValueError):
    """An amount or currency given to :func:`monetix_gate.to_minor_units` (or
    :func:`monetix_gate.from_minor_units`) is not usable: not a decimal
    number, a non-zero digit beyond the currency's decimals (never rounded),
    a misplaced thousands separator, negative, beyond 64 bits of minor
    units, or an unknown currency. The message names the currency's decimal
    digits (``KHR has 2 decimal digits``)."""


class InternalError(GateError):
    """Something that cannot happen did (e.g. an output buffer the binding
    sized itself was too small). Please report it."""
