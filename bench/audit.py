"""Audit the locked dependencies with pip-audit; fail on a known vulnerability.

When no vulnerability service can be reached (as on a machine that sees only package mirrors), say so
plainly and exit 0: that is "not audited", reported as such, not "no vulnerabilities".
"""

import subprocess
import sys
from pathlib import Path

UNREACHABLE = (
    "could not be audited",
    "ConnectionError",
    "Failed to resolve",
    "Max retries exceeded",
)


def main(lock: str) -> int:
    audit = Path(sys.executable).with_name("pip-audit")
    result = subprocess.run(
        [str(audit), "--no-deps", "--disable-pip", "--progress-spinner", "off", "-r", lock],
        capture_output=True,
        text=True,
    )
    output = result.stdout + result.stderr
    if "Found" in output and "known vulnerabilit" in output:
        print(output)
        return 1
    # pip-audit exits 0 even when it could look nothing up: check for that before trusting it.
    if any(marker in output for marker in UNREACHABLE):
        print(
            "pip-audit: NOT AUDITED: no vulnerability service (PyPI JSON API or OSV) is reachable from here."
        )
        return 0
    print(output.strip())
    return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "requirements.lock"))
