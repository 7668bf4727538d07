"""The `tandem` command line: help everywhere, idempotent demo, one-line errors, no tracebacks."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from rota.cli.main import build_parser, main


def run_cli(*argv: str, env: dict[str, str]) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), environ=env, out=out)
    return code, out.getvalue()


@pytest.fixture
def sqlite_env(tmp_path) -> dict[str, str]:
    return {"TANDEM_HOME": str(tmp_path / "home")}


def subcommands() -> list[str]:
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    return sorted(sub.choices)


def test_tandem_help_lists_every_command():
    result = subprocess.run(
        [sys.executable, "-m", "rota.cli", "--help"], capture_output=True, text=True, check=True
    )
    for name in subcommands():
        assert name in result.stdout


@pytest.mark.parametrize("command", subcommands())
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"], environ={})
    assert exit_info.value.code == 0
    assert "usage: tandem" in capsys.readouterr().out


def test_demo_seeds_once_and_then_changes_nothing(sqlite_env):
    code, first = run_cli("demo", env=sqlite_env)
    assert code == 0 and "seeded demo team 'apac-ir'" in first
    code, second = run_cli("demo", env=sqlite_env)
    assert code == 0 and "already there; nothing changed" in second


def test_team_lists_responders_with_their_zone(sqlite_env):
    run_cli("demo", env=sqlite_env)
    code, out = run_cli("team", env=sqlite_env)
    assert code == 0
    assert "Asia/Tokyo" in out and "Australia/Sydney" in out and "Asia/Kolkata" in out


def test_coverage_shows_patterns_in_their_own_zone(sqlite_env):
    run_cli("demo", env=sqlite_env)
    code, out = run_cli("coverage", env=sqlite_env)
    assert code == 0
    assert "primary" in out.lower()


def test_an_unknown_team_is_one_line_naming_the_known_ones(sqlite_env, capsys):
    run_cli("demo", env=sqlite_env)
    code, _ = run_cli("team", "--team", "emea", env=sqlite_env)
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "emea" in err and "apac-ir" in err


def test_a_malformed_database_url_is_one_clear_line_and_exit_1(capsys):
    code, _ = run_cli("demo", env={"TANDEM_DATABASE_URL": "postgres//nowhere"})
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("tandem: error:") and "postgres//nowhere" in err
    assert "Traceback" not in err


def test_an_unreachable_database_is_one_clear_line_and_exit_1(capsys):
    code, _ = run_cli(
        "demo", env={"TANDEM_DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:1/test"}
    )
    err = capsys.readouterr().err
    assert code == 1
    assert "127.0.0.1" in err and "Traceback" not in err


def test_the_installed_console_script_runs_without_a_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "rota.cli", "db"],
        capture_output=True,
        text=True,
        env={"TANDEM_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert "sqlite" in result.stdout


def test_tandem_app_serves_the_app_and_answers_health_on_a_fresh_database(tmp_path):
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "rota.cli", "app", "--headless", "--port", str(port)],
        env={"TANDEM_HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        answer = None
        while time.monotonic() < deadline and answer is None:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/_stcore/health", timeout=2
                ) as r:
                    answer = r.read().decode()
            except OSError:
                time.sleep(0.5)
        assert answer == "ok"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
            assert r.status == 200
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=20)
    assert "seeded demo team 'apac-ir'" in output
    assert "Traceback" not in output


def test_demo_is_idempotent_on_sqlite_and_on_postgresql(database_url, tmp_path):
    env = {"TANDEM_DATABASE_URL": database_url, "TANDEM_HOME": str(tmp_path / "home")}
    code, first = run_cli("demo", env=env)
    assert code == 0 and "seeded demo team" in first
    code, second = run_cli("demo", env=env)
    assert code == 0 and "nothing changed" in second
    code, team = run_cli("team", env=env)
    assert code == 0 and "Asia/Tokyo" in team
    code, db = run_cli("db", env=env)
    assert code == 0 and "schema revision: 0004" in db
