"""Accessibility checked by a tool nobody here wrote: axe-core, vendored from npm by
``make assets`` into tests/e2e/vendor/axe.min.js, run inside the page under test.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from playwright.sync_api import Page

AXE_SOURCE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = ("serious", "critical")

RUN_AXE = """async (tags) => {
  const results = await window.axe.run(document, {
    runOnly: { type: "tag", values: tags },
    resultTypes: ["violations"],
  });
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(" ")),
  }));
}"""


@cache
def _axe_source() -> str:
    return AXE_SOURCE.read_text(encoding="utf-8")


def axe_violations(page: Page) -> list[dict]:
    """Every WCAG 2.1 A/AA violation axe finds on the page as it is now.

    The script is evaluated through the DevTools protocol rather than added as a
    ``<script>``: the site's Content Security Policy rightly refuses inline scripts.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    return page.evaluate(RUN_AXE, WCAG_21_AA)


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"- [{v['impact']}] {v['id']}: {v['help']} — on {', '.join(v['targets'][:5])}"
        + (f" (+{len(v['targets']) - 5} more)" if len(v["targets"]) > 5 else "")
        for v in violations
    )


def axe_check(page: Page, where: str = "") -> list[dict]:
    """Fail listing the serious and critical violations; return the minor ones.

    :raises AssertionError: when axe finds a violation of impact serious or critical.
    """
    violations = axe_violations(page)
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe: WCAG 2.1 A/AA violations on {where or page.url}:\n{describe(blocking)}"
    return [v for v in violations if v["impact"] not in BLOCKING_IMPACTS]
