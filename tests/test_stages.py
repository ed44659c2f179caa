"""The nbgrader preprocessors of each grading stage are declared once; these are what nbgrader itself would run,
less or plus the course's own steps (an nbgrader upgrade that changes its stages fails here, to be looked at)."""

from nbgrader.converters import Autograde, GenerateAssignment
from nbgrader.preprocessors import CheckCellMetadata, ClearSolutions, Execute

from aitrain.base import nbgrader_stages as stages


def test_release_is_the_instructor_content_then_nbgraders_generate_assignment():
    """nbgrader's own stage, with its ClearSolutions extended for the policy path's decisions (ClearAnswers)."""
    nbgraders = GenerateAssignment.class_traits()["preprocessors"].default()
    assert issubclass(stages.ClearAnswers, ClearSolutions)
    assert stages.RELEASE == [stages.RemoveInstructorContent,
                              *(stages.ClearAnswers if p is ClearSolutions else p for p in nbgraders)]


def test_autograde_is_nbgraders_minus_what_aitrain_does_itself():
    sanitize = Autograde.class_traits()["sanitize_preprocessors"].default()
    assert stages.SANITIZE == [p for p in sanitize if p is not CheckCellMetadata]  # check_structure instead
    grade = Autograde.class_traits()["autograde_preprocessors"].default()
    assert grade[0] is Execute  # aitrain executes in a sandbox (runner.py) between SANITIZE and SCORE
    ours = [p for p in stages.SCORE + stages.SAVE if p not in (stages.MarkFailedReplies, stages.MakeInert)]
    assert ours == [p for p in grade if p in ours] and set(ours) <= set(grade)
    assert stages.SCORE[-1] is stages.MakeInert, "nothing after it may add what a participant wrote"
