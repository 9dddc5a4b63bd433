"""Copy the front-end assets from node_modules/ into the places the app serves them from.

Run by ``make assets`` after ``npm ci`` (package.json pins the versions). The copied files
are committed, so running the app, the demo and CI never need npm or a CDN.

- Bootstrap Italia: CSS, JS bundle, SVG sprite, LICENSE and the woff2 fonts, into
  app/static/vendor/bootstrap-italia/. Its CSS names the fonts but does not load them:
  upstream injects the @font-face rules from JavaScript as an inline <style>, which our
  Content Security Policy (style-src 'self') blocks. So we write those rules into a static
  fonts.css, read from upstream's own fonts-loader (same families, weights and files), with
  woff2 only: every browser we support reads it, so the other formats would be dead weight.
- axe-core: axe.min.js into tests/e2e/vendor/ for the accessibility browser tests.

Source-map comments are dropped because the maps are not vendored (a browser with its
developer tools open would otherwise request a missing file). The CSS also loses video.js's
icon font, embedded as a data: URL that our CSP (font-src 'self') refuses: we show no video.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
BI_DIST = NODE_MODULES / "bootstrap-italia" / "dist"
BI_TARGET = ROOT / "app" / "static" / "vendor" / "bootstrap-italia"
AXE_TARGET = ROOT / "tests" / "e2e" / "vendor" / "axe.min.js"
FONT_LICENCES = ("OFL.txt", "LICENSE.txt")
SOURCE_MAP_COMMENT = re.compile(r"\n?/[*/]# sourceMappingURL=\S+(?: \*/)?\s*$")
# The rule ends at a "}" alone on its line (the urls inside contain "${...}").
VIDEOJS_FONT_FACE = re.compile(r"@font-face\{font-family:VideoJS;[^}]*\}")
FONT_FACE = re.compile(r"@font-face\s*\{(?P<body>.*?)\n\s*\}", re.DOTALL)


def main() -> int:
    if not BI_DIST.is_dir():
        print("node_modules/bootstrap-italia is missing: run `npm ci` first (make assets does).")
        return 1
    if BI_TARGET.exists():
        shutil.rmtree(BI_TARGET)  # a clean copy: no file left over from an older version
    copy_without_source_map(BI_DIST / "css" / "bootstrap-italia.min.css", BI_TARGET / "css")
    drop_videojs_font(BI_TARGET / "css" / "bootstrap-italia.min.css")
    copy_without_source_map(BI_DIST / "js" / "bootstrap-italia.bundle.min.js", BI_TARGET / "js")
    copy(BI_DIST / "svg" / "sprites.svg", BI_TARGET / "svg")
    copy(NODE_MODULES / "bootstrap-italia" / "LICENSE", BI_TARGET)
    faces = font_faces(read_fonts_loader())
    write_fonts_css(faces, BI_TARGET / "css" / "fonts.css")
    copy_fonts(faces)
    (BI_TARGET / "VERSION").write_text(package_version("bootstrap-italia") + "\n")
    AXE_TARGET.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(NODE_MODULES / "axe-core" / "axe.min.js", AXE_TARGET)
    print(f"bootstrap-italia {package_version('bootstrap-italia')} -> {BI_TARGET.relative_to(ROOT)}")
    print(f"axe-core {package_version('axe-core')} -> {AXE_TARGET.relative_to(ROOT)}")
    return 0


def copy(source: Path, target_dir: Path) -> Path:
    target_dir.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy2(source, target_dir / source.name))


def copy_without_source_map(source: Path, target_dir: Path) -> None:
    target = copy(source, target_dir)
    target.write_text(SOURCE_MAP_COMMENT.sub("\n", target.read_text(encoding="utf-8")), encoding="utf-8")


def drop_videojs_font(css_file: Path) -> None:
    css, dropped = VIDEOJS_FONT_FACE.subn("", css_file.read_text(encoding="utf-8"))
    if dropped != 1:
        raise SystemExit(f"Expected one VideoJS @font-face in {css_file.name}, found {dropped}")
    css_file.write_text(css, encoding="utf-8")


def package_version(name: str) -> str:
    return json.loads((NODE_MODULES / name / "package.json").read_text())["version"]


def read_fonts_loader() -> str:
    return (BI_DIST / "plugins" / "fonts-loader.js").read_text(encoding="utf-8")


def font_faces(loader_source: str) -> list[dict]:
    """The @font-face rules of upstream's loader, each reduced to its woff2 file."""
    faces = []
    for match in FONT_FACE.finditer(loader_source):
        body = match.group("body")
        woff2 = re.search(r"url\('\$\{__PUBLIC_PATH__\}/([^']+\.woff2)'\)", body)
        if not woff2:
            raise SystemExit(f"No woff2 source in a @font-face of fonts-loader.js:\n{body}")
        faces.append(
            {
                "family": _declaration(body, "font-family").strip("'\""),
                "style": _declaration(body, "font-style"),
                "weight": _declaration(body, "font-weight"),
                "file": woff2.group(1),
            }
        )
    if not faces:
        raise SystemExit("fonts-loader.js has no @font-face rule: has upstream changed how fonts load?")
    return faces


def _declaration(body: str, name: str) -> str:
    found = re.search(rf"{name}:\s*([^;]+);", body)
    if not found:
        raise SystemExit(f"@font-face without {name} in fonts-loader.js")
    return found.group(1).strip()


def write_fonts_css(faces: list[dict], target: Path) -> None:
    """fonts.css sits in css/, the fonts in ../fonts/: relative urls keep working under any prefix."""
    rules = ["/* Generated by scripts/vendor_assets.py from Bootstrap Italia's fonts-loader. Do not edit. */"]
    for face in faces:
        rules.append(
            "@font-face{"
            f"font-family:'{face['family']}';font-style:{face['style']};font-weight:{face['weight']};"
            f"font-display:swap;src:url('../fonts/{face['file']}') format('woff2')"
            "}"
        )
    target.write_text("\n".join(rules) + "\n", encoding="utf-8")


def copy_fonts(faces: list[dict]) -> None:
    families = set()
    for face in faces:
        source = BI_DIST / "fonts" / face["file"]
        copy(source, BI_TARGET / "fonts" / Path(face["file"]).parent)
        families.add(source.parent)
    for family_dir in families:
        for licence in FONT_LICENCES:
            if (family_dir / licence).exists():
                copy(family_dir / licence, BI_TARGET / "fonts" / family_dir.name)


if __name__ == "__main__":
    sys.exit(main())
