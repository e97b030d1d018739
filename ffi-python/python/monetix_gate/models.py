"""Typed, immutable views of what the platform sends back: callbacks,
acknowledgements and status responses, plus the enums they use.

The engine (``monetix_gate._native``) parses and verifies; these classes only
hold the result. Like :mod:`monetix_gate.errors`, this module is plain Python
and never imports ``_native``.

Statuses are ``str``-based enums, so ``status == "success"`` works, and a
value the enum does not know (the platform adds statuses now and then) is
still carried: ``PaymentStatus("on hold")`` is a member-like value whose
``.value`` is ``"on hold"`` and whose ``.known`` is ``False``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, Mapping, NamedTuple, Optional, Tuple, Union

__all__ = [
    "Body",
    "RawBody",
    "Secret",
    "Fields",
    "PaymentStatus",
    "OperationStatus",
    "Outcome",
    "Verdict",
    "Bank",
    "Sum",
    "Payment",
    "Customer",
    "Provider",
    "Operation",
    "ErrorItem",
    "Callback",
    "Acknowledgement",
    "StatusResponse",
]

#: A request body: JSON text (``bytes``, ``bytearray`` or ``str``) or a
#: mapping of JSON values by the ``json`` module's rules, except ``float``:
#: ``str``, ``int``, ``bool``, ``None``, lists and tuples, and mappings with
#: ``str`` keys (typed ``Any`` so inferred ``dict`` types are accepted; the
#: engine checks every value and raises ``BodyTypeError``).
Body = Union[bytes, bytearray, str, Mapping[str, Any]]

#: A signed body as received (``bytes``, ``bytearray`` or ``str``): a signature
#: covers the bytes that arrived, so a mapping is not accepted.
RawBody = Union[bytes, bytearray, str]

#: The merchant's secret key: ``str`` (signed as its UTF-8), ``bytes`` or
#: ``bytearray`` (which the caller can wipe after use).
Secret = Union[str, bytes, bytearray]

#: The ``fields`` of a payout request: a mapping in the seeds' shape, whose
#: leaves are ``str``, ``int``, ``bool`` or ``None`` (the same as absent);
#: conversion problems are reported in ``ValidationError.errors``.
Fields = Mapping[str, Any]

class PaymentStatus(str, enum.Enum):
    """A payment or operation status, as the platform spells it.

    Matching is exact and case-sensitive. Any other value is kept: calling
    ``PaymentStatus(value)`` with an unknown ``value`` returns a pseudo-member
    (name ``UNKNOWN``, ``known`` false) instead of raising, so a new status
    never makes a verified callback unreadable. Unknown statuses count as
    pending (see :class:`Outcome`).
    """

    SUCCESS = "success"
    DECLINE = "decline"
    PROCESSING = "processing"
    AWAITING_CLARIFICATION = "awaiting clarification"
    AWAITING_RETRY = "awaiting retry"
    AWAITING_CUSTOMER = "awaiting customer"
    AWAITING_CONFIRMATION = "awaiting confirmation"
    PARTIALLY_PAID_OUT = "partially paid out"
    ERROR = "error"
    INTERNAL_ERROR = "internal error"
    EXTERNAL_ERROR = "external error"
    CANCELLED = "cancelled"
    CANCELED = "canceled"

    @classmethod
    def _missing_(cls, value: object) -> Optional["PaymentStatus"]:
        if not isinstance(value, str):
            return None
        pseudo = str.__new__(cls, value)
        pseudo._name_ = "UNKNOWN"
        pseudo._value_ = value
        return pseudo

    @property
    def known(self) -> bool:
        """Whether this is one of the statuses this library knows."""
        return self._name_ != "UNKNOWN"

    def __str__(self) -> str:
        return str(self.value)


#: Operations use the same statuses as payments.
OperationStatus = PaymentStatus


class Outcome(str, enum.Enum):
    """What a payout callback (or status response) means for the merchant.

    ``FINAL_SUCCESS`` only when the payment and operation statuses are both
    ``success`` and ``operation.code`` is zero; ``FINAL_FAILURE`` when either
    status is ``decline``, ``error``, ``internal error``, ``external error``,
    ``cancelled`` or ``canceled``; ``PENDING`` otherwise (settle it with a
    status request).
    """

    FINAL_SUCCESS = "final_success"
    FINAL_FAILURE = "final_failure"
    PENDING = "pending"

    @property
    def is_final(self) -> bool:
        """``True`` unless pending."""
        return self is not Outcome.PENDING

    def __str__(self) -> str:
        return str(self.value)


class Verdict(str, enum.Enum):
    """Whether the platform accepted a request (an acknowledgement)."""

    ACCEPTED = "accepted"
    REJECTED = "rejected"

    def __str__(self) -> str:
        return str(self.value)


class Bank(NamedTuple):
    """A bank of a payout method's bank table (``account.bank_id``)."""

    id: int
    name: str


@dataclass(frozen=True)
class Sum:
    """An amount in minor units with its currency (``payment.sum``, ...)."""

    amount: Optional[int]
    currency: Optional[str]


@dataclass(frozen=True)
class Payment:
    """The ``payment`` object."""

    id: Optional[str]
    type: Optional[str]
    status: Optional[PaymentStatus]
    date: Optional[str]
    method: Optional[str]
    sum: Optional[Sum]
    description: Optional[str]


@dataclass(frozen=True)
class Customer:
    """The ``customer`` object."""

    id: Optional[str]


@dataclass(frozen=True)
class Provider:
    """The ``operation.provider`` object."""

    id: Union[int, str, None]
    payment_id: Optional[str]
    auth_code: Optional[str]


@dataclass(frozen=True)
class Operation:
    """An ``operation`` object. ``code`` is a ``str`` or an ``int`` as sent;
    zero means no error."""

    id: Optional[int]
    type: Optional[str]
    status: Optional[PaymentStatus]
    date: Optional[str]
    created_date: Optional[str]
    request_id: Optional[str]
    sum_initial: Optional[Sum]
    sum_converted: Optional[Sum]
    code: Union[int, str, None]
    message: Optional[str]
    provider: Optional[Provider]


@dataclass(frozen=True)
class ErrorItem:
    """One item of an ``errors`` array."""

    code: Union[int, str, None]
    field: Optional[str]
    message: Optional[str]
    description: Optional[str]


@dataclass(frozen=True)
class Callback:
    """A verified payout callback.

    Built only by :func:`monetix_gate.parse_callback`, after the signature
    verified; every field was read from the very bytes that were verified,
    and only what the signature covers: absent and ``null`` members, the
    empty string ``""`` (it signs like ``null``) and objects or arrays
    without a signed line (``{}``) are ``None``; an array element without a
    signed line is refused (``UnsignedElementError``); integers are read only
    within 64 bits. Amounts are ``int`` minor units.
    ``errors`` keeps the first 8 items of the body's ``errors`` array;
    ``errors_total`` counts them all. ``order`` names the line ordering the
    signature matched (``natural``, ``byte-path`` or ``byte-line``).
    """

    project_id: Optional[int]
    payment: Optional[Payment]
    customer: Optional[Customer]
    operation: Optional[Operation]
    errors: Tuple[ErrorItem, ...]
    errors_total: int
    order: str
    outcome: Outcome

    @property
    def payment_id(self) -> Optional[str]:
        """``payment.id``: the merchant's payment ID, the key for idempotency."""
        return self.payment.id if self.payment is not None else None

    @property
    def payment_status(self) -> Optional[PaymentStatus]:
        """``payment.status``, if present."""
        return self.payment.status if self.payment is not None else None

    @property
    def operation_status(self) -> Optional[PaymentStatus]:
        """``operation.status``, if present."""
        return self.operation.status if self.operation is not None else None


@dataclass(frozen=True)
class Acknowledgement:
    """The platform's synchronous answer to a payout request.

    ``verdict`` is ``ACCEPTED`` if and only if ``status`` is ``success``,
    ``code`` is absent or zero and ``errors`` is empty. ``order`` is ``None``
    when the body was read without verification (acknowledgements are not
    signed in the platform's examples), else the ordering that matched.
    ``reason`` is ``message``, else the first error item's message or
    description.
    """

    status: Optional[PaymentStatus]
    request_id: Optional[str]
    project_id: Optional[int]
    payment_id: Optional[str]
    code: Union[int, str, None]
    message: Optional[str]
    errors: Tuple[ErrorItem, ...]
    errors_total: int
    order: Optional[str]
    verdict: Verdict
    reason: Optional[str]

    @property
    def accepted(self) -> bool:
        """Whether the request was accepted for processing."""
        return self.verdict is Verdict.ACCEPTED


@dataclass(frozen=True)
class StatusResponse:
    """The verified response of the status request: the payment and its
    **last** operation (``operation_count`` counts them all)."""

    project_id: Optional[int]
    payment: Optional[Payment]
    customer: Optional[Customer]
    operation: Optional[Operation]
    operation_count: int
    errors: Tuple[ErrorItem, ...]
    errors_total: int
    order: Optional[str]
    outcome: Outcome

