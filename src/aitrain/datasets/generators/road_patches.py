"""Synthetic grayscale image patches of road and wall surfaces seen from a drone (module 11, drone inspection).

Each patch is 32 × 32 pixels, 8-bit grayscale: intact surface, a crack, or a pothole. Surfaces are grainy
asphalt or concrete with stains; cracks are thin dark random walks; potholes are dark, rough-edged hollows
with a lighter rim. The training and test patches come from the same survey: midday light and cracks that
mostly run along the road (within 30° of the horizontal, as the drone flies along it). The shifted test set
comes from a new survey at dusk or in glare, with the camera turned: different brightness and contrast, and
cracks at any angle. Made with numpy only, so that the same seed always gives the same bytes.
"""

import numpy as np

from aitrain.datasets.registry import Dataset

SEED = 2029
SIZE = 32
CLASSES = ("intact", "crack", "pothole")
N_PER_CLASS = {"train": 200, "test": 100, "shifted": 100}


def _blur(image: np.ndarray, width: int) -> np.ndarray:
    """A box blur with wrap-around edges (numpy only)."""
    out = image
    for axis in (0, 1):
        out = sum(np.roll(out, k, axis=axis) for k in range(-width, width + 1)) / (2 * width + 1)
    return out


def _surface(rng) -> np.ndarray:
    """Grainy asphalt or concrete around 0 (mean brightness is added later), with a few soft stains."""
    grain = rng.normal(0, 9, (SIZE, SIZE)) + 2.5 * _blur(rng.normal(0, 9, (SIZE, SIZE)), 2)
    yy, xx = np.mgrid[0:SIZE, 0:SIZE]
    for _ in range(rng.integers(0, 3)):
        cy, cx, r = rng.uniform(0, SIZE), rng.uniform(0, SIZE), rng.uniform(3, 8)
        grain -= rng.uniform(4, 12) * np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * r * r))
    return grain


def _crack(rng, any_angle: bool) -> np.ndarray:
    """Darkening (negative) along a thin random walk across the patch, with an occasional branch."""
    mask = np.zeros((SIZE, SIZE))
    angle = rng.uniform(0, np.pi) if any_angle else rng.uniform(-np.pi / 6, np.pi / 6)
    for branch in range(1 + int(rng.random() < 0.3)):
        y, x = rng.uniform(8, 24), rng.uniform(8, 24)
        heading = angle + (rng.normal(0, 0.6) if branch else 0)
        for direction in (1, -1):
            py, px, h = y, x, heading
            for _ in range(30 if branch == 0 else 10):
                h += rng.normal(0, 0.25)
                py += direction * np.sin(h)
                px += direction * np.cos(h)
                if not (0 <= py < SIZE and 0 <= px < SIZE):
                    break
                iy, ix = int(py), int(px)
                mask[iy, ix] = 1
                if rng.random() < 0.5:
                    mask[min(iy + 1, SIZE - 1), ix] = 1
    depth = rng.uniform(45, 80)
    return -depth * np.clip(mask + 0.35 * _blur(mask, 1), 0, 1)


def _pothole(rng) -> np.ndarray:
    """A dark hollow with a rough edge and a lighter rim of broken material."""
    yy, xx = np.mgrid[0:SIZE, 0:SIZE]
    cy, cx = rng.uniform(10, 22, 2)
    ry, rx = rng.uniform(5, 11, 2)
    radius = np.sqrt(((yy - cy) / ry) ** 2 + ((xx - cx) / rx) ** 2)
    radius = radius + 0.25 * _blur(rng.normal(0, 1, (SIZE, SIZE)), 1)
    inside = radius < 1
    rim = (radius >= 1) & (radius < 1.3)
    return -rng.uniform(35, 65) * inside + rng.uniform(10, 25) * rim + rng.normal(0, 6, (SIZE, SIZE)) * inside


def _patch(rng, label: int, shifted: bool) -> np.ndarray:
    image = _surface(rng)
    if label == 1:
        image = image + _crack(rng, any_angle=shifted)
    elif label == 2:
        image = image + _pothole(rng)
    if shifted:  # dusk (dark, flat) or glare (bright, washed out)
        if rng.random() < 0.5:
            brightness, contrast = rng.uniform(55, 85), rng.uniform(0.45, 0.7)
        else:
            brightness, contrast = rng.uniform(185, 215), rng.uniform(0.5, 0.75)
        image = np.rot90(image, int(rng.integers(4)))
    else:  # midday light
        brightness, contrast = rng.uniform(115, 150), rng.uniform(0.9, 1.1)
    gradient = np.linspace(-1, 1, SIZE)[None, :] * rng.uniform(-8, 8)  # uneven light across the patch
    return np.clip(np.round(brightness + contrast * (image + gradient)), 0, 255).astype(np.uint8)


def generate(seed: int = SEED) -> dict[str, np.ndarray]:
    """Return the patches and labels of the three sets: train, test (same survey) and shifted (new survey)."""
    rng = np.random.default_rng(seed)
    arrays = {}
    for split, per_class in N_PER_CLASS.items():
        labels = np.repeat(np.arange(len(CLASSES), dtype=np.uint8), per_class)
        labels = labels[rng.permutation(len(labels))]
        arrays[f"{split}_images"] = np.stack([_patch(rng, int(k), split == "shifted") for k in labels])
        arrays[f"{split}_labels"] = labels
    arrays["class_names"] = np.array(CLASSES)
    return arrays


DATASETS = [Dataset("road_patches", "road_patches.npz", generate, values=CLASSES)]
