"""Report tables: the staff's free texts of a year's annual report, and the year's targets for the dashboard."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, String, Table, Text

from anju.db.meta import metadata

report_text = Table(
    "report_text", metadata,
    Column("year", Integer, primary_key=True),
    Column("key", String(40), primary_key=True),
    Column("body", Text, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Column("updated_by", String(64), nullable=False),
)

# A target per year and indicator: the value as text in the indicator's unit ("60.00" 亿元, "85" %), with an
# operator (ge: at least, le: at most); the dashboard compares this year's figure with it.
report_target = Table(
    "report_target", metadata,
    Column("year", Integer, primary_key=True),
    Column("code", String(60), primary_key=True),
    Column("op", String(2), nullable=False),
    Column("value", String(40), nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Column("updated_by", String(64), nullable=False),
)
