# Python quick start (README.md shows this file; tests/python/test_quickstart.py runs it).
# mypy: disable-error-code="arg-type,typeddict-item"
# (The README's dicts are not annotated: with `fields: mg.CambodiaFields = {...}`
# the type checker checks every key; until the README shows that, mypy is told
# so here.)
import monetix_gate as mg

SECRET = "secret"  # your project's secret key: load it from your secret store

# 1. Build, validate and sign a payout request (Banks of Cambodia).
customer = {
    "id": "customer_1234",
    "ip_address": "198.51.100.47",
    "email": "johndoe@example.com",
    "phone": "123456789",
}
fields = {
    "general": {"project_id": 1234, "payment_id": "payment_47"},
    "customer": customer,
    "account": {"number": "1234567890", "bank_id": 61021, "customer_name": "John Doe"},
    "payment": {"currency": "KHR", "amount": mg.to_minor_units("50,000.00", "KHR")},
}
body = mg.cambodia_payout(fields, SECRET)  # bytes, general.signature set
print("POST", mg.CAMBODIA_PAYOUT_ENDPOINT, body.decode())

# Invalid fields raise ValidationError listing every violation.
try:
    mg.cambodia_payout({**fields, "customer": {**customer, "phone": "+855 12"}}, SECRET)
except mg.ValidationError as err:
    print(err.errors)  # [('customer.phone', 'must contain only the digits 0-9')]

# 2. Verify a callback (the raw bytes of the POST body) and act on its outcome.
callback = (
    b'{"project_id":1234,"payment":{"id":"payment_47","type":"payout","status":"success",'
    b'"sum":{"amount":5000000,"currency":"KHR"}},"operation":{"id":47,"status":"success",'
    b'"code":"0"},"signature":"U1fiXWGrEer8c4qpRVp+tO6B+Z73AJU/uWCMgkWmMSeb9MvEv5zDWqCWKoELnNa2YQHzu/asbtLGQFUnsyEifQ=="}'
)
try:
    cb = mg.parse_callback(callback, SECRET)
except (mg.SignatureError, mg.InvalidInputError):
    raise SystemExit("not from the platform: answer 400")
assert cb.payment is not None and cb.payment.sum is not None
print(cb.payment_id, cb.payment_status, cb.payment.sum.amount, cb.outcome)
if cb.outcome is mg.Outcome.FINAL_SUCCESS:
    print("paid out")  # mark payment_47 as paid, idempotently, then answer 200
