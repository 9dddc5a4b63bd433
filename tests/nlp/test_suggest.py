"""Driver suggestion: accuracy floor by cross-validation, defaults, edge cases."""

from __future__ import annotations

import pytest

from nlp import LabelledText, default_drivers, suggest_driver, train_suggester
from nlp.evaluation import suggestion_accuracy


@pytest.fixture(scope="module")
def items(dev_rows: list[dict]) -> list[LabelledText]:
    return [LabelledText(r["id"], r["text"], r["label"]) for r in dev_rows]


def test_cross_validated_accuracy_floor(items: list[LabelledText]) -> None:
    scores = suggestion_accuracy(items, folds=5, seed=0)
    assert scores["top1"] >= 0.65
    assert scores["top3"] >= 0.85


def test_driver_texts_alone_are_useful(items: list[LabelledText]) -> None:
    # day one: nothing filed yet, the packaged Driver texts only
    scores = suggestion_accuracy(items, folds=5, seed=0, use_filed=False)
    assert scores["top1"] >= 0.55
    assert scores["top3"] >= 0.80


@pytest.mark.parametrize(
    ("text", "driver"),
    [
        ("Più corse degli autobus e una pista ciclabile fino alla stazione", "D5"),
        ("BASTA CAPANNONI DELLA LOGISTICA E CAMION SULLE NOSTRE STRADE", "D6"),
        ("aprire le palestre delle scuole superiori la sera per i ragazzi del quartiere", "D7"),
        ("mancano medici di base e le liste d'attesa sono troppo lunghe", "D10"),
        ("pannelli solari sui tetti degli edifici pubblici e comunità energetiche", "D3"),
    ],
)
def test_default_model_on_citizen_texts(text: str, driver: str) -> None:
    ranking = suggest_driver(text).ranking
    assert driver in [s.driver for s in ranking[:3]]


def test_ranking_shape() -> None:
    suggestion = suggest_driver("raccolta differenziata dei rifiuti")
    assert len(suggestion.ranking) == 10
    assert suggestion.best is not None and suggestion.best.driver == "D4"
    assert suggestion.best.title
    scores = [s.score for s in suggestion.ranking]
    assert scores == sorted(scores, reverse=True)
    assert sum(scores) == pytest.approx(1.0)


def test_unusable_text_gives_empty_ranking() -> None:
    for text in ["", "!!!", "🙂", "e di il"]:
        assert suggest_driver(text).ranking == ()
        assert suggest_driver(text).best is None
    with pytest.raises(TypeError):
        suggest_driver(None)  # type: ignore[arg-type]


def test_training_validates_labels() -> None:
    with pytest.raises(ValueError):
        train_suggester([LabelledText("x", "testo", "D99")])
    with pytest.raises(ValueError):
        train_suggester(drivers=default_drivers()[:1])


def test_custom_drivers(items: list[LabelledText]) -> None:
    model = train_suggester(items[:50])
    assert model.suggest(items[0].text, top=3).ranking[0].driver == items[0].label
