"""The workflow's error codes and their Chinese messages (see docs/architecture.md, "Error codes").

The component refuses on behalf of the area that declared the flow, in that area's words: a state refusal reads
the flow's default sentence (``WRONG_STATE``) unless the declaration gives its own for the state (``Step.refusals``,
``Flow.wrong_state``), and a missing reason reads the step's ``reason``. Those declared sentences are the
declaration's data, so they travel as the message's single placeholder; the code still says what was refused
(``workflow.state_refused``, ``workflow.reason_required``) whatever the flow. A declaration may instead give one of
its area's codes (an area error enum member) for ``refusals`` / ``wrong_state`` / ``reason``: the refusal then
carries that code, filled with ``noun``, ``no``, ``status`` and ``doing``.
"""

from enum import StrEnum


class WorkflowError(StrEnum):
    WRONG_STATE = "workflow.wrong_state"
    STATE_REFUSED = "workflow.state_refused"
    REASON_REQUIRED = "workflow.reason_required"
    CHANGED = "workflow.changed"


MESSAGES: dict[WorkflowError, str] = {
    WorkflowError.WRONG_STATE: "{noun}{no}当前为“{status}”，不能{doing}",
    WorkflowError.STATE_REFUSED: "{refusal}",
    WorkflowError.REASON_REQUIRED: "{reason}",
    WorkflowError.CHANGED: "{noun}{no}的状态已被他人改变，请刷新后重试",
}
