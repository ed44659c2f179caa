"""Kept for trainers' course directories made before aitrain 0.2: their nbgrader_config.py imports
aitrain.course.nbgrader_setup. The tooling now lives in aitrain.tooling, the settings in aitrain.base."""
