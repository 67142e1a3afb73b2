"""The error-code registry: an area's enum and message table feed AnjuError and Problem (anju.core.errors)."""

from __future__ import annotations

from enum import StrEnum

import pytest

from anju.core import errors
from anju.core.errors import AnjuError, Conflict, ErrorCode, Problem


class SampleError(StrEnum):
    CLOSED = "sample.closed"
    EMPTY = "sample.empty"


SAMPLE = {SampleError.CLOSED: "账户{account}已销户", SampleError.EMPTY: "姓名不能为空"}


@pytest.fixture
def sample_installed():
    errors.install([*errors.area_sources(), SAMPLE])
    yield
    errors.install_areas()


def test_an_area_code_takes_its_message_from_the_table(sample_installed):
    exc = Conflict(SampleError.CLOSED, account="001")
    assert exc.code is SampleError.CLOSED and exc.status == 409
    assert exc.message == "账户001已销户"


def test_a_problem_built_from_a_code_keeps_it(sample_installed):
    problem = Problem.of(SampleError.EMPTY, field="姓名", row=3)
    assert (problem.code, problem.field, problem.row) == ("sample.empty", "姓名", 3)
    assert str(problem) == "第3行“姓名”：姓名不能为空"
    assert Problem.from_error(AnjuError(SampleError.CLOSED, account="9"), field="账户").code == "sample.closed"


def test_a_code_with_two_messages_is_refused():
    with pytest.raises(ValueError, match="two messages"):
        errors.install([SAMPLE, {SampleError.EMPTY: "另一句"}])
    errors.install_areas()


def test_placeholders_of_a_template():
    assert errors.placeholders(errors.MESSAGES[ErrorCode.DATE_RANGE]) == {"start", "end"}
