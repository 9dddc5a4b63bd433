"""publiccode.yml and the licence files follow the reuse catalogue's conventions (issue 18)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PUBLICCODE = yaml.safe_load((ROOT / "publiccode.yml").read_text(encoding="utf-8"))
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
# Values the adopting body fills in: documented in the README, never silently empty.
TO_FILL = "DA-COMPILARE"


def test_the_keys_the_standard_requires_are_there():
    for key in (
        "publiccodeYmlVersion",
        "name",
        "url",
        "platforms",
        "categories",
        "developmentStatus",
        "softwareType",
        "description",
        "legal",
        "maintenance",
        "localisation",
    ):
        assert PUBLICCODE.get(key), key
    assert PUBLICCODE["developmentStatus"] in {"concept", "development", "beta", "stable", "obsolete"}
    assert PUBLICCODE["maintenance"]["type"] in {"internal", "contract", "community", "none"}
    assert PUBLICCODE["maintenance"]["contacts"]
    assert set(PUBLICCODE["localisation"]["availableLanguages"]) == {"it", "en"}


def test_the_description_is_in_italian_and_english_within_the_standards_lengths():
    for language in ("it", "en"):
        description = PUBLICCODE["description"][language]
        assert len(description["shortDescription"]) <= 150, language
        assert 150 <= len(description["longDescription"]) <= 10_000, language
        assert description["features"], language
        assert all(len(feature) <= 100 for feature in description["features"]), language


def test_version_and_licence_match_pyproject():
    assert PUBLICCODE["softwareVersion"] == PYPROJECT["version"]
    assert PUBLICCODE["legal"]["license"] == PYPROJECT["license"] == "EUPL-1.2"


def test_the_italian_section_declares_accessibility_spid_cie_and_leaves_the_ipa_code_to_fill():
    italian = PUBLICCODE["it"]
    assert italian["countryExtensionVersion"] == "1.0"
    assert italian["conforme"]["lineeGuidaDesign"] is True
    assert italian["piattaforme"] == {"spid": True, "cie": True}
    assert italian["riuso"]["codiceIPA"] == TO_FILL
    assert TO_FILL in PUBLICCODE["url"]


def test_dependencies_name_postgresql_and_redis():
    names = {dependency["name"] for dependency in PUBLICCODE["dependsOn"]["open"]}
    assert {"PostgreSQL", "Redis"} <= names


def test_the_values_to_fill_at_adoption_are_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "publiccode.yml" in readme and TO_FILL in readme and "codiceIPA" in readme


def test_the_licence_is_the_full_eupl_1_2_text():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.splitlines()[0].strip() == "EUROPEAN UNION PUBLIC LICENCE v. 1.2"
    headings = re.findall(r"^(\d+)\. ", text, flags=re.MULTILINE)
    assert headings == [str(n) for n in range(1, 16)]
    assert "\nAppendix\n" in text and "'Compatible Licences' according to Article 5 EUPL are:" in text
    assert text.rstrip().endswith(
        "All other changes or additions to this Appendix require the production of a new\nEUPL version."
    )


def test_the_reuse_statement_covers_every_vendored_component():
    statement = tomllib.loads((ROOT / "REUSE.toml").read_text(encoding="utf-8"))
    annotations = statement["annotations"]
    paths = " ".join(" ".join(a["path"]) if isinstance(a["path"], list) else a["path"] for a in annotations)
    licences = {a["SPDX-License-Identifier"] for a in annotations}
    for path in ("app/static/vendor/bootstrap-italia", "tests/e2e/vendor/axe.min.js", "app/reference/data"):
        assert path in paths, path
    assert {"EUPL-1.2", "BSD-3-Clause", "MPL-2.0", "OFL-1.1"} <= licences
