import pytest

from dnkit.costs import CostInputError, PriceRange, default_price, self_pay_bands
from dnkit.figures import cost_band_figure


def test_six_sessions_at_50_to_150_cost_300_to_900():
    bands = self_pay_bands(6, PriceRange.between(50, 150))
    assert (bands[-1].low, bands[-1].typical, bands[-1].high) == (300, 600, 900)


def test_default_price_is_sourced_and_marked_unconfirmed():
    d = default_price()
    assert (d.price.low, d.price.high) == (50, 150)
    assert not d.source.confirmed
    assert "UNCONFIRMED" in d.source.label()


@pytest.mark.parametrize(
    ("low", "high", "field"),
    [(-1, 10, "price_low"), (100, 50, "price_low"), (0, float("inf"), "price_high")],
)
def test_bad_prices_name_the_field(low, high, field):
    with pytest.raises(CostInputError) as err:
        PriceRange.between(low, high)
    assert err.value.field == field


def test_figure_marks_the_selected_session_count_and_has_text_twin():
    result = cost_band_figure(self_pay_bands(10, PriceRange.between(50, 150)), selected=4)
    assert list(result.figure.data[3].x) == [4, 4]
    assert "4 sessions" in result.summary and "$400" in result.summary
    assert result.table.rows[3] == ("4", "$200", "$400", "$600")
