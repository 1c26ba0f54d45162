"""Extras: the core commands never import an optional library, a missing one is named in one
line, and pyproject's extras install what claimcheck.extras says they do."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest
import typer
from packaging.requirements import Requirement
from typer.testing import CliRunner

from claimcheck.cli import app as claimcheck_app
from claimcheck.exceptions import MissingExtraError
from claimcheck.extras import MODULE_EXTRAS, missing_extra_message, require, run_app

REPO = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]

#: The distribution that provides each optional module.
DISTRIBUTIONS = {
    "spacy_lookups_data": "spacy-lookups-data",
    "pyarrow": "pyarrow",
    "zstandard": "zstandard",
    "distributed": "dask",
    "dask": "dask",
    "fastapi": "fastapi",
    "starlette": "fastapi",
    "uvicorn": "uvicorn",
    "sqlalchemy": "sqlalchemy",
    "alembic": "alembic",
    "psycopg": "psycopg",
    "prometheus_client": "prometheus-client",
    "pydantic": "pydantic",
    "pydantic_settings": "pydantic-settings",
    "anyio": "fastapi",
    "jinja2": "jinja2",
    "markupsafe": "jinja2",
    "matplotlib": "matplotlib",
    "cleanlab": "cleanlab",
    "krippendorff": "krippendorff",
}

#: Imports a core install cannot satisfy (spaCy itself pulls in pydantic, jinja2 and anyio
#: through weasel/confection, so those are not blocked).
BLOCKED = sorted(set(MODULE_EXTRAS) - {"pydantic", "jinja2", "markupsafe", "anyio"})


def _names(requirements: list[str]) -> set[str]:
    return {Requirement(r).name.lower() for r in requirements}


def test_each_extra_installs_the_modules_it_is_named_for() -> None:
    extras = PROJECT["optional-dependencies"]
    for module, named in MODULE_EXTRAS.items():
        for extra in named:
            assert DISTRIBUTIONS[module] in _names(extras[extra]), (module, extra)


def test_core_dependencies_hold_no_optional_library() -> None:
    core = _names(PROJECT["dependencies"])
    optional = {DISTRIBUTIONS[m] for m in BLOCKED}
    assert not core & optional, core & optional


def test_all_is_every_extra() -> None:
    extras = PROJECT["optional-dependencies"]
    (requirement,) = extras["all"]
    wanted = set(Requirement(requirement).extras)
    assert wanted == set(extras) - {"all", "dev", "bench"}


@pytest.mark.parametrize(
    ("module", "command", "extra"),
    [
        ("pyarrow", "batch", "batch"),
        ("pyarrow.parquet", "threads", "research"),
        ("jinja2", "report", "research"),
        ("jinja2", "serve", "service"),
        ("distributed", "batch", "dask"),
        ("sqlalchemy", "db", "service"),
        ("spacy_lookups_data", "train", "train"),
    ],
)
def test_the_message_names_the_right_extra(module: str, command: str, extra: str) -> None:
    message = missing_extra_message(module, command)
    assert message is not None
    assert f"pip install 'claimcheck[{extra}]'" in message
    assert "\n" not in message


def test_run_app_turns_a_missing_module_into_one_line(capsys: pytest.CaptureFixture) -> None:
    app = typer.Typer()

    @app.command()
    def batch() -> None:
        raise ModuleNotFoundError("No module named 'pyarrow'", name="pyarrow")

    @app.command()
    def other() -> None:
        pass

    with pytest.raises(SystemExit) as info:
        run_app(lambda: app(["batch"], standalone_mode=False), ["batch"])
    assert info.value.code == 1
    err = capsys.readouterr().err.strip()
    assert err == (
        "error: `claimcheck batch` needs pyarrow from the [batch] extra: "
        "pip install 'claimcheck[batch]'"
    )


def test_run_app_leaves_other_import_errors_alone() -> None:
    def broken() -> None:
        raise ModuleNotFoundError("No module named 'nonsense'", name="nonsense")

    with pytest.raises(ModuleNotFoundError):
        run_app(broken, [])


def test_require_raises_one_line() -> None:
    with pytest.raises(MissingExtraError, match=r"pip install 'claimcheck\[x\]'"):
        require("x", "surely_not_a_module_here", feature="doing x")


def test_the_cli_prints_brackets_of_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich markup must not eat `[train]` out of the message."""
    import claimcheck.extras

    monkeypatch.setattr(claimcheck.extras.importlib.util, "find_spec", lambda name: None)
    result = CliRunner().invoke(claimcheck_app, ["train", "--out", "/nonexistent/x"])
    assert result.exit_code == 1
    assert "pip install 'claimcheck[train]'" in result.output


BLOCKER = textwrap.dedent(
    """
    import sys
    from importlib.abc import MetaPathFinder

    BLOCKED = set({blocked!r})

    class Block(MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BLOCKED:
                raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
            return None

    sys.meta_path.insert(0, Block())
    for loaded in [m for m in sys.modules if m.split(".")[0] in BLOCKED]:
        del sys.modules[loaded]
    """
)


def _core_only(code: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    script = BLOCKER.format(blocked=BLOCKED) + textwrap.dedent(code)
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
def test_core_commands_run_without_any_extra(tiny_bundle: Path, tmp_path: Path) -> None:
    """classify, thread, trust, export/import and the Python API with every optional
    library made unimportable, from a directory outside the checkout."""
    thread = tmp_path / "thread.jsonl"
    thread.write_text('{"text": "My doctor did it in 2010."}\n{"text": "Buy now!"}\n')
    code = """
    import sys
    from typer.testing import CliRunner
    from claimcheck.cli import app
    import claimcheck

    bundle, thread, out = sys.argv[1:4]
    runner = CliRunner()
    for args in (
        ["classify", "I had it done in 2010 and my life is back.", "--model", bundle],
        ["thread", thread, "--model", bundle],
        ["trust", "--list"],
        ["export", out + "/m.npz", "--model", bundle],
        ["import", out + "/m.npz", "--out", out + "/imported"],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (args, result.output, result.exception)
    model = claimcheck.load_model(out + "/m.npz")
    assert len(model.predict(["a", "b", "c", "d", "e"])) == 5
    print("ok")
    """
    result = _core_only(code, str(tiny_bundle), str(thread), str(tmp_path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")


def test_a_command_needing_an_extra_says_so_in_one_line(tmp_path: Path) -> None:
    code = """
    import sys
    sys.argv = ["claimcheck", "serve", "--port", "0"]
    from claimcheck.cli import main
    main()
    """
    result = _core_only(code, cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "pip install 'claimcheck[service]'" in lines[0]


def test_import_claimcheck_stays_light() -> None:
    code = (
        "import sys, claimcheck; heavy = {'numpy', 'sklearn', 'spacy', 'pandas', 'scipy'};"
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr
