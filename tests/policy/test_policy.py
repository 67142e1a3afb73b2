"""Policy: the sample centre file, versions by effective date, every problem of a bad file at once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from anju.auth.actor import cli_actor
from anju.core import clock
from anju.core.errors import AnjuError, ValidationFailed
from anju.db import UnitOfWork
from anju.policy import service
from anju.policy.errors import PolicyError
from anju.policy.loader import parse_centre_text
from anju.policy.store import load_store, policy_at

SAMPLE = service.SAMPLE_CENTRE.read_text(encoding="utf-8")


class TestSampleCentre:
    def test_the_sample_file_is_clean(self):
        parsed, problems = parse_centre_text(SAMPLE)
        assert problems == []
        assert parsed.name == "示例市住房公积金管理中心"
        assert [b.code for b in parsed.banks] == ["01", "02", "03", "04"]

    @pytest.mark.parametrize(("as_of", "first_gt5y", "first_le5y", "second_gt5y"), [
        (date(2022, 9, 30), "0.0325", "0.0275", "0.03575"),
        (date(2022, 10, 1), "0.031", "0.026", "0.03575"),
        (date(2025, 5, 7), "0.0285", "0.0235", "0.03325"),
        (date(2025, 5, 8), "0.026", "0.021", "0.03075"),
    ])
    def test_loan_rates_follow_their_history(self, engine, as_of, first_gt5y, first_le5y, second_gt5y):
        with engine.connect() as conn:
            p = policy_at(conn, as_of)
        assert p.loan.rate_first_gt5y == Decimal(first_gt5y)
        assert p.loan.rate_first_le5y == Decimal(first_le5y)
        assert p.loan.rate_second_gt5y == Decimal(second_gt5y)

    def test_base_bounds_change_on_july_first(self, engine):
        with engine.connect() as conn:
            june, july = policy_at(conn, date(2025, 6, 30)), policy_at(conn, date(2025, 7, 1))
        assert (june.deposit.base_floor, june.deposit.base_cap) == (193000, 2160000)
        assert (july.deposit.base_floor, july.deposit.base_cap) == (200000, 2250000)
        assert july.deposit.employer_ratio_min == Decimal("0.05")
        assert july.deposit.member_ratio_max == Decimal("0.12")
        assert july.interest.deposit_rate == Decimal("0.015") and july.interest.day_basis == "360"
        assert july["withdrawal.reason.rent_market"]["period"] == "year"

    def test_nothing_is_in_force_before_the_first_date(self, engine):
        with engine.connect() as conn:
            p = policy_at(conn, date(2010, 1, 1))
        with pytest.raises(AnjuError) as exc:
            _ = p.deposit.base_floor
        assert "没有生效的政策参数" in str(exc.value)

    def test_reloading_the_same_file_adds_no_version(self, engine):
        with UnitOfWork(engine) as uow:
            summary = service.load_centre(uow, cli_actor(), text=SAMPLE, source="sample")
            uow.commit()
        assert summary.versions_added == 0 and summary.banks_added == 0


class TestChangeAValue:
    def test_a_change_is_a_new_version_and_history_is_kept(self, engine):
        with UnitOfWork(engine) as uow:
            assert service.set_value(uow, cli_actor(), key="deposit.base_cap", raw="24000.00",
                                     effective=date(2026, 7, 1), note="市管委会〔2026〕3号")
            uow.commit()
        with engine.connect() as conn:
            store = load_store(conn)
        assert store.at(date(2026, 7, 1)).deposit.base_cap == 2400000
        assert store.at(date(2026, 6, 30)).deposit.base_cap == 2250000
        versions = [(v.effective_from, v.version, v.value) for v in store.history("deposit.base_cap")
                    if v.effective_from == date(2026, 7, 1)]
        assert versions == [(date(2026, 7, 1), 1, 2340000), (date(2026, 7, 1), 2, 2400000)]

    def test_a_change_that_breaks_a_cross_check_is_refused(self, engine):
        with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed) as exc:
            service.set_value(uow, cli_actor(), key="deposit.employer_ratio_max", raw="15%",
                              effective=date(2026, 1, 1), note="越权")
        assert any("5%至12%" in str(p) for p in exc.value.problems)

    def test_a_change_needs_its_basis(self, engine):
        with UnitOfWork(engine) as uow, pytest.raises(AnjuError):
            service.set_value(uow, cli_actor(), key="deposit.base_cap", raw="24000.00",
                              effective=date(2026, 7, 1), note=" ")

    def test_float_values_are_refused(self, engine):
        with UnitOfWork(engine) as uow, pytest.raises(AnjuError) as exc:
            service.set_value(uow, cli_actor(), key="deposit.base_cap", raw=24000.5,
                              effective=date(2026, 7, 1), note="x")
        assert "浮点" in str(exc.value)


class TestTimeZone:
    """The centre's time zone (``[centre] time_zone``): the business date is the date there."""

    def test_the_sample_centre_is_in_beijing_time(self, engine):
        parsed, _ = parse_centre_text(SAMPLE)
        assert parsed.time_zone == "Asia/Shanghai" and "time_zone" not in parsed.info
        with engine.connect() as conn:
            assert service.centre_time_zone(conn) == "Asia/Shanghai"

    def test_without_a_time_zone_the_default_is_beijing(self):
        parsed, problems = parse_centre_text(SAMPLE.replace('time_zone = "Asia/Shanghai"', ""))
        assert problems == [] and parsed.time_zone == clock.DEFAULT_TIME_ZONE == "Asia/Shanghai"

    @pytest.mark.parametrize("bad", ["Beijing", "Asia/Nowhere", "../etc/passwd", ""])
    def test_an_unknown_time_zone_is_a_problem(self, bad):
        _, problems = parse_centre_text(SAMPLE.replace('time_zone = "Asia/Shanghai"', f'time_zone = "{bad}"'))
        assert [(p.input, p.code) for p in problems] == [("centre.time_zone", PolicyError.CENTRE_TIME_ZONE)]

    def test_loading_a_centre_sets_the_clock_and_start_up_reads_it_back(self, engine):
        from datetime import datetime

        from fastapi.testclient import TestClient

        from anju.web.app import create_app

        other = SAMPLE.replace('time_zone = "Asia/Shanghai"', 'time_zone = "Asia/Urumqi"')  # UTC+6
        try:
            with UnitOfWork(engine) as uow:
                service.load_centre(uow, cli_actor(), text=other, source="urumqi")
                uow.commit()
            assert clock.time_zone().key == "Asia/Urumqi"
            clock.set_time_zone("UTC")
            app = create_app(engine)  # an app that never starts touches no database
            assert clock.time_zone().key == "UTC"
            with TestClient(app):  # the web app's start-up sets the zone of the centre in the database
                assert clock.time_zone().key == "Asia/Urumqi"
            with clock.frozen(datetime(2026, 3, 1, 17, 0)):  # 23:00 in Urumqi, 01:00 on 2 March in Beijing
                assert clock.today().isoformat() == "2026-03-01"
            clock.set_time_zone("UTC")
            from anju.bootstrap import prepare

            prepare(engine)  # the CLI's start-up
            assert clock.time_zone().key == "Asia/Urumqi"
        finally:
            clock.set_time_zone(clock.DEFAULT_TIME_ZONE)


class TestBadFile:
    def test_every_problem_is_listed(self):
        text = """
[centre]
name = ""

[[bank]]
code = "1"
name = "某银行"

[[policy]]
effective = 2025-07-01
deposit.employer_ratio_min = 0.05
deposit.employer_ratio_max = "4%"
deposit.base_floor = "3000.00"
deposit.base_cap = "2000.00"
deposit.unknown_thing = "1"
interest.day_basis = "366"
loan.max_term_months = "360"

[[policy]]
effective = 2025-07-01
"""
        parsed, problems = parse_centre_text(text)
        texts = [str(p) for p in problems]
        expected = ["缺少code", "缺少name", "code应为两位数字", "浮点数", "未知参数deposit.unknown_thing",
                    "应为360、365之一", "应为整数", "生效日期重复"]
        for fragment in expected:
            assert any(fragment in t for t in texts), (fragment, texts)

    def test_cross_checks_and_missing_parameters_are_listed(self):
        text = SAMPLE.replace('deposit.base_floor = "1265.00"', 'deposit.base_floor = "99999.00"').replace(
            'interest.deposit_rate = "1.50%"\n', "")
        _, problems = parse_centre_text(text)
        texts = [str(p) for p in problems]
        assert any("缺少必需参数interest.deposit_rate" in t for t in texts)
        assert any("下限应小于上限" in t for t in texts)

    def test_toml_syntax_errors_are_reported(self):
        _, problems = parse_centre_text("[centre\nname=1")
        assert len(problems) == 1 and "TOML格式错误" in str(problems[0])

    def test_loading_a_bad_file_writes_nothing(self, engine):
        with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed):
            service.load_centre(uow, cli_actor(), text="[centre]\ncode='X'\nname='坏'\n", source="bad")
        with engine.connect() as conn:
            assert service.centre_name(conn) == "示例市住房公积金管理中心"
