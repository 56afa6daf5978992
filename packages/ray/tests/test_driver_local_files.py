"""The driver hook reads the driver's pip and conda files and makes local paths absolute (no cluster needed)."""

import pytest

from runtime_env_ray.driver_hook import hook


def test_reads_a_requirements_file_on_the_driver_with_its_includes_absolute(tmp_path, monkeypatch):
    project = tmp_path / "project"
    project.mkdir()
    (project / "requirements.txt").write_text("# pinned\nsix==1.16.0  # why\n-r base.txt\n\n./dist/tool-1.0-py3-none-any.whl\n")
    monkeypatch.chdir(tmp_path)
    resolved = hook({"rtenv": {"pip": "project/requirements.txt"}})
    assert resolved["rtenv"]["pip"] == ["six==1.16.0", f"-r {project}/base.txt", f"{project}/dist/tool-1.0-py3-none-any.whl"]


def test_makes_relative_list_entries_absolute_against_the_driver_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    document = {"pip": {"packages": ["requests", "-r ./req.txt", "-e ../lib", "mypkg[cli] @ file:./mypkg", "-r ${HOME}/r.txt"], "pip_check": False}}
    resolved = hook({"rtenv": document, "env_vars": {"A": "1"}})
    assert resolved["env_vars"] == {"A": "1"}
    assert resolved["rtenv"]["pip"] == {
        "packages": ["requests", f"-r {tmp_path}/req.txt", f"-e {tmp_path.parent}/lib", f"mypkg[cli] @ file://{tmp_path}/mypkg", "-r ${HOME}/r.txt"],
        "pip_check": False,
    }


def test_reads_a_conda_environment_file_into_its_content(tmp_path, monkeypatch):
    (tmp_path / "environment.yml").write_text("channels: [conda-forge]\ndependencies:\n  - python=3.11\n")
    monkeypatch.chdir(tmp_path)
    assert hook({"rtenv": {"conda": "environment.yml"}})["rtenv"]["conda"] == {"channels": ["conda-forge"], "dependencies": ["python=3.11"]}
    assert hook({"rtenv": {"conda": "myenv"}})["rtenv"]["conda"] == "myenv"


def test_a_missing_file_is_a_clear_error_naming_the_field(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match=r"runtime_env\.rtenv\.pip: cannot read the requirements file 'missing.txt'"):
        hook({"rtenv": {"pip": "missing.txt"}})
    with pytest.raises(ValueError, match=r"runtime_env\.rtenv\.conda: cannot read the environment file"):
        hook({"rtenv": {"conda": "missing.yaml"}})


def test_leaves_an_rtenv_working_dir_uri_as_it_is(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    uri = "working_dir:@runtime-env/plugin-working-dir@0.1.0/file:///tmp/packages/pkg_0.tar#tree=0"
    assert hook({"rtenv": {"working_dir": uri}})["rtenv"]["working_dir"] == uri
