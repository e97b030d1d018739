"""The hostile-input catalogue (``tests/hostile/cases.json``)
through the Python module.

Every case whose interfaces include Python calls the function its ``op``
names with the case's body (``bytes``) and secret (``bytes``) and checks the
specific outcome: the exception class and ``.code`` of the error kind (the
C status number), the field path of a ``FIELD_TYPE`` error, every violation
path (and line) of a ``ValidationError``, the explanation of an ambiguity
refusal (``str()`` of ``AmbiguousDataError``, whose ``.path`` starts it);
or the exact result (canonical string, signature, signed body, matched
order, callback outcome, verdict). A signed payout is parsed and verified
with the same secret. The option ``allow_ambiguous`` is passed as the
keyword of the same name.

No assertion here is about time. When ``HOSTILE_TIMES`` names a file, each
case appends ``HOSTILE-TIME python <case> <cpu s> <wall s> <input bytes>``
to it; ``scripts/hostile.sh`` checks the bounds.

Skipped (cleanly) when ``monetix_gate`` is not importable.
"""

from __future__ import annotations

import base64
import json
import os
import pickle
import time
from pathlib import Path
from typing import Any, Callable, Dict, List

import pytest

try:
    import monetix_gate as mg
    from monetix_gate import errors as mg_errors
except ImportError:  # pragma: no cover - exercised only without the module
    pytest.skip("monetix_gate is not installed", allow_module_level=True)

ROOT = Path(__file__).resolve().parents[2]
MANIFEST: Dict[str, Any] = json.loads(
    (ROOT / "tests" / "hostile" / "cases.json").read_text(encoding="utf-8")
)
ERRORS: Dict[str, Any] = MANIFEST["errors"]

#: The catalogue's kinds for the ambiguity rule, and the Python exception
#: each is (the catalogue's own ``python`` name must agree).
RULE_CLASSES: Dict[str, type] = {
    "AMBIGUOUS": mg_errors.AmbiguousDataError,
    "UNSIGNED_ELEMENT": mg_errors.UnsignedElementError,
}


def error_class(kind: str) -> type:
    want = ERRORS[kind]
    cls = getattr(mg_errors, want["python"])
    if kind in RULE_CLASSES:
        assert cls is RULE_CLASSES[kind], f"{kind}: the catalogue names {want['python']}"
    assert isinstance(cls, type) and issubclass(cls, mg_errors.GateError)
    return cls


def expand(spec: Dict[str, Any]) -> bytes:
    """Expands a byte spec of the manifest (see tests/hostile/catalogue.py)."""
    if "text" in spec:
        return str(spec["text"]).encode("utf-8")
    if "b64" in spec:
        return base64.b64decode(spec["b64"])
    if "repeat" in spec:
        return str(spec["repeat"]).encode("utf-8") * int(spec["n"])
    if "range" in spec:
        template = str(spec["template"])
        sep = str(spec["sep"]).encode("utf-8")
        return sep.join(
            template.replace("{i}", str(i)).encode("utf-8") for i in range(int(spec["range"]))
        )
    if "parts" in spec:
        return b"".join(expand(p) for p in spec["parts"])
    raise ValueError(f"bad byte spec {spec!r}")


def python_cases() -> List[Dict[str, Any]]:
    out: List[Dict[str, Any]] = []
    for c in MANIFEST["cases"]:
        ifaces = c.get("interfaces")
        if ifaces is None:
            if c["op"] not in ("c_abi", "cli"):
                out.append(c)
        elif "python" in ifaces:
            out.append(c)
    return out


CASES = python_cases()


def at(doc: Any, path: str) -> Any:
    for key in path.split("."):
        if not isinstance(doc, dict) or key not in doc:
            return KeyError(path)
        doc = doc[key]
    return doc


def call(c: Dict[str, Any], body: bytes, secret: bytes) -> Any:
    """Runs the case's operation; returns its result (or raises)."""
    op = c["op"]
    opts = c.get("options", {})
    strict = bool(opts.get("strict", False))
    allow = bool(opts.get("allow_suspicious_secret", False))
    ambiguous = bool(opts.get("allow_ambiguous", False))
    unknown = set(opts) - {"strict", "allow_suspicious_secret", "allow_ambiguous"}
    assert not unknown, f"{c['name']}: no Python keyword for options {unknown}"
    if op == "canonical":
        return mg.canonical(body)
    if op == "sign":
        return mg.sign(body, secret, allow_suspicious_secret=allow, allow_ambiguous=ambiguous)
    if op == "sign_body":
        return mg.sign_body(body, secret, allow_suspicious_secret=allow, allow_ambiguous=ambiguous)
    if op == "verify":
        return mg.verify(body, secret, strict=strict, allow_suspicious_secret=allow, allow_ambiguous=ambiguous)
    if op == "callback":
        return mg.parse_callback(
            body, secret, strict=strict, allow_suspicious_secret=allow, allow_ambiguous=ambiguous
        )
    if op == "ack":
        return mg.parse_unsigned_acknowledgement(body)
    if op in ("payout_cambodia", "payout_colombia"):
        fields = json.loads(body)
        build = mg.cambodia_payout if op == "payout_cambodia" else mg.colombia_payout
        return build(fields, secret, allow_suspicious_secret=allow, allow_ambiguous=ambiguous)
    raise AssertionError(f"no Python call for op {op}")


def record_time(name: str, cpu: float, wall: float, size: int) -> None:
    path = os.environ.get("HOSTILE_TIMES")
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(f"HOSTILE-TIME python {name} {cpu:.3f} {wall:.3f} {size}\n")


#: Cases past core's default table of 512 values that Python reads: the
#: module parses a larger body with a larger table (up to 16,384 values,
#: ffi-python/src/document.rs), so such a body gives its result instead of
#: TOO_MANY_VALUES. Their expected result here: the number of canonical lines.
#: (The limit itself is tested in test_large.py and by the 100,000-value cases.)
LARGER_TABLE = {"values_513": 512}


@pytest.mark.parametrize("c", [c for c in CASES if c["op"] != "py"], ids=lambda c: str(c["name"]))
def test_hostile_case(c: Dict[str, Any]) -> None:
    body = expand(c["body"])
    secret = expand(c.get("secret", MANIFEST["default_secret"]))
    expect = c["expect"]
    if c["name"] in LARGER_TABLE:
        assert expect == {"error": "TOO_MANY_VALUES"} and c["op"] == "canonical"
        assert len(call(c, body, secret).split(";")) == LARGER_TABLE[c["name"]]
        return
    cpu0, wall0 = time.process_time(), time.perf_counter()
    try:
        result: Any = call(c, body, secret)
        raised: Any = None
    except Exception as e:  # noqa: BLE001 - the case says which one
        result, raised = None, e
    record_time(c["name"], time.process_time() - cpu0, time.perf_counter() - wall0, len(body))

    if "error" in expect:
        kind = expect["error"]
        want = ERRORS[kind]
        assert raised is not None, f"{c['name']}: expected {kind}, got {result!r:.200}"
        cls = error_class(kind)
        assert isinstance(raised, cls), f"{c['name']}: {type(raised).__name__}: {raised}"
        assert isinstance(raised, mg_errors.GateError)
        assert raised.code == want["status"], f"{c['name']}: code {raised.code}"
        if "path" in expect:
            assert expect["path"] in str(raised), str(raised)
            if isinstance(raised, mg_errors.UnsignedElementError):
                assert raised.path == expect["path"]
        if "explain" in expect:
            assert isinstance(raised, mg_errors.AmbiguousDataError)
            assert str(raised) == expect["explain"]
            head = expect["explain"].rsplit(": ", 1)[0]
            if raised.reason != "key":
                assert raised.path == head
        if "violations" in expect:
            assert isinstance(raised, mg_errors.ValidationError)
            paths = [v.path for v in raised.violations]
            for v in expect["violations"]:
                assert v in paths, f"{v} not in {paths}"
            lines = [str(v) for v in raised.violations]
            for line in expect.get("violation_lines", []):
                assert line in lines, f"{line} not in {lines}"
        return

    assert raised is None, f"{c['name']}: unexpected {type(raised).__name__}: {raised}"
    if "canonical" in expect:
        assert isinstance(result, str)
        assert result.encode("utf-8") == expand(expect["canonical"])
    elif "signature" in expect:
        assert result == expect["signature"]
    elif "body" in expect:
        assert result == expand(expect["body"])
    elif "outcome" in expect:
        assert result.outcome.value == expect["outcome"]
        assert result.order == expect["order"]
    elif "verdict" in expect:
        assert result.verdict.value == expect["verdict"]
    elif "order" in expect:
        assert result == expect["order"]
    elif "paths" in expect:
        assert isinstance(result, bytes)
        signed = json.loads(result)
        for path, want_value in expect["paths"].items():
            assert at(signed, path) == want_value, path
        ambiguous = bool(c.get("options", {}).get("allow_ambiguous", False))
        assert (
            mg.verify(result, secret, strict=True, allow_suspicious_secret=True, allow_ambiguous=ambiguous)
            == "natural"
        )
        if ambiguous:
            # Signed with the opt-in; refused without it.
            with pytest.raises(mg_errors.AmbiguousDataError):
                mg.verify(result, secret, strict=True, allow_suspicious_secret=True)
    else:
        raise AssertionError(f"{c['name']}: no expected result")


def test_catalogue_size() -> None:
    assert len(MANIFEST["cases"]) >= 60
    assert len(CASES) >= 60


# ---- Python-only cases (op "py"): secrets hygiene ---------------------------------

SECRET_TEXT = "hunter2-\u00e9-secret"


def test_py_signer_repr_redacted() -> None:
    signer = mg.Signer(SECRET_TEXT)
    for shown in (repr(signer), str(signer), f"{signer!r}", format(signer, "")):
        assert "hunter2" not in shown, shown
    assert "hunter2" not in repr(mg.Signer(SECRET_TEXT.encode()))


def test_py_signer_not_picklable() -> None:
    signer = mg.Signer(SECRET_TEXT)
    with pytest.raises(TypeError):
        pickle.dumps(signer)


def test_py_secret_str_bom() -> None:
    body = b'{"a":1}'
    with pytest.raises(mg_errors.SecretError) as info:
        mg.sign(body, "\ufeffsecret")
    assert info.value.code == ERRORS["SUSPICIOUS_SECRET"]["status"]
    with pytest.raises(mg_errors.SecretError):
        mg.Signer("\ufeffsecret")
    # The keyword-only opt-out, in the function and in the Signer.
    a = mg.sign(body, "\ufeffsecret", allow_suspicious_secret=True)
    b = mg.Signer("\ufeffsecret", allow_suspicious_secret=True).sign(body)
    assert a == b and len(a) == 88
    with pytest.raises(TypeError):
        mg.sign(body, "\ufeffsecret", True)  # type: ignore[call-arg]


def test_py_error_messages_no_secret() -> None:
    secret = "hunter2"
    attempts: List[Callable[[], object]] = [
        lambda: mg.sign(b'{"a":', secret),
        lambda: mg.sign(b'{"a":1}', " " + secret),
        lambda: mg.verify(b'{"a":1,"signature":"x"}', secret),
        lambda: mg.parse_callback(b'{"a":1}', secret),
        lambda: mg.Signer(secret + "\u200b"),
    ]
    for attempt in attempts:
        with pytest.raises(mg_errors.GateError) as info:
            attempt()
        err = info.value
        assert secret not in str(err) and secret not in repr(err)
        assert all(secret not in str(a) for a in err.args)


def test_py_cases_are_all_implemented() -> None:
    names = {c["name"] for c in CASES if c["op"] == "py"}
    implemented = {n[len("test_"):] for n in globals() if n.startswith("test_py_")}
    assert names <= implemented, names - implemented
