"""Synthetic hourly sensor readings for 8 rooms of a public building in winter, with injected faults
(module 10, smart public buildings).

Each room has a heating and ventilation schedule (on from 07:00 to 18:00 on working days, set back at night
and at weekends). Occupancy follows working hours; indoor temperature, CO2 and energy use follow occupancy,
the schedule and the outdoor cold. Three kinds of fault are injected in about 1% of the hours: heating and
ventilation left running at night or at the weekend, a heating valve stuck open, and a ventilation failure.
Each faulty hour is labelled, with the energy it wasted, so that detectors can be scored.
"""

import numpy as np
import pandas as pd

from aitrain.datasets.registry import Dataset

SEED = 2028
START = "2026-01-05"  # a Monday in January
N_DAYS = 56
OUTDOOR_CO2 = 420  # ppm, the outdoor air (NOAA global mean about 420 ppm in 2023-2024)
ROOMS = (  # name, kind, floor area in square metres
    ("Office 101", "office", 24), ("Office 102", "office", 24), ("Office 201", "office", 30),
    ("Office 202", "office", 30), ("Meeting room A", "meeting", 45), ("Meeting room B", "meeting", 35),
    ("Reception", "reception", 60), ("Archive", "archive", 40),
)
FAULTS = (  # kind, number of events, shortest and longest duration in hours
    ("after_hours_heating", 8, 6, 11),
    ("stuck_heating_valve", 5, 4, 8),
    ("ventilation_failure", 5, 4, 8),
)


def _outdoor(rng, hours: pd.DatetimeIndex) -> np.ndarray:
    """Outdoor temperature (°C): a cold continental winter, with a daily cycle and weather that drifts."""
    weather = np.zeros(len(hours))
    shocks = rng.normal(0, 0.6, len(hours))
    for i in range(1, len(hours)):
        weather[i] = 0.98 * weather[i - 1] + shocks[i]
    return -12 + 5 * np.sin(2 * np.pi * (hours.hour.to_numpy() - 9) / 24) + weather


def _occupancy(rng, kind: str, hour: np.ndarray, working: np.ndarray) -> np.ndarray:
    open_hours = working & (hour >= 8) & (hour < 18) & (hour != 12)
    lunch = working & (hour == 12)
    if kind == "office":
        present = rng.binomial(3, 0.75, len(hour)) * open_hours + rng.binomial(3, 0.2, len(hour)) * lunch
    elif kind == "meeting":
        meeting = rng.random(len(hour)) < 0.35
        present = meeting * rng.integers(4, 14, len(hour)) * open_hours
    elif kind == "reception":
        present = (2 + rng.poisson(5, len(hour))) * (open_hours | lunch)
    else:  # archive: an occasional visitor
        present = (rng.random(len(hour)) < 0.15) * open_hours
    return present.astype(int)


def generate(seed: int = SEED) -> pd.DataFrame:
    """Return one row per room and hour: occupancy, temperature, CO2, energy, and the injected faults."""
    rng = np.random.default_rng(seed)
    hours = pd.date_range(START, periods=N_DAYS * 24, freq="h")
    hour = hours.hour.to_numpy()
    working = hours.day_of_week.to_numpy() < 5
    scheduled = working & (hour >= 7) & (hour < 18)
    outdoor = _outdoor(rng, hours)
    n = len(hours)

    tables = []
    for name, kind, area in ROOMS:
        people = _occupancy(rng, kind, hour, working)
        setpoint = np.where(scheduled, 21.0, 16.0)
        temperature = setpoint + 0.08 * people + rng.normal(0, 0.3, n)
        heating = 0.0028 * area * (setpoint - outdoor) * rng.lognormal(0, 0.05, n)
        electric = np.where(scheduled, 0.25 + 0.004 * area, 0.08) + 0.06 * people
        ventilation = np.where(scheduled, 0.002 * area, 0.0)
        # Indoor CO2 never falls below the outdoor air's (about 420 ppm): the sensor noise only adds.
        co2 = OUTDOOR_CO2 + np.where(scheduled, 2400 / area, 8000 / area) * people + np.abs(rng.normal(0, 25, n))
        tables.append(pd.DataFrame({
            "room": name, "timestamp": hours, "occupancy": people, "temperature_c": temperature, "co2_ppm": co2,
            "baseline_kwh": heating + electric + ventilation, "fault": "none", "excess_kwh": 0.0,
        }))
    data = pd.concat(tables, ignore_index=True)

    # Inject fault events at random rooms and times, without overlap.
    busy = np.zeros(len(data), dtype=bool)
    for kind, count, shortest, longest in FAULTS:
        placed = 0
        while placed < count:
            room = int(rng.integers(len(ROOMS)))
            length = int(rng.integers(shortest, longest + 1))
            start = int(rng.integers(24, n - length - 24))
            span = np.arange(start, start + length)
            if kind == "after_hours_heating" and scheduled[span].any():
                continue  # this fault happens when the schedule says "off"
            if kind != "after_hours_heating" and not (working[span] & (hour[span] >= 8)
                                                      & (hour[span] < 18)).all():
                continue  # these faults are noticed in working hours
            rows = room * n + span
            if busy[rows].any():
                continue
            busy[rows] = True
            area = ROOMS[room][2]
            if kind == "after_hours_heating":
                # Heating and ventilation run as if the building were open; the room is empty.
                temperature = 21.0 + rng.normal(0, 0.3, length)
                extra = (0.0028 * area * 5.0 + 0.25 + 0.004 * area - 0.08 + 0.002 * area) * \
                    rng.lognormal(0, 0.05, length)
                co2 = OUTDOOR_CO2 + np.abs(rng.normal(0, 25, length))
            elif kind == "stuck_heating_valve":
                temperature = data.loc[rows, "temperature_c"].to_numpy() + np.linspace(2.5, 6.5, length)
                extra = 0.0028 * area * np.linspace(8, 14, length) * rng.lognormal(0, 0.05, length)
                co2 = data.loc[rows, "co2_ppm"].to_numpy()
            else:  # ventilation failure: the fan stops, CO2 builds up; a little less energy is used
                temperature = data.loc[rows, "temperature_c"].to_numpy() + rng.normal(0.8, 0.3, length)
                extra = -0.002 * area * np.ones(length)
                co2 = data.loc[rows, "co2_ppm"].to_numpy() + np.linspace(700, 1600, length) * \
                    (0.5 + 0.5 * (data.loc[rows, "occupancy"].to_numpy() > 0))
            data.loc[rows, "temperature_c"] = temperature
            data.loc[rows, "co2_ppm"] = co2
            data.loc[rows, "excess_kwh"] = extra
            data.loc[rows, "fault"] = kind
            placed += 1

    data["energy_kwh"] = (data["baseline_kwh"] + data["excess_kwh"]).round(3)
    data["excess_kwh"] = data["excess_kwh"].clip(lower=0).round(3)
    data["temperature_c"] = data["temperature_c"].round(1)
    data["co2_ppm"] = data["co2_ppm"].round().astype(int)
    data["timestamp"] = data["timestamp"].dt.strftime("%Y-%m-%d %H:%M")
    return data[["room", "timestamp", "occupancy", "temperature_c", "co2_ppm", "energy_kwh", "fault", "excess_kwh"]]


DATASETS = [Dataset("building_sensors", "building_sensors.csv", generate, categories=("room", "fault"))]
