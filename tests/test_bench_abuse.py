"""make abuse's figures from the readers' timed answers."""

from bench.abuse import reader_figures


def test_the_readers_figures_give_the_slowest_page_kind_its_own_p95():
    timings = [(ms, "passages") for ms in range(10, 30)] + [(ms, "search") for ms in range(100, 120)]
    figures = reader_figures(timings)
    assert figures["reader_requests"] == 40
    assert figures["reader_p50_ms"] == 100
    assert figures["reader_p95_ms"] == 118
    assert figures["reader_p95_ms_by_page"] == {"passages": 29, "search": 119}
