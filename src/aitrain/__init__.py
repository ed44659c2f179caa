"""aitrain: a hands-on Jupyter curriculum on AI for public services.

Layout rule, one place for each kind of file:

- ``aitrain.*`` (this folder's top level) is what a notebook may import: ``feedback`` and ``plotting``,
  ``datasets`` (the loader and the generators of the course's data), ``exercises`` (one checking file per
  module, named after the module's folder), ``i18n`` (the language of the messages; catalogues in ``locale/``)
  and the domain helpers (``targeting``, ``small_area``,
  ``satellite``, ...). ``paths`` and ``errors`` sit here too because ``datasets`` needs them.
- ``aitrain.course`` is the author and trainer tooling that no notebook imports: the ``aitrain`` command
  line, the module catalogue, release, the WELCOME builder, syllabus, trainer guide, doctor, lab launcher,
  offline kit, web site (book), papermill runs and their report, and the page shell (``pages`` and
  ``templates/``) of every HTML page.
- ``aitrain.grading`` is the grading pipeline: intake, sandboxed autograding, feedback pages and the cohort
  report.
"""

__version__ = "0.1.0"
