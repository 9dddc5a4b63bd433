"""The charts of a run are drawn when it ends and after curation, so pages only read them (issue 15).

The cross-readings page drew four matplotlib charts on first render (seconds in a fresh
process). Here drawing is made to fail (and the on-demand caches are emptied) after the
run: the pages still show every chart, because they read the ones the job stored.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.synthesis.models import ThemeChart
from app.synthesis.readings import charts
from app.synthesis.readings.drawing import _shorten
from app.synthesis.runs import engine, queries
from app.synthesis.runs import services as runs
from tests import factories
from tests.moderation.conftest import english
from tests.proposals.helpers import sign_in
from tests.synthesis.factories import create_synthesis
from tests.synthesis.run_helpers import add_proposals, wait_for

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def prepared(app, tmp_path, monkeypatch):
    """Charts prepared by the jobs (the suite turns it off elsewhere); jobs in a thread;
    on-demand charts kept in a directory of this test only."""
    app.config["SYNTHESIS_PREPARE_CHARTS"] = True
    app.config["REDIS_URL"] = ""
    monkeypatch.setattr(charts, "_CACHE_DIR", str(tmp_path / "charts"))
    charts.draw.cache_clear()
    yield
    charts.draw.cache_clear()


def _forbid_drawing(monkeypatch):
    """From now on, drawing a chart fails the request: pages may only read stored charts."""
    charts.draw.cache_clear()

    def refuse(chart):
        raise AssertionError(f"a page drew a {chart.kind} chart instead of reading it")

    monkeypatch.setattr(charts, "render", refuse)


def _run(consultation, k=None):
    run = runs.start_theme_run(None, consultation, "all", k=k)
    db.session.commit()
    run = engine.execute_theme_run(run.id)
    assert run.status == "succeeded", run.error
    return run


def _chart_texts(page: str, chart_id: str) -> list[str]:
    """The words of one chart (its <text> elements) on a page."""
    svg = re.search(rf'<svg[^>]*aria-labelledby="{chart_id}-title".*?</svg>', page, re.S)
    assert svg is not None, f"no chart {chart_id} on the page"
    return [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg.group(0))]


def _stored() -> int:
    return db.session.scalar(select(func.count()).select_from(ThemeChart))


def test_after_a_run_the_pages_read_the_charts_without_drawing(client, prepared, monkeypatch):
    consultation = factories.create_consultation(phase="synthesis")
    add_proposals(consultation, 32)
    run = _run(consultation, k=4)
    create_synthesis(consultation, run)
    # Sizes and three heatmaps, in Italian and in English (one label each: nothing awaits review).
    assert _stored() >= 8
    _forbid_drawing(monkeypatch)

    sign_in(client, factories.create_user(roles=["analyst"]))
    for language in ("it", "en"):
        client.get(f"/lingua/{language}")
        for url in (
            f"/sintesi/consultazioni/{consultation.slug}/letture",
            f"/consultazioni/{consultation.slug}/sintesi",
            f"/consultazioni/{consultation.slug}/sintesi/stampa",
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            page = response.get_data(as_text=True)
            assert page.count('class="chart-svg"') == 4, url
            assert "<style" not in page and ' style="' not in page  # still sanitised for the CSP
    labels = {_shorten(t.label) for t in queries.list_scope_themes(consultation.id, "all", active_only=True)}
    crossreadings = client.get(f"/sintesi/consultazioni/{consultation.slug}/letture").get_data(as_text=True)
    assert labels <= set(_chart_texts(crossreadings, "chart-sizes"))


def test_after_a_merge_the_charts_show_the_merged_theme(client, prepared, monkeypatch):
    consultation = factories.create_consultation(phase="synthesis")
    add_proposals(consultation, 32)
    run = _run(consultation, k=4)
    summaries = queries.list_theme_summaries(run)
    kept, absorbed = summaries[0].theme, summaries[1].theme
    kept_label, absorbed_label = _shorten(kept.label), _shorten(absorbed.label)
    together = summaries[0].size + summaries[1].size
    sign_in(client, factories.create_user(roles=["analyst"]))
    english(client)
    before = _stored()

    response = client.post(f"/sintesi/temi/{kept.id}/unisci", data={"other": absorbed.id})
    assert response.status_code == 302
    # The new charts are drawn in the background (a thread here, an RQ worker in production).
    wait_for(lambda: _stored() >= before + 8, what="the charts of the merged themes")
    _forbid_drawing(monkeypatch)

    page = client.get(f"/sintesi/consultazioni/{consultation.slug}/letture").get_data(as_text=True)
    words = _chart_texts(page, "chart-sizes")
    assert kept_label in words and absorbed_label not in words
    assert f"{together:g}" in words  # the merged theme's bar carries both themes' proposals
    assert absorbed_label not in _chart_texts(page, "chart-by-driver")


def test_a_run_without_prepared_charts_still_shows_them_drawn_on_demand(client, prepared, app):
    app.config["SYNTHESIS_PREPARE_CHARTS"] = False  # as an old run, from before this change
    consultation = factories.create_consultation(phase="synthesis")
    add_proposals(consultation, 24)
    _run(consultation, k=3)
    assert _stored() == 0
    sign_in(client, factories.create_user(roles=["analyst"]))
    page = client.get(f"/sintesi/consultazioni/{consultation.slug}/letture").get_data(as_text=True)
    assert page.count('class="chart-svg"') == 4


MEASURE = """
import json, sys
from app import create_app
app = create_app({"SQLALCHEMY_DATABASE_URI": sys.argv[1], "SECRET_KEY": "x" * 40, "TESTING": True,
                  "SERVER_NAME": "localhost", "PUBLIC_URL": "http://localhost", "REDIS_URL": ""})
client = app.test_client()
with client.session_transaction() as session:
    session["_user_id"] = sys.argv[2]
    session["_fresh"] = True
response = client.get(sys.argv[3])
page = response.get_data(as_text=True)
print(json.dumps({"status": response.status_code, "charts": page.count('class="chart-svg"'),
                  "matplotlib": any(m.split(".")[0] == "matplotlib" for m in sys.modules)}))
"""


def test_a_fresh_web_process_shows_the_charts_without_importing_matplotlib(app, prepared):
    consultation = factories.create_consultation(phase="synthesis")
    add_proposals(consultation, 24)
    _run(consultation, k=3)
    analyst = factories.create_user(roles=["analyst"])
    session_id = factories.session_id_for(analyst)
    db.session.commit()
    url = db.engine.url.render_as_string(hide_password=False)
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            MEASURE,
            url,
            session_id,
            f"/sintesi/consultazioni/{consultation.slug}/letture",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"status": 200, "charts": 4, "matplotlib": False}
