"""Exercises of module 05, poverty from space."""

from functools import cache

import numpy as np

from aitrain import satellite
from aitrain.datasets import load
from aitrain.feedback import (
    Exercise,
    Known,
    Mistake,
    Ratio,
    close,
    expect_choice,
    expect_close,
    expect_first_crossing,
    expect_number,
    expect_percent,
    expect_reading,
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
        Known(lambda: (poorest & (np.asarray(predicted) <= np.quantile(predicted, 0.8))).sum() / poorest.sum(),
              N_("Your `flagged` villages are the lowest four fifths of the predictions, not the lowest fifth: the "
                 "0.8 quantile is the other end."),
              N_("The poorest fifth lies at or below the quantile of one fifth."), tolerance=0.002),
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
                 N_("Flag the villages whose prediction is at or below the 20% quantile of the predictions."),
                 aggregate="sum")


# The policy path: readings off the charts, the model for provinces with no survey, and the teams' visits
# (aitrain.base.path_cells).

PERCENT_READING = 4  # points of percent: how closely a value read off a chart must match
MODELS = (N_("night lights alone (ridge)"), N_("all features (ridge)"),  # typed in any language
          N_("all features (random forest)"))
TESTS = (N_("random villages"), N_("provinces left out"))  # the two cross-validations, as the table names them
AIM = 0.75  # the Ministry's aim: reach at least 3 in 4 of the poorest villages
VISIT_GRID = np.arange(5, 61)  # % of villages visited, as on the chart


def _near(a: float, b: float) -> bool:
    return abs(a - b) <= PERCENT_READING


@cache
def _poorest_fifth() -> np.ndarray:
    consumption = _data()[0]["consumption_pc"]
    return (consumption <= consumption.quantile(0.2)).to_numpy()


def _check_dark_poorest(dark_poorest_percent):
    value = expect_percent(dark_poorest_percent, "dark_poorest_percent")
    lights = _data()[0]["night_lights"].to_numpy()
    poorest = _poorest_fifth()
    truth = 100 * poorest[lights == 0].mean()
    reject_known(value, [
        Known(100 - truth, N_("This is the share of the dark villages that are *not* among the poorest fifth."),
              N_("Read the height of the first bar itself."), same=_near, when=not _near(100 - truth, truth)),
        Known(100 * poorest.mean(), N_("This is the dashed line: the share for all villages."),
              N_("Read the first bar, the villages with no light."), same=_near, when=not _near(20, truth)),
        Known(lambda: 100 * poorest[(lights > 0) & (lights <= 1)].mean(),
              N_("This is the second bar, the dim villages."), N_("Read the first bar, the villages with no light."),
              same=_near, when=lambda: not _near(100 * poorest[(lights > 0) & (lights <= 1)].mean(), truth)),
    ])
    expect_reading(value, truth, _near,
                   _("`dark_poorest_percent` is not the height of the first bar."),
                      _("Go across from the top of the first bar (no light) to the vertical axis and read the "
                        "percentage."))
    return _("Dark villages are poorer than most, but most of them are not among the poorest fifth.")


def _forest_scores(seed) -> tuple[float, float]:
    return 100 * _r2("forest", "all", "random", int(seed)), 100 * _r2("forest", "all", "spatial", int(seed))


def _check_read_forest(forest_random_percent, forest_provinces_percent, seed):
    random = expect_percent(forest_random_percent, "forest_random_percent")
    provinces = expect_percent(forest_provinces_percent, "forest_provinces_percent")
    true_random, true_provinces = _forest_scores(seed)

    def both_near(value, wrong):
        return _near(value[0], wrong[0]) and _near(value[1], wrong[1])

    reject_known((random, provinces), [
        Known((true_provinces, true_random), N_("The two bars are swapped."),
              N_("The light bar is the test on random villages; the dark bar, on provinces left out."),
              same=both_near, when=not _near(true_provinces, true_random)),
    ])
    expect_reading(random, true_random, _near,
                   _("`forest_random_percent` is not the height of the forest's light bar."),
                      _("Follow the end of the light bar of the last pair down to the horizontal axis."))
    expect_reading(provinces, true_provinces, _near,
                   _("`forest_provinces_percent` is not the height of the forest's dark bar."),
                      _("Follow the end of the dark bar of the last pair down to the horizontal axis."))
    return _("On provinces it has never seen, the forest explains much less than the partner's report says.")


def best_model(seed) -> str:
    """The model that explains the most on provinces left out."""
    scores = [_r2(*spec, "spatial", int(seed)) for spec in (("ridge", "lights"), ("ridge", "all"), ("forest", "all"))]
    return MODELS[int(np.argmax(scores))]


def _check_map_model(map_model, seed):
    choice = expect_choice(map_model, "map_model", MODELS)
    best = best_model(seed)
    random_best = MODELS[int(np.argmax([_r2(*spec, "random", int(seed)) for spec in
                                        (("ridge", "lights"), ("ridge", "all"), ("forest", "all"))]))]
    reject_known(choice, [
        Known(random_best, N_("This model is the best on *random villages*; the Ministry needs a map for provinces "
                              "with no survey."),
              N_("Compare the dark bars only (provinces left out)."), when=random_best != best),
        Known(MODELS[0], N_("Night lights alone explain the least, in both tests."),
              N_("Compare the dark bars (provinces left out) of the three models.")),
    ], truth=best)
    return _("The simpler model does better where there is no survey: ask every provider how its map was tested.")


def reached_percent(seed, visits_percent: float) -> float:
    """% of the poorest fifth reached by visiting `visits_percent` % of the villages in the map's order."""
    order = np.argsort(_spatial_predictions(int(seed)), kind="stable")
    poorest = _poorest_fifth()
    return 100 * poorest[order[:round(float(visits_percent) * len(poorest) / 100)]].sum() / poorest.sum()


def smallest_visits(seed) -> int:
    """The smallest % of villages on the chart's grid that reaches the aim."""
    return int(next(p for p in VISIT_GRID if reached_percent(seed, p) >= 100 * AIM))


def _check_visits(visits_percent, seed):
    visits = expect_percent(visits_percent, "visits_percent")
    smallest = smallest_visits(seed)
    reject_known(visits, [
        Known(100 * AIM, N_("75 is the aim, on the vertical axis; the answer is a share of villages visited, on the "
                            "horizontal axis."),
              N_("Find where the blue line comes up to 75, then read the horizontal axis below that point."),
              tolerance=1.5, when=abs(100 * AIM - smallest) > 3.5),
        Known(20, N_("With visits to 20% of the villages, the map reaches only about half of the poorest."),
              N_("Move right along the blue line until it comes up to 75%."), tolerance=1.5,
              when=abs(20 - smallest) > 3.5),
    ])
    if visits == 0 or reached_percent(seed, visits) < 100 * AIM - 2:
        raise Mistake(_("Visiting {visits:g}% of the villages reaches fewer than 3 in 4 of the poorest.").format(
                        visits=visits),
                      _("Move right along the blue line until it is at 75% or above."))
    expect_first_crossing(visits, smallest, (2.5, 3.5),
                          short=(_("Visiting {visits:g}% of the villages is too few for the aim.").format(
                                     visits=visits),
                                 _("Read where the blue line comes up to 75%, on the horizontal axis.")),
                          long=(_("Visiting {visits:g}% of the villages meets the aim, but fewer visits meet it "
                                  "too.").format(visits=visits),
                                _("Find the *first* point, from the left, where the blue line comes up to 75%.")))
    return _("To reach 3 in 4 of the poorest villages, the teams must visit half as many villages again as there "
             "are poorest ones: a map narrows the search, it does not end it.")


dark_poorest = Exercise(1, N_("are the dark villages the poor ones?"), ["dark_poorest_percent"], _check_dark_poorest,
                        [N_("Each bar is a group of villages; its height is the share of the group among the poorest "
                            "fifth."),
                         N_("Go across from the top of the first bar (no light) to the vertical axis.")])
read_forest = Exercise(2, N_("the two tests of the random forest"),
                       ["forest_random_percent", "forest_provinces_percent", "seed"], _check_read_forest,
                       [N_("Each model has two bars: light for random villages, dark for provinces left out."),
                        N_("Take the last pair of bars (the random forest) and read where each ends on the "
                           "horizontal axis.")])
map_model = Exercise(3, N_("the model for provinces with no survey"), ["map_model", "seed"], _check_map_model,
                     [N_("The Ministry's rule is about provinces the survey never visited."),
                      N_("Compare the three dark bars (provinces left out) and take the longest.")])
visits = Exercise(4, N_("how many villages to visit"), ["visits_percent", "seed"], _check_visits,
                  [N_("The aim is on the vertical axis (75%); the answer on the horizontal axis."),
                   N_("Find the first point, from the left, where the blue line comes up to 75%, and read the share "
                      "of villages visited below it.")])
