"""aitrain.buildings (module 10): rolling z-scores room by room, usual values, fault events and wasted energy."""

import numpy as np
import pandas as pd
import pytest

from aitrain import buildings
from aitrain.datasets import load


def _two_rooms():
    return pd.DataFrame({"room": ["A"] * 5 + ["B"] * 5,
                         "co2_ppm": [400.0, 420, 440, 460, 900, 1000, 1000, 1010, 990, 1000]})


def test_rolling_stats_use_only_earlier_hours_of_the_same_room():
    table = _two_rooms()
    mean, std = buildings.rolling_stats(table, "co2_ppm", window=3)
    assert mean.index.equals(table.index) and std.index.equals(table.index)
    assert mean.isna().tolist() == ([True] * 3 + [False] * 2) * 2  # the first three hours of each room have no window
    assert mean[4] == pytest.approx(440) and std[4] == pytest.approx(20)  # hours 1 to 3, not hour 4 itself
    assert mean[8] == pytest.approx(3010 / 3)  # room B's own readings, not room A's
    z = buildings.rolling_zscore(table, "co2_ppm", window=3)
    assert z[4] == pytest.approx((900 - 440) / 20)


def test_calendar_typical_values_and_deviations():
    sensors = buildings.add_calendar(load("building_sensors").head(24 * 14 * 2))
    assert sensors["hour"].between(0, 23).all() and sensors["workday"].dtype == bool
    monday = buildings.add_calendar(pd.DataFrame({"timestamp": ["2024-01-01 08:00", "2024-01-06 08:00"]}))
    assert monday["workday"].tolist() == [True, False] and monday["hour"].tolist() == [8, 8]
    usual = buildings.typical(sensors, "energy_kwh")
    same = sensors.groupby(["room", "workday", "hour"])["energy_kwh"].transform("median")
    assert usual.equals(same)
    deviations = buildings.deviations(sensors)
    assert list(deviations.columns) == list(buildings.SENSORS) and len(deviations) == len(sensors)


def test_events_found_counts_runs_of_faulty_hours_per_room():
    fault = pd.Series(["none", "leak", "leak", "none", "leak", "leak"])
    room = pd.Series(["A", "A", "A", "A", "A", "B"])  # the last hour starts a new event in room B
    assert buildings.events_found(fault, room, [False, False, True, False, False, False]) == pytest.approx(1 / 3)
    assert buildings.events_found(fault, room, [True] * 6) == 1.0


def test_wasted_energy_counts_only_flagged_hours_above_the_usual():
    sensors = pd.DataFrame({"room": ["A"] * 3, "workday": [True] * 3, "hour": [9] * 3,
                            "energy_kwh": [1.0, 2.0, 5.0]})  # usual (median) = 2
    assert buildings.wasted_kwh(sensors, [True, True, True]) == pytest.approx(3.0)
    assert buildings.wasted_kwh(sensors, [True, False, False]) == 0.0


def test_isolation_flags_flag_the_asked_share_and_repeat_with_the_seed():
    rng = np.random.default_rng(0)
    features = pd.DataFrame(rng.normal(size=(400, 3)), columns=list("abc"))
    features.iloc[:4] += 8  # four clear outliers
    flags = buildings.isolation_flags(features, 0.02, seed=1)
    assert flags.dtype == bool and flags.sum() == 8 and flags[:4].all()
    assert (buildings.isolation_flags(features, 0.02, seed=1) == flags).all()
