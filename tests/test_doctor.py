"""`aitrain doctor`: each check finds its failure and says what to do (failures faked with monkeypatch)."""

import importlib.metadata

import pytest
from typer.testing import CliRunner

from aitrain.tooling import doctor
from aitrain.tooling.cli import app
from aitrain.tooling.doctor import OK, PROBLEM, WARNING, Finding

runner = CliRunner()

LAB_OK = """JupyterLab v4.2.0
/venv/share/jupyter/labextensions
        \x1b[32m@jupyter/nbgrader v0.9.6 \x1b[32menabled\x1b[0m \x1b[32mOK\x1b[0m
"""
SERVER_OK = "\n".join(f"    nbgrader.server_extensions.{n} \x1b[32menabled\x1b[0m"
                      for n in ("formgrader", "validate_assignment", "assignment_list", "course_list"))


def fake_listings(monkeypatch, lab=LAB_OK, server=SERVER_OK, status=0):
    def run(argv, timeout=60):
        return status, lab if "labextension" in argv else server
    monkeypatch.setattr(doctor, "_run", run)


def test_python_too_old(monkeypatch):
    monkeypatch.setattr(doctor.platform, "python_version", lambda: "3.9.18")
    [finding] = doctor.check_python()
    assert finding.status == PROBLEM and "3.9.18 is too old" in finding.detail and ">=3.11" in finding.detail
    assert "Install a newer Python" in finding.todo


def test_missing_and_old_packages(monkeypatch):
    real = importlib.metadata.version

    def version(name):
        if name == "fairlearn":
            raise importlib.metadata.PackageNotFoundError(name)
        return "1.0" if name == "pandas" else real(name)
    monkeypatch.setattr(doctor.importlib.metadata, "version", version)
    findings = {f.check: f for f in doctor.check_packages()}
    assert set(findings) == {"package fairlearn", "package pandas"}
    assert findings["package fairlearn"].detail == "fairlearn is not installed."
    assert "pip install -e" in findings["package fairlearn"].todo
    assert "pandas 1.0 is installed; the course needs pandas>=" in findings["package pandas"].detail
    assert findings["package pandas"].todo.startswith('Upgrade it: pip install "pandas>=')


def test_packages_ok():
    [finding] = doctor.check_packages()
    assert finding.status == OK, finding


def test_no_python3_kernel(monkeypatch):
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    def missing(self, name):
        raise NoSuchKernel(name)
    monkeypatch.setattr(KernelSpecManager, "get_kernel_spec", missing)
    [finding] = doctor.check_kernel()
    assert finding.status == PROBLEM and "no 'python3' kernel" in finding.detail
    assert "ipykernel install --user" in finding.todo


def test_kernel_without_the_course(monkeypatch):
    monkeypatch.setattr(doctor, "_run", lambda argv, timeout=60: (1, "ModuleNotFoundError: No module named 'aitrain'"))
    [finding] = doctor.check_kernel()
    assert finding.status == PROBLEM and "No module named 'aitrain'" in finding.detail
    assert "ipykernel install --user" in finding.todo


def test_extensions_enabled(monkeypatch):
    fake_listings(monkeypatch)
    assert [f.status for f in doctor.check_extensions(trainer=True)] == [OK]


def test_validate_extension_switched_off(monkeypatch):
    fake_listings(monkeypatch, lab=LAB_OK + "\nDisabled extensions:\n    @jupyter/nbgrader:validate-assignment\n",
                  server=SERVER_OK.replace("validate_assignment \x1b[32menabled", "validate_assignment disabled"))
    [finding] = doctor.check_extensions()
    assert finding.status == PROBLEM and "validate-assignment" in finding.detail
    assert finding.todo == ("Run: jupyter labextension enable @jupyter/nbgrader:validate-assignment and "
                            "jupyter server extension enable nbgrader.server_extensions.validate_assignment")


def test_trainer_needs_formgrader(monkeypatch):
    fake_listings(monkeypatch, server=SERVER_OK.replace("formgrader \x1b[32menabled", "formgrader disabled"))
    assert [f.status for f in doctor.check_extensions(trainer=False)] == [OK]
    [finding] = doctor.check_extensions(trainer=True)
    assert "formgrader" in finding.detail and "server extension enable nbgrader.server_extensions.formgrader" \
        in finding.todo


def test_nbgrader_lab_extension_missing(monkeypatch):
    fake_listings(monkeypatch, lab="JupyterLab v4.2.0\n")
    [finding] = doctor.check_extensions()
    assert finding.status == PROBLEM and "@jupyter/nbgrader" in finding.detail


def test_jupyter_cannot_list(monkeypatch):
    fake_listings(monkeypatch, lab="No module named jupyterlab", status=1)
    [finding] = doctor.check_extensions()
    assert finding.status == PROBLEM and "No module named jupyterlab" in finding.detail


def test_missing_dataset(monkeypatch, tmp_path):
    monkeypatch.setenv("AITRAIN_DATASETS", str(tmp_path))
    findings = doctor.check_datasets()
    assert findings and all(f.status == PROBLEM for f in findings)
    assert "is missing" in findings[0].detail and findings[0].todo == "Run: aitrain datasets build"


def test_folder_not_writable(monkeypatch, tmp_path):
    (tmp_path / "a-file").write_text("")
    monkeypatch.setattr(doctor.paths, "participant_dir", lambda: tmp_path / "a-file" / "course")
    [finding] = doctor.check_folders()
    assert finding.status == PROBLEM and "not a folder" in finding.detail and "folder you own" in finding.todo


def test_no_sandbox_is_a_warning_for_participants_and_a_problem_for_trainers(monkeypatch):
    monkeypatch.setattr(doctor.shutil, "which", lambda name: None)
    [participant] = doctor.check_sandbox()
    [trainer] = doctor.check_sandbox(trainer=True)
    assert participant.status == WARNING and participant.ok and "apt-get install bubblewrap" in participant.todo
    assert trainer.status == PROBLEM and not trainer.ok


def test_sandbox_that_cannot_start(monkeypatch):
    monkeypatch.setattr(doctor.shutil, "which", lambda name: "/usr/bin/bwrap")
    monkeypatch.setattr(doctor, "_run", lambda argv, timeout=60: (1, "bwrap: No permissions to create new namespace"))
    [finding] = doctor.check_sandbox()
    assert finding.status == WARNING and "No permissions" in finding.detail and "user namespaces" in finding.todo


def test_a_crashing_check_is_reported(monkeypatch):
    def boom():
        raise RuntimeError("disk on fire")
    for name in ("check_python", "check_packages", "check_kernel", "check_datasets", "check_folders"):
        monkeypatch.setattr(doctor, name, lambda: [Finding("other", OK, "fine")])
    monkeypatch.setattr(doctor, "check_extensions", lambda trainer: [Finding("ext", OK, "fine")])
    monkeypatch.setattr(doctor, "check_sandbox", lambda trainer: [Finding("sandbox", OK, "fine")])
    monkeypatch.setattr(doctor, "check_folders", boom)
    findings = doctor.diagnose()
    assert [f.status for f in findings].count(PROBLEM) == 1
    assert "disk on fire" in next(f.detail for f in findings if f.status == PROBLEM)


@pytest.mark.parametrize("findings,code,text", [
    ([Finding("kernel", PROBLEM, "No kernel.", "Install one."), Finding("sandbox", WARNING, "No bwrap.", "Get it.")],
     1, "What to do: Install one."),
    ([Finding("kernel", OK, "fine"), Finding("sandbox", WARNING, "No bwrap.", "Get it.")], 0, "Ready for the session"),
])
def test_cli_exit_status(monkeypatch, findings, code, text):
    monkeypatch.setattr(doctor, "diagnose", lambda trainer=False: findings)
    result = runner.invoke(app, ["doctor"], env={"COLUMNS": "200"})
    assert result.exit_code == code and text in result.output


@pytest.mark.slow
def test_this_environment_is_ready():
    """The course's own environment (as `make test` installs it) passes every check a participant needs."""
    problems = [f for f in doctor.diagnose() if f.status == PROBLEM]
    assert problems == []
