"""Typed, immutable views of what the platform sends back: callbacks,
acknowledgements and status responses, plus the enums they use; and the
typed fields of the requests (``TypedDict``s: a misspelled key is a type
error, and the engine refuses it at run time too).

The engine (``monetix_gate._native``) parses and verifies; these classes only
hold the result. Like :mod:`monetix_gate.errors`, this module is plain Python
and never imports ``_native`` (its ``BodyView`` is named for the type
checker only).

Statuses are ``str``-based enums, so ``status == "success"`` works, and a
value the enum does not know (the platform adds statuses now and then) is
still carried: ``PaymentStatus("on hold")`` is a member-like value whose
``.value`` is ``"on hold"`` and whose ``.known`` is ``False``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Mapping, NamedTuple, Optional, Tuple, TypedDict, Union

if TYPE_CHECKING:
    from monetix_gate._native import BodyView

__all__ = [
    "Body",
    "RawBody",
    "Secret",
    "JsonValue",
    "ExtraValue",
    "Extras",
    "GeneralFields",
    "PaymentFields",
    "CambodiaCustomerFields",
    "CambodiaAccountFields",
    "CambodiaFields",
    "ColombiaIdentifyFields",
    "ColombiaCustomerFields",
    "ColombiaAccountFields",
    "ColombiaFields",
    "PayoutFields",
    "StatusGeneralFields",
    "StatusFields",
    "PaymentStatus",
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
    "Mismatch",
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

#: A member of a body read by ``get``: ``None`` (absent, ``null``, ``""``, a
#: container without a signed line), ``bool``, ``int``, ``str``, ``Decimal``
#: (a number with a fraction or an exponent, exactly as written), a read-only
#: mapping (an object) or a tuple (an array).
JsonValue = Union[None, bool, int, str, Decimal, Mapping[str, Any], Tuple[Any, ...]]

# ---- request fields ---------------------------------------------------------------
#
# The fields of a request in the shape of its body, as ``TypedDict``s: a
# misspelled or unknown key is a type error (``typeddict-unknown-key``), and
# the engine's request reader refuses it at run time as well (with a hint).
# Optional keys may be left out or ``None`` (the same). Any other Gate
# parameter goes in ``extras``, by dotted path.

#: The value of an extra Gate parameter.
ExtraValue = Union[str, int, bool]

#: Extra Gate parameters by dotted path: ``{"customer.country": "KH"}``.
Extras = Mapping[str, ExtraValue]


class _GeneralRequired(TypedDict):
    project_id: int
    payment_id: str


class GeneralFields(_GeneralRequired, total=False):
    """``general`` of a payout request."""

    merchant_callback_url: Optional[str]


class _PaymentRequired(TypedDict):
    currency: str
    amount: int


class PaymentFields(_PaymentRequired, total=False):
    """``payment`` of a payout request (``amount`` in minor units)."""

    description: Optional[str]


class CambodiaCustomerFields(TypedDict):
    """``customer`` of a Banks of Cambodia payout."""

    id: str
    ip_address: str
    email: str
    phone: str


class _CambodiaAccountRequired(TypedDict):
    number: str
    bank_id: int
    customer_name: str


class CambodiaAccountFields(_CambodiaAccountRequired, total=False):
    """``account`` of a Banks of Cambodia payout."""

    branch: Optional[str]
    city: Optional[str]
    province: Optional[str]


class _CambodiaRequired(TypedDict):
    general: GeneralFields
    customer: CambodiaCustomerFields
    account: CambodiaAccountFields
    payment: PaymentFields


class CambodiaFields(_CambodiaRequired, total=False):
    """The fields of a Banks of Cambodia payout request."""

    extras: Extras


class ColombiaIdentifyFields(TypedDict):
    """``customer.identify`` of a Bank transfers in Colombia payout."""

    doc_number: str
    doc_type: str


class ColombiaCustomerFields(TypedDict):
    """``customer`` of a Bank transfers in Colombia payout."""

    id: str
    ip_address: str
    first_name: str
    last_name: str
    email: str
    phone: str
    identify: ColombiaIdentifyFields


class ColombiaAccountFields(TypedDict):
    """``account`` of a Bank transfers in Colombia payout."""

    number: str
    type: str
    bank_id: int


class _ColombiaRequired(TypedDict):
    general: GeneralFields
    customer: ColombiaCustomerFields
    account: ColombiaAccountFields
    payment: PaymentFields


class ColombiaFields(_ColombiaRequired, total=False):
    """The fields of a Bank transfers in Colombia payout request."""

    extras: Extras


#: The fields of either payout request (what :func:`monetix_gate.reconcile`
#: compares an answer with).
PayoutFields = Union[CambodiaFields, ColombiaFields]


class StatusGeneralFields(TypedDict):
    """``general`` of a status request."""

    project_id: int
    payment_id: str


class StatusFields(TypedDict):
    """The fields of a payment status request (no extras)."""

    general: StatusGeneralFields

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
    ``body`` holds the verified bytes; :meth:`get` reads any other member
    from them.

    The engine verifies and reads the whole callback when it is parsed
    (every error is raised then); ``payment``, ``customer``, ``operation``
    and ``errors`` become Python objects when first read, and that object
    is kept (the same object on every read).
    """

    project_id: Optional[int]
    payment: Optional[Payment]
    customer: Optional[Customer]
    operation: Optional[Operation]
    errors: Tuple[ErrorItem, ...]
    errors_total: int
    order: str
    outcome: Outcome
    body: BodyView = field(repr=False, compare=False)

    def get(self, path: str) -> JsonValue:
        """Any member of the verified body by dotted path
        (``"operation.provider.payment_id"``, ``"errors.0.code"``), read by
        the engine from the verified bytes (see :class:`BodyView`)."""
        return self.body.get(path)

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
    description. ``body`` holds the bytes read (``body.verified`` as
    ``order`` says); :meth:`get` reads any other member from them.
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
    body: BodyView = field(repr=False, compare=False)

    def get(self, path: str) -> JsonValue:
        """Any member of the body by dotted path (see :meth:`Callback.get`)."""
        return self.body.get(path)

    @property
    def accepted(self) -> bool:
        """Whether the request was accepted for processing."""
        return self.verdict is Verdict.ACCEPTED


@dataclass(frozen=True)
class StatusResponse:
    """The response of the status request: the payment and its **last**
    operation (``operation_count`` counts them all). Verified unless read by
    ``parse_status_response_unverified`` (then ``order`` is ``None``).
    ``body`` holds the bytes read; :meth:`get` reads any other member.
    Like :class:`Callback`, read whole when parsed, with ``payment``,
    ``customer``, ``operation`` and ``errors`` made Python objects when
    first read."""

    project_id: Optional[int]
    payment: Optional[Payment]
    customer: Optional[Customer]
    operation: Optional[Operation]
    operation_count: int
    errors: Tuple[ErrorItem, ...]
    errors_total: int
    order: Optional[str]
    outcome: Outcome
    body: BodyView = field(repr=False, compare=False)

    def get(self, path: str) -> JsonValue:
        """Any member of the body by dotted path (see :meth:`Callback.get`)."""
        return self.body.get(path)


class _Deferred:
    """A field of a parsed view that becomes a Python object when first read.

    The parsers (``monetix_gate._native``) set the other fields of a
    :class:`Callback` or :class:`StatusResponse` and leave these out of the
    instance dictionary; the view's ``body`` keeps what the engine read for
    them. On the first read this non-data descriptor asks ``body`` for the
    object and stores it in the instance dictionary, which every later read
    finds first (one dictionary lookup, as for any field). An instance made
    with the dataclass's ``__init__`` (or ``dataclasses.replace``) has every
    field in its dictionary and never gets here. On the class itself the
    field stays absent, as for any dataclass field without a default (so a
    dataclass subclass does not take this descriptor for a default).
    """

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    def __get__(self, instance: Any, owner: Optional[type] = None) -> Any:
        if instance is None:
            raise AttributeError(f"type object {getattr(owner, '__name__', '?')!r} has no attribute {self._name!r}")
        value = instance.body._member(self._name)
        # Two threads may both build it: the first one stored wins, so every
        # read returns the same object.
        return instance.__dict__.setdefault(self._name, value)


for _view in (Callback, StatusResponse):
    for _name in ("payment", "customer", "operation", "errors"):
        setattr(_view, _name, _Deferred(_name))
del _view, _name


class Mismatch(NamedTuple):
    """A difference between a verified answer and the payout it should
    answer, as :func:`monetix_gate.reconcile` reports it (the engine's
    reconciliation). ``str(m)`` is the engine's line:
    ``payment.sum.amount: expected 5000000, found 4000000``."""

    #: The dotted path in the answer (``payment.sum.amount``).
    path: str
    #: What the request said.
    expected: Union[int, str, None]
    #: What the answer says (``None``: nothing).
    found: Union[int, str, None]
    #: The whole line (what ``str()`` gives).
    message: str

    def __str__(self) -> str:
        return self.message
