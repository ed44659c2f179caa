"""What the tooling (aitrain.tooling) and the grading pipeline (aitrain.grading) both need, below them both."""
