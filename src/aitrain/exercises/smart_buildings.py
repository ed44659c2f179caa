"""Exercises of module 10, smart public buildings: finding faults in sensor data."""

from functools import cache

import numpy as np
import pandas as pd
from sklearn.metrics import precision_score, recall_score

from aitrain import buildings
from aitrain.datasets import load
from aitrain.feedback import (
    Exercise,
    Known,
    Metric,
    Mistake,
    close,
    either_close,
    expect_choice,
    expect_close,
    expect_first_crossing,
    expect_flags,
    expect_not_swapped,
    expect_number,
    expect_series,
    reject_known,
    same_values,
)
from aitrain.i18n import N_, _


@cache
def sensors() -> pd.DataFrame:
    """The sensor table with the hour of day and working-day flag added."""
    return buildings.add_calendar(load("building_sensors"))


@cache
def forest_flags(contamination: float, seed: int) -> np.ndarray:
    """The isolation forest's flags on the deviations, computed once per contamination and seed."""
    return buildings.isolation_flags(buildings.deviations(sensors()), contamination, seed)


def _expect_flags(value, name: str, length: int) -> np.ndarray:
    return expect_flags(value, name, length, _("hour"),
                        _("The forest's `.predict` gives -1 (unusual) or 1 (normal): compare it with -1."))


def _check_zscore(z_co2):
    data = sensors()
    z = expect_series(z_co2, "z_co2", len(data))
    if z.dtype.kind not in "biuf":
        raise Mistake(_("`z_co2` should hold numbers."), _("Subtract and divide numeric columns."))
    values = z.to_numpy(dtype=float)
    mean, std = buildings.rolling_stats(data, "co2_ppm")
    co2 = data["co2_ppm"].astype(float)
    reject_known(values, [
        Known((co2 - mean).to_numpy(dtype=float),
              N_("This is the difference from the recent mean in ppm, not in standard deviations."),
              N_("Divide the difference by `std_24h`.")),
        Known(((co2 - co2.mean()) / co2.std()).to_numpy(dtype=float),
              N_("This compares each reading with the whole two months, not with the previous 24 hours."),
              N_("Use `mean_24h` and `std_24h`, which follow each room hour by hour."), tolerance=1e-6),
    ])
    if not same_values(values, ((co2 - mean) / std).to_numpy(dtype=float), 1e-9):
        raise Mistake(_("This is not the rolling z-score of CO2."),
                      _("Subtract `mean_24h` from the CO2 column, then divide by `std_24h`."))
    return _("A z-score of 3 means three standard deviations above the last day's average.")


def _check_scores(precision_z, recall_z, flagged_z):
    precision = expect_number(precision_z, "precision_z")
    recall = expect_number(recall_z, "recall_z")
    truth, flagged = np.asarray(sensors()["fault"] != "none"), np.asarray(flagged_z, dtype=bool)
    if flagged.shape != truth.shape:
        raise Mistake(_("`flagged_z` has been changed."), _("Run the cells above again from the top."))
    right_precision = precision_score(truth, flagged)
    right_recall = recall_score(truth, flagged)
    # Declared: each is a metric of (the faults, the flags); swapped arguments give the other metric's value, so
    # the participant's code tells them apart from swapped names.
    for name, function in (("precision_z", precision_score), ("recall_z", recall_score)):
        metric = Metric(function, lambda: (truth, flagged), first=N_("the true faults"), second=N_("the flags"),
                        markers=("fault", "flag"))
        mistake = metric.swapped_in_code(name)
        if mistake:
            raise mistake
    expect_not_swapped((precision, recall), (right_precision, right_recall), _("Precision and recall are swapped."),
                       _("Precision: among the flagged hours, how many are faults? Recall: among the faults, how "
                        "many are flagged?"))
    accuracy = float(np.mean(truth == flagged))
    reject_known((precision, recall), [
        Known((accuracy, accuracy),
              N_("This is the accuracy, which looks excellent because almost every hour is normal."),
              N_("Use `precision_score` and `recall_score`."), same=either_close),
    ])
    expect_close(precision, right_precision, 1e-9, _("`precision_z` is not right yet."),
                 _("Give `precision_score` the truth first, the flags second."))
    expect_close(recall, right_recall, 1e-9, _("`recall_z` is not right yet."),
                 _("Give `recall_score` the truth first, the flags second."))
    return _("A simple rule raises many false alarms and still misses most faulty hours.")


def _check_flags(flags, seed, contamination):
    data = sensors()
    mine = _expect_flags(flags, "flags", len(data))
    truth = forest_flags(float(contamination), int(seed))
    reject_known(mine, [
        Known(~truth, N_("These are the hours the forest finds *normal*."),
              N_("`.predict` gives -1 for unusual hours and 1 for normal ones."), same=np.array_equal),
    ])
    if not np.array_equal(mine, truth):
        raise Mistake(_("These are not the hours the isolation forest flags."),
                      _("Fit `forest` on `features`, predict on `features`, and keep the hours where the "
                       "prediction is -1."))
    return _("The forest flags {mine_sum} hours, {mine_mean:.1%} of them, as asked.").format(
             mine_sum=mine.sum(), mine_mean=mine.mean())


def _check_wasted(wasted, flags):
    value = expect_number(wasted, "wasted")
    data = sensors()
    mine = _expect_flags(flags, "flags", len(data))
    excess = data["energy_kwh"] - typical_energy()
    reject_known(value, [
        Known(float(excess[mine].sum()), N_("Hours that used *less* energy than usual cancel out part of the waste."),
              N_("Keep only the extra energy: `.clip(lower=0)` turns negative differences into 0."), tolerance=1e-6,
              when=not close(excess[mine].clip(upper=0).sum(), 0, 1e-6)),
        Known(float(data["energy_kwh"][mine].sum()),
              N_("This is all the energy used in the flagged hours, not the part above the usual."),
              N_("Subtract `usual_kwh` from the energy first."), tolerance=1e-6),
        Known(float(excess.clip(lower=0).sum()),
              N_("This adds the extra energy of every hour, not only of the flagged ones."),
              N_("Select the flagged hours with `[flags]` before `.sum()`."), tolerance=1e-6),
        Known(float(excess.clip(lower=0)[mine].mean()),
              N_("`wasted` is the average extra energy of a flagged hour, not the total over the flagged hours."),
              N_("Add the extra energy up instead of averaging it."), tolerance=1e-6),
        Known(float(mine.sum()), N_("`wasted` is the number of flagged hours (a count), not the energy they wasted."),
              N_("Add the extra energy of the flagged hours up instead of counting the hours."), tolerance=1e-6),
        Known(float((-excess).clip(lower=0)[mine].sum()),
              N_("The subtraction is the wrong way round: this adds how much *less* than usual the flagged hours "
                 "used."), N_("Subtract the usual energy from the energy measured, not the other way round."),
              tolerance=1e-6),
    ])
    expect_close(value, buildings.wasted_kwh(data, mine), 1e-6, _("`wasted` is not right yet."),
                 _("Take the energy above the usual, keep only the flagged hours, then add it up."))
    return _("That is the energy the flagged faults wasted, by this estimate.")


def typical_energy() -> pd.Series:
    return buildings.typical(sensors(), "energy_kwh")


zscore = Exercise(1, N_("a rolling z-score"), ["z_co2"], _check_zscore,
                  N_("z-score = (value - mean) / standard deviation."),
                  columns=("co2_ppm",))
scores = Exercise(2, N_("precision and recall of the simple rule"),
                  ["precision_z", "recall_z", "flagged_z"], _check_scores,
                  [N_("Precision: among the flagged hours, the share that are faults. Recall: among the fault hours, "
                      "the share flagged."),
                   N_("`precision_score` and `recall_score` (from sklearn.metrics) each take the truth first and the "
                      "flags second.")])
flags = Exercise(3, N_("the isolation forest's flags"), ["flags", "seed", "contamination"], _check_flags,
                 [N_("An isolation forest first learns what usual hours look like from the hourly `features`, then "
                    "labels each of those hours: -1 for unusual, 1 for usual."),
                 N_("`.fit(...)` and then `.predict(...)` on the same table; compare the labels with -1 to get "
                    "True/False.")])
wasted = Exercise(4, N_("the wasted energy"), ["wasted", "flags"], _check_wasted,
                  N_("Wasted energy is the energy above the usual, in the flagged hours only."),
                  columns=("energy_kwh",))


# The policy path: values read off the charts (aitrain.base.path_cells).

SHARES = (0.005, 0.01, 0.02, 0.04)  # the shares of hours flagged that the contamination chart shows
AIM = 0.9  # the building manager's aim: at least 9 fault events in 10 raise an alarm


@cache
def alarms_by_hour() -> pd.DataFrame:
    """Per hour of the day, the room-hours the z-score rule on CO2 flags and those with a real fault."""
    data = sensors()
    flagged = buildings.rolling_zscore(data, "co2_ppm").abs() > 3
    return data.assign(flagged=flagged, fault=data["fault"] != "none").groupby("hour")[["flagged", "fault"]].sum()


def _check_alarm_hour(alarm_hour):
    hour = expect_number(alarm_hour, "alarm_hour")
    table = alarms_by_hour()
    busiest, most_faults, tallest = int(table["flagged"].idxmax()), int(table["fault"].idxmax()), table["flagged"].max()
    reject_known(hour, [
        Known(most_faults, N_("At this hour the *real faults* (the blue bars) are the most frequent; the question is "
                              "about the alarms."),
              N_("Look at the orange bars only, and find the tallest."), when=most_faults != busiest),
        Known(float(tallest), N_("This is the number of alarms at the busiest hour, read on the vertical axis; the "
                                 "question asks for the hour."),
              N_("Read the hour on the horizontal axis, below the tallest orange bar."), when=tallest != busiest),
    ], truth=busiest)
    if hour != int(hour) or not 0 <= hour <= 23:
        raise Mistake(_("`alarm_hour` should be a whole hour of the day, from 0 to 23."),
                      _("Read the hour on the horizontal axis, below the tallest orange bar."))
    if hour != busiest:
        raise Mistake(_("At {hour:g}:00 the rule raises fewer alarms than at another hour.").format(hour=hour),
                      _("Compare the heights of the orange bars and find the tallest."))
    return _("The rule rings when people arrive and the air changes, not when something breaks.")


@cache
def by_share(seed) -> pd.DataFrame:
    """For each share of hours flagged (in percent), the isolation forest's recall and the fault events found."""
    data = sensors()
    features = buildings.deviations(data)
    rows = {}
    for share in SHARES:
        flagged = buildings.isolation_flags(features, share, int(seed))
        rows[100 * share] = {"recall": recall_score(data["fault"] != "none", flagged),
                             "events": buildings.events_found(data["fault"], data["room"], flagged)}
    return pd.DataFrame(rows).T


def smallest_percent(seed, line: str = "events") -> float:
    """The smallest share of hours on the chart (in percent) whose line (fault events found, or recall) reaches the
    aim; the largest share when none does."""
    table = by_share(int(seed))
    return float(min(table.index[table[line] >= AIM], default=table.index.max()))


def _check_flag_percent(flag_percent, seed):
    percent = expect_number(flag_percent, "flag_percent")
    table = by_share(int(seed))
    right, by_recall = smallest_percent(seed), smallest_percent(seed, "recall")
    reject_known(percent, [
        Known(SHARES, N_("This is a share between 0 and 1; the chart's horizontal axis is in percent."),
              N_("Write the number as the axis shows it, in percent (for example 0.5 for 0.50%)."),
              same=lambda value, wrong: any(close(value, share) for share in np.atleast_1d(wrong))),
        Known(by_recall, N_("This is where the *faulty hours* flagged (the red dashed line) reach 90%; the aim is "
                            "about fault *events* found."),
              N_("Follow the black dotted line (fault events found)."), when=by_recall != right),
        Known(100 * AIM, N_("90 is the aim, read on the vertical axis; the answer is a share of hours flagged, on the "
                            "horizontal axis."),
              N_("Find where the black dotted line first reaches 90%, and read the share below that point.")),
    ], truth=right)
    tick = next((t for t in table.index if close(percent, t)), None)
    if tick is None:
        raise Mistake(_("{percent:g}% is not one of the shares on the chart's horizontal axis.").format(
                        percent=percent),
                      _("Choose one of the four points of the chart, in percent as the axis shows them."))
    expect_first_crossing(tick, right, 0,
                          short=(_("With {percent:g}% of the hours flagged, fewer than 9 fault events in 10 raise an "
                                   "alarm.").format(percent=percent),
                                 _("Move right along the black dotted line until it reaches 90%.")),
                          long=(_("With {percent:g}% the aim is met, but a smaller share meets it too, with fewer "
                                  "false alarms for the staff to check.").format(percent=percent),
                                _("Choose the *smallest* share where the black dotted line is at or above 90%.")))
    return _("Every step to the right finds more faults, and gives the staff more false alarms to check.")


@cache
def found_by_kind(contamination, seed) -> pd.Series:
    """The share of each kind of fault's hours that the isolation forest flags (0 to 1)."""
    data = sensors()
    faulty = (data["fault"] != "none").to_numpy()
    flagged = forest_flags(float(contamination), int(seed))
    return data[faulty].assign(flagged=flagged[faulty]).groupby("fault")["flagged"].mean()


def _check_missed_most(missed_most, seed, contamination):
    found = found_by_kind(float(contamination), int(seed))
    kind = expect_choice(missed_most, "missed_most", list(found.index))
    worst = found.idxmin()
    reject_known(kind, [
        Known(name, N_("The forest finds most hours of this kind: its bar is the longest."),
              N_("The question asks for the kind the forest misses most often: look for the shortest bar."))
        if name == found.idxmax() else
        Known(name, N_("The forest misses some hours of this kind, but another kind more often."),
              N_("Compare the three bars and take the shortest."))
        for name in found.index if name != worst
    ], truth=worst)
    return _("A fault that wastes little energy can still harm the people in the room.")


alarm_hour = Exercise(1, N_("when the simple rule rings"), ["alarm_hour"], _check_alarm_hour,
                      [N_("The orange bars count the alarms of the z-score rule at each hour of the day."),
                       N_("Find the tallest orange bar and read its hour on the horizontal axis.")])
flag_percent = Exercise(2, N_("how many hours to flag"), ["flag_percent", "seed"], _check_flag_percent,
                        [N_("The black dotted line is the share of fault events that raise at least one alarm."),
                         N_("Go from left to right along that line, and stop at the first point at or above 90%; "
                            "read its share on the horizontal axis, in percent.")])
missed_most = Exercise(3, N_("which fault needs a second alarm"), ["missed_most", "seed", "contamination"],
                       _check_missed_most,
                       [N_("Each bar is one kind of fault: its length is the share of its hours the forest flags."),
                        N_("The shortest bar is the kind the forest misses most often; write its name in quotes, as "
                           "on the chart.")])
