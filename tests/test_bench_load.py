"""The capacity benchmark's pieces (bench/load.py) and the profile's clock (bench/profile.py),
on small made-up data: never timings."""

from bench import load, profile
from bench.runner import served_env


def point(rate, p95, cpu=10.0, busy=0):
    return {"requests_per_second": rate, "p95_ms": p95, "cpu_ms_per_request": cpu, "busy": busy}


def test_capacity_is_the_highest_rate_within_the_p95_limit():
    points = [point(40, 20), point(90, 120), point(110, 250), point(105, 900)]
    assert load.capacity(points) == 110


def test_a_step_where_readers_were_told_the_site_is_busy_is_past_the_capacity():
    points = [point(40, 20), point(90, 120), point(95, 250, busy=3)]
    assert load.capacity(points) == 90


def test_capacity_is_zero_when_no_step_is_within_the_limit():
    assert load.capacity([point(7, 1000)]) == 0


def test_the_cores_worth_comes_from_the_cpu_time_at_the_capacitys_step():
    result = {"machine": {"nproc": 2}}
    assert (
        load.cpu_bound(result, {"points": [point(40, 20, 25.0), point(80, 200, 20.0), point(60, 900, 5.0)]})
        == 100
    )


def test_the_mix_follows_its_shares_and_the_api_load_is_the_api_alone():
    queries = [{"q": "заң"}, {"q": "құқық", "language": "kk"}]
    mix = load.load_urls("mix", 1000, ["bench-source-00001"], queries, count=2000)
    share = sum(url.startswith("/passages/") for url in mix) / len(mix)
    assert abs(share - load.MIX["passage"]) < 0.05
    assert {url.split("?")[0] for url in mix} >= {"/search/", "/api/search/", "/sources/bench-source-00001/"}
    assert all(
        url.startswith("/api/search/?q=") for url in load.load_urls("api", 1000, [], queries, count=50)
    )


def test_a_change_form_is_sent_back_as_it_is():
    form = """<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="t">
      <textarea name="text">Мәтін &amp; т.б.</textarea><select name="language"><option value="kk" selected>kk
      </option><option value="ru">ru</option></select><input type="checkbox" name="is_heading">
      <input type="checkbox" name="withdrawn" checked value="on">
      <input type="submit" name="_save" value="Save"></form>"""
    parser = load.FormFields()
    parser.feed(form)
    assert parser.fields == [
        ("csrfmiddlewaretoken", "t"),
        ("text", "Мәтін & т.б."),
        ("language", "kk"),
        ("withdrawn", "on"),
    ]


def test_a_phase_is_charged_only_while_it_is_the_innermost_one_running(monkeypatch):
    readings = iter([0.0, 2.0, 5.0, 6.0])  # outer starts, inner starts, inner ends, outer ends
    monkeypatch.setattr(profile.time, "process_time", lambda: next(readings))
    clock = profile.PhaseClock()
    inner = clock.wrap("highlighting", lambda: "snippet")
    outer = clock.wrap("template rendering", lambda: inner())

    assert outer() == "snippet"
    assert clock.totals == {"template rendering": 3.0, "highlighting": 3.0}


def test_the_site_is_served_with_the_throttle_on_and_fresh_counts(tmp_path):
    counts = tmp_path / "throttle.sqlite3"
    counts.write_text("counts of an earlier run")
    served = served_env({"DJANGO_DEBUG": "0"}, counts)
    assert (served["LEGALKB_THROTTLE"], served["DJANGO_DEBUG"]) == ("1", "0")
    assert served["LEGALKB_THROTTLE_PATH"] == str(counts) and not counts.exists()


def test_percentiles_come_from_every_threads_answers(tmp_path):
    (tmp_path / "thread-1.txt").write_text("20.5\n30.0\n")
    (tmp_path / "thread-2.txt").write_text("250.0\n10.25\n")
    (tmp_path / "other.txt").write_text("9999\n")
    assert sorted(load.sampled_latencies(tmp_path)) == [10.25, 20.5, 30.0, 250.0]


def test_wrk_runs_a_thread_per_connection_so_each_answer_is_paired_with_its_request(tmp_path):
    command = load.wrk_command("http://127.0.0.1:8011", tmp_path / "urls.txt", 16, 20, tmp_path)
    assert {"-t16", "-c16", "-d20s"} <= set(command)
    assert command[-3:] == [str(tmp_path / "urls.txt"), str(load.ADDRESSES), str(tmp_path)]
