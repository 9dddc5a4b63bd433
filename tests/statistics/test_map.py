"""The map: 133 comuni with their ISTAT codes, links and names, CSP-clean, with its attribution."""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET

from app.reference.data import COMUNI_CSV
from app.statistics import maps
from tests.statistics.helpers import PERO, RHO, nord_ovest_fixture

SVG = "{http://www.w3.org/2000/svg}"


def _map_of(page: str) -> ET.Element:
    svg = re.search(r'<svg xmlns="http://www.w3.org/2000/svg" class="statistics-map".*?</svg>', page, re.S)
    assert svg
    return ET.fromstring(svg.group(0))  # nosec B314 (our own page)


def test_the_map_has_exactly_the_133_comuni_with_their_istat_codes(client):
    nord_ovest_fixture()
    page = client.get("/statistiche").text
    root = _map_of(page)
    shapes = root.findall(f".//{SVG}path[@data-istat]")
    with COMUNI_CSV.open(encoding="utf-8") as handle:
        expected = {row["istat_code"] for row in csv.DictReader(handle)}
    assert len(shapes) == 133
    assert {shape.get("data-istat") for shape in shapes} == expected
    # Each comune is a link to its page, named with its value.
    links = {a.get("href"): a.get("aria-label") for a in root.findall(f".//{SVG}a")}
    assert links[f"/comuni/{RHO}"] == "Rho: 0,14 partecipanti ogni 1.000 abitanti (7 partecipanti)"
    assert links[f"/comuni/{PERO}"] == "Pero: meno di 5 partecipanti"
    assert links["/comuni/015146"] == "Milano: nessun partecipante"
    # No style attribute or element anywhere (the page's CSP forbids inline styles).
    assert not [e for e in root.iter() if "style" in e.attrib or e.tag == f"{SVG}style"]
    # Hidden comuni get the neutral colour, never a class that would say their rate.
    pero = root.find(f".//{SVG}path[@data-istat='{PERO}']")
    assert pero.get("fill") == maps.HIDDEN_FILL
    assert "Openpolis" in page and "CC BY 4.0" in page


def test_zone_outlines_drop_the_edges_shared_inside_a_zone():
    # Two comuni of one zone: their common edge is not part of the zone's outline.
    one_zone = maps._zone_outlines((("015182", 1), ("015170", 1)))
    two_zones = maps._zone_outlines((("015182", 1), ("015170", 2)))
    assert one_zone.count("M") < two_zones.count("M")


def test_class_breaks_come_from_the_shown_values_only():
    assert maps.class_breaks([0, 0]) == []
    breaks = maps.class_breaks([1.0, 2.0, 3.0, 4.0, 0.0])
    assert breaks == [1.0, 2.0, 3.0, 4.0]
    assert [maps.class_of(v, breaks) for v in (None, 0, 1.0, 2.5, 4.0)] == ["hidden", "none", 0, 2, 3]
