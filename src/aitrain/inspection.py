"""Hand-made image features for drone inspection (module 11): brightness, texture and edges of small
grayscale patches, computed with numpy and scipy.ndimage. Plain functions other modules can reuse."""

import numpy as np
import pandas as pd
from scipy import ndimage
from sklearn.ensemble import RandomForestClassifier

from aitrain.memo import remembered

HISTOGRAM_EDGES = np.linspace(0, 256, 9)  # 8 brightness bins of 32 grey levels


def gradients(patch: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical change of brightness at each pixel (Sobel filters), of one patch or of each patch
    of a stack of patches (the last two axes)."""
    image = np.asarray(patch).astype(float)
    # ndimage.sobel's two steps (a difference along one axis, smoothing along the other), kept to the patch's axes
    gx = ndimage.correlate1d(ndimage.correlate1d(image, [-1, 0, 1], axis=-1), [1, 2, 1], axis=-2)
    gy = ndimage.correlate1d(ndimage.correlate1d(image, [-1, 0, 1], axis=-2), [1, 2, 1], axis=-1)
    return gx, gy


def local_variance(patch: np.ndarray, size: int = 5) -> np.ndarray:
    """Variance of brightness in a size × size window around each pixel: high where texture is rough (of one
    patch or of each patch of a stack)."""
    image = np.asarray(patch).astype(float)
    window = (1,) * (image.ndim - 2) + (size, size)
    mean = ndimage.uniform_filter(image, window)
    return np.clip(ndimage.uniform_filter(image**2, window) - mean**2, 0, None)


def _histograms(pixels: np.ndarray) -> np.ndarray:
    """np.histogram(row, bins=HISTOGRAM_EDGES)[0] for every row of `pixels` at once."""
    bins = len(HISTOGRAM_EDGES) - 1
    which = np.searchsorted(HISTOGRAM_EDGES, pixels, side="right") - 1
    which[pixels == HISTOGRAM_EDGES[-1]] = bins - 1  # the last bin holds its right edge too
    inside = (which >= 0) & (which < bins)
    row = np.broadcast_to(np.arange(len(pixels))[:, None], pixels.shape)
    return np.bincount(row[inside] * bins + which[inside], minlength=len(pixels) * bins).reshape(-1, bins)


def patch_features(patch: np.ndarray) -> dict[str, float]:
    """About twenty numbers describing one patch: brightness, its histogram, edges by direction, texture."""
    return {k: float(v) for k, v in feature_table(np.asarray(patch)[np.newaxis]).iloc[0].items()}


@remembered
def feature_table(images: np.ndarray) -> pd.DataFrame:
    """One row of features per patch (see patch_features), computed for all patches at once."""
    image = np.asarray(images).astype(float)
    gx, gy = gradients(image)
    n = len(image)
    pixels, magnitude = image.reshape(n, -1), np.hypot(gx, gy).reshape(n, -1)
    variance = local_variance(image).reshape(n, -1)
    mean, std = pixels.mean(axis=1), pixels.std(axis=1)
    features = {
        "mean": mean, "std": std, "p05": np.percentile(pixels, 5, axis=1), "p95": np.percentile(pixels, 95, axis=1),
        "dark_share": np.mean(pixels < (mean - 2 * std)[:, np.newaxis], axis=1),
        "edge_mean": magnitude.mean(axis=1), "edge_p90": np.percentile(magnitude, 90, axis=1),
        "edge_x": np.abs(gx).reshape(n, -1).mean(axis=1), "edge_y": np.abs(gy).reshape(n, -1).mean(axis=1),
        "variance_mean": variance.mean(axis=1), "variance_max": variance.max(axis=1),
    }
    shares = _histograms(pixels) / pixels.shape[1]
    for column, lo in enumerate(HISTOGRAM_EDGES[:-1]):
        features[f"hist_{int(lo)}"] = shares[:, column]
    return pd.DataFrame(features)


def normalise(images: np.ndarray) -> np.ndarray:
    """Each patch rescaled to the same mean brightness (128) and contrast (standard deviation 32)."""
    images = images.astype(float)
    mean = images.mean(axis=(1, 2), keepdims=True)
    std = images.std(axis=(1, 2), keepdims=True)
    return np.clip(np.round(128 + 32 * (images - mean) / std), 0, 255).astype(np.uint8)


@remembered
def train_model(features: pd.DataFrame, labels: np.ndarray, seed: int):
    """A random forest of 100 trees on the patch features."""
    return RandomForestClassifier(n_estimators=100, random_state=seed, n_jobs=1).fit(features, labels)


def poison_labels(labels: np.ndarray, share: float, seed: int, source: int = 1, target: int = 0) -> np.ndarray:
    """A copy of the labels in which a random `share` of class `source` (cracks) is relabelled `target` (intact)."""
    poisoned = np.array(labels, copy=True)
    members = np.flatnonzero(poisoned == source)
    chosen = np.random.default_rng(seed).choice(members, size=int(round(share * len(members))), replace=False)
    poisoned[chosen] = target
    return poisoned


def add_mark(images: np.ndarray, size: int = 3, grey: int = 20) -> np.ndarray:
    """Each patch with a small dark square (`size` x `size` pixels of grey level `grey`) painted near its corner."""
    marked = np.array(images, copy=True)
    marked[:, 2:2 + size, 2:2 + size] = grey
    return marked
