"""Hypothesis fuzzing of /_dash-update-component over every registered server callback.

Bodies of every shape (keys missing or extra, wrong types, nulls, huge strings, nested
lists, unknown ids) and bodies of the right shape with hostile values: none may give a 5xx,
a 4xx answers in Swedish, and a valid request still works after all of them.
"""

from __future__ import annotations

import copy
import json
import logging
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.dash_seam import callback_outputs as split_callback_id
from dashboard.web import errors

CALLBACK = "/_dash-update-component"
# Enough examples per run for a unit run under a minute (each example is a request that may
# render a chart); every run draws afresh, so the runs together cover far more bodies.
FUZZ = settings(
    max_examples=50,
    deadline=None,  # a callback that renders a chart takes tens of ms; time is not the point
    database=None,  # no saved failing examples: each run draws afresh (tests stay independent)
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
STATUSES: Counter[tuple[str, int]] = Counter()  # (test, status) -> count, for the report

HOSTILE_TEXT = st.sampled_from([
    "", " ", "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "../../etc/passwd",
    "%00", "\x00", "\u2028", "NaN", "-1", "1e308", "99999999999999999999999", "0780",
    "samordnare", "2025", "kommun", "{}", "[]", "null", "x" * 20_000, "å" * 5_000,
])  # fmt: skip
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40)
    | HOSTILE_TEXT
)
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=12), inner, max_size=6)
    ),
    max_leaves=25,
)


def _nested(depth: int) -> list:
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


VALUES = JSON | st.integers(min_value=1, max_value=400).map(_nested)
KEYS = ["output", "outputs", "inputs", "state", "changedPropIds"]


@pytest.fixture(scope="module")
def client(dash_app):
    client = dash_app.server.test_client()
    assert client.get("/").status_code == 200
    return client


@pytest.fixture(scope="module")
def callbacks(dash_app) -> list[tuple[str, dict]]:
    """Every server-side callback Dash registered (clientside ones have no function)."""
    found = [(key, spec) for key, spec in dash_app.callback_map.items() if "callback" in spec]
    assert len(found) >= 5
    return found


def _body(output: str, spec: dict, values: list, changed: int = 0) -> dict:
    """The body the renderer sends for this callback, with these input/state values."""
    deps = spec["inputs"] + spec["state"]
    items = [{**dep, "value": values[i % len(values)] if values else None}
             for i, dep in enumerate(deps)]  # fmt: skip
    outputs = split_callback_id(output)
    if isinstance(outputs, list):
        outputs = [{**o, "property": o["property"].split("@")[0]} for o in outputs]
    inputs = items[: len(spec["inputs"])]
    return {
        "output": output,
        "outputs": outputs,
        "inputs": inputs,
        "state": items[len(spec["inputs"]) :],
        "changedPropIds": [f"{inputs[changed % len(inputs)]['id']}."
                           f"{inputs[changed % len(inputs)]['property']}"],
    }  # fmt: skip


@st.composite
def malformed(draw, callbacks):
    output, spec = draw(st.sampled_from(callbacks))
    body = _body(output, spec, draw(st.lists(VALUES, max_size=3)))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        key = draw(st.sampled_from(KEYS))
        operation = draw(st.sampled_from(
            ["drop", "retype", "extra", "item", "item key", "length", "unknown id"]
        ))  # fmt: skip
        current = body.get(key)
        if operation == "drop":
            body.pop(key, None)
        elif operation == "retype":
            body[key] = draw(VALUES)
        elif operation == "extra":
            body[draw(st.text(max_size=20))] = draw(VALUES)
        elif operation == "item" and isinstance(current, list) and current:
            current[draw(st.integers(0, len(current) - 1))] = draw(VALUES)
        elif operation == "item key" and isinstance(current, list) and current:
            item = current[draw(st.integers(0, len(current) - 1))]
            if isinstance(item, dict):
                field = draw(st.sampled_from(["id", "property", "value"]))
                if draw(st.booleans()):
                    item.pop(field, None)
                else:
                    item[field] = draw(VALUES)
        elif operation == "length" and isinstance(current, list):
            if current and draw(st.booleans()):
                current.pop()
            else:
                current.append(copy.deepcopy(current[0]) if current else draw(VALUES))
        elif operation == "unknown id":
            body["output"] = draw(
                st.sampled_from([f"{output}x", f"x{output}", output.strip("."), "a.b", "..a.b..."])
                | st.text(max_size=60)
            )
    return body


@st.composite
def hostile_values(draw, callbacks):
    """The right shape for a registered callback, with any values in inputs and state."""
    output, spec = draw(st.sampled_from(callbacks))
    values = draw(st.lists(VALUES, min_size=1, max_size=4))
    return _body(output, spec, values, changed=draw(st.integers(0, 10)))


def _post(client, test: str, body) -> None:
    response = client.post(CALLBACK, json=body)
    STATUSES[(test, response.status_code)] += 1
    assert response.status_code < 500, (json.dumps(body)[:500], response.data[:300])
    if 400 <= response.status_code < 500:
        message = response.json["message"]
        assert message in {*errors.MESSAGES.values(), errors.CLIENT_ERROR}, message
    assert b"<script>alert(1)</script>" not in response.data


def _assert_still_serving(client, callbacks) -> None:
    output, spec = next((o, s) for o, s in callbacks if "_pages_content" in o)
    body = _body(output, spec, ["/jamfor", ""])
    response = client.post(CALLBACK, json=body)
    assert response.status_code == 200
    assert "_pages_content" in response.json["response"]


def test_malformed_bodies_never_give_a_5xx(client, callbacks, caplog):
    @FUZZ
    @given(body=malformed(callbacks))
    def run(body):
        _post(client, "malformed", body)

    with caplog.at_level(logging.WARNING):
        run()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    _assert_still_serving(client, callbacks)


def test_any_json_body_never_gives_a_5xx(client, callbacks):
    @FUZZ
    @given(body=VALUES)
    def run(body):
        _post(client, "any json", body)

    run()
    _assert_still_serving(client, callbacks)


def test_hostile_values_in_a_valid_shape_never_give_a_5xx(client, callbacks, caplog):
    @FUZZ
    @given(body=hostile_values(callbacks))
    def run(body):
        _post(client, "hostile values", body)

    with caplog.at_level(logging.WARNING):
        run()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    _assert_still_serving(client, callbacks)


def test_each_callback_takes_hostile_values(client, callbacks):
    """A few examples on every callback by itself, so none is left to chance."""
    for callback in callbacks:

        @settings(FUZZ, max_examples=6)
        @given(body=hostile_values([callback]))
        def run(body):
            _post(client, "per callback", body)

        run()
    _assert_still_serving(client, callbacks)


def test_report_statuses():
    """Not a check: the counts of statuses seen, for the report (pytest -s shows them)."""
    print("\ncallback fuzz statuses:", dict(sorted(STATUSES.items())))
    assert not [key for key in STATUSES if key[1] >= 500]
