"""python -m nlp: round trips and bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nlp.cli import main

from .conftest import DEV_PATH


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_themes_round_trip(tmp_path: Path, dev_rows: list[dict]) -> None:
    inp = tmp_path / "in.jsonl"
    inp.write_text(
        "".join(json.dumps({"id": r["id"], "text": r["text"]}) + "\n" for r in dev_rows)
        + json.dumps({"id": 999, "text": "!!!"})
        + "\n",
        encoding="utf-8",
    )
    out, themes = tmp_path / "out.jsonl", tmp_path / "themes.json"
    args = ["themes", "--input", str(inp), "--output", str(out), "--k", "10", "--seed", "1"]
    assert main([*args, "--themes", str(themes), "--no-progress"]) == 0
    rows = _jsonl(out)
    assert [r["id"] for r in rows] == [r["id"] for r in dev_rows] + ["999"]
    assert rows[-1] == {"id": "999", "theme": None, "score": 0.0}
    data = json.loads(themes.read_text(encoding="utf-8"))
    assert data["k"] == 10 and len(data["themes"]) == 10
    assert {r["theme"] for r in rows[:-1]} == {t["id"] for t in data["themes"]}
    # a re-run given the themes keeps the ids
    out2 = tmp_path / "out2.jsonl"
    assert (
        main(
            [
                "themes",
                "--input",
                str(inp),
                "--output",
                str(out2),
                "--previous",
                str(themes),
                "--themes",
                str(tmp_path / "t2.json"),
                "--no-progress",
            ]
        )
        == 0
    )
    same = sum(a["theme"] == b["theme"] for a, b in zip(rows, _jsonl(out2), strict=True))
    assert same >= 0.9 * len(rows)


def test_evaluate_prints_scores(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "--input", str(DEV_PATH), "--seeds", "1", "--no-progress"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["labels"] == 10
    for key in ("k_labels", "k_auto"):
        assert {"nmi", "ari", "v_measure", "k"} <= set(data[key])
    assert data["k_labels"]["nmi"] >= 0.6


def test_duplicates_and_suggest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inp = tmp_path / "d.jsonl"
    texts = [
        "Più autobus notturni verso la periferia",
        "PIU' AUTOBUS NOTTURNI verso la periferia!",
        "Aprire le scuole la sera al quartiere",
    ]
    inp.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts)))
    assert main(["duplicates", "--input", str(inp)]) == 0
    groups = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert groups == [{"ids": ["0", "1"], "similarity": 1.0, "exact": True}]
    assert main(["suggest", "--input", str(inp), "--top", "2"]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert out[0]["drivers"][0]["driver"] == "D5" and len(out[0]["drivers"]) == 2
    assert out[2]["drivers"][0]["driver"] == "D7"
    assert main(["suggest", "--text", "raccolta differenziata", "--train", str(DEV_PATH)]) == 0
    assert json.loads(capsys.readouterr().out)["drivers"][0]["driver"] == "D4"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json\n", "not valid JSON"),
        ('{"id": "a"}\n', "'text'"),
        ('{"id": "a", "text": "x"}\n{"id": "a", "text": "y"}\n', "repeats"),
        ("[1, 2]\n", "JSON object"),
        ("\n\n", "no input lines"),
        ('{"id": "a", "text": "..."}\n', "usable word"),
    ],
)
def test_bad_input_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    inp = tmp_path / "bad.jsonl"
    inp.write_text(content, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["themes", "--input", str(inp), "--output", str(out), "--no-progress"]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_missing_file_and_module_entry_point(tmp_path: Path) -> None:
    assert main(["themes", "--input", str(tmp_path / "nope.jsonl")]) == 2
    proc = subprocess.run(
        [sys.executable, "-m", "nlp", "suggest", "--text", "piste ciclabili"],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).parents[2],
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["drivers"][0]["driver"] == "D5"


def test_themes_with_guided_seeds_and_stop_words(tmp_path: Path, report_rows: list[dict]) -> None:
    inp = tmp_path / "in.jsonl"
    rows = report_rows[:300]
    inp.write_text(
        "".join(json.dumps({"id": r["id"], "text": r["text"]}) + "\n" for r in rows), encoding="utf-8"
    )
    seeds = tmp_path / "seeds.json"
    seeds.write_text(json.dumps([{"name": "Raccolte fondi", "words": ["raccolta fondi", "bonifico"]}]))
    out, themes = tmp_path / "out.jsonl", tmp_path / "themes.json"
    args = ["themes", "--input", str(inp), "--output", str(out), "--themes", str(themes), "--k", "6"]
    assert (
        main([*args, "--seeds", str(seeds), "--stop-words", "terremoto, centro italia", "--no-progress"]) == 0
    )
    data = json.loads(themes.read_text(encoding="utf-8"))
    assert len(data["themes"]) == 6  # exactly k, the guided theme included
    assert data["themes"][0]["seed"] == data["themes"][0]["label"] == "Raccolte fondi"
    assert data["params"]["stop_words"] == ["terremoto", "centro italia"]
    assert sorted(r["id"] for r in _jsonl(out)) == sorted(r["id"] for r in rows)  # every id once


def test_bad_seed_file_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], dev_rows: list[dict]
) -> None:
    inp = tmp_path / "in.jsonl"
    inp.write_text("".join(json.dumps({"id": r["id"], "text": r["text"]}) + "\n" for r in dev_rows[:20]))
    seeds = tmp_path / "seeds.json"
    seeds.write_text('[{"name": "x"}]')
    assert main(["themes", "--input", str(inp), "--seeds", str(seeds), "--no-progress"]) == 2
    assert "expected" in capsys.readouterr().err
