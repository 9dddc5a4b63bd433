#!/usr/bin/env bash
# Supply chain checks, run by .ci/run after the tests:
#   1. pip-audit: no known vulnerability in the installed packages (PyPI advisory data).
#      A vulnerability fails the build: upgrade the package, or add
#      `--ignore-vuln ID` to PIP_AUDIT_IGNORE below with the reason next to it.
#      A network outage (PyPI unreachable) is reported clearly and does not fail the build.
#   2. bandit: no high-severity finding in app/ and nlp/ (medium findings are printed for
#      review; false positives carry `# nosec BXXX` with the reason in a comment).
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
# Known vulnerabilities accepted on purpose, one `--ignore-vuln ID` each, with the reason:
PIP_AUDIT_IGNORE=()
status=0

echo "== pip-audit (known vulnerabilities in the installed packages) =="
report=$(mktemp) errors=$(mktemp)
trap 'rm -f "$report" "$errors"' EXIT
"$BIN/pip-audit" --progress-spinner off --skip-editable --format json --output "$report" \
    "${PIP_AUDIT_IGNORE[@]}" 2>"$errors"
audit_rc=$?
if [ -s "$report" ] && "$BIN/python" - "$report" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
deps = data.get("dependencies", [])
audited = [d for d in deps if "skip_reason" not in d]
skipped = [d for d in deps if "skip_reason" in d]
vulnerable = [d for d in audited if d.get("vulns")]
for dep in vulnerable:
    for vuln in dep["vulns"]:
        fixes = ", ".join(vuln.get("fix_versions", [])) or "no fix yet"
        print(f"VULNERABLE {dep['name']} {dep['version']}: {vuln['id']} (fixed in: {fixes})")
print(f"pip-audit: {len(audited)} packages audited, {len(vulnerable)} vulnerable, {len(skipped)} not auditable")
if skipped and not audited:
    print(
        "WARNING: no installed version is published on PyPI (installed from a local wheel mirror),"
        " so PyPI has no advisory data for them; installed from PyPI, every package is audited."
    )
sys.exit(1 if vulnerable else 0)
PY
then
    :
elif [ -s "$report" ]; then
    status=1
elif grep -qiE "connection|timed out|resolve|network|ssl" "$errors"; then
    echo "WARNING: pip-audit could not reach PyPI's advisory data (network outage?): not checked this time."
    tail -3 "$errors"
else
    echo "pip-audit failed (exit $audit_rc):"
    cat "$errors"
    status=1
fi

echo "== bandit (static security scan of app/ and nlp/) =="
"$BIN/bandit" -q -r app nlp -ll --format custom \
    --msg-template "{relpath}:{line}: {test_id} [{severity}/{confidence}] {msg}" 2>/dev/null || true
if "$BIN/bandit" -q -r app nlp -lll >/dev/null 2>&1; then
    echo "bandit: no high-severity finding."
else
    echo "bandit: HIGH-severity findings:"
    "$BIN/bandit" -q -r app nlp -lll 2>/dev/null
    status=1
fi
exit $status
