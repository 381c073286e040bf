"""make abuse's figures from the readers' timed answers."""

from bench.abuse import each_run_ratios, over_runs, reader_figures


def test_the_readers_figures_give_the_slowest_page_kind_its_own_p95():
    timings = [(ms, "passages") for ms in range(10, 30)] + [(ms, "search") for ms in range(100, 120)]
    figures = reader_figures(timings)
    assert figures["reader_requests"] == 40
    assert figures["reader_p50_ms"] == 100
    assert figures["reader_p95_ms"] == 118
    assert figures["reader_p95_ms_by_page"] == {"passages": 29, "search": 119}


def test_a_phase_over_runs_gives_the_median_of_each_figure_and_counts_every_error():
    runs = [
        {"reader_p95_ms": p95, "reader_errors": errors, "reader_busy": 0, "hostile_answers": answers}
        for p95, errors, answers in [(40, 0, {"200": 9}), (90, 2, {"200": 7, "503": 2}), (50, 1, {"200": 9})]
    ]
    phase = over_runs(runs)
    assert phase["reader_p95_ms"] == 50
    assert phase["reader_p95_ms_each_run"] == [40, 90, 50]
    assert (phase["reader_errors"], phase["reader_busy"]) == (3, 0)
    assert phase["hostile_answers"] == {"200": 25, "503": 2}


def test_each_runs_ratio_is_to_the_quiet_p95_of_the_same_run():
    result = {
        phase: {"reader_p95_ms_each_run": each}
        for phase, each in [("quiet", [40, 50]), ("flood", [60, 50]), ("hostile", [80, 150])]
    }
    assert each_run_ratios(result) == "flood 1.50, 1.00; hostile 2.00, 3.00"
