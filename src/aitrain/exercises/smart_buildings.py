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
    expect_close,
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
    ])
    expect_close(value, buildings.wasted_kwh(data, mine), 1e-6, _("`wasted` is not right yet."),
                 _("Energy minus `usual_kwh`, `.clip(lower=0)`, keep the hours `[flags]`, then `.sum()`."))
    return _("That is the energy the flagged faults wasted, by this estimate.")


def typical_energy() -> pd.Series:
    return buildings.typical(sensors(), "energy_kwh")


zscore = Exercise(1, N_("a rolling z-score"), ["z_co2"], _check_zscore,
                  N_("z-score = (value - mean) / standard deviation."),
                  columns=("co2_ppm",))
scores = Exercise(2, N_("precision and recall of the simple rule"),
                  ["precision_z", "recall_z", "flagged_z"], _check_scores,
                  N_("`precision_score(truth, flags)` and `recall_score(truth, flags)` from sklearn.metrics."))
flags = Exercise(3, N_("the isolation forest's flags"), ["flags", "seed", "contamination"], _check_flags,
                 N_("`forest.fit(features).predict(features)` gives -1 for the unusual hours."))
wasted = Exercise(4, N_("the wasted energy"), ["wasted", "flags"], _check_wasted,
                  N_("Wasted energy is the energy above the usual, in the flagged hours only."),
                  columns=("energy_kwh",))
