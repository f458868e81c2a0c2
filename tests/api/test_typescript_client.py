"""The TypeScript types a dashboard generates from openapi/openapi.json (openapi-typescript,
pinned in tools/openapi) type-check a script using the documented values (tsc --noEmit)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
DOCUMENT = ROOT / "openapi" / "openapi.json"
TOOLS = ROOT / "tools" / "openapi"
BIN = TOOLS / "node_modules" / ".bin"
QUIET = {**os.environ, "REDOCLY_TELEMETRY": "off", "SCARF_ANALYTICS": "false"}


@pytest.fixture(scope="module")
def node_tools() -> Path:
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("Node.js and npm are not installed")
    if not (BIN / "tsc").exists() or not (BIN / "openapi-typescript").exists():
        # What `make node-tools` does, for a run of pytest on its own on a fresh checkout.
        subprocess.run(
            ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=TOOLS,
            check=True,
            env=QUIET,
        )
    return BIN


def test_the_generated_typescript_client_type_checks(node_tools: Path, tmp_path: Path) -> None:
    for name in ("usage.ts", "tsconfig.json"):
        shutil.copy(TOOLS / "typescript" / name, tmp_path / name)
    generated = subprocess.run(
        [str(node_tools / "openapi-typescript"), str(DOCUMENT), "-o", str(tmp_path / "ilacs.d.ts")],
        capture_output=True,
        text=True,
        env=QUIET,
    )
    assert generated.returncode == 0, generated.stderr
    checked = subprocess.run(
        [str(node_tools / "tsc"), "-p", str(tmp_path / "tsconfig.json")],
        capture_output=True,
        text=True,
        env=QUIET,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
