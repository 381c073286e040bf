"""Bar charts drawn as SVG: bars in proportion, labels escaped and cut, years without gaps,
nothing the Content-Security-Policy would refuse."""

import re

from legalkb.charts import WIDTH, Bar, bar_chart, year_bars


def widths(svg):
    return [float(w) for w in re.findall(r'<rect class="chart-bar" [^>]*width="([\d.]+)"', svg)]


def test_bars_are_in_proportion_and_the_longest_fills_its_room():
    svg = bar_chart([Bar("a", 10), Bar("b", 5), Bar("c", 0)], "Title", "t", label_width=100)

    assert widths(svg) == [WIDTH - 100 - 36, (WIDTH - 100 - 36) / 2, 0]


def test_the_chart_is_named_by_its_title_and_each_bar_by_label_and_value():
    svg = bar_chart([Bar("2007", 3)], "Passages by year", "years")

    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 360 22"')
    assert 'role="img" aria-labelledby="years-title"><title id="years-title">Passages by year</title>' in svg
    assert "<title>2007: 3</title>" in svg


def test_labels_and_titles_are_escaped():
    svg = bar_chart([Bar("<b>&", 1)], "<script>", "x")

    assert "<b>" not in svg and "<script>" not in svg
    assert "&lt;b&gt;&amp;" in svg and "&lt;script&gt;" in svg


def test_a_long_label_is_cut_in_the_chart_and_whole_in_its_title():
    label = "Мемлекеттің заңды жауапкершілігі институтының қағидаттары"

    svg = bar_chart([Bar(label, 1)], "t", "x", label_width=100)

    assert f"<title>{label}: 1</title>" in svg
    shown = re.search(r'class="chart-label"[^>]*>([^<]+)<', svg).group(1)
    assert shown.endswith("…") and label.startswith(shown[:-1])


def test_no_style_and_no_script_reach_the_page():
    svg = bar_chart([Bar("a", 1)], "t", "x")

    assert "style" not in svg and "script" not in svg


def test_years_between_the_first_and_the_last_are_all_listed():
    assert year_bars({2005: 2, 2008: 1}) == [Bar("2005", 2), Bar("2006", 0), Bar("2007", 0), Bar("2008", 1)]


def test_a_span_of_many_decades_lists_only_the_years_with_passages():
    assert year_bars({1950: 1, 2020: 4}) == [Bar("1950", 1), Bar("2020", 4)]


def test_no_years_give_no_bars():
    assert year_bars({}) == []
