"""Type stubs of the native extension ``monetix_gate._native``.

Mirrors the module one to one (checked by ``python -m mypy.stubtest
monetix_gate._native``); the ``/`` and ``*`` markers match the PyO3
signatures. Import from :mod:`monetix_gate`, which re-exports all of it.
"""

from decimal import Decimal
from typing import Final, List, Literal, Optional, Tuple, Union, final, overload

from monetix_gate.models import (
    Acknowledgement,
    Bank,
    Body,
    Callback,
    CambodiaFields,
    ColombiaFields,
    JsonValue,
    Mismatch,
    PayoutFields,
    RawBody,
    Secret,
    StatusFields,
    StatusResponse,
)

__all__ = [
    "__version__",
    "SIGNATURE_LEN",
    "sign",
    "canonical",
    "sign_body",
    "sign_as_platform",
    "verify",
    "cambodia_payout",
    "colombia_payout",
    "status_request",
    "parse_callback",
    "parse_unsigned_acknowledgement",
    "parse_signed_acknowledgement",
    "parse_status_response",
    "parse_status_response_unverified",
    "reconcile",
    "to_minor_units",
    "from_minor_units",
    "minor_unit_digits",
    "banks",
    "bank_by_id",
    "bank_by_name",
    "search_banks",
    "Signer",
    "BodyView",
    "CAMBODIA_PAYOUT_ENDPOINT",
    "COLOMBIA_PAYOUT_ENDPOINT",
    "STATUS_ENDPOINT",
    "CAMBODIA_CURRENCIES",
    "COLOMBIA_CURRENCIES",
    "CURRENCIES",
    "ERROR_CODES",
]

__version__: Final[str]

#: Length of a signature: 88 characters of standard base64 (HMAC-SHA512).
SIGNATURE_LEN: Final[int]
#: Endpoint path of the Banks of Cambodia payout request.
CAMBODIA_PAYOUT_ENDPOINT: Final[str]
#: Endpoint path of the Bank transfers in Colombia payout request.
COLOMBIA_PAYOUT_ENDPOINT: Final[str]
#: Endpoint path of the payment status request.
STATUS_ENDPOINT: Final[str]
#: Currencies of the Cambodia payout method (ISO 4217 codes).
CAMBODIA_CURRENCIES: Final[Tuple[str, ...]]
#: Currencies of the Colombia payout method (ISO 4217 codes).
COLOMBIA_CURRENCIES: Final[Tuple[str, ...]]
#: Every ISO 4217 currency the engine knows, as ``(code, numeric, digits)``
#: (``("KHR", 116, 2)``), sorted by code.
CURRENCIES: Final[Tuple[Tuple[str, int, int], ...]]
#: The engine's status numbers, as ``(code, name, message)``: the one table
#: of every interface (``GateError.code``, ``ErrorCode``, the C ``mnx_status``).
ERROR_CODES: Final[Tuple[Tuple[int, str, str], ...]]

_Method = Literal["cambodia", "colombia"]

# ``allow_ambiguous=True`` (keyword-only, default ``False``) accepts ambiguous
# data, which is otherwise refused with ``AmbiguousDataError``. Its risk:
# data signed or verified with it can be re-split into a different,
# unambiguous body that then verifies (and so can data signed by any other
# signer of the same key, such as an official SDK).

def sign(
    body: Body,
    secret: Secret,
    *,
    allow_suspicious_secret: bool = False,
    allow_ambiguous: bool = False,
) -> str:
    """Signs a request body: base64 HMAC-SHA512 over its canonical string.

    Raises ``InvalidInputError`` for a malformed body, ``BodyTypeError`` for a
    mapping value that is not JSON (or is a ``float``), ``SecretError`` for an
    empty or suspicious secret, ``AmbiguousDataError`` for ambiguous data
    (unless ``allow_ambiguous=True``: data signed with it can be re-split
    into a different body that verifies with the same signature).
    """

def canonical(body: Body) -> str:
    """The canonical string a request's signature covers (never refused for
    ambiguous data)."""

def sign_body(
    body: Body,
    secret: Secret,
    *,
    allow_suspicious_secret: bool = False,
    allow_ambiguous: bool = False,
) -> bytes:
    """The body with ``general.signature`` set; every other byte is kept.
    Refuses ambiguous data as ``sign`` does."""

def sign_as_platform(
    body: Body,
    secret: Secret,
    *,
    allow_suspicious_secret: bool = False,
    allow_ambiguous: bool = False,
) -> bytes:
    """A test-side tool: a callback or response body signed **as the
    platform signs it** (top-level ``signature``), for fake platforms,
    simulators and fixtures. Merchants sign requests with the request
    builders or ``sign_body``. At most 512 values (the engine's default
    table)."""

def verify(
    body: RawBody,
    secret: Secret,
    *,
    strict: bool = False,
    allow_suspicious_secret: bool = False,
    allow_ambiguous: bool = False,
) -> str:
    """Verifies a signed body; returns the ordering that matched
    (``natural``, ``byte-path`` or ``byte-line``) or raises ``SignatureError``.

    Ambiguous data is refused first with ``AmbiguousDataError`` (before any
    MAC), unless ``allow_ambiguous=True``: then a body re-split from any data
    signed with the same key (by anyone, an official SDK included) verifies.
    """

def cambodia_payout(
    fields: CambodiaFields,
    secret: Secret,
    *,
    allow_unlisted_bank: bool = False,
    allow_suspicious_secret: bool = False,
    allow_ambiguous: bool = False,
) -> bytes:
    """A signed Banks of Cambodia payout request body; raises
    ``ValidationError`` listing every violation the engine's request reader
    finds (unknown members with a hint, wrong types, missing fields, every
    rule; ambiguous text is one, unless ``allow_ambiguous=True``)."""

def colombia_payout(
    fields: ColombiaFields,
    secret: Secret,
    *,
    allow_unlisted_bank: bool = False,
    allow_suspicious_secret: bool = False,
    allow_ambiguous: bool = False,
) -> bytes:
    """A signed Bank transfers in Colombia payout request body; raises
    ``ValidationError`` as ``cambodia_payout`` does."""

@overload
def status_request(
    fields: StatusFields,
    secret: Secret,
    /,
    *,
    allow_suspicious_secret: bool = False,
    allow_ambiguous: bool = False,
) -> bytes: ...
@overload
def status_request(
    project_id: int,
    payment_id: str,
    secret: Secret,
    /,
    *,
    allow_suspicious_secret: bool = False,
    allow_ambiguous: bool = False,
) -> bytes:
    """A signed payment status request body, from its fields or from its
    project and payment IDs; raises ``ValidationError``."""

def parse_callback(
    body: RawBody,
    secret: Secret,
    *,
    strict: bool = False,
    allow_suspicious_secret: bool = False,
    allow_ambiguous: bool = False,
) -> Callback:
    """Verifies a callback body, then returns its typed, immutable view.
    Raises ``AmbiguousDataError`` for ambiguous data (unless
    ``allow_ambiguous=True``), ``UnsignedElementError`` for an array element
    the signature does not cover."""

def parse_unsigned_acknowledgement(body: RawBody) -> Acknowledgement:
    """Reads a payout request's acknowledgement **without verification**
    (the platform does not sign acknowledgements; ``order`` is ``None``)."""

def parse_signed_acknowledgement(
    body: RawBody,
    secret: Secret,
    *,
    strict: bool = False,
    allow_suspicious_secret: bool = False,
    allow_ambiguous: bool = False,
) -> Acknowledgement:
    """Verifies a signed acknowledgement, then reads it."""

def parse_status_response(
    body: RawBody,
    secret: Secret,
    *,
    strict: bool = False,
    allow_suspicious_secret: bool = False,
    allow_ambiguous: bool = False,
) -> StatusResponse:
    """Verifies the response of a status request, then returns its view."""

def parse_status_response_unverified(body: RawBody) -> StatusResponse:
    """Reads a status response **without** verifying it (diagnostics only;
    ``order`` is ``None``)."""

def reconcile(
    answer: Union[Callback, StatusResponse],
    expected: PayoutFields,
    *,
    converted: Optional[Tuple[int, str]] = None,
) -> List[Mismatch]:
    """Every mismatch between a verified answer and the payout request it
    should answer (project and payment IDs, amounts, currencies; the
    converted sum when ``converted`` is given); empty if it matches."""

def to_minor_units(amount: Union[str, int, Decimal], currency: str) -> int:
    """``to_minor_units("50,000.00", "KHR") == 5000000``, exactly (never
    rounded); raises ``AmountError`` naming the currency's digits."""

def from_minor_units(amount: int, currency: str) -> Decimal:
    """``from_minor_units(5000000, "KHR") == Decimal("50000.00")``."""

def minor_unit_digits(currency: str) -> int:
    """Minor-unit digits of a currency (``2`` for ``KHR``); raises ``AmountError``."""

def banks(method: _Method) -> List[Bank]:
    """A payout method's bank table, in the platform's order."""

def bank_by_id(method: _Method, bank_id: int) -> Optional[Bank]:
    """The bank with this ``account.bank_id``, or ``None``."""

def bank_by_name(method: _Method, name: str, *, ignore_case: bool = False) -> Optional[Bank]:
    """The bank with this name, or ``None``."""

def search_banks(method: _Method, query: str) -> List[Bank]:
    """The banks whose name contains ``query``, ignoring case."""

@final
class BodyView:
    """The bytes a view was read from, read-only; made only by the parse
    functions. ``get`` reads any member by dotted path with the engine."""

    def get(self, path: str) -> JsonValue:
        """The member at a dotted path (``"operation.provider.payment_id"``,
        ``"errors.0.code"``), or ``None``: absent, ``null``, ``""``, a
        container without a signed line, anything inside ``frame_mode``."""
    @property
    def raw(self) -> bytes:
        """The bytes the view was read from."""
    @property
    def verified(self) -> bool:
        """Whether those bytes were verified."""
    def __bytes__(self) -> bytes: ...
    def __len__(self) -> int: ...
    def __copy__(self) -> "BodyView": ...
    def __deepcopy__(self, memo: object, /) -> "BodyView": ...

@final
class Signer:
    """A signer keyed once with the merchant's secret, reused for every body.

    The keyed state is wiped when the signer is freed, never shown by
    ``repr``, and cannot be pickled. Made with ``allow_ambiguous=True`` it
    accepts ambiguous data in every call; otherwise a call's own
    ``allow_ambiguous=True`` accepts it for that call only (same risk).
    """

    def __new__(
        cls,
        secret: Secret,
        *,
        allow_suspicious_secret: bool = False,
        allow_ambiguous: bool = False,
    ) -> "Signer": ...
    @property
    def allow_ambiguous(self) -> bool:
        """Whether this signer was made with ``allow_ambiguous=True``."""
    def sign(self, body: Body, *, allow_ambiguous: bool = False) -> str: ...
    def sign_body(self, body: Body, *, allow_ambiguous: bool = False) -> bytes: ...
    def sign_as_platform(self, body: Body, *, allow_ambiguous: bool = False) -> bytes: ...
    def verify(
        self, body: RawBody, *, strict: bool = False, allow_ambiguous: bool = False
    ) -> str: ...
    def cambodia_payout(
        self,
        fields: CambodiaFields,
        *,
        allow_unlisted_bank: bool = False,
        allow_ambiguous: bool = False,
    ) -> bytes: ...
    def colombia_payout(
        self,
        fields: ColombiaFields,
        *,
        allow_unlisted_bank: bool = False,
        allow_ambiguous: bool = False,
    ) -> bytes: ...
    @overload
    def status_request(self, fields: StatusFields, /, *, allow_ambiguous: bool = False) -> bytes: ...
    @overload
    def status_request(
        self, project_id: int, payment_id: str, /, *, allow_ambiguous: bool = False
    ) -> bytes: ...
    def parse_callback(
        self, body: RawBody, *, strict: bool = False, allow_ambiguous: bool = False
    ) -> Callback: ...
    def parse_signed_acknowledgement(
        self, body: RawBody, *, strict: bool = False, allow_ambiguous: bool = False
    ) -> Acknowledgement: ...
    def parse_status_response(
        self, body: RawBody, *, strict: bool = False, allow_ambiguous: bool = False
    ) -> StatusResponse: ...
