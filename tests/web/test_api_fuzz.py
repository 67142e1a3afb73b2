"""Schemathesis against the API's own OpenAPI document, in process, on both databases.

Every operation gets a few generated requests that fit its schema and a few that do not, sent with an API key
holding every staff role (so the operations run, not just the permission check). No answer may be a 5xx (an
exception escaping the application counts as one); every answer must match the document (status code, media
type, body schema, headers); every 4xx is problem+json with a code and a Chinese message.

A number the database refuses (the 422 safety net in anju.web.problems) fails the test too: its bound belongs
on the input. Bounded and deterministic: a fixed number of examples per operation, derandomized, no example database.
"""

from __future__ import annotations

import re
import time
from contextlib import suppress

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi import checks

from anju.auth.actor import Role

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

EXAMPLES = 2  # per operation and generation mode: about 400 requests in all
STAFF = (Role.ADMIN, Role.CLERK, Role.REVIEWER, Role.APPROVER, Role.LOAN_OFFICER, Role.FINANCE, Role.AUDITOR)
CONFORMANCE = [checks.status_code_conformance, checks.content_type_conformance, checks.response_schema_conformance,
               checks.response_headers_conformance]
HAN = re.compile(r"[\u4e00-\u9fff]")


def _problem_contract(response) -> str | None:
    """What is wrong with a 4xx answer, if anything."""
    media = (response.headers.get("content-type") or [""])[0]  # schemathesis keeps every value of a header
    if media != "application/problem+json":
        return f"4xx as {media}"
    body = response.json()
    if not body.get("code") or not HAN.search(body.get("detail", "")):
        return f"4xx without a code or a Chinese detail: {body}"
    messages = [p["message"] for p in body.get("problems") or []]
    if any(not HAN.search(m) for m in messages):
        return f"4xx with a problem not in Chinese: {messages}"
    return None


def _can_be_invalid(operation) -> bool:
    """Whether a request can break this operation's schema: not when its only inputs are optional or free text
    (Hypothesis would spend seconds proving there is no such request)."""
    raw = operation.definition.raw
    if "requestBody" in raw:
        return True
    for param in raw.get("parameters", []):
        schema = {k: v for k, v in param.get("schema", {}).items() if k not in ("title", "description")}
        if (param.get("required") and param["in"] != "path") or schema != {"type": "string"}:
            return True
    return False


def test_no_generated_request_gets_a_5xx_and_every_answer_matches_the_document(web, caplog):
    key = web.api_key(*STAFF)
    auth = {"Authorization": f"Bearer {key}"}
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", web.app)
    failures: list[str] = []
    calls = 0
    started = time.monotonic()

    for result in schema.get_all_operations():
        operation = result.ok()
        modes = [GenerationMode.POSITIVE] + ([GenerationMode.NEGATIVE] if _can_be_invalid(operation) else [])
        for mode in modes:

            @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
                      phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
            @given(case=operation.as_strategy(generation_mode=mode))
            def exchange(case):
                nonlocal calls
                calls += 1
                where = f"{case.method} {case.formatted_path} query={case.query} body={case.body!r:.200}"
                try:
                    response = case.call(headers=auth)
                except Exception as exc:  # noqa: BLE001 - the application raised: a 500 to the caller
                    failures.append(f"{where}: raised {type(exc).__name__}: {exc}"[:600])
                    return
                if response.status_code >= 500:
                    failures.append(f"{where}: {response.status_code} {response.text[:300]}")
                    return
                if 400 <= response.status_code < 500 and (wrong := _problem_contract(response)):
                    failures.append(f"{where}: {wrong}"[:600])
                try:
                    case.validate_response(response, checks=CONFORMANCE, headers=auth)
                except BaseException as exc:  # noqa: BLE001 - schemathesis reports a FailureGroup
                    if isinstance(exc, KeyboardInterrupt):
                        raise
                    failures.append(f"{where}: {str(exc).splitlines()[:6]}"[:800])

            with suppress(Unsatisfiable):  # Hypothesis found no request of this kind: nothing to send
                exchange()

    elapsed = time.monotonic() - started
    print(f"schemathesis: {calls} requests in {elapsed:.1f} s")
    assert calls >= 300
    # The database's refusal of a number is only a safety net: each id, year or month has its bound at the edge.
    overflows = [r.getMessage() for r in caplog.records if "refused a number" in r.getMessage()]
    assert not overflows, overflows[:5]
    assert not failures, f"{len(failures)} of {calls} answers are wrong:\n" + "\n".join(failures[:40])
