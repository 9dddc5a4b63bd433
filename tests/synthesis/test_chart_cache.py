"""Charts drawn on demand (none was prepared for the page's numbers) are kept on disk for
every worker process, only in a private directory."""

from __future__ import annotations

import os

from app.synthesis.readings import charts


def _draw():
    return charts.draw(charts.bars(["Mobilità", "Scuole"], [3, 2], "Proposte"))


def test_a_chart_drawn_once_is_read_back_by_another_process(tmp_path, monkeypatch):
    directory = tmp_path / "charts"
    monkeypatch.setattr(charts, "_CACHE_DIR", str(directory))
    charts.draw.cache_clear()
    first = _draw()
    [kept] = list(directory.iterdir())
    assert kept.read_text(encoding="utf-8") == first
    assert oct(directory.stat().st_mode & 0o777) == "0o700"

    # Another process (empty in-memory cache) reads the file instead of drawing again.
    kept.write_text(first.replace("Mobilità", "Letto dal disco"), encoding="utf-8")
    charts.draw.cache_clear()
    assert "Letto dal disco" in _draw()
    charts.draw.cache_clear()


def test_a_directory_others_can_write_to_is_not_trusted(tmp_path, monkeypatch):
    directory = tmp_path / "shared"
    directory.mkdir()
    os.chmod(directory, 0o777)
    monkeypatch.setattr(charts, "_CACHE_DIR", str(directory))
    charts.draw.cache_clear()
    planted = directory / "anything.svg"
    planted.write_text("<svg><script>alert(1)</script></svg>", encoding="utf-8")
    svg = _draw()
    assert "<script" not in svg and "Mobilità" in svg
    assert sorted(p.name for p in directory.iterdir()) == ["anything.svg"]  # nothing kept there
    charts.draw.cache_clear()
