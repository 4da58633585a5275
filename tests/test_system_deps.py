"""tools/system-deps.sh: with everything installed it passes every time and never calls apt (issue #7); it installs
or names what is missing, HAProxy, nginx and brotli for `make serve` included (issue #8).

`fc-list | grep -q` under pipefail used to fail at random (grep exits at its first match, fc-list dies of SIGPIPE)
and then, as root, ran apt-get update and upgraded Chromium on every `make test`.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import PROJECT

SCRIPT = PROJECT / "tools" / "system-deps.sh"
RUNS = 60


def _fake(bin_dir: Path, name: str, body: str) -> None:
    path = bin_dir / name
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(0o755)


def _env(bin_dir: Path) -> dict:
    # The fakes come first on PATH: apt-get and apt only record that they were called.
    return {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}


@pytest.fixture
def fake_apt(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "apt-calls"
    for name in ("apt-get", "apt"):
        _fake(bin_dir, name, f'echo "$0 $*" >> {calls}')
    return bin_dir, calls


def test_the_check_passes_every_time_and_never_calls_apt_when_everything_is_installed(fake_apt):
    assert Path("/usr/bin/chromium").exists() and shutil.which("fc-list"), "make test installs these first"
    assert shutil.which("haproxy", path=f"{os.environ['PATH']}:/usr/sbin"), "make test installs HAProxy first"
    assert shutil.which("nginx", path=f"{os.environ['PATH']}:/usr/sbin") and shutil.which("brotli"), "and nginx, brotli"
    bin_dir, calls = fake_apt
    codes = [
        subprocess.run(["bash", str(SCRIPT)], env=_env(bin_dir), capture_output=True, timeout=60).returncode
        for _ in range(RUNS)
    ]
    assert codes == [0] * RUNS
    assert not calls.exists(), calls.read_text(encoding="utf-8") if calls.exists() else ""


def test_a_missing_font_is_named_or_installed(fake_apt):
    bin_dir, calls = fake_apt
    _fake(bin_dir, "fc-list", "echo 'DejaVu Sans'")  # a machine without the CJK font
    done = subprocess.run(["bash", str(SCRIPT)], env=_env(bin_dir), capture_output=True, text=True, timeout=60)
    if os.geteuid() == 0 and Path("/etc/debian_version").exists():
        assert done.returncode == 0
        assert "install" in calls.read_text(encoding="utf-8") and "fonts-noto-cjk" in calls.read_text(encoding="utf-8")
    else:
        assert done.returncode == 1
        assert "Noto Sans CJK" in done.stderr and "DejaVu" not in done.stderr
        assert not calls.exists()


@pytest.mark.parametrize(
    "command,package,named",
    [
        ("haproxy", "haproxy", "HAProxy"),
        ("nginx", "nginx", "nginx, for make serve"),
        ("brotli", "brotli", "the brotli command"),
    ],
)
def test_a_missing_serve_tool_is_named_or_installed_alone(fake_apt, command, package, named):
    # A tool that does not run counts as missing (tools/serve.py runs it); only its package is installed, nothing
    # else (an installed Chromium must not be upgraded on the way, issue #7).
    bin_dir, calls = fake_apt
    _fake(bin_dir, command, "exit 1")
    done = subprocess.run(["bash", str(SCRIPT)], env=_env(bin_dir), capture_output=True, text=True, timeout=60)
    if os.geteuid() == 0 and Path("/etc/debian_version").exists():
        assert done.returncode == 0
        installs = [line for line in calls.read_text(encoding="utf-8").splitlines() if " install " in line]
        assert len(installs) == 1 and installs[0].split()[-1] == package, installs
        assert "chromium" not in installs[0] and "fonts" not in installs[0]
    else:
        assert done.returncode == 1
        assert named in done.stderr and f"apt-get install {package}" in done.stderr and "Noto" not in done.stderr
        assert not calls.exists()


def test_missing_weasyprint_libraries_are_named_or_installed_alone(fake_apt):
    # The briefing pack's WeasyPrint loads Pango, PangoFT2, HarfBuzz's subsetter and fontconfig (issue #10): a machine
    # whose library cache lists none of them gets those packages, and nothing else.
    bin_dir, calls = fake_apt
    _fake(bin_dir, "ldconfig", "echo '0 libs found in cache'")
    done = subprocess.run(["bash", str(SCRIPT)], env=_env(bin_dir), capture_output=True, text=True, timeout=60)
    wanted = {"libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "libfontconfig1"}
    if os.geteuid() == 0 and Path("/etc/debian_version").exists():
        assert done.returncode == 0
        installs = [line for line in calls.read_text(encoding="utf-8").splitlines() if " install " in line]
        assert len(installs) == 1 and set(installs[0].split()) & (wanted | {"chromium"}) == wanted, installs
    else:
        assert done.returncode == 1
        assert "WeasyPrint" in done.stderr and all(package in done.stderr for package in wanted)
        assert not calls.exists()


def test_the_weasyprint_libraries_load():
    """The check above matches what WeasyPrint needs: with the packages installed it imports and sets a page."""
    import weasyprint

    assert weasyprint.HTML(string="<p lang=ko>브리핑</p>").write_pdf().startswith(b"%PDF-")
