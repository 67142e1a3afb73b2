"""The compliance area's side of ``registry.auditport``: open hits about persons, for the reviewers' pre-checks."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection


class _Port:
    connected = True

    def open_hits(self, conn: Connection, person_ids: Iterable[int]) -> list[str]:
        from anju.compliance.service import open_hits_of_person

        out = []
        for pid in sorted({p for p in person_ids if p}):
            for name, status, found_on in open_hits_of_person(conn, pid):
                out.append(f"电子稽查疑点：{name}（{found_on.year}年{found_on.month:02d}月{found_on.day:02d}日发现，{status}）")
        return out


PORT = _Port()
