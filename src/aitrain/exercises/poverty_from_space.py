"""Exercises of module 05, poverty from space."""

from functools import cache

import numpy as np

from aitrain import satellite
from aitrain.datasets import load
from aitrain.feedback import (
    Exercise,
    Known,
    Ratio,
    close,
    expect_close,
    expect_number,
    expect_share,
    reject_known,
)
from aitrain.i18n import N_, _


@cache
def _data():
    villages = load("villages")
    return villages, satellite.feature_table(villages), satellite.target(villages)


@cache
def _r2(model: str, features: str, folds: str, seed: int) -> float:
    villages, X, y = _data()
    estimator = satellite.make_ridge() if model == "ridge" else satellite.make_forest(seed)
    columns = satellite.LIGHTS_ONLY if features == "lights" else satellite.FEATURES
    if folds == "spatial":
        return satellite.cv_r2(estimator, X[columns], y, satellite.spatial_cv(), villages["province"])
    return satellite.cv_r2(estimator, X[columns], y, satellite.random_cv(seed))


@cache
def _spatial_predictions(seed: int) -> np.ndarray:
    villages, X, y = _data()
    return satellite.cv_predictions(satellite.make_forest(seed), X, y, satellite.spatial_cv(), villages["province"])


def _check_dark(dark_share):
    lights = _data()[0]["night_lights"]
    truth = float((lights == 0).mean())
    share = expect_share(dark_share, "dark_share", truth=truth)
    reject_known(share, [
        Known(1 - truth, N_("This is the share of villages where the satellite *does* see light."),
              N_("Compare the column with 0 using `==`.")),
    ])
    expect_close(share, truth, 1e-9, _("This is not the share of villages with no night light."),
                 _("Comparing the `night_lights` column with 0 gives True for the dark villages; the mean of "
                   "those True/False values is their share."))
    return _("About three villages in ten are dark to the satellite, whether they are poor or not.")


def _check_lights(r2_lights, seed):
    r2 = expect_number(r2_lights, "r2_lights")
    seed = int(seed)
    praise = _("Night lights alone explain only a small part of the differences between villages.")
    if close(r2, _r2("ridge", "lights", "random", seed)):
        return praise
    _unused, X, y = _data()
    reject_known(r2, [
        Known(lambda: _r2("ridge", "all", "random", seed),
              N_("This R\u00b2 uses all five features, not night lights alone."),
              N_("Select only the night-lights column: `X[['log_night_lights']]` (two pairs of brackets).")),
        Known(lambda: satellite.make_ridge().fit(X[satellite.LIGHTS_ONLY], y).score(X[satellite.LIGHTS_ONLY], y),
              N_("This R\u00b2 is measured on the villages the model was trained on."),
              N_("Use `satellite.cv_r2(...)` with `random_folds`, which tests each village on a model that "
                 "has not seen it.")),
    ])
    expect_close(r2, _r2("ridge", "lights", "random", seed), 1e-9, _("This is not the cross-validated R\u00b2 of "
                  "ridge regression on night lights alone."),
                 _("Use `satellite.cv_r2` as in the cell above, with a table of the night-lights column only (double "
                  "square brackets) and the random folds."))
    return praise


def _check_spatial(r2_forest_spatial, seed):
    r2 = expect_number(r2_forest_spatial, "r2_forest_spatial")
    seed = int(seed)
    praise = _("Tested on provinces it has never seen, the forest does clearly worse.")
    if close(r2, _r2("forest", "all", "spatial", seed)):
        return praise
    reject_known(r2, [
        Known(lambda: _r2("forest", "all", "random", seed), N_("This is the random cross-validation again."),
              N_("Use `spatial_folds` and give the provinces as `groups=villages['province']`.")),
        Known(lambda: _r2("ridge", "all", "spatial", seed),
              N_("This is the spatial R\u00b2 of the ridge regression, not of the random forest."),
              N_("Use `satellite.make_forest(seed)` as the model.")),
    ])
    expect_close(r2, _r2("forest", "all", "spatial", seed), 1e-9,
                 _("This is not the leave-province-out R\u00b2 of the random forest on all features."),
                 _("Call `satellite.cv_r2` with the forest, `X`, `y`, `spatial_folds` and "
                  "`groups=villages['province']`."))
    return praise


def _check_found(found_share, seed):
    _unused, _unused, y = _data()
    predicted = _spatial_predictions(int(seed))
    truth = satellite.share_found(predicted, y.to_numpy())
    share = expect_share(found_share, "found_share", truth=truth)
    richest = np.asarray(predicted) >= np.quantile(predicted, 0.8)
    poorest = y.to_numpy() <= np.quantile(y, 0.2)
    flagged = np.asarray(predicted) <= np.quantile(predicted, 0.2)
    # Declared: the part is the poorest villages flagged, the whole the truly poorest. Dividing by the flagged
    # villages (the precision) gives the same value by chance here (both are 20% quantiles): the code tells.
    ratio = Ratio(part=lambda: (poorest & flagged).sum(), whole=lambda: poorest.sum(),
                  of=N_("the truly poorest villages"), others={"flagged": lambda: flagged.sum()},
                  wrong_wholes={"flagged": N_("the flagged villages")})
    mistake = ratio.divided_by_wrong_whole("found_share")
    if mistake:
        raise mistake
    reject_known(share, ratio.rows("found_share")[1:] + [
        Known(truth * 0.2, N_("You divided by all villages; the question is about the truly poorest ones."),
              N_("Divide by the number of truly poorest villages: the count of True values in `truly_poorest`."),
              tolerance=0.002),
        Known((richest & poorest).sum() / poorest.sum(),
              N_("Your `flagged` villages are those with the *highest* predicted consumption."),
              N_("The poorest villages have the lowest predictions: use the 0.2 quantile and `<=`."), tolerance=0.002),
    ], truth=truth)
    expect_close(share, truth, 0.002, _("This is not yet the share of the poorest villages that the map finds."),
                 _("Count the villages that are both truly poorest and flagged (`&`), then divide by the number "
                  "of truly poorest villages."))
    return _("The satellite map finds about half of the poorest villages: useful, but far from a list of names.")


dark = Exercise(1, N_("dark villages"), ["dark_share"], _check_dark,
                N_("The mean of a True/False column is the share of True values."),
                columns=("night_lights",))
lights = Exercise(2, N_("night lights alone"), ["r2_lights", "seed"], _check_lights,
                  N_("Use the same call as for population density above, with the night-lights column instead."),
                  columns=("log_night_lights",))
spatial = Exercise(3, N_("leave-province-out cross-validation"), ["r2_forest_spatial", "seed"], _check_spatial,
                   N_("Spatial cross-validation needs the folds `spatial_folds` and the groups (the provinces)."),
                   columns=("province",))
found = Exercise(4, N_("finding the poorest villages"), ["found_share", "seed"], _check_found,
                 N_("Flag the villages whose prediction is at or below the 20% quantile of the predictions."))
