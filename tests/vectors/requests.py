#!/usr/bin/env python3
"""Generates tests/vectors/requests.json: request fields in, and either the
signature of the signed request or the exact list of violations out.

Every interface (Rust, C, Python, the command line) reads the same fields with
the library's one request reader and must give the same result. The expected
violations are written here by hand; the expected signatures are computed here,
independently of the library: the canonical string by a small flattener (the
keys of these requests have no digits or spaces, so natural order is byte
order) and HMAC-SHA512 by Python's hmac.

Cases marked "json_only" can only be written as JSON text (duplicate keys,
number spellings): interfaces that take host-language values skip them.

Usage: python3 tests/vectors/requests.py > tests/vectors/requests.json
"""
import base64
import copy
import hashlib
import hmac
import json

SECRET = "secret"

CAMBODIA = {
    "general": {"project_id": 1234, "payment_id": "payment_47"},
    "customer": {"id": "customer_1234", "ip_address": "198.51.100.47", "email": "johndoe@example.com",
                 "phone": "123456789"},
    "account": {"number": "1234567890", "bank_id": 61021, "branch": "Banteay Meanchey Branch",
                "city": "Serei Saophoan", "province": "Banteay Meanchey", "customer_name": "John Doe"},
    "payment": {"currency": "KHR", "amount": 5000000},
}
COLOMBIA = {
    "general": {"project_id": 1234, "payment_id": "payment_47"},
    "customer": {"id": "customer_123", "ip_address": "198.51.100.47", "first_name": "John", "last_name": "Doe",
                 "email": "johndoe@example.com", "phone": "1234567890",
                 "identify": {"doc_number": "1234567", "doc_type": "CC"}},
    "account": {"number": "1234567890", "type": "CACC", "bank_id": 12345},
    "payment": {"currency": "COP", "amount": 10000},
}
STATUS = {"general": {"project_id": 1234, "payment_id": "payment_47"}}

UNKNOWN = 'unknown parameter (other Gate parameters go in "extras")'


def leaves(v, path=()):
    if isinstance(v, dict):
        for k, x in v.items():
            if x is None:
                continue  # a null optional field reads as absent: it is not sent
            yield from leaves(x, path + (k,))
    else:
        text = "1" if v is True else "0" if v is False else str(v)
        yield ":".join(path), text


def signed(fields):
    """The canonical string and signature of the request built from `fields`
    (extras merged at their dotted paths)."""
    body = copy.deepcopy({k: v for k, v in fields.items() if k != "extras"})
    for path, value in fields.get("extras", {}).items():
        node = body
        *parents, last = path.split(".")
        for p in parents:
            node = node.setdefault(p, {})
        node[last] = value
    lines = sorted(leaves(body), key=lambda kv: kv[0].encode())
    canonical = ";".join(f"{p}:{v}" for p, v in lines)
    sig = base64.b64encode(hmac.new(SECRET.encode(), canonical.encode(), hashlib.sha512).digest()).decode()
    return canonical, sig


cases = []


def ok(name, method, fields, note, **options):
    canonical, sig = signed(fields)
    cases.append({"name": name, "method": method, "note": note, "options": options, "fields": fields,
                  "expect": {"canonical": canonical, "signature": sig}})


def bad(name, method, fields, violations, note, json_text=None, **options):
    case = {"name": name, "method": method, "note": note, "options": options}
    if json_text is not None:
        case["json_only"] = True
        case["fields_json"] = json_text
    else:
        case["fields"] = fields
    case["expect"] = {"violations": violations}
    cases.append(case)


def with_(base, path, value):
    out = copy.deepcopy(base)
    node = out
    *parents, last = path.split(".")
    for p in parents:
        node = node[p]
    if value is DELETE:
        del node[last]
    else:
        node[last] = value
    return out


DELETE = object()

ok("cambodia_seed", "cambodia", CAMBODIA, "the platform's example request")
ok("colombia_seed_unlisted_bank", "colombia", COLOMBIA,
   "the platform's example request; its bank 12345 is not in the table", allow_unlisted_bank=True)
ok("status_seed", "status", STATUS, "a payment status request")
ok("cambodia_extras", "cambodia", {**CAMBODIA, "extras": {"customer.country": "KH", "payment.tip": 5}},
   "extra Gate parameters through the explicit channel")
ok("cambodia_minimal_optional", "cambodia",
   with_(with_(with_(CAMBODIA, "account.branch", DELETE), "account.city", DELETE), "account.province", DELETE),
   "optional fields left out")
ok("cambodia_null_optional", "cambodia", with_(with_(CAMBODIA, "account.branch", None), "payment.description", None),
   "null optional fields read as absent")
ok("cambodia_ambiguous_allowed", "cambodia", with_(CAMBODIA, "account.customer_name", "John;payment:status:x"),
   "ambiguous text with the opt-in", allow_ambiguous=True)

bad("colombia_seed_bank_refused", "colombia", COLOMBIA,
    ["account.bank_id: 12345 is not in the Bank transfers in Colombia bank table; to send it anyway, allow "
     "unlisted banks (the allow_unlisted_bank option, --allow-unlisted-bank on the command line); to see the "
     "table, list the method's banks (banks)"],
    "the example request's bank is not in the table")
bad("typo_with_hint", "cambodia", with_(with_(CAMBODIA, "customer.email", DELETE), "customer.emial", "a@b.cc"),
    [f"customer.emial: {UNKNOWN}; did you mean customer.email?", "customer.email: required"],
    "a typo is refused, never signed")
bad("unknown_top_level", "cambodia", {**CAMBODIA, "colour": "red"}, [f"colour: {UNKNOWN}"], "an unknown member")
bad("missing_everything", "cambodia", {}, [
    "general.project_id: required", "general.payment_id: required", "customer.id: required",
    "customer.ip_address: required", "customer.email: required", "customer.phone: required",
    "account.number: required", "account.bank_id: required", "account.customer_name: required",
    "payment.currency: required", "payment.amount: required"], "every required field absent")
bad("wrong_types", "cambodia",
    with_(with_(with_(with_(CAMBODIA, "general.project_id", "1234"), "general.payment_id", 47),
                "account.bank_id", -1), "payment.amount", True),
    ["general.project_id: must be an integer (64-bit)", "general.payment_id: must be a string",
     "account.bank_id: must be an integer from 0 to 4294967295", "payment.amount: must be an integer (64-bit)"],
    "values of the wrong type")
bad("object_expected", "cambodia", with_(CAMBODIA, "customer", "c1"), ["customer: must be an object"],
    "an object given as a string: its fields are not reported again")
bad("validation_rules", "cambodia",
    with_(with_(with_(with_(CAMBODIA, "customer.phone", "+855 12"), "customer.email", "not-an-email"),
                "payment.currency", "COP"), "general.project_id", 0),
    ["general.project_id: must be greater than zero", "customer.email: not a valid email address",
     "customer.phone: must contain only the digits 0-9",
     'payment.currency: "COP" is not a currency of Banks of Cambodia (allowed: KHR, USD)'],
    "every validation rule at once, in body order")
bad("colombia_rules", "colombia",
    with_(with_(with_(COLOMBIA, "customer.phone", "123"), "customer.identify.doc_type", "PP"), "account.type", "X"),
    ["customer.phone: must be exactly 10 digits, without +, spaces or punctuation",
     "customer.identify.doc_type: must be CC or NIT", "account.type: must be CACC or SVGS"],
    "Colombia's own rules", allow_unlisted_bank=True)
bad("ambiguous_field", "cambodia", with_(CAMBODIA, "account.customer_name", "John;payment:status:success"),
    ["account.customer_name: a ';' followed by ':' could forge a signed line"],
    "ambiguous text is refused by default")
bad("signature_member", "cambodia", with_(CAMBODIA, "general.signature", "x"),
    ["general.signature: reserved (the signature, frame_mode, or a typed field)"],
    "fields to build from carry no signature")
bad("extras_not_an_object", "cambodia", {**CAMBODIA, "extras": ["customer.country"]},
    ["extras: must be an object"], "the extras channel is an object")
bad("extras_rules", "cambodia", {**CAMBODIA, "extras": {"customer.country": None, "customer..x": 1, "customer.id": "x"}},
    ["customer.country: must be a string, an integer or a boolean",
     "customer..x: not a parameter path (1 to 6 dot-separated names of ASCII letters, digits and _, at most 64 bytes)",
     "customer.id: given more than once"], "extras follow the rules of extra parameters")
bad("status_takes_no_extras", "status", {**STATUS, "extras": {"x": 1}}, [f"extras: {UNKNOWN}"],
    "a status request has no extra parameters")
bad("duplicate_key", "cambodia", None, ["duplicate key in one object at byte 30"],
    "two values for one key: refused by the parser",
    json_text='{"general":{"project_id":1234,"project_id":1,"payment_id":"p"}}')
bad("float_amount", "cambodia", None, ["payment.amount: must be an integer (64-bit)"],
    "5e6 is a float in JSON, not an integer", json_text=json.dumps(CAMBODIA).replace("5000000", "5e6"))

print(json.dumps({
    "_comment": "Request fields and what reading, validating and signing them gives, the same through every "
                "interface. 'method' is cambodia, colombia or status; 'options' may set allow_unlisted_bank and "
                "allow_ambiguous; 'fields' is the request in the shape of its body (extra Gate parameters under "
                "the top-level 'extras' object); 'fields_json' with 'json_only' is raw JSON text for what only "
                "JSON can express. 'expect' is either 'canonical' and 'signature' (secret 'secret') of the "
                "signed request, or 'violations': every line, in order, as 'path: reason' (a parse error as its "
                "message). Generated by requests.py; signatures computed there with Python's hmac.",
    "secret": SECRET,
    "cases": cases,
}, indent=1, ensure_ascii=False))
