"""Chart builders hold the right data; serving settings keep the page local and private."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

from attachwork.app import serve
from attachwork.charts import PlanePoint, plane_figure, plane_summary
from attachwork.content import PACKAGE_DIR
from attachwork.domain.instruments import load_instrument
from attachwork.ui.chart_panel import BUNDLE, Chart

ROOT = Path(__file__).resolve().parents[2]
ECR = load_instrument(ROOT / "tests/fixtures/instruments/ecr_r_shaped.yaml")
REFLECTION = load_instrument(PACKAGE_DIR / "en/instruments/reflection.yaml")


def test_plane_shows_regions_cut_lines_and_points_in_order():
    pts = [PlanePoint(dt.date(2026, 1, 5), 2.0, 5.5, "preoccupied"),
           PlanePoint(dt.date(2026, 3, 5), 2.5, 4.0, "secure")]
    fig = plane_figure(ECR, pts)
    names = {a.text for a in fig.layout.annotations}
    assert {"Secure pattern", "Anxious-preoccupied pattern", "Dismissive-avoidant pattern",
            "Fearful-avoidant pattern"} <= names
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert {ln.x0 for ln in lines if ln.x0 == ln.x1} == {3.0}  # avoidance cut from the file
    assert {ln.y0 for ln in lines if ln.y0 == ln.y1} == {3.5}  # anxiety cut from the file
    trail, latest = fig.data
    assert list(trail.x) == [2.0] and list(trail.y) == [5.5]
    assert list(latest.x) == [2.5] and list(latest.y) == [4.0]
    assert latest.text == ("2026-03-05",)
    assert fig.layout.xaxis.range == (0.75, 7.25)


def test_plane_without_points_and_midpoint_cuts():
    fig = plane_figure(REFLECTION, [])
    assert fig.data == ()
    assert {s.x0 for s in fig.layout.shapes if s.type == "line" and s.x0 == s.x1} == {4.0}
    assert plane_summary([]).startswith("No complete check-in yet")


def test_summary_in_words():
    pts = [PlanePoint(dt.date(2026, 1, 5), 2.04, 5.55, "preoccupied")]
    assert plane_summary(pts) == ("Check-in of 2026-01-05: worry about closeness 5.5, need for "
                                  "distance 2.0, in the area of the anxious-preoccupied pattern.")


def test_a_point_near_the_middle_is_read_as_the_nearest_area_not_an_answer():
    # the project's check-in marks half a point either side of its cut (4) as near the middle
    near = [PlanePoint(dt.date(2026, 1, 5), 2.0, 4.3, "preoccupied")]
    clear = [PlanePoint(dt.date(2026, 1, 5), 2.0, 6.0, "preoccupied")]
    assert "near the middle" in plane_summary(near, None, REFLECTION)
    assert "nearest one for now" in plane_summary(near, None, REFLECTION)
    assert "near the middle" not in plane_summary(clear, None, REFLECTION)
    assert "near the middle" not in plane_summary(near), "without the file, no band is known"


def test_chart_widget_sends_figure_json_and_bundle_on_request():
    chart = Chart()
    chart.show(plane_figure(REFLECTION, []), "summary")
    json.dumps(chart.figure)
    sent = []
    chart.send = lambda content, buffers=None: sent.append((content, buffers))
    chart._on_msg(chart, {"type": "need-plotly"}, [])
    assert sent[0][0] == {"type": "plotly-bundle"}
    assert sent[0][1][0][:200] == BUNDLE.read_bytes()[:200]


def test_voila_is_started_local_private_and_culled():
    argv = serve.voila_argv(Path("wb"), 9000, token="t0k")
    joined = " ".join(argv)
    assert "--Voila.ip=127.0.0.1" in argv and "--token=t0k" in argv
    assert "--VoilaConfiguration.strip_sources=True" in argv
    assert "--VoilaConfiguration.show_tracebacks=False" in argv
    assert "--template=attachwork" in argv and "jupyterlab-plotly" in joined
    assert re.search(r"cull_idle_timeout=\d+", joined) and "cull_interval" in joined


def test_template_makes_no_outside_request():
    folder = serve.SHARE_DIR / "voila/templates/attachwork"
    for path in folder.iterdir():
        if path.suffix in {".j2", ".json", ".css", ".html"}:
            assert not re.search(r"(src|href)=[\"']?https?://", path.read_text()), path.name
    assert (folder / "static" / "plotly-basic.min.js").exists()


def test_prepare_environment_puts_the_template_first():
    env = serve.prepare_environment({"JUPYTER_PATH": "/elsewhere"})
    assert env["JUPYTER_PATH"].split(":")[0] == str(serve.SHARE_DIR)
    assert env["JUPYTER_PATH"].endswith("/elsewhere")


def test_notebooks_are_thin_and_committed_without_outputs():
    books = sorted((ROOT / "workbooks").glob("*.ipynb"))
    assert books
    for nb in books:
        data = json.loads(nb.read_text())
        code = [c for c in data["cells"] if c["cell_type"] == "code"]
        assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
        assert sum(len("".join(c["source"]).splitlines()) for c in code) <= 6, nb.name


def test_home_mode_opens_on_between_sessions_for_the_client(monkeypatch, capsys):
    from attachwork.app import cli

    seen = {}

    def fake_launch(cls, argv):  # noqa: ANN001 - stands in for Voila's launcher
        seen["argv"] = argv

    monkeypatch.setattr("voila.app.Voila.launch_instance", classmethod(fake_launch))
    monkeypatch.setenv("ATTACHWORK_TOKEN", "t0k-from-the-environment")
    assert cli.main(["serve", "--home", "--port", "0"]) == 0
    url = capsys.readouterr().out.strip().split()[-1]
    assert url.endswith("/voila/render/between_sessions.ipynb?token=t0k-from-the-environment")
    assert (Path(serve.default_workbooks_dir()) / "between_sessions.ipynb").exists()
    assert os.environ["ATTACHWORK_MODE"] == "home"
    monkeypatch.delenv("ATTACHWORK_MODE")


def test_open_goes_to_the_printed_page_with_its_token(monkeypatch):
    from voila.app import Voila

    opened = []
    monkeypatch.setattr("webbrowser.open", lambda url, new=0: opened.append(url))

    def fake_launch(cls, argv):  # noqa: ANN001 - stands in for Voila's launcher
        cls().launch_browser()

    monkeypatch.setattr(Voila, "launch_instance", classmethod(fake_launch))
    serve.run(Path("wb"), 0, token="t0k", open_browser=True, start=serve.HOME_PAGE)
    assert len(opened) == 1
    assert opened[0].endswith("/voila/render/between_sessions.ipynb?token=t0k")


def test_demo_in_home_mode_serves_the_clients_own_copy(monkeypatch, tmp_path, capsys):
    from attachwork.app import cli
    from attachwork.store import Store

    monkeypatch.setattr("voila.app.Voila.launch_instance", classmethod(lambda cls, argv: None))
    demo = tmp_path / "demo"
    assert cli.main(["serve", "--demo", "--home", "--data-dir", str(demo), "--port", "0"]) == 0
    home_dir = tmp_path / "demo-home"
    assert os.environ["ATTACHWORK_DATA_DIR"] == str(home_dir)
    home = Store.open(f"sqlite:///{home_dir / 'attachwork.sqlite3'}")
    [client] = home.clients()
    assert client.pseudonym == "Demo-Wren" and home.entries(client.id, "trigger_log")
    assert all(e.payload["therapist_note"] == "" for e in home.entries(client.id, "session"))
    home.close()
    assert "Demo-Wren" in capsys.readouterr().out
    monkeypatch.delenv("ATTACHWORK_MODE")
