"""The one maker-checker workflow: an area declares its states and steps as a ``Flow`` and its use cases take
steps (``anju.workflow.flow``; docs/architecture.md, “Maker-checker (one workflow)”)."""

from anju.workflow.flow import Approval, Case, Events, Flow, Step, event_table

__all__ = ["Approval", "Case", "Events", "Flow", "Step", "event_table"]
