"""Type stubs of the native extension ``monetix_gate._native``.

Mirrors the module one to one (checked by ``python -m mypy.stubtest
monetix_gate._native``); the ``/`` and ``*`` markers match the PyO3
signatures. Import from :mod:`monetix_gate`, which re-exports all of it.
"""

from typing import Final, List, Literal, Optional, Tuple, final

from monetix_gate.models import (
    Acknowledgement,
    Bank,
    Body,
    Callback,
    Fields,
    RawBody,
    Secret,
    StatusResponse,
)

__all__ = [
    "__version__",
    "SIGNATURE_LEN",
    "sign",
    "canonical",
    "sign_body",
    "verify",
    "cambodia_payout",
    "colombia_payout",
    "status_request",
    "parse_callback",
    "parse_response",
    "parse_status_response",
    "to_minor_units",
    "minor_unit_digits",
    "banks",
    "bank_by_id",
    "bank_by_name",
    "search_banks",
    "Signer",
    "CAMBODIA_PAYOUT_ENDPOINT",
    "COLOMBIA_PAYOUT_ENDPOINT",
    "STATUS_ENDPOINT",
    "CAMBODIA_CURRENCIES",
    "COLOMBIA_CURRENCIES",
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

_Method = Literal["cambodia", "colombia"]

def sign(body: Body, secret: Secret, *, allow_suspicious_secret: bool = False) -> str:
    """Signs a request body: base64 HMAC-SHA512 over its canonical string.

    Raises ``InvalidInputError`` for a malformed body, ``BodyTypeError`` for a
    mapping value that is not JSON (or is a ``float``), ``SecretError`` for an
    empty or suspicious secret.
    """

def canonical(body: Body) -> str:
    """The canonical string a request's signature covers."""

def sign_body(body: Body, secret: Secret, *, allow_suspicious_secret: bool = False) -> bytes:
    """The body with ``general.signature`` set; every other byte is kept."""

def verify(
    body: RawBody,
    secret: Secret,
    *,
    strict: bool = False,
    allow_suspicious_secret: bool = False,
) -> str:
    """Verifies a signed body; returns the ordering that matched
    (``natural``, ``byte-path`` or ``byte-line``) or raises ``SignatureError``."""

def cambodia_payout(
    fields: Fields,
    secret: Secret,
    *,
    allow_unlisted_bank: bool = False,
    allow_suspicious_secret: bool = False,
) -> bytes:
    """A signed Banks of Cambodia payout request body; raises
    ``ValidationError`` listing every violation."""

def colombia_payout(
    fields: Fields,
    secret: Secret,
    *,
    allow_unlisted_bank: bool = False,
    allow_suspicious_secret: bool = False,
) -> bytes:
    """A signed Bank transfers in Colombia payout request body; raises
    ``ValidationError`` listing every violation."""

def status_request(
    project_id: int,
    payment_id: str,
    secret: Secret,
    *,
    allow_suspicious_secret: bool = False,
) -> bytes:
    """A signed payment status request body."""

def parse_callback(
    body: RawBody,
    secret: Secret,
    *,
    strict: bool = False,
    allow_suspicious_secret: bool = False,
) -> Callback:
    """Verifies a callback body, then returns its typed, immutable view."""

def parse_response(
    body: RawBody,
    secret: Optional[Secret] = None,
    *,
    strict: bool = False,
    allow_suspicious_secret: bool = False,
) -> Acknowledgement:
    """Reads a payout request's acknowledgement (verified first if ``secret``
    is given)."""

def parse_status_response(
    body: RawBody,
    secret: Secret,
    *,
    strict: bool = False,
    allow_suspicious_secret: bool = False,
) -> StatusResponse:
    """Verifies the response of a status request, then returns its view."""

def to_minor_units(amount: str, currency: str) -> int:
    """``to_minor_units("50,000.00", "KHR") == 5000000``; raises ``AmountError``."""

def minor_unit_digits(currency: str) -> int:
    """Minor-unit digits of a currency (``2`` for ``KHR``); raises ``AmountError``."""

def banks(method: _Method) -> List[Bank]:
    """A payout method's bank table, in the seed's order."""

def bank_by_id(method: _Method, bank_id: int) -> Optional[Bank]:
    """The bank with this ``account.bank_id``, or ``None``."""

def bank_by_name(method: _Method, name: str, *, ignore_case: bool = False) -> Optional[Bank]:
    """The bank with this name, or ``None``."""

def search_banks(method: _Method, query: str) -> List[Bank]:
    """The banks whose name contains ``query``, ignoring case."""

@final
class Signer:
    """A signer keyed once with the merchant's secret, reused for every body.

    The keyed state is wiped when the signer is freed, never shown by
    ``repr``, and cannot be pickled.
    """

    def __new__(cls, secret: Secret, *, allow_suspicious_secret: bool = False) -> "Signer": ...
    def sign(self, body: Body) -> str: ...
    def sign_body(self, body: Body) -> bytes: ...
    def verify(self, body: RawBody, *, strict: bool = False) -> str: ...
    def cambodia_payout(
        self, fields: Fields, *, allow_unlisted_bank: bool = False
    ) -> bytes: ...
    def colombia_payout(
        self, fields: Fields, *, allow_unlisted_bank: bool = False
    ) -> bytes: ...
    def status_request(self, project_id: int, payment_id: str) -> bytes: ...
    def parse_callback(self, body: RawBody, *, strict: bool = False) -> Callback: ...
    def parse_response(self, body: RawBody, *, strict: bool = False) -> Acknowledgement: ...
    def parse_status_response(self, body: RawBody, *, strict: bool = False) -> StatusResponse: ...
