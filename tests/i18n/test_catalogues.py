"""Every UI string is translated in Italian and English: nothing missing, empty or fuzzy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("it", "en")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> set[str]:
    """The message ids in the code today (a fresh pybabel extract)."""
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
    )
    with pot.open("rb") as handle:
        catalog = read_po(handle)
    return {message.id if isinstance(message.id, str) else message.id[0] for message in catalog if message.id}


def _catalogue(language: str):
    path = ROOT / "translations" / language / "LC_MESSAGES" / "messages.po"
    assert path.exists(), f"missing catalogue {path}"
    with path.open("rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_translates_every_string_in_the_code(extracted, language):
    catalog = _catalogue(language)
    missing, empty, fuzzy = [], [], []
    for message_id in sorted(extracted):
        message = catalog.get(message_id)
        if message is None:
            missing.append(message_id)
            continue
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        if not all(strings):
            empty.append(message_id)
        if message.fuzzy:
            fuzzy.append(message_id)
    assert not missing, f"{language}: {len(missing)} strings not in the catalogue, e.g. {missing[:5]}"
    assert not empty, f"{language}: {len(empty)} untranslated, e.g. {empty[:5]}"
    assert not fuzzy, f"{language}: {len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


def test_italian_is_really_italian(extracted):
    """Guard against a catalogue filled by copying the English ids."""
    catalog = _catalogue("it")
    same = [m.id for m in catalog if m.id and m.id in extracted and m.string == m.id and len(m.id) > 12]
    assert len(same) < 0.05 * len(extracted), f"{len(same)} Italian entries equal the English id: {same[:5]}"


def test_the_home_page_speaks_italian_by_default_and_english_on_request(client):
    page = client.get("/").get_data(as_text=True)
    assert "Consultazioni aperte" in page
    client.get("/lingua/en")
    assert "Open consultations" in client.get("/").get_data(as_text=True)
