"""aitrain.inspection (module 11): edges and texture of road patches, their features, and the forest."""

import numpy as np
import pytest

from aitrain import inspection
from aitrain.datasets import load


def test_gradients_see_a_vertical_edge_only_across():
    patch = np.zeros((32, 32), dtype=np.uint8)
    patch[:, 16:] = 200
    gx, gy = inspection.gradients(patch)
    assert gx.shape == gy.shape == (32, 32)
    assert np.abs(gx[:, 15:17]).min() > 0 and np.abs(gx[:, :14]).max() == 0 and np.abs(gy).max() == 0


def test_local_variance_is_zero_on_a_flat_patch_and_high_on_texture():
    flat = np.full((32, 32), 90, dtype=np.uint8)
    noisy = np.random.default_rng(0).integers(0, 256, (32, 32)).astype(np.uint8)
    assert np.allclose(inspection.local_variance(flat), 0)
    assert inspection.local_variance(noisy).mean() > 1000


def test_features_of_a_patch():
    patch = np.random.default_rng(1).integers(0, 256, (32, 32)).astype(np.uint8)
    features = inspection.patch_features(patch)
    assert all(type(v) is float for v in features.values())
    assert sum(v for k, v in features.items() if k.startswith("hist_")) == pytest.approx(1)
    assert features["mean"] == pytest.approx(patch.mean())


def test_normalise_gives_the_same_brightness_and_contrast():
    images = np.random.default_rng(2).integers(40, 120, (5, 32, 32)).astype(np.uint8)
    normal = inspection.normalise(images)
    assert normal.dtype == np.uint8 and normal.shape == images.shape
    assert np.allclose(normal.mean(axis=(1, 2)), 128, atol=1) and np.allclose(normal.std(axis=(1, 2)), 32, atol=1)


def test_forest_on_patch_features_is_reproducible():
    patches = load("road_patches")
    images, labels = patches["train_images"][::6], patches["train_labels"][::6]
    features = inspection.feature_table(images)
    assert len(features) == len(images) and features.notna().all().all()
    first = inspection.train_model(features, labels, seed=5).predict(features)
    assert (inspection.train_model(features, labels, seed=5).predict(features) == first).all()


def test_poison_labels_relabels_the_asked_share_of_one_class_only():
    labels = np.array([0, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 2])
    poisoned = inspection.poison_labels(labels, 0.5, seed=3)
    changed = poisoned != labels
    assert changed.sum() == 4 and (labels[changed] == 1).all() and (poisoned[changed] == 0).all()
    assert (labels == np.array([0, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 2])).all()  # the original is left alone
    assert (inspection.poison_labels(labels, 0.5, seed=3) == poisoned).all()


def test_add_mark_paints_a_small_dark_square_and_nothing_else():
    images = np.full((2, 32, 32), 150, dtype=np.uint8)
    marked = inspection.add_mark(images)
    assert marked.dtype == np.uint8 and (images == 150).all()
    assert (marked != images).sum() == 2 * 9 and marked[0, 2:5, 2:5].max() == 20
