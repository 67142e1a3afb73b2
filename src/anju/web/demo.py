"""Demo logins: one user per role, made once per database, with one password kept beside the database.

`anju demo` prepares the database, (later) builds the synthetic centre, makes these users, prints the
address and the logins, and serves. The password is random per installation and kept in
``var/demo-password.txt`` (readable by the owner only) so that every run can print it again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from anju.auth import passwords
from anju.auth import service as auth
from anju.auth.actor import Role, cli_actor
from anju.db import UnitOfWork

# (role, username, display name, employer_id, person_id). The portal users point at employer 1 and
# person 1 until the synthetic centre exists; its builder re-points them at real records.
DEMO_USERS = [
    (Role.ADMIN, "admin", "系统管理员（演示）", None, None),
    (Role.CLERK, "clerk", "柜员王芳（演示）", None, None),
    (Role.REVIEWER, "reviewer", "复核李强（演示）", None, None),
    (Role.APPROVER, "approver", "审批赵敏（演示）", None, None),
    (Role.LOAN_OFFICER, "loan", "贷款经办孙伟（演示）", None, None),
    (Role.FINANCE, "finance", "财务周静（演示）", None, None),
    (Role.AUDITOR, "auditor", "稽核吴刚（演示）", None, None),
    (Role.EMPLOYER_AGENT, "agent", "单位经办人郑丽（演示）", 1, None),
    (Role.MEMBER, "member", "缴存职工陈晨（演示）", None, 1),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: Role
    display_name: str


def ensure_demo_users(engine: Engine, *, password_file: Path, as_of: date) -> tuple[list[DemoLogin], str | None]:
    """Create the missing demo users; returns the logins and the demo password (None if it was lost)."""
    secret = password_file.read_text(encoding="utf-8").strip() if password_file.exists() else None
    logins = []
    with UnitOfWork(engine) as uow:
        missing = [u for u in DEMO_USERS if auth.find_user(uow.conn, u[1]) is None]
        if missing and secret is None:
            secret = "Demo-" + passwords.temporary_password(8)
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(secret + "\n", encoding="utf-8")
            os.chmod(password_file, 0o600)
        for role, username, name, employer_id, person_id in missing:
            auth.create_user(uow, cli_actor("demo"), username=username, display_name=name, roles=frozenset({role}),
                             employer_id=employer_id, person_id=person_id, password=secret,
                             must_change_password=False, as_of=as_of)
        uow.commit()
    for role, username, name, _, _ in DEMO_USERS:
        logins.append(DemoLogin(username, role, name))
    return logins, secret
