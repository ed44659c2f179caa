"""Hand-made image features for drone inspection (module 11): brightness, texture and edges of small
grayscale patches, computed with numpy and scipy.ndimage. Plain functions other modules can reuse."""

import numpy as np
import pandas as pd
from scipy import ndimage
from sklearn.ensemble import RandomForestClassifier

HISTOGRAM_EDGES = np.linspace(0, 256, 9)  # 8 brightness bins of 32 grey levels


def gradients(patch: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical change of brightness at each pixel (Sobel filters)."""
    image = patch.astype(float)
    return ndimage.sobel(image, axis=1), ndimage.sobel(image, axis=0)


def local_variance(patch: np.ndarray, size: int = 5) -> np.ndarray:
    """Variance of brightness in a size × size window around each pixel: high where texture is rough."""
    image = patch.astype(float)
    mean = ndimage.uniform_filter(image, size)
    return np.clip(ndimage.uniform_filter(image**2, size) - mean**2, 0, None)


def patch_features(patch: np.ndarray) -> dict[str, float]:
    """About twenty numbers describing one patch: brightness, its histogram, edges by direction, texture."""
    image = patch.astype(float)
    gx, gy = gradients(patch)
    magnitude = np.hypot(gx, gy)
    variance = local_variance(patch)
    histogram = np.histogram(image, bins=HISTOGRAM_EDGES)[0] / image.size
    features = {
        "mean": image.mean(), "std": image.std(), "p05": np.percentile(image, 5), "p95": np.percentile(image, 95),
        "dark_share": np.mean(image < image.mean() - 2 * image.std()),
        "edge_mean": magnitude.mean(), "edge_p90": np.percentile(magnitude, 90),
        "edge_x": np.abs(gx).mean(), "edge_y": np.abs(gy).mean(),
        "variance_mean": variance.mean(), "variance_max": variance.max(),
    }
    for lo, share in zip(HISTOGRAM_EDGES[:-1], histogram, strict=True):
        features[f"hist_{int(lo)}"] = share
    return {k: float(v) for k, v in features.items()}


def feature_table(images: np.ndarray) -> pd.DataFrame:
    """One row of features per patch."""
    return pd.DataFrame([patch_features(p) for p in images])


def normalise(images: np.ndarray) -> np.ndarray:
    """Each patch rescaled to the same mean brightness (128) and contrast (standard deviation 32)."""
    images = images.astype(float)
    mean = images.mean(axis=(1, 2), keepdims=True)
    std = images.std(axis=(1, 2), keepdims=True)
    return np.clip(np.round(128 + 32 * (images - mean) / std), 0, 255).astype(np.uint8)


def train_model(features: pd.DataFrame, labels: np.ndarray, seed: int):
    """A random forest of 100 trees on the patch features."""
    return RandomForestClassifier(n_estimators=100, random_state=seed, n_jobs=1).fit(features, labels)
