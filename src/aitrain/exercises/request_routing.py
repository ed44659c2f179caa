"""Exercises of module 07, routing citizen requests to departments."""

import pandas as pd
from sklearn.metrics import accuracy_score, f1_score

from aitrain import triage
from aitrain.feedback import (
    Exercise,
    Known,
    Mistake,
    close,
    expect_choice,
    expect_close,
    expect_first_crossing,
    expect_number,
    expect_series,
    expect_share,
    reject_known,
    same_values,
)
from aitrain.i18n import N_, _, cache_per_language


@cache_per_language
def _fitted(seed: int):
    train, test = triage.load_and_split(seed)
    router = triage.fit_router(train)
    return train, test, router, triage.route(router, test[triage.TEXT])


@cache_per_language
def _cv_curve(seed: int) -> pd.DataFrame:
    train, *_ = _fitted(seed)
    cv = triage.cross_validated_routes(train, seed)
    return triage.automation_curve(cv["confidence"], cv["predicted"] == train[triage.LABEL])


def _check_macro_f1(macro_f1, seed):
    train, test, router, routes = _fitted(int(seed))
    truth = f1_score(test[triage.LABEL], routes["predicted"], average="macro")
    value = expect_share(macro_f1, "macro_f1", truth=truth)
    reject_known(value, [
        Known(accuracy_score(test[triage.LABEL], routes["predicted"]),
              N_("This is the accuracy (or the micro-average), not the macro-F1."),
              N_("Give `f1_score` the option `average=\"macro\"`."), when=not close(value, truth)),
        Known(f1_score(test[triage.LABEL], routes["predicted"], average="weighted"),
              N_("This is the *weighted* average: big departments count more."),
              N_("The macro average gives every department the same weight: `average=\"macro\"`.")),
        Known(lambda: f1_score(train[triage.LABEL], router.predict(train[triage.TEXT]), average="macro"),
              N_("This is measured on the training requests, which the router has already seen."),
              N_("Use `test[\"department\"]` and the predictions for the test requests.")),
    ])
    expect_close(value, truth, 1e-9, _("This is not the macro-F1 of the router on the test requests."),
                 _("Give `f1_score` the true departments of the test requests first, the predictions second, and the "
                  "macro average."))
    return _("The router finds the right department for most requests, in every department.")


def _check_auto(auto_share, auto_precision, seed):
    _unused, test, _unused, routes = _fitted(int(seed))
    auto = routes["confidence"] >= 0.5
    correct = routes["predicted"] == test[triage.LABEL]
    share = expect_share(auto_share, "auto_share", truth=float(auto.mean()))
    precision = expect_share(auto_precision, "auto_precision", truth=float(correct[auto].mean()))
    reject_known(share, [
        Known(1 - auto.mean(), N_("`auto_share` is the share sent to a person, not the share routed automatically."),
              N_("Requests with a confidence *at or above* the threshold are routed automatically."),
              when=not close(auto.mean(), 0.5)),
    ])
    expect_close(share, float(auto.mean()), 1e-9, _("`auto_share` is not right yet."),
                 _("The mean of the True/False column `auto` is the share of True values."))
    reject_known(precision, [
        Known(auto[correct].mean(),
              N_("`auto_precision` is the share of the *right* answers that were routed automatically, the "
                 "other way round."), N_("Among the automatically routed requests, what share is correct?")),
        Known(correct.mean(), N_("`auto_precision` is the accuracy on *all* requests."),
              N_("Keep only the automatically routed ones: `correct[auto]`.")),
    ])
    expect_close(precision, float(correct[auto].mean()), 1e-9, _("`auto_precision` is not right yet."),
                 _("Among the automatically routed requests (`correct[auto]`), what share went to the right "
                  "department?"))
    return _("Most requests are routed automatically, and few of those are wrong.")


def _check_threshold(threshold, seed, target_precision):
    value = expect_number(threshold, "threshold")
    if not 0 <= value <= 1:
        raise Mistake(_("A confidence threshold lies between 0 and 1."), _("Pick it from the `threshold` column."))
    curve = _cv_curve(int(seed))
    _unused, test, _unused, routes = _fitted(int(seed))
    on_test = triage.automation_curve(routes["confidence"], routes["predicted"] == test[triage.LABEL])
    tuned = on_test[on_test["precision"] >= float(target_precision)]["threshold"]
    good = curve[curve["precision"] >= float(target_precision)]
    truth = float(good["threshold"].min())
    reject_known(value, [
        Known(lambda: float(tuned.min()),
              N_("This threshold was tuned on the test requests: the test set would no longer be a fair "
                 "measure."), N_("Choose the threshold from `cv_curve`, measured on the training requests."),
              when=len(tuned) > 0 and not close(value, truth)),
        Known(float(good["threshold"].max()),
              N_("This is the *highest* threshold that reaches the precision: it sends almost everything "
                 "to a person."), N_("The ministry wants as many requests as possible routed automatically."),
              when=not close(value, truth)),
        Known(float(curve["threshold"].min()),
              N_("This is the lowest threshold of the whole curve: no row was left out by its `precision` column, "
                 "so rows that do not reach the target precision are still in."),
              N_("Keep only the rows where `precision` is at least `target_precision`, then take the lowest "
                 "threshold among them."), when=not close(value, truth)),
        Known(float(curve[curve["precision"] < float(target_precision)]["threshold"].max()),
              N_("This is the highest threshold that does *not* reach the precision."),
              N_("Keep the rows whose precision reaches the target, not those below it.")),
    ])
    if value < truth:
        raise Mistake(_("At this threshold the routed requests are not precise enough."),
                      _("Keep only the rows where `precision` is at least `target_precision`."))
    expect_close(value, truth, 1e-9, _("This threshold reaches the precision but routes fewer requests than "
                  "it could."), _("Among the thresholds that reach the precision, take the lowest (`.min()`)."))
    return (_("This is the lowest threshold that keeps {float_target_precision:.0%} of the routed requests right "
              "in cross-validation.").format(float_target_precision=float(target_precision)))


def _check_by_channel(auto_by_channel, seed, threshold):
    series = expect_series(auto_by_channel, "auto_by_channel")
    _unused, test, _unused, routes = _fitted(int(seed))
    channels = set(test["channel"])
    reject_known(set(series.index), [
        Known(set(test["region"]), N_("`auto_by_channel` has one value per *region*, not per channel."),
              N_("Group by the channel.")),
    ])
    if set(series.index) < channels:  # grouped by a column of other rows: pandas matches the rows by their labels
        raise Mistake(_("`auto_by_channel` has values for {count} of the {total} channels only: the column you "
                        "grouped by does not hold the same requests as `test_auto` (the training requests, for "
                        "example).").format(count=len(series), total=len(channels)),
                      _("Group by the channel of the same requests as `test_auto`: the test requests."))
    if set(series.index) != channels:
        raise Mistake(_("`auto_by_channel` should have one value per channel (web form, mobile app, call centre, "
                       "SMS)."), _("Group by the channel column of the rows `test_auto` was made from."))
    values = pd.to_numeric(series, errors="coerce")
    if values.isna().any() or not values.between(0, 1).all():
        raise Mistake(_("`auto_by_channel` should hold shares between 0 and 1."),
                      _("Take the `.mean()` of a True/False column in each group."))
    auto = routes["confidence"] >= float(threshold)
    correct = routes["predicted"] == test[triage.LABEL]
    truth = auto.groupby(test["channel"]).mean()
    reject_known(values.sort_index(), [
        Known(correct.groupby(test["channel"]).mean().sort_index(),
              N_("These are the shares routed *correctly*, not the shares routed automatically."),
              N_("Group the True/False column `test_auto`.")),
    ])
    if not same_values(values.sort_index(), truth.sort_index()):
        raise Mistake(_("These are not the shares of requests routed automatically in each channel."),
                      _("Group the True/False column `test_auto` by the channel of the test requests, then average."))
    return _("Requests sent by SMS are routed automatically less often: their senders wait for a person.")


macro_f1 = Exercise(1, N_("macro-F1 on the test requests"), ["macro_f1", "seed"], _check_macro_f1,
                    [N_("The macro-F1 averages the F1 of the ten departments, each with the same weight, on the test "
                       "requests."), N_("`f1_score` takes the true departments first, the predictions second, and the "
                       "option `average=` (which one is in the name of the score).")],
                    columns=("department",))
auto = Exercise(2, N_("automatic routing at a 0.5 threshold"), ["auto_share", "auto_precision", "seed"], _check_auto,
                N_("`auto` is True for requests routed automatically; `correct` is True when the department is right."),
                columns=("confidence",))
threshold = Exercise(3, N_("the threshold for 95% precision"), ["threshold", "seed", "target_precision"],
                     _check_threshold, N_("Filter the rows of `cv_curve` whose precision reaches the target, then "
                       "take the lowest threshold."),
                     columns=("threshold", "precision"))
by_channel = Exercise(4, N_("who waits for a person"), ["auto_by_channel", "seed", "threshold"], _check_by_channel,
                      N_("`groupby` splits a column by the values of another, then `.mean()` gives the share in "
                        "each group."),
                      columns=("channel",))


# The policy path: values read off the charts (aitrain.base.path_cells).

READING = 0.05  # how closely a threshold read off the chart must match


@cache_per_language
def f1_by_department(seed) -> pd.Series:
    """The F1 score of each department on the test requests, as the bar chart shows them."""
    _train, test, router, _routes = _fitted(int(seed))
    predicted = router.predict(test[triage.TEXT])
    return pd.Series(f1_score(test[triage.LABEL], predicted, average=None, labels=router.classes_),
                     index=router.classes_)


def _check_weakest_department(weakest_department, seed):
    f1 = f1_by_department(int(seed))
    department = expect_choice(weakest_department, "weakest_department", list(f1.index))
    worst = f1.idxmin()
    reject_known(department, [
        Known(name, N_("The router finds this department best of all: its bar is the longest."),
              N_("The question asks for the department the router finds worst: look for the shortest bar."))
        if name == f1.idxmax() else
        Known(name, N_("Another department's bar is shorter."), N_("Compare the lengths of all the bars."))
        for name in f1.index if name != worst
    ], truth=worst)
    return _("A small department is where the router errs most: the macro-F1 makes it count.")


def lowest_threshold(seed, target_precision) -> float:
    """The lowest threshold of the cross-validation curve whose precision reaches the target."""
    curve = _cv_curve(int(seed))
    good = curve[curve["precision"] >= float(target_precision)]
    return float(good["threshold"].min()) if len(good) else 1.0


def _check_chosen_threshold(chosen_threshold, seed, target_precision):
    value = expect_number(chosen_threshold, "chosen_threshold")
    target = float(target_precision)
    right = lowest_threshold(seed, target)
    curve = _cv_curve(int(seed))
    routed_line = curve[curve["auto_share"] >= target]["threshold"].max()
    reject_known(value, [
        Known(100 * target, N_("This is the Ministry's target, in percent, read on the vertical axis; the threshold is "
                               "read on the horizontal axis."),
              N_("Find where the solid blue line crosses the dotted target line, and read the threshold below.")),
        Known(target, N_("This is the Ministry's target precision, not a threshold read off the chart."),
              N_("Find where the solid blue line crosses the dotted target line, and read the threshold below."),
              when=abs(target - right) > READING),
        Known(float(routed_line), N_("This is where the dashed orange line (share routed) falls to the target; the "
                                     "target is about the precision, the solid blue line."),
              N_("Follow the solid blue line (precision) instead."), tolerance=READING,
              when=abs(routed_line - right) > 2 * READING),
    ])
    if not 0 <= value <= 1:
        raise Mistake(_("`chosen_threshold` should be a confidence threshold between 0 and 1."),
                      _("Read the threshold on the horizontal axis, from 0 to 1."))
    expect_first_crossing(value, right, READING,
                          short=(_("At a threshold of {value:g}, the precision is still below the Ministry's "
                                   "target.").format(value=value),
                                 _("Move right along the solid blue line until it rises above the dotted target "
                                   "line.")),
                          long=(_("At {value:g} the target is met, but a lower threshold meets it too and routes more "
                                  "requests automatically.").format(value=value),
                                _("Find the *first* point, from the left, where the solid blue line is above the "
                                  "dotted line.")))
    return _("Every step to the right makes the routing more precise, and sends more requests to a person.")


@cache_per_language
def auto_by_channel(seed, target_precision) -> pd.Series:
    """The share of each channel's test requests routed automatically at the threshold for the target."""
    _train, test, _router, routes = _fitted(int(seed))
    return (routes["confidence"] >= lowest_threshold(seed, target_precision)).groupby(test["channel"]).mean()


def _check_waiting_channel(waiting_channel, seed, target_precision):
    shares = auto_by_channel(int(seed), float(target_precision))
    channel = expect_choice(waiting_channel, "waiting_channel", list(shares.index))
    lowest = shares.idxmin()
    reject_known(channel, [
        Known(name, N_("Requests from this channel are routed automatically most often: its blue bar is the "
                       "longest."),
              N_("The question asks which channel is routed automatically least often: the shortest blue bar."))
        if name == shares.idxmax() else
        Known(name, N_("Another channel's blue bar is shorter."),
              N_("Compare the blue bars only (routed automatically), and take the shortest."))
        for name in shares.index if name != lowest
    ], truth=lowest)
    return _("One threshold for everybody does not give everybody the same service.")


weakest_department = Exercise(1, N_("the department the router finds worst"), ["weakest_department", "seed"],
                              _check_weakest_department,
                              [N_("Each bar is one department: its length is how well the router finds it (its F1)."),
                               N_("Write, in quotes, the name of the department with the shortest bar.")])
chosen_threshold = Exercise(2, N_("the threshold for the Ministry's precision"),
                            ["chosen_threshold", "seed", "target_precision"], _check_chosen_threshold,
                            [N_("The solid blue line is the precision of automatic routing at each threshold."),
                             N_("Go from left to right along it and stop at the first point above the dotted target "
                                "line; read the threshold below, between 0 and 1.")])
waiting_channel = Exercise(3, N_("who waits for a person"), ["waiting_channel", "seed", "target_precision"],
                           _check_waiting_channel,
                           [N_("The blue bars are the share of each channel's requests routed automatically."),
                            N_("Write, in quotes, the name of the channel with the shortest blue bar.")])
