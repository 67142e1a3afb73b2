"""The command line as a clerk and an operator use it (JSON output checked)."""

from __future__ import annotations

import json

from sqlalchemy import text
from typer.testing import CliRunner

from anju.auth.actor import Role
from anju.cli import app
from anju.core.ids import make_resident_id
from tests.support.cli import PASSWORD, invoke, invoke_as, signed_in_user

runner = CliRunner()


def run(*args: str, env: dict | None = None):
    return runner.invoke(app, list(args), env=env or {}, catch_exceptions=False)


def url_of(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


class TestClerkUtilities:
    def test_check_id_reports_birth_date_and_sex(self):
        from datetime import date

        number = make_resident_id("430405", date(1990, 5, 17), 12, "2")
        result = run("check-id", number, "--json", "--as-of", "2026-11-22")
        out = json.loads(result.stdout)
        assert result.exit_code == 0
        assert out["valid"] and out["birth_date"] == "1990-05-17" and out["sex_name"] == "女"

    def test_check_id_explains_a_bad_checksum(self):
        from datetime import date

        number = make_resident_id("430405", date(1990, 5, 17), 12, "1")
        wrong = number[:-1] + ("0" if number[-1] != "0" else "1")
        result = run("check-id", wrong, "--json", "--as-of", "2026-11-22")
        out = json.loads(result.stdout)
        assert result.exit_code == 1 and out["valid"] is False and "校验位" in out["error"]

    def test_check_id_upgrades_a_15_digit_number(self):
        result = run("check-id", "430405900517123", "--json", "--as-of", "2026-11-22")
        out = json.loads(result.stdout)
        assert out["valid"] and out["upgraded_from_15"] and out["number"].startswith("43040519900517123")

    def test_check_uscc(self):
        good = run("check-uscc", "91350100M000100Y43", "--json")
        assert json.loads(good.stdout) == {"valid": True, "code": "91350100M000100Y43"}
        bad = run("check-uscc", "91350100M000100Y44", "--json")
        assert bad.exit_code == 1 and "校验位" in json.loads(bad.stdout)["error"]

    def test_capitals(self):
        assert run("capitals", "100001000.00").stdout.strip() == "壹亿零壹仟元整"
        out = json.loads(run("capitals", "1,001.01", "--json").stdout)
        assert out == {"amount": "1001.01", "capitals": "壹仟零壹元零壹分"}
        assert run("capitals", "0.50").stdout.strip() == "伍角"
        assert run("capitals", "1.234").exit_code == 1


class TestOperatorCommands:
    def test_verify_passes_then_fails_after_corruption(self, engine):
        env = {"ANJU_DATABASE_URL": url_of(engine)}
        finance = signed_in_user(engine, "finance_cli", Role.FINANCE)
        posted = invoke_as(engine, finance, "ledger", "post", "--key", "cli:1", "--date", "2025-03-10",
                           "--summary", "利息收入", "--line", "111:dr:12.34", "--line", "40101:cr:12.34", "--json")
        assert json.loads(posted.stdout)["created"] is True
        ok = run("verify", "--json", env=env)
        assert ok.exit_code == 0 and json.loads(ok.stdout)["ok"] is True
        with engine.begin() as conn:
            conn.execute(text("UPDATE voucher_line SET debit = 1 WHERE account_code = '111'"))
        bad = run("verify", "--json", env=env)
        out = json.loads(bad.stdout)
        assert bad.exit_code == 1 and out["ok"] is False
        failed = {c["name"]: c["violations"] for c in out["checks"] if not c["ok"]}
        assert "ledger.voucher_balanced" in failed and failed["ledger.voucher_balanced"][0]["records"]

    def test_policy_show_as_of_a_date(self, engine):
        env = {"ANJU_DATABASE_URL": url_of(engine)}
        out = json.loads(run("policy", "show", "--as-of", "2024-06-30", "--json", env=env).stdout)
        values = {v["key"]: v for v in out["values"]}
        assert values["loan.rate_first_gt5y"]["value"] == "0.0285"
        assert values["loan.rate_first_gt5y"]["effective_from"] == "2024-05-18"
        assert values["deposit.base_cap"]["shown"] == "20,700.00元"

    def test_trial_balance_json(self, engine):
        env = {"ANJU_DATABASE_URL": url_of(engine)}
        invoke_as(engine, signed_in_user(engine, "finance_cli", Role.FINANCE), "ledger", "post", "--key", "cli:2",
                  "--date", "2025-03-10", "--summary", "汇缴", "--line", "10101:dr:100.00", "--line", "219:cr:100.00")
        out = json.loads(run("ledger", "trial-balance", "--as-of", "2025-12-31", "--json", env=env).stdout)
        accounts = {a["code"]: a for a in out["accounts"]}
        assert out["balanced"] and accounts["219"]["balance"] == "100.00" and accounts["101"]["side"] == "借"

    def test_init_on_a_fresh_home_creates_the_database_under_var(self, tmp_path):
        env = {"ANJU_HOME": str(tmp_path), "ANJU_DATABASE_URL": ""}
        result = run("init", env=env)
        assert result.exit_code == 0, result.stdout
        assert (tmp_path / "var" / "anju.sqlite3").exists()
        assert "示例市住房公积金管理中心" in result.stdout

    def test_demo_prepares_the_database_and_one_login_per_role(self, tmp_path):
        env = {"ANJU_HOME": str(tmp_path), "ANJU_DATABASE_URL": ""}
        # a small city (the demo's own builder, its size a parameter): the logins are what is checked here
        first = run("demo", "--no-serve", "--members", "40", "--employers", "3", "--months", "3", env=env)
        assert first.exit_code == 0, first.stdout
        assert "已生成模拟中心：3个单位" in first.stdout
        for name in ("admin", "clerk", "reviewer", "approver", "loan", "finance", "auditor", "agent", "member"):
            assert name in first.stdout
        password = (tmp_path / "var" / "demo-password.txt").read_text().strip()
        assert password in first.stdout and "http://127.0.0.1:8000/" in first.stdout
        again = run("demo", "--no-serve", env=env)  # re-running reuses the database and the logins
        assert again.exit_code == 0 and password in again.stdout


class TestUserCommands:
    def test_create_reset_and_list(self, engine):
        env = {"ANJU_DATABASE_URL": url_of(engine)}
        made = json.loads(run("user", "create", "ops", "--name", "运维", "--role", "admin", "--json", env=env).stdout)
        assert made["username"] == "ops" and len(made["temporary_password"]) == 12
        reset = json.loads(run("user", "reset-password", "ops", "--json", env=env).stdout)
        assert reset["temporary_password"] != made["temporary_password"]
        listed = json.loads(run("user", "list", "--json", env=env).stdout)
        assert listed[0]["roles"] == ["admin"]
        bad = run("user", "create", "x", "--name", "坏", "--role", "employer_agent", env=env)
        assert bad.exit_code == 1


class TestSigningIn:
    """A command that posts, confirms or decides money is done by a real user, signed in like at the web."""

    POST = ("ledger", "post", "--key", "cli:s", "--date", "2025-03-10", "--summary", "利息收入",
            "--line", "111:dr:1.00", "--line", "40101:cr:1.00", "--json")

    def test_without_a_user_the_command_is_refused(self, engine):
        out = invoke(engine, *self.POST)
        assert out.exit_code == 1 and json.loads(out.stdout)["code"] == "auth.required"

    def test_the_voucher_is_the_signed_in_users_and_the_users_roles_apply(self, engine):
        signed_in_user(engine, "finance_cli", Role.FINANCE)
        posted = json.loads(invoke_as(engine, "finance_cli", *self.POST).stdout)
        with engine.connect() as conn:
            by = conn.execute(text("SELECT created_by FROM voucher WHERE id = :i"), {"i": posted["id"]}).scalar_one()
        assert by == "finance_cli"
        signed_in_user(engine, "clerk_cli", Role.CLERK)  # a clerk may not post by hand: no ADMIN behind the CLI
        refused = invoke_as(engine, "clerk_cli", *self.POST)
        assert refused.exit_code == 1 and json.loads(refused.stdout)["code"] == "forbidden"

    def test_a_password_file_signs_in_and_wrong_passwords_lock_the_account(self, engine, tmp_path):
        signed_in_user(engine, "finance_cli", Role.FINANCE)
        good, bad = tmp_path / "good", tmp_path / "bad"
        good.write_text(PASSWORD + "\n")
        bad.write_text("not-the-password")
        for _ in range(5):  # auth.lockout_failures of the sample centre
            out = invoke(engine, "--user", "finance_cli", "--password-file", str(bad), *self.POST)
            assert out.exit_code == 1 and json.loads(out.stdout)["code"] == "auth.bad_login"
        locked = invoke(engine, "--user", "finance_cli", "--password-file", str(good), *self.POST)
        assert locked.exit_code == 1 and json.loads(locked.stdout)["code"] == "auth.bad_login"
        with engine.connect() as conn:
            until = conn.execute(text("SELECT locked_until FROM users WHERE username = 'finance_cli'")).scalar_one()
        assert until is not None

    def test_an_api_key_signs_in_with_its_roles(self, engine, tmp_path):
        from anju.auth import service as auth
        from anju.auth.actor import cli_actor
        from anju.db import UnitOfWork

        with UnitOfWork(engine) as uow:
            _, raw = auth.create_api_key(uow, cli_actor("test"), name="财务系统", roles=frozenset({Role.FINANCE}))
            uow.commit()
        key = tmp_path / "key"
        key.write_text(raw)
        out = invoke(engine, "--token-file", str(key), *self.POST)
        assert out.exit_code == 0 and json.loads(out.stdout)["created"] is True
        wrong = invoke(engine, *self.POST, ANJU_TOKEN=raw[:-2] + "xx")
        assert wrong.exit_code == 1 and json.loads(wrong.stdout)["code"] == "auth.api_key"


# Who acts for each command. SIGNED_IN: it records a person's business act (a clerk's, a reviewer's, finance's,
# an administrator's policy change), so a real user signs in (`anju --user NAME`, `--token-file`). SYSTEM: the
# centre itself — set-up, maintenance, the scheduled jobs — acting as `system:<command>`. READ: records nothing.
# A new command must choose: the test below fails on any command missing here.
SIGNED_IN, SYSTEM, READ = "signed_in", "system", "read"
OPERATORS = {
    **dict.fromkeys([
        "ledger post", "ledger reverse", "ledger close-period",
        "policy set", "policy load", "calendar set",
        "employer open", "employer change", "employer status", "employer ratios",
        "member open", "member flexible-open", "member seal", "member reopen", "member transfer", "member base",
        "member ratio", "member freeze",
        "deposit generate", "deposit import", "deposit cancel", "deposit base-adjust", "deposit confirm",
        "deposit receipts", "deposit refund-apply", "deposit refund-decide", "deposit defer-apply",
        "deposit defer-decide", "deposit flexible-pay",
        "withdrawal payout-file", "withdrawal payout-result",
        "loan apply", "loan run", "loan prepay",
        "report text", "report target",
        "budget import", "budget text", "budget codes set", "budget codes remove",
        "jobs fund-entry", "jobs fund-import", "jobs year-end",
        "performance import", "performance set", "performance rules",
        "cert revoke", "notify prefs",
        "repair import", "repair receive", "repair topup", "repair task", "repair income", "repair interest",
        "repair transfer", "repair refund", "repair decide-change",
        "transfer centre-add", "transfer letter", "transfer review", "transfer approve", "transfer refuse",
        "transfer credit", "transfer merge", "transfer merge-decide", "transfer certificate-issue",
        "transfer certificate-accept",
        "compliance dispose", "compliance decide", "compliance remote-list", "compliance supervision-import",
        "compliance case", "compliance enforce",
        "compliance complaint", "compliance dormant-notify", "compliance dormant-batch", "compliance dormant-decide",
        "fund place", "fund approve", "fund mature", "fund renew", "fund transfer",
    ], SIGNED_IN),
    **dict.fromkeys([
        "init", "db-upgrade", "serve", "demo", "sim", "audit anchor", "audit scan",
        "user create", "user reset-password", "user unlock", "user link",
        "deposit post", "jobs post-deposits", "deposit end-deferrals", "interest accrue", "jobs settle-interest",
        "loan overdue", "jobs stats-rollup", "supervise province",
        "budget template", "budget codes list", "budget demo-data",
        "cert rotate-key", "notify queue", "notify send",
        "repair demo", "repair sim", "fund accrue",
        "budget template", "budget codes list", "budget demo-data", "transfer inbox", "transfer outbox",
    ], SYSTEM),
    **dict.fromkeys([
        "status", "verify", "check-id", "check-uscc", "capitals", "user list",
        "ledger trial-balance", "ledger vouchers", "ledger show",
        "policy show", "policy history", "policy check", "calendar show", "calendar deadline",
        "employer list", "employer show", "employer statement",
        "member search", "member show", "member statement", "member certificate",
        "deposit template", "deposit lists", "deposit arrears", "interest calc", "interest explain",
        "withdrawal reasons", "withdrawal check", "withdrawal queue", "withdrawal home-uses", "withdrawal layout",
        "loan schedule", "loan collection", "loan show", "loan limit", "loan applications",
        "stats list", "stats value", "stats detail", "report annual", "report export-jgj", "export jgj",
        "supervise run",
        "budget check", "budget show", "budget years", "budget tables", "budget report", "budget text-keys",
        "performance score", "performance template", "performance show", "performance report", "performance table",
        "cert verify", "cert show", "cert list", "notify status", "eval list",
        "repair template", "repair areas", "repair bills", "repair arrears", "repair report", "repair statement",
        "repair projects", "repair project",
        "transfer centres", "transfer list", "transfer schema", "transfer show",
        "compliance rules", "compliance queue", "compliance document", "compliance enforcement", "compliance dormant",
        "compliance rates",
        "fund list", "fund ladder", "statements",
    ], READ),
    # settle: statements, matching, reconciliation
    **dict.fromkeys(["bank statement import", "bank match", "bank close-day", "bank close-month", "bank push-key"],
                    SIGNED_IN),
    **dict.fromkeys(["bank reconcile", "bank unmatched"], READ),
    # bankcore: banks, 专户, agreements, fees, assessment
    **dict.fromkeys(["bank account open", "bank account close", "bank agreement sign", "bank agreement end",
                     "bank change approve", "bank change reject", "bank fees", "bank fee-pay", "bank layout-set", "bank fee-figure",
                     "bank assess", "bank assess-enter", "bank assess-final"], SIGNED_IN),
    **dict.fromkeys(["bank banks", "bank layout", "bank account list", "bank agreement list", "bank change list",
                     "bank fee-statement", "bank assess-show"], READ),
}


def _commands(group, prefix=""):
    """(path, the command's own function) for every command of the Typer tree, sub-groups included."""
    import inspect

    for command in group.registered_commands:
        name = command.name or command.callback.__name__.replace("_", "-")
        yield f"{prefix}{name}", inspect.unwrap(command.callback)
    for sub in group.registered_groups:
        inner = sub.typer_instance
        if inner.registered_callback is not None and inner.info.invoke_without_command:
            yield f"{prefix}{sub.name}", inspect.unwrap(inner.registered_callback.callback)
        yield from _commands(inner, f"{prefix}{sub.name} ")


class TestWhoActs:
    def test_every_command_declares_who_acts_for_it(self):
        found = dict(_commands(app))
        assert sorted(set(found) - set(OPERATORS)) == [], "classify these in OPERATORS (signed-in, system or read)"
        assert sorted(set(OPERATORS) - set(found)) == [], "no such command any more"

    def test_the_code_does_what_the_declaration_says(self):
        import inspect

        for path, fn in _commands(app):
            source = inspect.getsource(fn)
            assert "cli_actor(" not in source and "_actor()" not in source, f"{path}: name who acts explicitly"
            assert ("signed_in(" in source) == (OPERATORS[path] == SIGNED_IN), f"{path} is {OPERATORS[path]}"
            if OPERATORS[path] == READ:
                assert "commit()" not in source, f"{path} writes: it is no read"

    def test_a_clerk_command_needs_a_signed_in_user_with_the_right(self, engine):
        change = ("policy", "set", "deposit.base_cap", "2200000", "--from", "2026-07-01", "--note", "示例文号", "--json")
        anonymous = invoke(engine, *change)
        assert anonymous.exit_code == 1 and json.loads(anonymous.stdout)["code"] == "auth.required"
        refused = invoke_as(engine, signed_in_user(engine, "clerk_cli", Role.CLERK), *change)
        assert refused.exit_code == 1 and json.loads(refused.stdout)["code"] == "forbidden"
        done = invoke_as(engine, signed_in_user(engine, "admin_cli", Role.ADMIN), *change)
        assert done.exit_code == 0, done.output
        with engine.connect() as conn:
            by = conn.execute(text("SELECT username FROM audit_log ORDER BY seq DESC LIMIT 1")).scalar_one()
        assert by == "admin_cli"

    def test_a_maintenance_command_acts_as_the_named_system(self, engine):
        made = invoke(engine, "user", "create", "ops2", "--name", "运维", "--role", "admin", "--json")
        assert made.exit_code == 0, made.output
        with engine.connect() as conn:
            by = conn.execute(text("SELECT username, roles FROM audit_log ORDER BY seq DESC LIMIT 1")).one()
        assert tuple(by) == ("system:user create", "system")
