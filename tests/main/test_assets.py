"""The vendored front-end (make assets) is complete, served by the app, and CSP-friendly."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "app" / "static"
VENDOR = STATIC / "vendor" / "bootstrap-italia"
TEMPLATES = ROOT / "app" / "templates"


def test_the_vendored_version_is_the_pinned_one():
    pinned = json.loads((ROOT / "package.json").read_text())["devDependencies"]["bootstrap-italia"]
    assert (VENDOR / "VERSION").read_text().strip() == pinned
    assert (VENDOR / "LICENSE").exists()
    assert (ROOT / "tests" / "e2e" / "vendor" / "axe.min.js").stat().st_size > 100_000


def test_every_asset_the_layout_links_is_served(client):
    html = client.get("/").get_data(as_text=True)
    assets = re.findall(r'(?:href|src)="(/static/[^"#]+)"', html)
    assert any(a.endswith("bootstrap-italia.min.css") for a in assets)
    assert any(a.endswith("bootstrap-italia.bundle.min.js") for a in assets)
    for asset in set(assets):
        with client.get(asset) as response:
            assert response.status_code == 200, asset


def test_every_font_the_stylesheets_reference_is_served(client):
    with client.get("/static/vendor/bootstrap-italia/css/fonts.css") as response:
        css = response.get_data(as_text=True)
    urls = re.findall(r"url\('([^']+)'\)", css)
    assert len(urls) >= 8 and all(u.endswith(".woff2") for u in urls)
    for url in urls:
        # Relative to the stylesheet, as the browser resolves it.
        path = "/static/vendor/bootstrap-italia/" + url.removeprefix("../")
        with client.get(path) as response:
            assert response.status_code == 200, path
            assert response.data[:4] == b"wOF2"
    bi_css = (VENDOR / "css" / "bootstrap-italia.min.css").read_text()
    local_urls = [u for u in re.findall(r"url\(([^)]+)\)", bi_css) if not u.strip("'\"").startswith("data:")]
    assert local_urls == [], "Bootstrap Italia's CSS references files we do not vendor"
    assert "font-family:VideoJS;src:url(data:" not in bi_css  # refused by font-src 'self'


def test_every_icon_used_in_a_template_is_in_the_sprite():
    sprite = (VENDOR / "svg" / "sprites.svg").read_text()
    used = set()
    for template in TEMPLATES.rglob("*.html"):
        used |= set(re.findall(r"""icon\(\s*['"](it-[a-z0-9-]+)['"]""", template.read_text()))
        used |= set(re.findall(r"sprites\.svg#(it-[a-z0-9-]+)", template.read_text()))
    assert used, "no icon found: has the icon macro changed?"
    missing = sorted(name for name in used if f'id="{name}"' not in sprite)
    assert not missing, missing


def test_templates_have_no_inline_style_or_script_that_the_csp_would_block():
    offenders = []
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        if re.search(r"\sstyle=|<style|\son[a-z]+=|<script(?![^>]*\ssrc=)", text):
            offenders.append(str(template.relative_to(TEMPLATES)))
    assert not offenders, offenders
