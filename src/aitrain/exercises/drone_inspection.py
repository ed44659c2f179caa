"""Exercises of module 11, drone inspection of roads and buildings."""

from functools import cache

import numpy as np
from sklearn.metrics import accuracy_score, precision_score, recall_score

from aitrain import inspection
from aitrain.datasets import load
from aitrain.feedback import (
    Exercise,
    Known,
    Metric,
    Mistake,
    expect_array,
    expect_choice,
    expect_close,
    expect_percent,
    expect_reading,
    expect_share,
    reject_known,
)
from aitrain.i18n import N_, _


@cache
def patches() -> dict[str, np.ndarray]:
    """The patches and labels of the three sets (train, test, shifted), and the class names."""
    return load("road_patches")


@cache
def features(split: str):
    return inspection.feature_table(patches()[f"{split}_images"])


@cache
def model(seed: int):
    """The random forest trained on the training patches, computed once per seed."""
    return inspection.train_model(features("train"), patches()["train_labels"], seed)


def _allclose_nan(value, wrong) -> bool:
    """Images compared as NumPy does by default (relative tolerance), NaN matching NaN."""
    return np.allclose(value, wrong, equal_nan=True)


def _check_magnitude(magnitude, example):
    if type(example) is not np.ndarray or example.shape != (32, 32):
        raise Mistake(_("`example` has been changed."), _("Run the cells above again from the top."))
    value = expect_array(magnitude, "magnitude", (32, 32))
    gx, gy = inspection.gradients(example)
    reject_known(value, [
        Known(gx + gy, N_("Adding the two changes lets a rise in one cancel a fall in the other."),
              N_("Square each change, add the squares, then take the square root."), same=_allclose_nan),
        Known(np.abs(gx), N_("This keeps only the horizontal change: edges that run across would be missed."),
              N_("Use both `gx` and `gy`."), same=_allclose_nan),
    ])
    if not np.allclose(value, np.hypot(gx, gy)):
        raise Mistake(_("This is not the strength of the edges."),
                      _("Like the length of a diagonal: the square root of the sum of the squares of the two "
                        "gradients."))
    return _("Cracks and pothole rims light up: that is where brightness changes fast.")


def _check_accuracy(accuracy_test, seed):
    forest = model(int(seed))
    data = patches()
    predicted = forest.predict(features("test"))
    value = expect_share(accuracy_test, "accuracy_test", truth=accuracy_score(data["test_labels"], predicted))
    reject_known(value, [
        Known(accuracy_score(data["train_labels"], forest.predict(features("train"))),
              N_("This is the accuracy on the training patches, which the forest has already seen."),
              N_("Use `X_test` and `test_labels`.")),
        *[Known(float((predicted == label).mean()),
                N_("This is the share of test patches predicted in one class, not the share predicted right."),
                N_("Compare the predictions with the true labels of the test patches."))
          for label in np.unique(predicted)],
    ])
    expect_close(value, accuracy_score(data["test_labels"], predicted), 1e-9,
                 _("This is not the accuracy on the test patches."),
                 _("Give `accuracy_score` the true labels of the test patches first, the predictions second."))
    return _("On patches from the same survey, the forest is right almost every time.")


def _reject_swapped(name: str) -> None:
    """Swapped arguments of `recall_score` give the precisions: the participant's code tells the two apart."""
    mistake = Metric(recall_score, tuple, first=N_("the true labels"), second=N_("the predictions"),
                     markers=("labels", "predicted")).swapped_in_code(name)
    if mistake:
        raise mistake


def _check_recall(recall_shifted, seed):
    if isinstance(recall_shifted, float | np.floating):
        raise Mistake(_("This is one number for all classes; we want one recall per class."),
                      _('Use `average=None` in `recall_score`.'))
    value = expect_array(recall_shifted, "recall_shifted", (3,))
    data = patches()
    predicted = model(int(seed)).predict(features("shifted"))
    truth = recall_score(data["shifted_labels"], predicted, average=None)
    _reject_swapped("recall_shifted")
    reject_known(value, [
        Known(precision_score(data["shifted_labels"], predicted, average=None, zero_division=0),
              N_("These are precisions: among patches *predicted* in a class, the share truly in it."),
              N_("Recall: among the patches truly in a class, the share the model finds."), same=np.allclose),
    ], truth=truth)
    if not np.allclose(value, truth):
        raise Mistake(_("These are not the recalls of the three classes on the shifted patches."),
                      _("Use `recall_score` on the shifted patches, true labels first, with `average=None` for one "
                       "recall per class."))
    return _("Under the new conditions the forest still sees intact surfaces but misses most damage.")


@cache
def poisoned_model(seed: int, share: float):
    """The forest trained on labels in which a `share` of the cracks were relabelled intact."""
    labels = inspection.poison_labels(patches()["train_labels"], share, seed)
    return inspection.train_model(features("train"), labels, seed)


def _check_poisoned(crack_recall_poisoned, seed, poison_share):
    if isinstance(crack_recall_poisoned, np.ndarray) and crack_recall_poisoned.shape == (3,):
        raise Mistake(_("`crack_recall_poisoned` holds one recall per class; we want the recall of cracks only."),
                      _("The classes are in the order intact, crack, pothole: take the element at position 1."))
    data = patches()
    truth_labels = data["test_labels"]
    predicted = poisoned_model(int(seed), float(poison_share)).predict(features("test"))
    recalls = recall_score(truth_labels, predicted, average=None)
    _reject_swapped("crack_recall_poisoned")
    value = expect_share(crack_recall_poisoned, "crack_recall_poisoned", truth=recalls[1])
    clean = recall_score(truth_labels, model(int(seed)).predict(features("test")), average=None)
    reject_known(value, [
        Known(clean[1], N_("This is the crack recall of the first model, trained on the true labels."),
              N_("Use `poisoned_model` to predict the test patches.")),
        Known(accuracy_score(truth_labels, predicted),
              N_("This is the accuracy of the poisoned model on all classes, not its recall for cracks."),
              N_("Use `recall_score` with `average=None` and take the cracks' value.")),
        Known(recalls[0], N_("This is the recall of intact surfaces (position 0), not of cracks."),
              N_("The classes are in the order intact, crack, pothole.")),
        Known(recalls[2], N_("This is the recall of potholes (position 2), not of cracks."),
              N_("The classes are in the order intact, crack, pothole.")),
        Known(lambda: precision_score(truth_labels, predicted, average=None, zero_division=0)[1],
              N_("This is the precision for cracks: among patches *predicted* cracked, the share truly cracked."),
              N_("Recall: among the truly cracked test patches, the share the model finds.")),
    ], truth=recalls[1])
    expect_close(value, recalls[1], 1e-9, _("This is not the poisoned model's recall for cracks on the test patches."),
                 _("Predict the test patches with `poisoned_model`, compare with `test_labels` in `recall_score` "
                   "(true labels first, `average=None`), and keep the value for cracks."))
    return _("The accuracy hardly moves, but the poisoned model misses many more cracks.")


magnitude = Exercise(1, N_("the strength of edges"), ["magnitude", "example"], _check_magnitude,
                     N_("The strength of an edge combines the horizontal and the vertical change."))
accuracy = Exercise(2, N_("accuracy on the test patches"), ["accuracy_test", "seed"], _check_accuracy,
                    N_("Accuracy is the share of patches whose predicted class is the true one."))
recall = Exercise(3, N_("recall per class under shift"), ["recall_shifted", "seed"], _check_recall,
                  [N_("Recall per class: among the patches truly of a class, the share the model puts in that class."),
                   N_("`recall_score` gives one recall per class with the option `average=None`; the true labels go "
                      "first, the predictions second.")])
poisoned = Exercise(4, N_("recall of cracks after poisoning"), ["crack_recall_poisoned", "seed", "poison_share"],
                    _check_poisoned,
                    [N_("Recall of cracks: among the truly cracked test patches, the share the poisoned model finds."),
                     N_("`recall_score` with `average=None` gives one recall per class, in the order intact, crack, "
                        "pothole: take the one of cracks by its position (counting from 0).")])


# The policy path: values read off the charts and tables (aitrain.base.path_cells).

READING = 5  # points of percent: how closely a value read off a chart must match
MODELS = ("first model", "robust model", "neither")
AIM = 0.9  # the Department's acceptance rule: at least 9 in 10 of the cracks and of the potholes found


def _check_crack_recall_new(crack_recall_new, seed):
    data = patches()
    new = 100 * recall_score(data["shifted_labels"], model(int(seed)).predict(features("shifted")), average=None)
    same = 100 * recall_score(data["test_labels"], model(int(seed)).predict(features("test")), average=None)
    value = expect_percent(crack_recall_new, "crack_recall_new")
    reject_known(value, [
        Known(same[1], N_("This is the blue bar: the cracks of the *same* survey as the training patches."),
              N_("Read the orange bar (new survey) above the label crack."), tolerance=2,
              when=same[1] - new[1] > 2 * READING),
        Known(100 - new[1], N_("This is the share of cracks the model *misses*; the bar shows those it finds."),
              N_("Read the top of the orange bar itself."), tolerance=2, when=abs(100 - 2 * new[1]) > 2 * READING),
        Known(new[2], N_("This is the bar of potholes, not of cracks."),
              N_("Find the label crack on the horizontal axis, then its orange bar."), tolerance=2,
              when=abs(new[2] - new[1]) > 2 * READING),
    ])
    expect_reading(value, new[1], READING,
                   _("`crack_recall_new` is not the height of the orange bar of cracks."),
                      _("Find the label crack on the horizontal axis, and read the top of its orange bar on the "
                        "vertical axis."))
    return _("In the new survey most cracked roads would be marked as fine.")


@cache
def recall_by_model(seed) -> dict:
    """For the first and the robust model, the recall of each class on the new survey (0 to 1)."""
    data = patches()
    robust = inspection.train_model(inspection.feature_table(inspection.normalise(data["train_images"])),
                                    data["train_labels"], int(seed))
    shifted = inspection.feature_table(inspection.normalise(data["shifted_images"]))
    return {"first model": recall_score(data["shifted_labels"], model(int(seed)).predict(features("shifted")),
                                        average=None),
            "robust model": recall_score(data["shifted_labels"], robust.predict(shifted), average=None)}


def accepted(seed) -> str:
    """The option that meets the acceptance rule: the model that finds enough cracks and potholes in the new survey
    (the one finding more when both do), or "neither"."""
    passing = {name: min(recall[1:]) for name, recall in recall_by_model(int(seed)).items() if min(recall[1:]) >= AIM}
    return max(passing, key=passing.get) if passing else "neither"


def _check_accepted_model(accepted_model, seed):
    choice = expect_choice(accepted_model, "accepted_model", list(MODELS))
    right = accepted(seed)
    reject_known(choice, [
        Known("first model", N_("On patches like its training ones the first model does well, but the rule is about "
                                "the new survey: there it finds far fewer cracks and potholes."),
              N_("Read the first model's row for the new survey, and compare each damage class with 90%.")),
        Known("neither", N_("One model meets the rule on the new survey."),
              N_("Compare each model's recall of cracks and of potholes with 90%.")),
        Known("robust model", N_("The robust model misses the rule for at least one kind of damage."),
              N_("Compare each model's recall of cracks and of potholes with 90%.")),
    ], truth=right)
    return _("Only data from the conditions of use could show which model to trust.")


def _check_poisoning(poisoned_accuracy, poisoned_crack_recall, seed, poison_share):
    data = patches()
    predicted = poisoned_model(int(seed), float(poison_share)).predict(features("test"))
    accuracy = 100 * accuracy_score(data["test_labels"], predicted)
    crack = 100 * recall_score(data["test_labels"], predicted, average=None)[1]
    values = (expect_percent(poisoned_accuracy, "poisoned_accuracy"),
              expect_percent(poisoned_crack_recall, "poisoned_crack_recall"))
    clean = model(int(seed)).predict(features("test"))
    clean_values = (100 * accuracy_score(data["test_labels"], clean),
                    100 * recall_score(data["test_labels"], clean, average=None)[1])
    reject_known(values, [
        Known((crack, accuracy), N_("The two values are swapped."),
              N_("The accuracy is the solid line, the recall of cracks the dashed line."),
              same=lambda v, w: all(abs(a - b) <= READING for a, b in zip(v, w, strict=True)),
              when=abs(accuracy - crack) > 2 * READING),
        Known(clean_values, N_("These are the values of the clean model (no label changed), at the left of the "
                               "chart."),
              N_("Read both lines above the share of relabelled cracks the notebook uses (`poison_share`)."),
              same=lambda v, w: all(abs(a - b) <= 2 for a, b in zip(v, w, strict=True)),
              when=abs(clean_values[1] - crack) > 2 * READING),
    ])
    expect_reading(values[0], accuracy, READING,
                   _("`poisoned_accuracy` is not the height of the accuracy line at {share:.0%} relabelled.").format(
                        share=float(poison_share)),
                      _("Find {share:.0%} on the horizontal axis, go up to the solid line and read its height.").format(
                        share=float(poison_share)))
    expect_reading(values[1], crack, READING,
                   _("`poisoned_crack_recall` is not the height of the cracks' line at {share:.0%} "
                        "relabelled.").format(share=float(poison_share)),
                      _("Find {share:.0%} on the horizontal axis, go up to the dashed line and read its "
                        "height.").format(share=float(poison_share)))
    return _("The vendor's kind of number hardly moves while the cracks found fall.")


crack_recall_new = Exercise(1, N_("reading the recall of cracks in the new survey"), ["crack_recall_new", "seed"],
                            _check_crack_recall_new,
                            [N_("Each pair of bars is one true class: blue for the same survey, orange for the new."),
                             N_("Find the label crack and read the top of its orange bar, in percent.")])
accepted_model = Exercise(2, N_("which model to accept"), ["accepted_model", "seed"], _check_accepted_model,
                          [N_("The rule looks only at the new survey, and at both kinds of damage."),
                           N_("For each model, take the smaller of its recalls of cracks and of potholes in the new "
                              "survey, and compare it with 90%.")])
poisoning = Exercise(3, N_("what the poisoning hides"), ["poisoned_accuracy", "poisoned_crack_recall", "seed",
                                                        "poison_share"], _check_poisoning,
                     [N_("The solid line is the accuracy on all test patches; the dashed line, the share of cracked "
                         "test patches found."),
                      N_("Find the notebook's share of relabelled cracks on the horizontal axis, and read both lines "
                         "above it, in percent.")])
