#!/usr/bin/env python3
"""Runs the shared vectors through the C API.

Usage: vectors.py [--runner CMD...] -- ./vectors_cli
Feeds vectors_cli one request per line (see vectors_cli.c) and checks:

tests/vectors/signature.json
  kind=sign:   mnx_canonical == canonical, mnx_sign == signature, the
               signer gives the same, and mnx_sign_body's output verifies
               strictly (MNX_ORDER_NATURAL) and has the same canonical string;
               mnx_ambiguity_explain finds nothing.
               The vectors in AMBIGUOUS hold ambiguous data: every pinned
               signing call (mnx_sign, mnx_sign_body, mnx_signer_sign,
               mnx_signer_sign_body) refuses them with MNX_STATUS_AMBIGUOUS
               (nothing written, not even out_len), mnx_ambiguity_explain
               names a member, and the opt-in calls (mnx_sign_opt,
               mnx_sign_body_opt, a signer with MNX_ALLOW_AMBIGUOUS) give the
               vector's signature; the signed copy verifies only through the
               opt-in. Every other vector must pass through the pinned calls.
  kind=verify: mnx_canonical == canonical (when given), mnx_verify strict and
               tolerant agree with 'strict'/'tolerant', the matched order with
               'matched'.

tests/vectors/forgeries.json (read its _comment)
  forged:      refused with MNX_STATUS_AMBIGUOUS, strict and tolerant, by
               mnx_verify/mnx_verify_ex, mnx_signer_verify and the callback
               reader (mnx_callback_parse and mnx_callback_parse_with);
               mnx_ambiguity_explain gives error.message exactly; with the
               opt-in, verification gives 'opt_in' and the callback reader
               refuses 'typed_error' with MNX_STATUS_FIELD_TYPE.
  genuine:     verifies (natural order) through the pinned calls when
               genuine_policy is "default", else only through the opt-in
               (the pinned calls give MNX_STATUS_AMBIGUOUS).
  unsigned_request: every pinned signing call refuses it with
               MNX_STATUS_AMBIGUOUS, mnx_ambiguity_explain gives
               request_error.message, and the opt-in signed copy is 'genuine'
               byte for byte.
tests/vectors/requests.json (read its _comment)
  every case:  the fields (the case's fields as compact JSON, or its
               fields_json text) through mnx_payout_sign_json or
               mnx_payment_status_request_sign_json with the case's options
               (allow_unlisted_bank: MNX_ALLOW_UNLISTED_BANK, allow_ambiguous:
               MNX_ALLOW_AMBIGUOUS), scratch and output sized by the size
               query: the expected signature in general.signature and the
               expected canonical string of the signed body (mnx_canonical),
               or exactly the expected lines: MNX_STATUS_INVALID and each
               violation's mnx_violation_message, or a parse error and its
               mnx_json_explain message. The same file and the same lines as
               core/tests/requests.rs and cli/tests/requests.rs.
Standard library only. Exits 1 on any mismatch.
"""
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors" / "signature.json"
FORGERIES = ROOT / "tests" / "vectors" / "forgeries.json"
REQUESTS = ROOT / "tests" / "vectors" / "requests.json"
INVALID = 200
# mnx_options flags.
ALLOW_AMBIGUOUS_FLAG = 2
ALLOW_UNLISTED_BANK_FLAG = 4
OK = 0
SIGNATURE_MISMATCH = 300
AMBIGUOUS = 306
FIELD_TYPE = 409
# The shared signature vectors that hold ambiguous data (numbers beyond i64,
# values with ';' then ':'). Exactly these are refused by the pinned calls.
AMBIGUOUS_VECTORS = {"edge_large_integers", "edge_values_with_separators"}
# mnx_outcome values (the callback reader's output).
OUTCOMES = {"1", "2", "3"}

PINNED_SIGN_OPS = ("sign", "signer_sign", "sign_body", "signer_sign_body")
OPT_IN_SIGN_OPS = ("sign_opt", "signer_sign_allow", "sign_body_opt", "signer_sign_body_allow")


def main() -> int:
    cli = sys.argv[1:]
    if cli and cli[0] == "--":
        cli = cli[1:]
    if not cli:
        print(__doc__, file=sys.stderr)
        return 2

    def encode(op: str, secret: bytes, body: bytes) -> str:
        return f"{op} {secret.hex() or '-'} {body.hex() or '-'}\n"

    def run(lines: list) -> list:
        proc = subprocess.run(cli, input="".join(lines), capture_output=True,
                              text=True, check=False)
        sys.stderr.write(proc.stderr)
        if proc.returncode != 0:
            raise SystemExit(f"vectors_cli exited with {proc.returncode}")
        out = proc.stdout.splitlines()
        if len(out) != len(lines):
            raise SystemExit(f"vectors_cli answered {len(out)} of {len(lines)} requests")
        return [tuple(o.split(" ", 1)) for o in out]

    failures = []
    # Each check: (name, op, secret, body, predicate(status, payload) -> error or None).
    checks = []

    def expect(name, op, secret, body, pred):
        checks.append((name, op, secret, body, pred))

    def status_is(want, payload_want=None):
        def pred(status, payload):
            if status != want or (payload_want is not None and payload != payload_want):
                return f"got {status} {payload}, want {want} {payload_want or ''}".rstrip()
            return None
        return pred

    def refused_untouched(want):
        # An input error: reported before the size query, out_len untouched.
        return status_is(want, "-")

    def text_is(want: str):
        def pred(status, payload):
            got = bytes.fromhex(payload).decode("utf-8") if payload != "-" else ""
            if status != OK or got != want:
                return f"got {status} {got!r}, want OK {want!r}"
            return None
        return pred

    def nonempty_text(status, payload):
        if status != OK or payload == "-":
            return f"got {status} {payload}, want OK and an explanation"
        return None

    def order_of(opt_in: str):
        return {"natural": (OK, "natural"), "byte-path": (OK, "byte-path"),
                "byte-line": (OK, "byte-line"), "mismatch": (SIGNATURE_MISMATCH, "-")}[opt_in]

    # ---- signature.json -------------------------------------------------------
    cases = json.loads(VECTORS.read_text(encoding="utf-8"))["cases"]
    names = {c["name"] for c in cases}
    for missing in sorted(AMBIGUOUS_VECTORS - names):
        failures.append(f"signature.json lacks the ambiguous vector {missing}")
    followups = []  # second round: checks on sign_body outputs

    for c in cases:
        n = c["name"]
        secret = c["secret"].encode("utf-8")
        body = c["input"].encode("utf-8")
        ambiguous = n in AMBIGUOUS_VECTORS
        if "canonical" in c:
            # The canonical string is never refused (it is what the platform computes).
            expect(f"{n}: canonical", "canonical", secret, body, text_is(c["canonical"]))
        if c["kind"] == "sign":
            sig_text = text_is(c["signature"])
            if ambiguous:
                for op in PINNED_SIGN_OPS:
                    expect(f"{n}: {op} (pinned) refuses", op, secret, body,
                           refused_untouched(AMBIGUOUS))
                expect(f"{n}: explain", "explain", secret, body, nonempty_text)
                expect(f"{n}: sign_opt", "sign_opt", secret, body, sig_text)
                expect(f"{n}: signer_sign_allow", "signer_sign_allow", secret, body, sig_text)
                expect(f"{n}: sign_body_opt", "sign_body_opt", secret, body,
                       lambda st, p, c=c, s=secret: followup(c, s, st, p, opt_in=True))
                expect(f"{n}: signer_sign_body_allow", "signer_sign_body_allow", secret, body,
                       lambda st, p, c=c, s=secret: followup(c, s, st, p, opt_in=True))
            else:
                expect(f"{n}: sign", "sign", secret, body, sig_text)
                expect(f"{n}: signer_sign", "signer_sign", secret, body, sig_text)
                expect(f"{n}: explain finds nothing", "explain", secret, body, status_is(OK, "-"))
                expect(f"{n}: sign_body", "sign_body", secret, body,
                       lambda st, p, c=c, s=secret: followup(c, s, st, p, opt_in=False))
                expect(f"{n}: signer_sign_body", "signer_sign_body", secret, body,
                       lambda st, p, c=c, s=secret: followup(c, s, st, p, opt_in=False))
        else:
            for op, key in (("verify_strict", "strict"), ("verify_tolerant", "tolerant")):
                want = (OK, c["matched"]) if c[key] else None

                def pred(status, payload, want=want):
                    if want and (status, payload) != want:
                        return f"got {status} {payload}, want {want}"
                    if not want and (status == OK or payload != "-"):
                        return f"got {status} {payload}, want a failure"
                    return None
                expect(f"{n}: {op}", op, secret, body, pred)

    def followup(c, secret, status, payload, opt_in):
        if status != OK:
            return f"got {status} {payload}"
        data = bytes.fromhex(payload) if payload != "-" else b""
        n = c["name"]
        if opt_in:
            followups.append((f"{n}: signed copy refused by the pinned verify", "verify_strict",
                              secret, data, refused_untouched(AMBIGUOUS)))
            followups.append((f"{n}: signed copy verifies through the opt-in", "verify_strict_opt",
                              secret, data, status_is(OK, "natural")))
        else:
            followups.append((f"{n}: signed copy verifies strictly", "verify_strict", secret, data,
                              status_is(OK, "natural")))
        followups.append((f"{n}: signed copy keeps the canonical string", "canonical", secret,
                          data, text_is(c["canonical"])))
        return None

    # ---- forgeries.json -------------------------------------------------------
    forgeries = json.loads(FORGERIES.read_text(encoding="utf-8"))
    fsecret = forgeries["secret"].encode("utf-8")
    for c in forgeries["cases"]:
        n = c["name"]
        forged = c["forged"].encode("utf-8")
        genuine = c["genuine"].encode("utf-8")
        allow = c["genuine_policy"] == "allow"
        # Forged: refused by every default path, strict and tolerant.
        for mode in ("strict", "tolerant"):
            for op in (f"verify_{mode}", f"signer_verify_{mode}"):
                expect(f"forgery {n}: {op}", op, fsecret, forged, refused_untouched(AMBIGUOUS))
            expect(f"forgery {n}: callback_{mode}", f"callback_{mode}", fsecret, forged,
                   refused_untouched(AMBIGUOUS))
            # With the opt-in: what the case documents.
            want = order_of(c["opt_in"][mode])
            for op in (f"verify_{mode}_opt", f"signer_verify_{mode}_allow"):
                expect(f"forgery {n}: {op}", op, fsecret, forged, status_is(*want))
        typed = c["opt_in"].get("typed_error")
        if typed is not None:
            expect(f"forgery {n}: callback with the opt-in refuses {typed}",
                   "callback_strict_allow", fsecret, forged, refused_untouched(FIELD_TYPE))
        expect(f"forgery {n}: explain", "explain", fsecret, forged,
               text_is(c["error"]["message"]))
        # Genuine: verifies, through the opt-in when its policy is "allow".
        for mode in ("strict", "tolerant"):
            if allow:
                for op in (f"verify_{mode}", f"signer_verify_{mode}"):
                    expect(f"genuine {n}: {op} (pinned) refuses", op, fsecret, genuine,
                           refused_untouched(AMBIGUOUS))
                for op in (f"verify_{mode}_opt", f"signer_verify_{mode}_allow"):
                    expect(f"genuine {n}: {op}", op, fsecret, genuine, status_is(OK, "natural"))
                expect(f"genuine {n}: explain", "explain", fsecret, genuine, nonempty_text)
            else:
                for op in (f"verify_{mode}", f"signer_verify_{mode}", f"verify_{mode}_opt",
                           f"signer_verify_{mode}_allow"):
                    expect(f"genuine {n}: {op}", op, fsecret, genuine, status_is(OK, "natural"))
                expect(f"genuine {n}: explain finds nothing", "explain", fsecret, genuine,
                       status_is(OK, "-"))

                def outcome(status, payload):
                    if status != OK or payload not in OUTCOMES:
                        return f"got {status} {payload}, want OK and an outcome"
                    return None
                expect(f"genuine {n}: callback_{mode}", f"callback_{mode}", fsecret, genuine,
                       outcome)
        req = c.get("unsigned_request")
        if req is not None:
            req = req.encode("utf-8")
            for op in PINNED_SIGN_OPS:
                expect(f"request {n}: {op} (pinned) refuses", op, fsecret, req,
                       refused_untouched(AMBIGUOUS))
            expect(f"request {n}: explain", "explain", fsecret, req,
                   text_is(c["request_error"]["message"]))
            sig = json.loads(c["genuine"])["general"]["signature"]
            for op in ("sign_opt", "signer_sign_allow"):
                expect(f"request {n}: {op}", op, fsecret, req, text_is(sig))
            for op in ("sign_body_opt", "signer_sign_body_allow"):
                expect(f"request {n}: {op} is the genuine body", op, fsecret, req,
                       text_is(c["genuine"]))

    # ---- requests.json ----------------------------------------------------------
    requests = json.loads(REQUESTS.read_text(encoding="utf-8"))
    rsecret = requests["secret"].encode("utf-8")
    for c in requests["cases"]:
        n = c["name"]
        if "fields_json" in c:
            fields = c["fields_json"]
        else:
            fields = json.dumps(c["fields"], separators=(",", ":"), ensure_ascii=False)
        options = c["options"]
        flags = ((ALLOW_UNLISTED_BANK_FLAG if options.get("allow_unlisted_bank") else 0)
                 | (ALLOW_AMBIGUOUS_FLAG if options.get("allow_ambiguous") else 0))
        op = f"request_{c['method']}_{flags}"
        want = c["expect"]
        if "violations" in want:
            def lines_are(status, payload, want=want["violations"]):
                got = bytes.fromhex(payload).decode("utf-8").split("\n") if payload != "-" else []
                if not (status == INVALID or 400 <= status < 500) or got != want:
                    return f"got {status} {got!r}, want {want!r}"
                return None
            expect(f"request {n}", op, rsecret, fields.encode("utf-8"), lines_are)
        else:
            def signed_as(status, payload, c=c, want=want):
                if status != OK or payload == "-":
                    return f"got {status} {payload}, want OK and a signed body"
                body = bytes.fromhex(payload)
                sig = json.loads(body)["general"].get("signature")
                if sig != want["signature"]:
                    return f"signature {sig}, want {want['signature']}"
                followups.append((f"request {c['name']}: canonical string of the signed body",
                                  "canonical", b"", body, text_is(want["canonical"])))
                return None
            expect(f"request {n}", op, rsecret, fields.encode("utf-8"), signed_as)

    # ---- run ---------------------------------------------------------------------
    def check_all(items):
        answers = run([encode(op, s, b) for (_, op, s, b, _) in items])
        for (name, op, _, _, pred), (status, payload) in zip(items, answers):
            err = pred(int(status), payload)
            if err:
                failures.append(f"{name} [{op}]: {err}")

    check_all(checks)
    check_all(followups)

    total = len(checks) + len(followups)
    for f in failures:
        print("FAIL", f, file=sys.stderr)
    if failures:
        print(f"vectors: {len(failures)} of {total} checks FAILED", file=sys.stderr)
        return 1
    print(f"vectors: all {total} checks passed ({len(cases)} signature cases, "
          f"{len(forgeries['cases'])} forgery cases, {len(requests['cases'])} request cases "
          f"through the C API)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
