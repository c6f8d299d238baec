"""The README's tour shows real output (tests/readme_tour.py) and its set-up
commands are the ones CI runs."""
from pathlib import Path

import readme_tour

ROOT = Path(__file__).resolve().parent.parent


def test_tour_output_is_current():
    text = readme_tour.README.read_text(encoding="utf-8")
    assert len(readme_tour.commands(text)) >= 4
    assert readme_tour.normalised(readme_tour.generated(text)) == readme_tour.normalised(text), \
        "run `python tests/readme_tour.py` to regenerate the tour"


def test_ci_runs_the_readme_test_command():
    readme = readme_tour.README.read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    blocks = [b.split("```")[0].strip() for b in readme.split("```sh\n")[1:]]
    assert len(blocks) == 2, "the README has exactly two set-up commands"
    assert blocks[1] in ci


def test_the_set_up_sample_ends_in_success(gradcli_process):
    readme = readme_tour.README.read_text(encoding="utf-8")
    first = readme.split("```sh\n")[1].split("```")[0].strip()
    args = first.split(".venv/bin/gradcli ", 1)[1].split()
    r = gradcli_process(*args, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert "B.grad" in r.stdout and "Traceback" not in r.stderr
