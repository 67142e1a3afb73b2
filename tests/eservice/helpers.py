"""Test gateways started by the tests: a local SMTP server (aiosmtpd) and a local HTTP SMS gateway."""

from __future__ import annotations

import json
import socket
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from anju.db import UnitOfWork
from anju.registry import service as registry
from tests.support.factory import CLERK, open_employer, person_id


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpServer:
    """aiosmtpd on a free local port, keeping every message it receives."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list = []
        outer = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
                from email import message_from_bytes, policy

                outer.messages.append(message_from_bytes(envelope.content, policy=policy.default))
                return "250 OK"

        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()


class SmsServer:
    """An HTTP SMS gateway on a free local port: answers ``fail_first`` requests with 500, then 200 with an id."""

    def __init__(self, *, fail_first: int = 0) -> None:
        self.received: list[dict] = []
        self.fail_left = fail_first
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8"))
                with outer.lock:
                    failing = outer.fail_left > 0
                    if failing:
                        outer.fail_left -= 1
                    else:
                        outer.received.append(body | {"auth": self.headers.get("Authorization", "")})
                        n = len(outer.received)
                self.send_response(500 if failing else 200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b"{}" if failing else json.dumps({"id": f"sms-{n}"}).encode())

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/send"

    def __enter__(self) -> SmsServer:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def members_with_phones(engine, count: int, *, start: int = 500, phones: bool = True) -> list[int]:
    """``count`` members of a new employer, each with a mobile number; returns their account ids."""
    eid = open_employer(engine, name="通知单位", first_month=202603, on=date(2026, 3, 2))
    ids = []
    with UnitOfWork(engine) as uow:
        for n in range(start, start + count):
            who = registry.PersonInput(id_number=person_id(n, "1" if n % 2 else "2"), name=f"职工{n}",
                                       phone=f"1380000{n:04d}" if phones else "")
            ids.append(registry.open_account(uow, CLERK, employer_id=eid, who=who, base=500000, first_month=202603,
                                             as_of=date(2026, 3, 2)).account_id)
        uow.commit()
    return eid, ids
