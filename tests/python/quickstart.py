# Python quick start (README.md shows this file; tests/python/test_quickstart.py runs it).
import monetix_gate as mg

SECRET = "secret"  # your project's secret key: load it from your secret store

# 1. Build, validate and sign a payout request (Banks of Cambodia). The fields
#    are typed: a type checker flags a misspelt key, and so does the library.
fields: mg.CambodiaFields = {
    "general": {"project_id": 1234, "payment_id": "payment_47"},
    "customer": {
        "id": "customer_1234",
        "ip_address": "198.51.100.47",
        "email": "johndoe@example.com",
        "phone": "123456789",
    },
    "account": {"number": "1234567890", "bank_id": 61021, "customer_name": "John Doe"},
    "payment": {"currency": "KHR", "amount": mg.to_minor_units("50,000.00", "KHR")},
}
body = mg.cambodia_payout(fields, SECRET)  # bytes, general.signature set
print("POST", mg.CAMBODIA_PAYOUT_ENDPOINT, body.decode())

# Invalid fields raise ValidationError listing every violation.
bad: mg.CambodiaFields = {**fields, "customer": {**fields["customer"], "phone": "+855 12"}}
try:
    mg.cambodia_payout(bad, SECRET)
except mg.ValidationError as err:
    print(err.errors)  # [('customer.phone', 'must contain only the digits 0-9')]

# 2. Verify a callback (the raw bytes of the POST body), check that it answers
#    this payout, and only then act on its outcome.
callback = (
    b'{"project_id":1234,"payment":{"id":"payment_47","type":"payout","status":"success",'
    b'"sum":{"amount":5000000,"currency":"KHR"}},"operation":{"id":47,"status":"success",'
    b'"code":"0","sum_initial":{"amount":5000000,"currency":"KHR"}},'
    b'"signature":"1MdmIKjPTGl1h4lt/EfG+HY+pI5fnuov+RFBozryHVrronXxdEpXgmAzhMPURVW54c0PXE1t72BbSQ8ts2LBvQ=="}'
)
try:
    cb = mg.parse_callback(callback, SECRET)
except mg.GateError as err:  # forged, tampered, ambiguous or malformed
    raise SystemExit(f"not trusted ({err}): answer 400")
mismatches = mg.reconcile(cb, fields)  # project, payment id, amounts, currencies
assert cb.payment is not None and cb.payment.sum is not None
print(cb.payment_id, cb.payment_status, cb.payment.sum.amount, cb.outcome, mismatches)
if not mismatches and cb.outcome is mg.Outcome.FINAL_SUCCESS:
    print("paid out")  # mark payment_47 as paid, idempotently, then answer 200
