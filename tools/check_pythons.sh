#!/usr/bin/env bash
# Run the parsing tests under every pyenv Python 3.11+ on this machine, each in a throwaway venv.
# Why: the fallback parser must give the host's own `ast` shapes whatever Python runs secreview,
# and the fast path differs per version (3.11 rejects PEP 695/701, 3.12 rejects PEP 750...).
# Not run by CI. Usage: tools/check_pythons.sh [pytest args...]   (default: tests/test_parse.py)
set -u
cd "$(dirname "$0")/.."
root=${PYENV_ROOT:-/root/.pyenv}
work=$(mktemp -d "${TMPDIR:-/tmp}/secreview-pythons.XXXXXX")
keep=${KEEP_VENVS:-0}
trap '[ "$keep" = 1 ] || rm -rf "$work"' EXIT
# Test a copy of the tree: an install writes build metadata next to the sources, and the
# working tree is shared with other work in progress.
tree="$work/tree"
mkdir -p "$tree"
tar --exclude=./.venv --exclude=./.git --exclude='*.egg-info' --exclude=__pycache__ -cf - . | tar -xf - -C "$tree"
cd "$tree"
args=("$@")
[ ${#args[@]} -eq 0 ] && args=(tests/test_parse.py)
summary=()
status=0
for python in "$root"/versions/3.*/bin/python; do
    version=$("$python" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null) || continue
    "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || continue
    venv="$work/py$version"
    echo "=== Python $version: $venv"
    if ! "$python" -m venv "$venv" >/dev/null \
        || ! "$venv/bin/pip" install -q --disable-pip-version-check -e ".[test]" >"$venv.pip.log" 2>&1; then
        summary+=("$version: INSTALL FAILED (see $venv.pip.log)"); status=1; keep=1; continue
    fi
    out=$("$venv/bin/python" -m pytest -p no:cacheprovider "${args[@]}" 2>&1)
    rc=$?
    echo "$out" | tail -n 25
    summary+=("$version: $( [ $rc -eq 0 ] && echo PASS || echo "FAIL (rc=$rc)" ) - $(echo "$out" | grep -E '[0-9]+ (passed|failed|errors?)\b' | tail -n 1)")
    [ $rc -eq 0 ] || status=1
done
echo
echo "=== Summary"
printf '%s\n' "${summary[@]}"
exit $status
