"""Fault detection in building sensor data (module 10): rolling z-scores, deviations from the usual value
for the room and hour, an isolation forest, and the energy wasted. Plain functions other modules can reuse."""

import numpy as np
import pandas as pd
from sklearn.ensemble import IsolationForest

from aitrain.memo import remembered

SENSORS = ("temperature_c", "co2_ppm", "energy_kwh")


def add_calendar(sensors: pd.DataFrame) -> pd.DataFrame:
    """Add the hour of the day and whether the day is a working day (Monday to Friday)."""
    time = pd.to_datetime(sensors["timestamp"])
    return sensors.assign(hour=time.dt.hour, workday=time.dt.day_of_week < 5)


def rolling_stats(sensors: pd.DataFrame, column: str, window: int = 24) -> tuple[pd.Series, pd.Series]:
    """Mean and standard deviation of `column` over the previous `window` hours, room by room."""
    previous = sensors.groupby("room")[column].shift(1)
    rolling = previous.groupby(sensors["room"]).rolling(window)
    return rolling.mean().droplevel(0).reindex(sensors.index), rolling.std().droplevel(0).reindex(sensors.index)


def rolling_zscore(sensors: pd.DataFrame, column: str, window: int = 24) -> pd.Series:
    """How many standard deviations each reading is from the mean of the previous `window` hours."""
    mean, std = rolling_stats(sensors, column, window)
    return (sensors[column] - mean) / std


def typical(sensors: pd.DataFrame, column: str) -> pd.Series:
    """The usual value of `column`: its median for the same room, hour of day and kind of day."""
    return sensors.groupby(["room", "workday", "hour"])[column].transform("median")


def deviations(sensors: pd.DataFrame) -> pd.DataFrame:
    """Each sensor's distance from its usual value, in units of that room's typical spread."""
    table = pd.DataFrame({c: sensors[c] - typical(sensors, c) for c in SENSORS})
    return table / table.groupby(sensors["room"]).transform("std")


@remembered
def isolation_scores(features: pd.DataFrame, seed: int) -> np.ndarray:
    """How usual each hour looks to an isolation forest of 100 trees (the lower, the more unusual)."""
    return IsolationForest(n_estimators=100, random_state=seed).fit(features).score_samples(features)


def isolation_flags(features: pd.DataFrame, contamination: float, seed: int) -> np.ndarray:
    """True for the hours an isolation forest finds most unusual (a share `contamination` of them)."""
    scores = isolation_scores(features, seed)  # the forest does not depend on the share: one serves them all
    # what IsolationForest(contamination=...).fit(features).predict(features) == -1 computes
    return scores - np.percentile(scores, 100.0 * contamination) < 0


def events_found(fault: pd.Series, room: pd.Series, flags) -> float:
    """Share of fault events (runs of consecutive faulty hours in one room) with at least one flagged hour."""
    faulty = fault.ne("none")
    event = (faulty.ne(faulty.shift()) | room.ne(room.shift())).cumsum()
    found = pd.Series(np.asarray(flags, dtype=bool), index=fault.index)[faulty].groupby(event[faulty]).any()
    return float(found.mean())


def wasted_kwh(sensors: pd.DataFrame, flags) -> float:
    """Energy used above the usual for the room and hour, summed over the flagged hours (kWh)."""
    excess = (sensors["energy_kwh"] - typical(sensors, "energy_kwh")).clip(lower=0)
    return float(excess[np.asarray(flags, dtype=bool)].sum())
