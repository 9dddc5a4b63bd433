"""Consultation rules used by other domains: the state follows the dates; collection open."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask_babel import force_locale

from app.consultations.services import ensure_collection_open, slugify
from app.errors import DomainError
from app.models_base import utcnow
from tests.factories import create_consultation


@pytest.mark.parametrize(
    "phase", ["upcoming", "information", "collection", "discussion", "synthesis", "answers", "closed"]
)
def test_the_state_follows_the_dates(app, phase):
    assert create_consultation(phase=phase).state == phase


def test_state_at_each_boundary(app):
    consultation = create_consultation(phase="collection")
    starts = dict(consultation.phase_starts())
    second = timedelta(seconds=1)
    assert consultation.state_at(starts["information"] - second) == "upcoming"
    assert consultation.state_at(starts["collection"] - second) == "information"
    assert consultation.state_at(starts["collection"]) == "collection"
    assert consultation.state_at(starts["discussion"]) == "discussion"
    assert consultation.state_at(consultation.closes_at - second) == "answers"
    assert consultation.state_at(consultation.closes_at) == "closed"
    consultation.closed_early_at = utcnow()
    assert consultation.state == "closed"


def test_ensure_collection_open(app):
    ensure_collection_open(create_consultation(phase="collection"))
    for phase in ("upcoming", "information", "discussion", "closed"):
        with pytest.raises(DomainError) as error:
            ensure_collection_open(create_consultation(phase=phase))
        with force_locale("en"):
            assert "only while the collection phase is open" in str(error.value.message)


def test_ensure_collection_open_after_an_early_close(app):
    consultation = create_consultation(phase="collection")
    consultation.closed_early_at = utcnow() - timedelta(minutes=1)
    with pytest.raises(DomainError):
        ensure_collection_open(consultation)


def test_slugify():
    assert slugify("Città più verde: 2027!") == "citta-piu-verde-2027"
    assert slugify("«»") == "consultazione"
