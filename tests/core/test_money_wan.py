"""万元 at the edge of the published statements: exact parsing into fen, half-up display."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anju.core.errors import AnjuError, ErrorCode
from anju.core.money import FEN_PER_WAN, format_wan, parse_wan, to_wan


class TestParseWan:
    @pytest.mark.parametrize(("value", "fen"), [
        ("123.45", 123_450_000),  # 123.45 万元 = 1,234,500 yuan
        ("1,969.84", 1_969_840_000),
        ("0.01", 10_000),  # the published unit: 100 yuan
        ("0.000001", 1),  # one fen
        ("-10.00", -10_000_000),
        ("１２３．４５", 123_450_000),
        (Decimal("2000"), 2_000_000_000),
        (Decimal("859.70"), 859_700_000),
        (3, 3_000_000),
    ])
    def test_exact_values(self, value, fen):
        assert parse_wan(value) == fen

    def test_one_wan_is_a_million_fen(self):
        assert FEN_PER_WAN == 1_000_000

    @pytest.mark.parametrize("value", ["0.0000001", "1.2345678"])
    def test_finer_than_a_fen_is_refused(self, value):
        with pytest.raises(AnjuError) as exc:
            parse_wan(value)
        assert exc.value.code is ErrorCode.MONEY_WAN_PRECISION

    @pytest.mark.parametrize(("value", "code"), [(1.5, ErrorCode.MONEY_FLOAT), ("1e3", ErrorCode.MONEY_FORMAT),
                                                 ("", ErrorCode.MONEY_FORMAT), (None, ErrorCode.MONEY_FORMAT),
                                                 (True, ErrorCode.MONEY_FORMAT),
                                                 (Decimal("NaN"), ErrorCode.MONEY_FORMAT)])
    def test_bad_input(self, value, code):
        with pytest.raises(AnjuError) as exc:
            parse_wan(value)
        assert exc.value.code is code


class TestFormatWan:
    @pytest.mark.parametrize(("fen", "shown"), [
        (1_969_840_000, "1,969.84"), (0, "0.00"), (5_000, "0.01"), (4_999, "0.00"), (-5_000, "-0.01"),
        (123_456_789, "123.46"),
    ])
    def test_half_up_to_two_places(self, fen, shown):
        assert format_wan(fen) == shown

    def test_places_and_grouping(self):
        assert format_wan(123_456_789, 6, grouping=False) == "123.456789"
        assert to_wan(196_984_000) == Decimal("196.98")

    @given(st.integers(min_value=-10**14, max_value=10**14))
    def test_six_places_round_trip_exactly(self, fen):
        assert parse_wan(to_wan(fen, 6)) == fen
        assert parse_wan(format_wan(fen, 6)) == fen
