#!/usr/bin/env python3
"""Generates tests/vectors/forgeries.json: forged bodies built from genuine
signed ones by re-splitting the canonical string (ambiguous signed data).

Every interface (Rust, C, Python, the CLI) runs these cases: each forged body
must be refused by default with the ambiguity error naming the path, and each
genuine body must still verify (with the opt-in where the genuine body is
itself ambiguous).

Signatures are HMAC-SHA512 (Python's hmac) over the canonical string printed
by `monetix-gate canonical` (the canonical string is never refused); the
script asserts, for every forgery, that the forged body's canonical string in
the stated order is byte-identical to the genuine one's, so each forged body
really carries a valid signature.

Usage: python3 tests/vectors/forgeries.py path/to/monetix-gate > tests/vectors/forgeries.json
"""
import base64
import hashlib
import hmac
import json
import subprocess
import sys

SECRET = b"secret"
CLI = sys.argv[1]


def canonical(body: dict) -> str:
    out = subprocess.run([CLI, "canonical"], input=json.dumps(body).encode(), capture_output=True, check=True)
    return out.stdout.decode().rstrip("\n")


def mac(text: str) -> str:
    return base64.b64encode(hmac.new(SECRET, text.encode(), hashlib.sha512).digest()).decode()


def leaves(v, path=()):
    """(path, value) lines in document order (simple keys only)."""
    if isinstance(v, dict):
        for k, x in v.items():
            if k == "signature" and not path:
                continue
            yield from leaves(x, path + (k,))
    elif isinstance(v, list):
        for i, x in enumerate(v):
            yield from leaves(x, path + (str(i),))
    else:
        text = "" if v is None else ("1" if v is True else "0" if v is False else str(v))
        yield ":".join(p.replace(":", "::") for p in path), text


def byte_path(body: dict) -> str:
    lines = sorted(leaves(body), key=lambda kv: kv[0].encode())
    return ";".join(f"{p}:{v}" for p, v in lines)


def with_sig(body: dict, sig: str) -> dict:
    out = dict(body)
    out["signature"] = sig
    return out


def dump(body: dict) -> str:
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)


DECLINE = {
    "project_id": 1234,
    "payment": {
        "id": "payment_47", "type": "payout", "status": "decline", "date": "2024-12-07T19:08:45+0000",
        "method": "Banks Cambodia", "sum": {"amount": 5000000, "currency": "KHR"},
    },
    "customer": {"id": "customer_123"},
    "operation": {
        "id": 47, "type": "payout", "status": "decline", "date": "2024-12-07T19:08:45+0000",
        "created_date": "2024-12-07T19:08:05+0000", "request_id": "1a23456bc7890de",
        "sum_initial": {"amount": 5000000, "currency": "KHR"},
        "sum_converted": {"amount": 5000000, "currency": "KHR"},
        "code": "20000", "message": "General decline",
        "provider": {"id": 12345, "payment_id": "123abc123-123"},
    },
    "errors": [{"code": "20000", "message": "limit"}],
}

REQUEST = {
    "general": {"project_id": 1234, "payment_id": "payment_47"},
    "customer": {"id": "customer_1234", "ip_address": "198.51.100.47", "email": "johndoe@example.com", "phone": "123456789"},
    "account": {"number": "1234567890", "bank_id": 61021, "branch": "Banteay Meanchey Branch", "city": "Serei Saophoan",
                "province": "Banteay Meanchey", "customer_name": "John Doe"},
    "payment": {"currency": "KHR", "amount": 5000000},
}

cases = []


def case(name, note, genuine, genuine_policy, forged, order, error, opt_in, request=None):
    g_canon = canonical(genuine)
    sig = mac(g_canon)
    f_canon = canonical(forged) if order == "natural" else byte_path(forged)
    assert f_canon == g_canon, (name, f_canon, g_canon)
    c = {
        "name": name,
        "note": note,
        "genuine": dump(with_sig(genuine, sig)) if request is None else request,
        "genuine_policy": genuine_policy,
        "forged": dump(with_sig(forged, sig)),
        "error": error,
        "opt_in": opt_in,
    }
    cases.append(c)


# 1. The fold: operation and payment statuses folded into errors[0].message.
g = json.loads(json.dumps(DECLINE))
canon = canonical(g)
start = canon.index("errors:0:message:limit;") + len("errors:0:message:")
end = canon.index("payment:status:decline") + len("payment:status:decline")
f = {
    "project_id": 1234,
    "customer": g["customer"],
    "errors": [{"code": "20000", "message": canon[start:end]}],
    "payment": {"sum": g["payment"]["sum"], "type": "payout"},
}
case("fold", "A genuine decline callback; operation.* and payment.{date,id,method,status} are folded into "
     "errors[0].message. Without the rule it verifies in strict mode and reads as pending.",
     g, "default", f, "natural",
     {"path": "errors.0.message", "reason": "separator",
      "message": "errors.0.message: a ';' followed by ':' could forge a signed line"},
     {"strict": "natural", "tolerant": "natural"})

# 2. payment.id rewrite: payment.id absorbs the lines after it.
g = json.loads(json.dumps(DECLINE))
f = json.loads(json.dumps(DECLINE))
f["payment"] = {"date": g["payment"]["date"],
                "id": "payment_47;payment:method:Banks Cambodia;payment:status:decline",
                "sum": g["payment"]["sum"], "type": "payout"}
case("payment_id_rewrite", "A genuine decline callback re-split so that payment.id reads "
     "'payment_47;payment:method:...' and payment.status is gone.",
     g, "default", f, "natural",
     {"path": "payment.id", "reason": "separator",
      "message": "payment.id: a ';' followed by ':' could forge a signed line"},
     {"strict": "natural", "tolerant": "natural"})

# 3. The split and 4. the cross-protocol request replay: a payout request whose
# payee-supplied account.customer_name carries callback lines.
inject = ";operation:code:0;operation:status:success;payment:id:victim;payment:status:success;payment:zz:"
g = json.loads(json.dumps(REQUEST))
g["account"]["customer_name"] = "John" + inject
g_canon = canonical(g)
rest = g_canon[g_canon.index("payment:zz:") + len("payment:zz:"):]
f = {
    "account": {"bank_id": 61021, "branch": "Banteay Meanchey Branch", "city": "Serei Saophoan", "customer_name": "John"},
    "operation": {"code": "0", "status": "success"},
    "payment": {"id": "victim", "status": "success", "zz": rest},
}
sig = mac(g_canon)
signed_request = dict(g)
signed_request["general"] = dict(g["general"], signature=sig)
case("split", "A payout request (signed only with the opt-in: its account.customer_name is ambiguous) re-split "
     "into a callback reading final success for payment 'victim'.",
     g, "allow", f, "natural",
     {"path": "payment.zz", "reason": "separator",
      "message": "payment.zz: a ';' followed by ':' could forge a signed line"},
     {"strict": "natural", "tolerant": "natural"},
     request=dump(signed_request))
cases[-1]["unsigned_request"] = dump(g)
cases[-1]["request_error"] = {"path": "account.customer_name", "reason": "separator",
                              "message": "account.customer_name: a ';' followed by ':' could forge a signed line"}

# 4. The same signed request presented as-is to the callback reader.
cases.append({
    "name": "cross_protocol_replay",
    "note": "The merchant's own signed request (ambiguous payee text, signed with the opt-in) replayed "
            "to the callback endpoint: refused by default before any MAC.",
    "genuine": dump(signed_request),
    "genuine_policy": "allow",
    "forged": dump(signed_request),
    "error": {"path": "account.customer_name", "reason": "separator",
              "message": "account.customer_name: a ';' followed by ':' could forge a signed line"},
    "opt_in": {"strict": "natural", "tolerant": "natural"},
})

# 5. The split arranged to match only in byte-path order (keys z10 / z9).
inject = ";operation:code:0;operation:status:success;payment:id:victim;payment:status:success;payment:z10:x;payment:z9:"
g = json.loads(json.dumps(REQUEST))
g["account"]["customer_name"] = "John" + inject
g_canon = canonical(g)
rest = g_canon[g_canon.index("payment:z9:") + len("payment:z9:"):]
f = {
    "account": {"bank_id": 61021, "branch": "Banteay Meanchey Branch", "city": "Serei Saophoan", "customer_name": "John"},
    "operation": {"code": "0", "status": "success"},
    "payment": {"id": "victim", "status": "success", "z10": "x", "z9": rest},
}
assert canonical(f) != g_canon
case("split_byte_path", "The split with injected keys z10/z9: the forged body's natural order differs, "
     "its byte-path order matches; tolerant verification would accept it without the rule.",
     g, "allow", f, "byte-path",
     {"path": "payment.z9", "reason": "separator",
      "message": "payment.z9: a ';' followed by ':' could forge a signed line"},
     {"strict": "mismatch", "tolerant": "byte-path"},
     request=None)
sig = mac(g_canon)
signed_request = dict(g)
signed_request["general"] = dict(g["general"], signature=sig)
cases[-1]["genuine"] = dump(signed_request)
cases[-1]["unsigned_request"] = dump(g)
cases[-1]["request_error"] = {"path": "account.customer_name", "reason": "separator",
                              "message": "account.customer_name: a ';' followed by ':' could forge a signed line"}

# 6. A big integer: operation.id beyond i64 is signed as 14 digits.
g = {"project_id": 1234, "payment": {"id": "payment_47", "status": "success"},
     "operation": {"id": 9223372036854775808, "status": "success", "code": "0"}}
f = json.loads(json.dumps(g))
f["operation"]["id"] = 9223372036854799999
case("big_integer", "operation.id 9223372036854775808 changed to 9223372036854799999: both sign as "
     "9.2233720368548E+18. With the opt-in the body verifies but the typed view refuses the field.",
     g, "allow", f, "natural",
     {"path": "operation.id", "reason": "integer_range",
      "message": "operation.id: integer outside the signed 64-bit range is signed as 14 digits"},
     {"strict": "natural", "tolerant": "natural", "typed_error": "operation.id"})

# 7. Key collision: {"a:":{"b":1}} and {"a":{":b":1}} both flatten to a:::b:1.
g = {"a:": {"b": 1}}
f = {"a": {":b": 1}}
case("key_collision", "Keys 'a:' + 'b' and 'a' + ':b' both flatten to 'a:::b'.",
     g, "allow", f, "natural",
     {"path": "a.:b", "reason": "key",
      "message": "key a.\":b\": keys must not be empty or contain ';' or ':'"},
     {"strict": "natural", "tolerant": "natural"})

print(json.dumps({
    "_comment": "Forged bodies that re-split a genuine body's canonical string. 'genuine' is a signed body "
                "(secret 'secret') that must verify, with the ambiguity opt-in when 'genuine_policy' is 'allow'; "
                "'forged' carries the genuine signature and must be refused by default, strict and tolerant, "
                "with 'error' (the path of the first offending member, the rule, and the explanation text); "
                "'opt_in' is what verification of the forged body gives with the opt-in ('natural'/'byte-path': "
                "the matched order; 'mismatch'; 'typed_error': the field a typed callback view refuses). "
                "'unsigned_request', where present, is the genuine request before signing: signing it is "
                "refused by default with 'request_error'. Generated by forgeries.py.",
    "secret": "secret",
    "cases": cases,
}, indent=1, ensure_ascii=False))
