"""Where messages go: pluggable gateways, one per channel.

- ``FileSink`` (the default for every channel): one JSON line per message in ``<dir>/<channel>-YYYYMMDD.jsonl``
  (``ANJU_NOTIFY_DIR``, else ``<ANJU_HOME>/var/outbox``), for a centre without gateways and for tests;
- ``HttpSms``: SMS through a configurable HTTP gateway — POST JSON ``{"phone", "text", "ref"}`` to
  ``ANJU_SMS_URL`` (``Authorization: Bearer ANJU_SMS_TOKEN`` when set); a 2xx answer is accepted, its JSON
  ``id`` (if any) kept as the gateway's reference;
- ``Smtp``: e-mail over SMTP to ``ANJU_SMTP_HOST``:``ANJU_SMTP_PORT`` from ``ANJU_SMTP_FROM`` (STARTTLS when
  ``ANJU_SMTP_STARTTLS=1``, login when ``ANJU_SMTP_USER`` is set, password in ``ANJU_SMTP_PASSWORD``).

A gateway's ``send(message) -> reference`` raises :class:`GatewayError` on failure; the sender retries later.
"""

from __future__ import annotations

import json
import os
import smtplib
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

from anju.eservice.codes import NoticeChannel


class GatewayError(Exception):
    """A message the gateway did not accept (retried later); ``str`` is the reason kept on the notice."""


@dataclass(frozen=True)
class Message:
    id: int
    channel: str
    address: str
    subject: str
    body: str
    ref: str  # the notice's event key, for the gateway's records


class Gateway(Protocol):
    def send(self, message: Message) -> str: ...


@dataclass
class FileSink:
    directory: Path

    def send(self, message: Message) -> str:
        from anju.core import clock

        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"{message.channel}-{clock.local(clock.utcnow()):%Y%m%d}.jsonl"
        line = json.dumps({"id": message.id, "to": message.address, "subject": message.subject,
                           "body": message.body, "ref": message.ref}, ensure_ascii=False)
        with path.open("a", encoding="utf-8") as f:
            f.write(line + "\n")
        return f"file:{path.name}"


@dataclass
class HttpSms:
    url: str
    token: str = ""
    timeout: float = 10.0  # float-ok: seconds for the socket

    def send(self, message: Message) -> str:
        data = json.dumps({"phone": message.address, "text": message.body, "ref": message.ref},
                          ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url, data=data, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (configured URL)
                raw = response.read()
        except urllib.error.HTTPError as exc:
            raise GatewayError(f"HTTP {exc.code}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise GatewayError(str(getattr(exc, "reason", exc))[:200]) from exc
        try:
            return str(json.loads(raw or b"{}").get("id") or "")[:100]
        except (ValueError, AttributeError):
            return ""


@dataclass
class Smtp:
    host: str
    port: int = 25
    sender: str = "noreply@localhost"
    user: str = ""
    password: str = ""
    starttls: bool = False
    timeout: float = 10.0  # float-ok: seconds for the socket

    def send(self, message: Message) -> str:
        mail = EmailMessage()
        mail["From"], mail["To"], mail["Subject"] = self.sender, message.address, message.subject
        mail["X-Anju-Ref"] = message.ref
        mail.set_content(message.body)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls()
                if self.user:
                    smtp.login(self.user, self.password)
                refused = smtp.send_message(mail)
        except (smtplib.SMTPException, OSError) as exc:
            raise GatewayError(str(exc)[:200]) from exc
        if refused:
            raise GatewayError(str(refused)[:200])
        return mail.get("Message-ID", "") or ""


def from_environment(env: dict[str, str] | None = None) -> dict[str, Gateway]:
    """The gateways the environment configures; a channel without one writes to the file sink."""
    env = dict(os.environ if env is None else env)
    directory = Path(env["ANJU_NOTIFY_DIR"]) if env.get("ANJU_NOTIFY_DIR") else None
    if directory is None:
        from anju.config import load_settings

        directory = load_settings().var_dir / "outbox"
    sink = FileSink(directory)
    out: dict[str, Gateway] = {NoticeChannel.SMS.value: sink, NoticeChannel.EMAIL.value: sink}
    if env.get("ANJU_SMS_URL"):
        out[NoticeChannel.SMS.value] = HttpSms(env["ANJU_SMS_URL"], env.get("ANJU_SMS_TOKEN", ""))
    if env.get("ANJU_SMTP_HOST"):
        out[NoticeChannel.EMAIL.value] = Smtp(env["ANJU_SMTP_HOST"], int(env.get("ANJU_SMTP_PORT") or 25),
                                              env.get("ANJU_SMTP_FROM") or "noreply@localhost",
                                              env.get("ANJU_SMTP_USER", ""), env.get("ANJU_SMTP_PASSWORD", ""),
                                              env.get("ANJU_SMTP_STARTTLS", "") in ("1", "true", "yes"))
    return out
