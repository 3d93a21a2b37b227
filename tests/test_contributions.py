"""Contributors' tools: the pre-commit hook (tried with `pre-commit try-repo` from a local
clone, offline) and the CI recipe's annotations (`::error file=…,line=…::`)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from edition.checking.annotate import command
from edition.checking.annotate import main as annotate_main
from edition.cli import main

from conftest import ROOT, mini_project

BIN = Path(sys.executable).parent


def git(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env, check=True)


@pytest.fixture
def hook_source(tmp_path) -> Path:
    """A local clone of this repository holding the working tree's hook definition."""
    src = tmp_path / "hooks"
    src.mkdir()
    shutil.copy(ROOT / ".pre-commit-hooks.yaml", src / ".pre-commit-hooks.yaml")
    git(src, "init", "-q")
    git(src, "add", "-A")
    git(src, "commit", "-qm", "hooks")
    return src


@pytest.fixture
def contribution(tmp_path) -> Path:
    project = mini_project(tmp_path / "contrib")
    git(project.root, "init", "-q")
    git(project.root, "add", "-A")
    return project.root


def try_repo(hooks: Path, repo: Path, *files: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
           "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home"), "NO_COLOR": "1"}
    return subprocess.run([str(BIN / "pre-commit"), "try-repo", str(hooks), "edition-validate", "--files", *files],
                          cwd=repo, capture_output=True, text=True, env=env, timeout=300)


def test_the_hook_definition_is_well_formed():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "edition-validate")
    assert hook["language"] == "system"  # nothing to download: works offline
    assert hook["entry"].split()[:2] == ["edition", "validate"]


def test_pre_commit_try_repo_passes_a_valid_file(hook_source, contribution):
    r = try_repo(hook_source, contribution, "tei/mini.xml")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Passed" in r.stdout


def test_pre_commit_try_repo_fails_an_invalid_file_with_its_location(hook_source, contribution):
    f = contribution / "tei" / "mini.xml"
    f.write_text(f.read_text().replace('target="https://creativecommons.org/licenses/by/4.0/"',
                                       'target="javascript:alert(1)"'))
    git(contribution, "add", "-A")
    r = try_repo(hook_source, contribution, "tei/mini.xml")
    assert r.returncode == 1, r.stdout + r.stderr
    assert "Failed" in r.stdout
    assert "tei/mini.xml:12:" in r.stdout and "[pointer-scheme]" in r.stdout


FINDING = {"path": "tei/a,b:c.xml", "line": 12, "column": 5, "severity": "error",
           "message": "100% wrong\nsecond line", "rule": "pointer-scheme"}


def test_the_annotation_format():
    assert command(FINDING) == ("::error file=tei/a%2Cb%3Ac.xml,line=12,col=5,title=pointer-scheme"
                                "::100%25 wrong%0Asecond line")
    assert command({**FINDING, "severity": "warning", "line": 0}).startswith(
        "::warning file=tei/a%2Cb%3Ac.xml,title=pointer-scheme::")  # no line: the file is annotated


def test_validate_format_github(small_project, capsys, monkeypatch):
    monkeypatch.chdir(small_project.root)
    f = small_project.tei_dir / "mini.xml"
    f.write_text(f.read_text().replace('<hi rend="italic">', '<hi rend="italics">'))
    assert main(["validate", "--format", "github", "tei"]) == 1
    out = capsys.readouterr().out.splitlines()
    line = next(i for i, l in enumerate(f.read_text().split("\n"), 1) if 'rend="italics"' in l)
    assert any(l.startswith(f"::error file=tei/mini.xml,line={line},col=") and "title=hi-rend-values::" in l
               for l in out), out
    assert out[-1].startswith("3 files checked: 1 error")


def test_the_json_report_becomes_annotations(small_project, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(small_project.root)
    f = small_project.tei_dir / "mini.xml"
    f.write_text(f.read_text().replace('<hi rend="italic">', '<hi rend="italics">'))
    main(["validate", "--format", "json", "tei"])
    saved = tmp_path / "validation.json"
    saved.write_text(capsys.readouterr().out)
    assert annotate_main([str(saved)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out and all(l.startswith(("::error file=", "::warning file=")) for l in out)
    assert len(out) == len(json.loads(saved.read_text())["findings"])


def test_the_workflow_runs_json_validation_and_annotates():
    wf = yaml.safe_load((ROOT / ".github" / "workflows" / "validate.yml").read_text())
    steps = " ".join(str(s.get("run", "")) for s in wf["jobs"]["validate"]["steps"])
    assert "edition validate --format json tei" in steps and "edition.checking.annotate validation.json" in steps
    assert "exit $status" in steps  # the job fails when the edition is invalid
