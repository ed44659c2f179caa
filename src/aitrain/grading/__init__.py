"""The grading pipeline: intake of submissions, sandboxed autograding, feedback pages and the cohort report."""
